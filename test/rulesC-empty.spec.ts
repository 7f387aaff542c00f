// apps: [] with Istio routing and an install is an Istio-only stack (Istio and its gateway, no
// Gateway: Istio refuses one without servers), for routes stacks with install none; refused where it
// would leave a Gateway API Gateway without listeners or an install-none stack with nothing to do.
import * as assert from "assert";
import { problemsOf } from "./configHelpers";
import { runProgram } from "../scripts/offline/run";

const helm = { install: "helm", version: "1.28.0" };

describe("an empty app list", () => {
    it("is refused with install none: nothing to do", () => {
        assert.deepStrictEqual(problemsOf({ apps: [], istio: { install: "none" } }), [
            "ncp-ingress:apps: is empty, which leaves nothing to do: install none adds app ports and routes to an " +
                "existing gateway, and there are none; add an app, or set ncp-ingress:demo: true",
        ]);
    });
    it("is refused with gateway-api routing", () => {
        assert.deepStrictEqual(problemsOf({ apps: [], routing: "gateway-api", istio: helm }), [
            "ncp-ingress:apps: is empty, which leaves a Gateway with no listeners (Gateway API requires at least one); " +
                "add an app, or set ncp-ingress:demo: true",
        ]);
    });
    for (const install of ["helm", "operator"]) {
        it(`is an Istio-only stack with install ${install}: Istio, its gateway Service and the LB address, no Gateway`, async () => {
            assert.deepStrictEqual(problemsOf({ apps: [], istio: { install } }), []);
            const run = await runProgram({ apps: [], istio: { install } });
            assert.deepStrictEqual(run.ofType("kubernetes:networking.istio.io/v1beta1:Gateway"), []);
            assert.deepStrictEqual(run.ofType("kubernetes:networking.istio.io/v1beta1:VirtualService"), []);
            assert.strictEqual(run.ofType("kubernetes:core/v1:ServicePatch").length, 1, "the LB address wait");
            assert.ok(run.loadBalancerAddress.known, "the address is an output");
            assert.deepStrictEqual(run.appUrls.value, {});
        });
    }
    it("the Istio-only stack's gateway Service has Istio's ports only (helm)", async () => {
        const run = await runProgram({ apps: [], istio: helm });
        const gateway = run.resources.find(
            (r) => r.type === "kubernetes:helm.sh/v4:Chart" && r.inputs.chart === "gateway",
        );
        assert.deepStrictEqual(
            gateway?.inputs.values.service.ports.map((p: { port: number }) => p.port),
            [15021, 80, 443],
        );
    });
    it("is not reported again when every entry is already refused", () => {
        assert.deepStrictEqual(problemsOf({ apps: ["web"] }), [
            'ncp-ingress:apps[0]: got "web" (a string); expected an object {name, port, backend: {host, port}} (optional: protocol, hosts, tls, allow)',
        ]);
    });
    it("is fine with the demo: its app is the Gateway's one server", async () => {
        assert.deepStrictEqual(problemsOf({ apps: [], demo: true }), []);
        const run = await runProgram({ apps: [], demo: true, istio: helm });
        const gateway = run.ofType("kubernetes:networking.istio.io/v1beta1:Gateway")[0].inputs.spec;
        assert.deepStrictEqual(gateway.servers, [
            { port: { number: 30080, name: "httpbin", protocol: "HTTP" }, hosts: ["*"] },
        ]);
    });
});
