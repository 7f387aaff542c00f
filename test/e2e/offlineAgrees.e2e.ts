// The offline runs (npm test, render, bench: scripts/offline/) and the real engine read a stack file
// the same: Pulumi.yaml's defaults, the schema's defaults and the kubernetes provider's keys give
// both the same program. For Pulumi.dev.yaml itself and for a stack file that sets nothing but its
// apps, a real `pulumi preview` registers exactly the resources an offline preview of the same file
// does, and every input the offline run gives a custom resource is the real one's (the provider's
// Check adds its own, e.g. the provider's version, and drops empty strings).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { runProgram } from "../../scripts/offline/run";
import { stackConfig } from "../../scripts/offline/stack";
import { Project, ROOT, timing } from "./harness";
import { ok } from "./steps";

/**
 * Where `offline` is not contained in `real`: "" when every value of it is there (arrays element by
 * element, of the same length), else the path of the first that is not.
 */
export function notContained(offline: unknown, real: unknown, at = ""): string {
    // A value unknown in preview: the mocks' Unknown, the engine's placeholder string.
    if (pulumi.isUnknown(offline)) return real === pulumi.runtime.unknownValue ? "" : at || "(root)";
    if (Array.isArray(offline)) {
        if (!Array.isArray(real) || real.length !== offline.length) return at || "(root)";
        for (let i = 0; i < offline.length; i++) {
            const miss = notContained(offline[i], real[i], `${at}[${i}]`);
            if (miss) return miss;
        }
        return "";
    }
    if (offline !== null && typeof offline === "object") {
        if (real === null || typeof real !== "object" || Array.isArray(real)) return at || "(root)";
        for (const [k, v] of Object.entries(offline)) {
            // The provider's Check leaves out empty strings (`value: ""` of an env var: the real
            // preview's inputs have no `value`), as the API server's omitempty does.
            if (v === "" && !(k in real)) continue;
            const miss = notContained(v, (real as Record<string, unknown>)[k], `${at}.${k}`);
            if (miss) return miss;
        }
        return "";
    }
    return offline === real ? "" : at || "(root)";
}

describe("offline runs and the real engine read a stack file the same", function () {
    this.timeout(10 * 60 * 1000);
    const project = new Project("offline-agrees");
    const stacks: Record<string, () => void> = {
        dev: () => fs.copyFileSync(path.join(ROOT, "Pulumi.dev.yaml"), path.join(project.dir, "Pulumi.agree-dev.yaml")),
        minimal: () =>
            project.writeStack("agree-minimal", {
                apps: [{ name: "web", port: 30001, backend: { host: "web.apps.svc.cluster.local", port: 80 } }],
            }),
    };

    for (const [name, write] of Object.entries(stacks)) {
        it(`${name}: the same resources, and the offline inputs within the real ones`, async () => {
            const stack = `agree-${name}`;
            write();
            await project.stackInit(stack);
            const r = ok(await project.pulumi(["preview", "--json", "--stack", stack]), `preview ${stack}`);
            timing(`offline agrees: ${name} preview`, r.seconds);
            const real = new Map<string, { custom: boolean; inputs: unknown }>();
            for (const step of JSON.parse(r.stdout).steps) {
                if (step.newState.type === "pulumi:pulumi:Stack") continue;
                real.set(`${step.newState.type}::${step.urn.split("::").pop()}`, step.newState);
            }
            const offline = await runProgram(stackConfig(stack, project.dir), { preview: true });
            const offlineKeys = offline.resources.map((o) => `${o.type}::${o.name}`);
            assert.deepEqual([...offlineKeys].sort(), [...real.keys()].sort());
            // Reads (Service.get) send the provider an ID, not inputs.
            for (const o of offline.resources.filter((x) => x.custom && x.id === undefined)) {
                const miss = notContained(o.inputs, real.get(`${o.type}::${o.name}`)!.inputs);
                assert.equal(miss, "", `${o.type} ${o.name}: offline input ${miss} is not the real one`);
            }
        });
    }
});
