// npm run -s render -- --stack dev [--address <lb-host-or-ip>] [--out dir] [--helm <cmd>]   (--help for usage)
// Prints (or writes, one file per object, in apply phases, with a kustomization.yaml) the Kubernetes and
// Istio objects a stack would apply, by evaluating the real program offline. No cluster, no Pulumi CLI;
// Helm charts are rendered with the helm CLI when there is one.
import * as fs from "fs";
import { isIP } from "net";
import * as path from "path";
import { findCommand, helmRenderer } from "./helmTemplate";
import { kustomization, PHASES, Rendered, toManifests } from "./manifests";
import { Io, parseCommandLine, processIo, runMain, UsageError } from "./cli";
import { runProgram } from "./offline/run";
import { stackConfig } from "./offline/stack";

/** Stands in for the LB address when none is given: the LB does not exist before the first `up`. */
export const ADDRESS_PLACEHOLDER = "LB-ADDRESS.example";

// The pure part (phases, charts, kustomization.yaml) is manifests.ts's; bench.ts takes toManifests from here.
export { toManifests } from "./manifests";
export type { RenderedObject } from "./manifests";

export const RENDER = {
    name: "render",
    usage: `Usage: npm run -s render -- [--stack <stack>] [--address <lb-host-or-ip>] [--out <dir>] [--helm <cmd>]

Prints the Kubernetes and Istio objects that \`pulumi up\` of a stack would apply, as YAML, by
running the program offline (Pulumi's mocks): no cluster, no Pulumi CLI. Use \`npm run -s\` (or
\`npx ts-node scripts/render.ts\`) so that npm's banner does not precede the YAML. Objects come in
apply order: namespaces and CRDs, other objects, Istio and Gateway API objects, patches.

  --stack <stack>      the stack whose Pulumi.<stack>.yaml to read (default: dev)
  --address <address>  the LB host name or IP the routes match (default: ${ADDRESS_PLACEHOLDER},
                       since the LB does not exist before the first up)
  --out <dir>          write one file per object into <dir>/${PHASES.join(", <dir>/")}
                       (replacing what those held) and <dir>/kustomization.yaml
  --helm <cmd>         the helm CLI that renders the Helm charts (install: helm) with \`helm template\`
                       (default: helm, if it is on PATH); none: leave the charts to kustomize
                       (--enable-helm), which kustomization.yaml lists them for
  -h, --help           this text`,
    options: {
        stack: { type: "string", default: "dev" },
        address: { type: "string" },
        out: { type: "string" },
        helm: { type: "string" },
    },
} as const;

/** The render command: exit code 0, or an Error (a UsageError for a bad command line). */
export async function render(args: readonly string[], io: Io = processIo): Promise<number> {
    const values = parseCommandLine(RENDER, args);
    if (values === "help") {
        io.out(RENDER.usage);
        return 0;
    }
    const stack = values.stack!;
    const address = values.address ?? ADDRESS_PLACEHOLDER;
    const config = stackConfig(stack);
    const run = await runProgram(config, {
        lbIngress: [isIP(address) ? { ip: address } : { hostname: address }],
    });
    const helm = values.helm === "none" ? undefined : findCommand(values.helm ?? "helm");
    if (values.helm && values.helm !== "none" && !helm)
        throw new UsageError(`render: --helm ${JSON.stringify(values.helm)}: no such executable`);
    const rendered = toManifests(run.resources, helm ? helmRenderer(helm) : undefined);
    if (values.out) writeDirectory(values.out, rendered);
    else {
        io.out(`# ncp-ingress render: stack ${stack}, load balancer address ${address}`);
        io.out(rendered.objects.map((o) => o.yaml).join("---\n"));
    }
    for (const line of notes(rendered, helm, values.out)) io.err(line);
    return 0;
}

/** <dir>/<phase>/<file> for every object (each phase directory emptied first: no stale objects), and kustomization.yaml. */
export function writeDirectory(dir: string, rendered: Rendered): void {
    for (const phase of PHASES) {
        fs.rmSync(path.join(dir, phase), { recursive: true, force: true });
        fs.mkdirSync(path.join(dir, phase), { recursive: true });
    }
    for (const o of rendered.objects) fs.writeFileSync(path.join(dir, o.phase, o.file), o.yaml);
    fs.writeFileSync(path.join(dir, "kustomization.yaml"), kustomization(rendered));
}

/** What the user must know about what is not in the YAML (on stderr, so that stdout stays YAML). */
function notes(rendered: Rendered, helm: string | undefined, out: string | undefined): string[] {
    const lines: string[] = [];
    if (out) lines.push(`render: wrote ${rendered.objects.length} files and kustomization.yaml to ${out}`);
    if (rendered.charts.length && rendered.chartsRendered) lines.push(`render: Helm charts rendered with ${helm}`);
    else if (rendered.charts.length)
        lines.push(
            `render: ${rendered.charts.length} Helm charts are summarised, not rendered (no helm on PATH, or --helm none)` +
                (out ? "; kustomization.yaml lists them for kustomize --enable-helm" : ""),
        );
    for (const m of rendered.remote)
        lines.push(`render: apply first (not rendered): ${m.url}` + (out ? " (in kustomization.yaml)" : ""));
    return lines;
}

if (require.main === module) runMain("render", () => render(process.argv.slice(2)));
