// A mixed stack (HTTP by port, HTTPS by host, TCP, an allow-listed admin app): every object exact.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { SEED_HOSTNAME } from "../scripts/offline/engine";
import { Run, runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";
import { validateAll } from "./schemas";

const FIXTURES = path.join(__dirname, "fixtures");
const mixed = stackConfig("mixed", FIXTURES);
const VS = "kubernetes:networking.istio.io/v1beta1:VirtualService";
const POLICY = "kubernetes:security.istio.io/v1beta1:AuthorizationPolicy";
const gatewayPods = { matchLabels: { istio: "ingressgateway" } };

for (const istio of [
    { install: "helm", version: "1.28.0" },
    { install: "operator", version: "1.23.6" },
]) {
    describe(`the mixed stack (install: ${istio.install})`, () => {
        let run: Run;
        before(async () => {
            run = await runProgram({ ...mixed, istio });
        });
        const specOf = (type: string, name: string) => {
            const found = run.ofType(type).filter((r) => r.inputs.metadata.name === name);
            assert.strictEqual(found.length, 1, `${type} ${name}`);
            return found[0].inputs.spec;
        };

        it("Gateway: a server per app port with its protocol, a shared 80 for hosts, a 443 server per TLS host app", () => {
            assert.deepStrictEqual(specOf("kubernetes:networking.istio.io/v1beta1:Gateway", "istio-gateway").servers, [
                { port: { number: 30004, name: "grafana", protocol: "HTTP" }, hosts: ["*"] },
                { port: { number: 30432, name: "postgres", protocol: "TCP" }, hosts: ["*"] },
                { port: { number: 30010, name: "web", protocol: "HTTP" }, hosts: ["*"] },
                { port: { number: 80, name: "hosts-http", protocol: "HTTP" }, hosts: ["grafana.example.com"] },
                {
                    port: { number: 443, name: "hosts-https-shop", protocol: "HTTPS" },
                    hosts: ["shop.example.com"],
                    tls: { mode: "SIMPLE", credentialName: "shop-example-com-tls" },
                },
            ]);
        });

        it("VirtualServices: authority + port by port, a tcp route for TCP, host names for host routes", () => {
            const names = run
                .ofType(VS)
                .map((r) => r.inputs.metadata.name)
                .sort();
            assert.deepStrictEqual(names, ["grafana", "grafana-hosts", "postgres", "shop-hosts", "web"]);
            assert.deepStrictEqual(specOf(VS, "postgres"), {
                hosts: ["*"],
                gateways: ["istio-gateway"],
                tcp: [
                    {
                        match: [{ port: 30432 }],
                        route: [{ destination: { host: "postgres.db.svc.cluster.local", port: { number: 5432 } } }],
                    },
                ],
            });
            assert.deepStrictEqual(specOf(VS, "grafana").http[0].match, [
                { authority: { exact: `${SEED_HOSTNAME}:30004` }, port: 30004 },
            ]);
            assert.deepStrictEqual(specOf(VS, "grafana-hosts"), {
                hosts: ["grafana.example.com"],
                gateways: ["istio-gateway"],
                http: [
                    {
                        name: "grafana-hosts",
                        match: [{ port: 80 }],
                        route: [
                            {
                                destination: {
                                    host: "kube-prometheus-stack-grafana.kube-prometheus-stack.svc.cluster.local",
                                    port: { number: 80 },
                                },
                            },
                        ],
                    },
                ],
            });
            assert.deepStrictEqual(specOf(VS, "shop-hosts").hosts, ["shop.example.com"]);
            assert.deepStrictEqual(specOf(VS, "shop-hosts").http[0].match, [{ port: 443 }]);
        });

        it("AuthorizationPolicies: DENY clients outside each allow list, on the app's port and hosts", () => {
            assert.deepStrictEqual(specOf(POLICY, "grafana-allow"), {
                selector: gatewayPods,
                action: "DENY",
                rules: [
                    {
                        from: [{ source: { notRemoteIpBlocks: ["203.0.113.0/24"] } }],
                        to: [{ operation: { ports: ["30004"] } }],
                    },
                    {
                        from: [{ source: { notRemoteIpBlocks: ["203.0.113.0/24"] } }],
                        to: [
                            {
                                operation: {
                                    hosts: ["grafana.example.com", "grafana.example.com:*"],
                                    ports: ["80", "443", "8080", "8443"],
                                },
                            },
                        ],
                    },
                ],
            });
            assert.deepStrictEqual(specOf(POLICY, "postgres-allow").rules, [
                {
                    from: [{ source: { notRemoteIpBlocks: ["10.0.0.0/8"] } }],
                    to: [{ operation: { ports: ["30432"] } }],
                },
            ]);
            assert.strictEqual(run.ofType(POLICY).length, 2);
        });

        it("the gateway Service keeps client IPs (externalTrafficPolicy: Local) and has a port per ported app only", () => {
            const service =
                istio.install === "helm"
                    ? run.ofType("kubernetes:helm.sh/v4:Chart").find((r) => r.inputs.chart === "gateway")!.inputs.values
                          .service
                    : run.ofType("kubernetes:install.istio.io/v1alpha1:IstioOperator")[0].inputs.spec.components
                          .ingressGateways[0].k8s.service;
            assert.strictEqual(service.externalTrafficPolicy, "Local");
            assert.deepStrictEqual(
                service.ports.map((p: { port: number }) => p.port),
                [15021, 80, 443, 30004, 30010, 30432],
            );
        });

        it("outputs a URL per app: by port, or https by host", () => {
            assert.deepStrictEqual(run.appUrls.value, {
                grafana: `http://${SEED_HOSTNAME}:30004`,
                postgres: `tcp://${SEED_HOSTNAME}:30432`,
                shop: "https://shop.example.com",
                web: `http://${SEED_HOSTNAME}:30010`,
            });
        });

        it("every emitted object validates against the upstream schemas", () => {
            assert.ok(validateAll(run.resources) >= 1 + 5 + 2);
        });
    });
}

describe("the mixed-stack example of docs/configuration.md", () => {
    it("is the fixture the tests run", () => {
        const doc = fs.readFileSync(path.join(__dirname, "..", "docs", "configuration.md"), "utf8");
        const fixture = fs.readFileSync(path.join(FIXTURES, "Pulumi.mixed.yaml"), "utf8");
        assert.ok(
            doc.includes(fixture.trim()),
            "docs/configuration.md must contain test/fixtures/Pulumi.mixed.yaml verbatim",
        );
    });
});
