// Packages Istio's charts (base, istiod, gateway) from the istio.io/istio module's
// manifests/charts as a Helm repository: <name>-<version>.tgz files and an index.yaml.
// The module's Chart.yaml files say version 1.0.0 ("replaced at build time" by Istio's release
// tooling); we stamp the version from test/e2e/versions.json instead.
// Usage: chartRepo.ts <manifests/charts dir> <version> <out dir> <repo URL>
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";

const CHARTS = { base: "base", istiod: "istio-control/istio-discovery", gateway: "gateway" };

function main([source, version, out, url]: string[]): void {
    if (!source || !version || !out || !url) throw new Error("usage: chartRepo.ts <charts dir> <version> <out> <url>");
    fs.mkdirSync(out, { recursive: true });
    const entries: Record<string, unknown[]> = {};
    for (const [name, dir] of Object.entries(CHARTS)) {
        const work = fs.mkdtempSync(path.join(os.tmpdir(), "chart-"));
        fs.cpSync(path.join(source, dir), path.join(work, name), { recursive: true });
        fs.chmodSync(path.join(work, name), 0o755);
        execFileSync("chmod", ["-R", "u+w", path.join(work, name)]);
        const chartFile = path.join(work, name, "Chart.yaml");
        const chart = YAML.parse(fs.readFileSync(chartFile, "utf8"));
        if (chart.name !== name) throw new Error(`${dir}/Chart.yaml names ${chart.name}, expected ${name}`);
        Object.assign(chart, { version, appVersion: version });
        fs.writeFileSync(chartFile, YAML.stringify(chart));
        const file = `${name}-${version}.tgz`;
        execFileSync("tar", ["-C", work, "-czf", path.join(out, file), name]);
        const digest = createHash("sha256")
            .update(fs.readFileSync(path.join(out, file)))
            .digest("hex");
        entries[name] = [{ ...chart, urls: [`${url}/${file}`], digest, created: new Date().toISOString() }];
        fs.rmSync(work, { recursive: true, force: true });
    }
    fs.writeFileSync(path.join(out, "index.yaml"), YAML.stringify({ apiVersion: "v1", entries }));
    console.log(`e2e charts: ${Object.keys(CHARTS).join(", ")} ${version} in ${out}`);
}

main(process.argv.slice(2));
