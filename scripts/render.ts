// npm run render -- --stack dev [--address <lb-host-or-ip>] [--out dir]
// Prints (or writes, one file per object) the Kubernetes and Istio objects a stack would apply, by
// evaluating the real program offline. No cluster, no Pulumi CLI.
import * as fs from "fs";
import { isIP } from "net";
import * as path from "path";
import { parseArgs } from "util";
import { stringify } from "yaml";
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

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: { stack: { type: "string", default: "dev" }, address: { type: "string" }, out: { type: "string" } },
    });
    const stack = values.stack!;
    const address = values.address ?? ADDRESS_PLACEHOLDER;
    const run = await runProgram(stackConfig(stack), {
        lbIngress: [isIP(address) ? { ip: address } : { hostname: address }],
    });
    const objects = toManifests(run.resources);
    if (values.out) {
        fs.mkdirSync(values.out, { recursive: true });
        for (const o of objects) fs.writeFileSync(path.join(values.out, o.file), o.yaml);
        console.error(`wrote ${objects.length} files to ${values.out} (stack ${stack}, address ${address})`);
    } else {
        console.log(`# ncp-ingress render: stack ${stack}, load balancer address ${address}`);
        console.log(objects.map((o) => o.yaml).join("---\n"));
    }
}

if (require.main === module) {
    main().catch((e: Error) => {
        console.error(e.message);
        process.exit(1);
    });
}
