// apps: [] would emit a Gateway with no servers (Istio refuses it) or no listeners (the Gateway API
// CRD requires one): refused, unless the demo app is on.
import * as assert from "assert";
import { problemsOf } from "./configHelpers";
import { runProgram } from "./program";

const helm = { install: "helm", version: "1.28.0" };

describe("an empty app list", () => {
    it("is refused with istio routing", () => {
        assert.deepStrictEqual(problemsOf({ apps: [] }), [
            "ncp-ingress:apps: is empty, so the Gateway would have no servers (Istio refuses a Gateway without one); " +
                "add an app, or set ncp-ingress:demo: true",
        ]);
    });
    it("is refused with gateway-api routing", () => {
        assert.deepStrictEqual(problemsOf({ apps: [], routing: "gateway-api", istio: helm }), [
            "ncp-ingress:apps: is empty, so the Gateway would have no listeners (Gateway API requires at least one); " +
                "add an app, or set ncp-ingress:demo: true",
        ]);
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
