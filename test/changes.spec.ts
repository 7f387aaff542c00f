// Routine edits to the app list produce the smallest diff.
import * as assert from "assert";
import { Registered } from "../scripts/offline/engine";
import { Run, runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";
import { validateAll } from "./schemas";

type AppEntry = { name: string; port: number; backend: { host: string; port: number } };
const dev = stackConfig("dev");
const devApps = dev.apps as AppEntry[];

/** logical name -> canonical JSON of its inputs, for custom resources. */
function inputsByName(run: Run): Map<string, string> {
    const key = (r: Registered) => `${r.type}::${r.name}`;
    return new Map(run.resources.filter((r) => r.custom).map((r) => [key(r), JSON.stringify(r.inputs)]));
}

describe("change safety", () => {
    let original: Map<string, string>;
    before(async () => {
        original = inputsByName(await runProgram(dev));
    });

    it("reordering apps in the stack file changes no resource input", async () => {
        const reordered = inputsByName(await runProgram({ ...dev, apps: [...devApps].reverse() }));
        assert.deepStrictEqual(reordered, original);
    });

    it("removing an app deletes only its route; other routes stay byte-identical", async () => {
        const after = inputsByName(await runProgram({ ...dev, apps: devApps.filter((a) => a.name !== "kibana") }));
        const vs = "kubernetes:networking.istio.io/v1beta1:VirtualService::";
        const gone = [...original.keys()].filter((k) => !after.has(k));
        assert.deepStrictEqual(gone, [`${vs}apps-kibana`]);
        const changed = [...after.keys()].filter((k) => after.get(k) !== original.get(k)).sort();
        // Only the lists that enumerate every app change: the gateway's ports, the Gateway's servers,
        // and the ports the LB wait waits for (operator mode: the operator applies them later).
        assert.deepStrictEqual(changed, [
            "kubernetes:core/v1:ServicePatch::ingress-lb-wait",
            "kubernetes:install.istio.io/v1alpha1:IstioOperator::istio-operator-cr",
            "kubernetes:networking.istio.io/v1beta1:Gateway::apps-gateway",
        ]);
    });

    it("adding an app on the next port adds one port at the end of the IstioOperator's list, whatever its name", async () => {
        const echo = { name: "echo", port: 30005, backend: { host: "echo.echo.svc.cluster.local", port: 8080 } };
        const ports = (r: Run) =>
            r.ofType("kubernetes:install.istio.io/v1alpha1:IstioOperator")[0].inputs.spec.components.ingressGateways[0]
                .k8s.service.ports;
        const before = ports(await runProgram(dev));
        const after = ports(await runProgram({ ...dev, apps: [...devApps, echo] }));
        assert.deepStrictEqual(after, [...before, { name: "echo", port: 30005, targetPort: 30005 }]);
    });

    it("renaming an app replaces that app's route only", async () => {
        const renamed = devApps.map((a) => (a.name === "nginx" ? { ...a, name: "web" } : a));
        const after = inputsByName(await runProgram({ ...dev, apps: renamed }));
        const vs = "kubernetes:networking.istio.io/v1beta1:VirtualService::";
        assert.deepStrictEqual(
            [...original.keys()].filter((k) => !after.has(k)),
            [`${vs}apps-nginx`],
        );
        assert.deepStrictEqual(
            [...after.keys()].filter((k) => !original.has(k)),
            [`${vs}apps-web`],
        );
        for (const other of ["argocd", "grafana", "kibana"]) {
            assert.strictEqual(after.get(`${vs}apps-${other}`), original.get(`${vs}apps-${other}`));
        }
    });

    it("a recreated LB's new address reaches every authority match on the next run", async () => {
        // The patch is unchanged (no wait on this run); the read alone brings the new address.
        const first = await runProgram(dev);
        const run = await runProgram(dev, { after: first, lbIngress: [{ hostname: "new-lb.kr.lb.naverncp.com" }] });
        const exact = run
            .ofType("kubernetes:networking.istio.io/v1beta1:VirtualService")
            .map((r) => r.inputs.spec.http[0].match[0].authority.exact);
        assert.deepStrictEqual(
            exact.sort(),
            [30001, 30002, 30003, 30004].map((p) => `new-lb.kr.lb.naverncp.com:${p}`),
        );
    });
});

describe("a 40-app stack", () => {
    it("emits 40 routes, 43 gateway ports, and every object validates", async () => {
        const apps = Array.from({ length: 40 }, (_, i) => ({
            name: `app-${String(i).padStart(2, "0")}`,
            port: 31000 + i,
            backend: { host: `app-${i}.team-${i % 5}.svc.cluster.local`, port: 8080 },
        }));
        const run = await runProgram({ ...dev, apps });
        assert.strictEqual(run.ofType("kubernetes:networking.istio.io/v1beta1:VirtualService").length, 40);
        const iop = run.ofType("kubernetes:install.istio.io/v1alpha1:IstioOperator")[0].inputs;
        assert.strictEqual(iop.spec.components.ingressGateways[0].k8s.service.ports.length, 43);
        assert.strictEqual(validateAll(run.resources), 9 + 40);
    });
});
