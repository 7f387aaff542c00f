// npm run -s render -- --stack dev [--address <lb-host-or-ip>] [--out dir]   (--help for usage)
// Prints (or writes, one file per object) the Kubernetes and Istio objects a stack would apply, by
// evaluating the real program offline. No cluster, no Pulumi CLI.
import * as fs from "fs";
import { isIP } from "net";
import * as path from "path";
import { stringify } from "yaml";
import { Io, parseCommandLine, processIo, runMain } from "./cli";
import { Registered, runProgram, stackConfig } from "./offline";

/** Stands in for the LB address when none is given: the LB does not exist before the first `up`. */
export const ADDRESS_PLACEHOLDER = "LB-ADDRESS.example";

export interface RenderedObject {
    /** File name: <kind>-<namespace>-<name>.yaml (lower case). */
    readonly file: string;
    readonly yaml: string;
}

/** The objects a run would apply, as YAML; Helm charts as a commented summary of release and values. */
export function toManifests(resources: readonly Registered[]): RenderedObject[] {
    const out: RenderedObject[] = [];
    for (const r of resources) {
        if (!r.custom && r.type === "kubernetes:helm.sh/v4:Chart") {
            const { name, chart, version, namespace, repositoryOpts, values } = r.inputs;
            const header = [
                `# Helm chart ${chart} ${version}, release ${name} in ${namespace}` +
                    (repositoryOpts?.repo ? ` from ${repositoryOpts.repo}` : ""),
                "# (rendered by the chart itself at install time); values:",
            ].join("\n");
            out.push({ file: `helm-${namespace}-${name}.yaml`, yaml: `${header}\n${stringify(values ?? {})}` });
            continue;
        }
        if (!r.custom && r.type === "kubernetes:yaml/v2:ConfigFile") {
            out.push({ file: `manifest-${r.name}.yaml`, yaml: `# applied from ${r.inputs.file}\n` });
            continue;
        }
        // Objects only: not components, not reads (.get) or patches of objects someone else owns.
        if (!r.custom || r.id !== undefined || r.type.endsWith("Patch") || !r.type.startsWith("kubernetes:")) continue;
        const { kind, metadata } = r.inputs;
        const file = [kind, metadata?.namespace, metadata?.name].filter(Boolean).join("-").toLowerCase() + ".yaml";
        out.push({ file, yaml: stringify(r.inputs, { sortMapEntries: false }) });
    }
    return out;
}

export const RENDER = {
    name: "render",
    usage: `Usage: npm run -s render -- [--stack <stack>] [--address <lb-host-or-ip>] [--out <dir>]

Prints the Kubernetes and Istio objects that \`pulumi up\` of a stack would apply, as YAML, by
running the program offline (Pulumi's mocks): no cluster, no Pulumi CLI. Use \`npm run -s\` (or
\`npx ts-node scripts/render.ts\`) so that npm's banner does not precede the YAML.

  --stack <stack>      the stack whose Pulumi.<stack>.yaml to read (default: dev)
  --address <address>  the LB host name or IP the routes match (default: ${ADDRESS_PLACEHOLDER},
                       since the LB does not exist before the first up)
  --out <dir>          write one file per object into <dir> instead of printing them
  -h, --help           this text`,
    options: {
        stack: { type: "string", default: "dev" },
        address: { type: "string" },
        out: { type: "string" },
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
    const objects = toManifests(run.resources);
    if (values.out) {
        fs.mkdirSync(values.out, { recursive: true });
        for (const o of objects) fs.writeFileSync(path.join(values.out, o.file), o.yaml);
        io.err(`wrote ${objects.length} files to ${values.out} (stack ${stack}, address ${address})`);
    } else {
        io.out(`# ncp-ingress render: stack ${stack}, load balancer address ${address}`);
        io.out(objects.map((o) => o.yaml).join("---\n"));
    }
    return 0;
}

if (require.main === module) runMain("render", () => render(process.argv.slice(2)));
