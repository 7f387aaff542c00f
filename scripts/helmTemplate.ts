// Renders a chart the program installs with the `helm` CLI, as the kubernetes provider's helm.v4.Chart
// does inside `pulumi up` (same chart, version, release, namespace and values).
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import which from "which";
import { ChartRef, ChartRenderer, kubeYaml } from "./manifests";

/** The first executable `command` on PATH (or the path itself when it has a slash); undefined if none. */
export function findCommand(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
    return which.sync(command, { nothrow: true, path: env.PATH ?? "" }) ?? undefined;
}

/** `helm template` arguments for a chart: CRDs included, values from a file. */
export function helmTemplateArgs(chart: ChartRef, valuesFile: string): string[] {
    return [
        "template",
        chart.release,
        chart.chart,
        ...(chart.repo ? ["--repo", chart.repo] : []),
        "--version",
        chart.version,
        "--namespace",
        chart.namespace,
        "--include-crds",
        "--values",
        valuesFile,
    ];
}

/** A ChartRenderer running `helm` (a path); fails with helm's own message when helm does. */
export function helmRenderer(helm: string): ChartRenderer {
    return (chart) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ncp-ingress-render-"));
        try {
            const values = path.join(dir, "values.yaml");
            fs.writeFileSync(values, kubeYaml(chart.values));
            return execFileSync(helm, helmTemplateArgs(chart, values), {
                encoding: "utf8",
                stdio: ["ignore", "pipe", "pipe"],
                maxBuffer: 64 * 1024 * 1024,
            });
        } catch (e) {
            const stderr = (e as { stderr?: string }).stderr?.trim();
            throw new Error(
                `helm template ${chart.release} (chart ${chart.chart} ${chart.version}) failed: ${stderr || e}`,
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    };
}
