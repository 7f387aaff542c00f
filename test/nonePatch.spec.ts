// The install-none Service patch against what the real API server and provider do with it:
// server-side apply merges spec.ports by (port, protocol) and inserts applied items in the
// applier's order; the provider's Patch diff lines the live list up with the inputs by index and
// keeps only the fields the inputs have (pulumi-kubernetes provider/pkg/provider/util.go pruneSlice).
// A patch whose pruned live list differs from itself shows an update on every `pulumi up`.
import * as assert from "node:assert/strict";
import { appServicePorts, existingGatewayPatchPorts } from "../components/specs/ports";

type Port = Record<string, unknown> & { port: number; protocol?: string };
const key = (p: Port) => `${p.port}/${p.protocol ?? "TCP"}`;

/** Server-side apply of `applied` onto `live` (one applier): as observed with kube-apiserver 1.34. */
function ssaMerge(live: Port[], applied: Port[]): Port[] {
    const merged = live.map((p) => ({ ...p, ...(applied.find((a) => key(a) === key(p)) ?? {}) }));
    let at = merged.length - 1; // before any item it shares with live: appended at the end
    for (const a of applied) {
        const i = merged.findIndex((p) => key(p) === key(a));
        if (i >= 0) at = i;
        else merged.splice(++at, 0, { ...a });
    }
    return merged;
}

/** The provider's view of the live list for the diff: by index, only the input's fields. */
function pruneByIndex(live: Port[], inputs: Port[]): Port[] {
    return inputs
        .slice(0, live.length)
        .map((input, i) => Object.fromEntries(Object.keys(input).map((k) => [k, live[i][k]])) as Port);
}

const EXISTING: Port[] = [
    { name: "status-port", port: 15021, protocol: "TCP", targetPort: 15021 },
    { name: "http2", port: 80, protocol: "TCP", targetPort: 8080 },
    { name: "https", port: 443, protocol: "TCP", targetPort: 8443 },
];
const apps = (...names: string[]) => names.map((name, i) => ({ name, port: 30001 + i }));

describe("install none: the Service patch shows no change on a second run", () => {
    for (const [what, before, after] of [
        ["first run", [], apps("argocd", "grafana", "kibana")],
        ["an app added in the middle", apps("argocd", "kibana"), apps("argocd", "grafana", "kibana")],
        ["an app removed", apps("argocd", "grafana", "kibana"), apps("argocd", "kibana")],
    ] as const) {
        it(what, () => {
            let live = ssaMerge(EXISTING, existingGatewayPatchPorts(before) as Port[]);
            const patch = existingGatewayPatchPorts(after) as Port[];
            // Removing an item drops it (our manager owned it alone); then apply the new patch.
            live = ssaMerge(
                live.filter((p) => p.port < 30000 || patch.some((a) => key(a) === key(p))),
                patch,
            );
            assert.deepEqual(pruneByIndex(live, patch), patch);
            assert.deepEqual(
                live.map((p) => p.targetPort),
                [15021, 8080, 8443, ...after.map((a) => a.port)],
                "the Service keeps its own target ports",
            );
        });
    }

    it("the apps' ports alone would differ by index (the update on every run the e2e run found)", () => {
        const patch = appServicePorts(apps("argocd", "grafana")).map((p) => ({ ...p, protocol: "TCP" }));
        const live = ssaMerge(EXISTING, patch);
        assert.notDeepEqual(pruneByIndex(live, patch), patch);
    });
});
