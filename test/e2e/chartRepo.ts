// Packages Istio's charts (base, istiod, gateway) of one or more releases, each a `manifests/charts`
// tree (../shared/istio-charts/<version>/), as one Helm repository: <name>-<version>.tgz files and an
// index.yaml. In the git tree every Chart.yaml says version 1.0.0 ("replaced at build time" by
// Istio's release tooling); we stamp the release's version into a copy instead.
// Usage: chartRepo.ts <out dir> <repo URL> <version>=<manifests/charts dir>...
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";

const CHARTS = { base: "base", istiod: "istio-control/istio-discovery", gateway: "gateway" };

function main([out, url, ...releases]: string[]): void {
    if (!out || !url || !releases.length || releases.some((r) => !r.includes("=")))
        throw new Error("usage: chartRepo.ts <out dir> <repo URL> <version>=<charts dir>...");
    fs.mkdirSync(out, { recursive: true });
    const entries: Record<string, unknown[]> = {};
    for (const release of releases) {
        const [version, source] = release.split(/=(.*)/s);
        packageRelease(source, version, out, url, entries);
    }
    fs.writeFileSync(path.join(out, "index.yaml"), YAML.stringify({ apiVersion: "v1", entries }));
    console.log(
        `e2e charts: ${Object.keys(CHARTS).join(", ")} of ${releases.map((r) => r.split("=")[0]).join(", ")} in ${out}`,
    );
}

function packageRelease(
    source: string,
    version: string,
    out: string,
    url: string,
    entries: Record<string, unknown[]>,
): void {
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
        (entries[name] ??= []).push({ ...chart, urls: [`${url}/${file}`], digest, created: new Date().toISOString() });
        fs.rmSync(work, { recursive: true, force: true });
    }
}

main(process.argv.slice(2));
