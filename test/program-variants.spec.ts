// The dev stack under other conditions: an LB that reports only an IP or no address yet, a first
// preview, and demo: true (the dev stack as the seed has it: program-seed.spec.ts).
import * as assert from "assert";
import { mockState, SEED_HOSTNAME } from "../scripts/offline/engine";
import { Run, runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";
import { validateAll } from "./schemas";
import { T } from "./programHelpers";

describe("an LB that reports only an IP", () => {
    it("feeds <ip>:<port> into the authority matches and the URLs", async () => {
        const run = await runProgram(stackConfig("dev"), { lbIngress: [{ ip: "203.0.113.10" }] });
        const exact = run.ofType(T.vs).map((r) => r.inputs.spec.http[0].match[0].authority.exact);
        assert.deepStrictEqual(exact.sort(), [
            "203.0.113.10:30001",
            "203.0.113.10:30002",
            "203.0.113.10:30003",
            "203.0.113.10:30004",
        ]);
        assert.strictEqual(run.loadBalancerAddress.value, "203.0.113.10");
        assert.strictEqual(run.appUrls.value?.nginx, "http://203.0.113.10:30002");
    });
});

describe("an LB with no address yet", () => {
    it("a first up fails at the patch whose wait for the address times out", async () => {
        await assert.rejects(runProgram(stackConfig("dev"), { lbIngress: [] }), {
            message:
                'kubernetes:core/v1:ServicePatch (ingress-lb-wait): resource "ingress-lb-wait" was successfully created, ' +
                "but the Kubernetes API server reported that it failed to fully initialize or become live: timed out waiting for the condition",
        });
    });
});

describe("pulumi preview (a first one: nothing exists yet)", () => {
    let run: Run;
    before(async () => {
        run = await runProgram(stackConfig("dev"), { preview: true });
    });
    after(() => {
        mockState.preview = false;
    });

    it("registers every VirtualService, with the address unknown, and fails nothing", () => {
        assert.deepStrictEqual(
            run
                .ofType(T.vs)
                .map((r) => r.name)
                .sort(),
            ["apps-argocd", "apps-grafana", "apps-kibana", "apps-nginx"],
        );
        assert.strictEqual(run.loadBalancerAddress.known, false);
        assert.strictEqual(run.appUrls.known, false);
    });

    it("still shows the Gateway and the IstioOperator in full", () => {
        assert.strictEqual(run.named("apps-gateway").inputs.spec.servers.length, 4);
        assert.strictEqual(
            run.named("istio-operator-cr").inputs.spec.components.ingressGateways[0].k8s.service.ports.length,
            7,
        );
    });
});

describe("demo: true", () => {
    let run: Run;
    before(async () => {
        run = await runProgram({ ...stackConfig("dev"), demo: true });
    });

    it("deploys httpbin (a Deployment and a Service) and routes it as one more app on port 30080", () => {
        const deployments = run.ofType(T.deployment).filter((r) => r.name === "demo-httpbin");
        assert.strictEqual(deployments.length, 1);
        const deployment = deployments[0].inputs;
        assert.strictEqual(deployment.metadata.namespace, "ncp-ingress-demo");
        assert.strictEqual(deployment.spec.template.spec.containers[0].image, "docker.io/mccutchen/go-httpbin:v2.15.0");
        const svc = run.ofType(T.service).find((r) => r.id === undefined);
        assert.ok(svc, "the demo Service");
        assert.strictEqual(svc.name, "demo-httpbin");
        assert.strictEqual(svc.inputs.metadata.namespace, "ncp-ingress-demo");
        assert.deepStrictEqual(svc.inputs.spec.ports, [{ name: "http", port: 8080 }]);
        const vs = run.named("apps-httpbin").inputs.spec.http[0];
        assert.deepStrictEqual(vs.match, [{ authority: { exact: `${SEED_HOSTNAME}:30080` }, port: 30080 }]);
        assert.match(vs.route[0].destination.host, /^demo-httpbin-[0-9a-f]{8}\.ncp-ingress-demo\.svc\.cluster\.local$/);
        assert.deepStrictEqual(vs.route[0].destination.port, { number: 8080 });
        assert.strictEqual(run.appUrls.value?.httpbin, `http://${SEED_HOSTNAME}:30080`);
    });

    it("gives the demo app a gateway port and a Gateway server", () => {
        const ports = run.named("istio-operator-cr").inputs.spec.components.ingressGateways[0].k8s.service.ports;
        assert.ok(ports.some((p: { name: string; port: number }) => p.name === "httpbin" && p.port === 30080));
        assert.ok(
            run
                .named("apps-gateway")
                .inputs.spec.servers.some((s: { port: { number: number } }) => s.port.number === 30080),
        );
        assert.strictEqual(validateAll(run.resources), 17);
    });
});
