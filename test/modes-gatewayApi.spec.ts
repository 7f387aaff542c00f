// routing: gateway-api, with Istio installed by helm or the operator: the Gateway, HTTPRoutes and
// ReferenceGrants it emits, the Gateway API CRDs it applies, and its config rules.
import * as assert from "assert";
import { APPLIED } from "../components/specs/await";
import { SEED_HOSTNAME } from "../scripts/offline/engine";
import { Run, runProgram } from "../scripts/offline/run";
import { validateAll } from "./schemas";
import { CHART, dev, seedGateway, VS } from "./modesHelpers";

for (const istio of [
    { install: "helm", version: "1.28.0" },
    { install: "operator", version: "1.23.6" },
]) {
    describe(`routing: gateway-api (install: ${istio.install})`, () => {
        let run: Run;
        before(async () => {
            run = await runProgram({ ...dev, istio, routing: "gateway-api", demo: true });
        });
        const GW = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
        const ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
        const GRANT = "kubernetes:gateway.networking.k8s.io/v1beta1:ReferenceGrant";

        it("one Gateway of class istio, a listener per app, NCP annotations through infrastructure", () => {
            const gws = run.ofType(GW);
            assert.strictEqual(gws.length, 1);
            const gw = gws[0].inputs;
            // Programmed, as seen on this write of the Gateway (its marker's value), within the timeout.
            const annotations = gw.metadata.annotations;
            const marker = annotations[APPLIED];
            assert.match(marker, /^[0-9a-f]{16}$/);
            assert.deepStrictEqual(annotations, {
                "networking.istio.io/service-type": "LoadBalancer",
                [APPLIED]: marker,
                "pulumi.com/waitFor": JSON.stringify([
                    `jsonpath={.metadata.annotations['${APPLIED}']}=${marker}`,
                    "condition=Programmed",
                ]),
                "pulumi.com/timeoutSeconds": "600",
            });
            assert.strictEqual(gw.spec.gatewayClassName, "istio");
            assert.deepStrictEqual(gw.spec.infrastructure.annotations, seedGateway.serviceAnnotations);
            assert.deepStrictEqual(
                gw.spec.listeners.map((l: { name: string; port: number; protocol: string }) => [
                    l.name,
                    l.port,
                    l.protocol,
                ]),
                [
                    ["argocd", 30001, "HTTP"],
                    ["grafana", 30004, "HTTP"],
                    ["httpbin", 30080, "HTTP"],
                    ["kibana", 30003, "HTTP"],
                    ["nginx", 30002, "HTTP"],
                ],
            );
        });

        it("the Gateway's wait marker changes with its spec and only with it", async () => {
            const marker = (r: Run) => r.ofType(GW)[0].inputs.metadata.annotations[APPLIED];
            const again = await runProgram({ ...dev, istio, routing: "gateway-api", demo: true });
            assert.strictEqual(marker(again), marker(run));
            const oneMore = await runProgram({
                ...dev,
                istio,
                routing: "gateway-api",
                demo: true,
                apps: [
                    ...(dev.apps as unknown[]),
                    { name: "echo", port: 30005, backend: { host: "echo.echo.svc.cluster.local", port: 80 } },
                ],
            });
            assert.notStrictEqual(marker(oneMore), marker(run));
        });

        it("one HTTPRoute per app, bound to its listener by sectionName, to the seed's backends", () => {
            const routes = Object.fromEntries(run.ofType(ROUTE).map((r) => [r.inputs.metadata.name, r.inputs.spec]));
            assert.deepStrictEqual(Object.keys(routes).sort(), ["argocd", "grafana", "httpbin", "kibana", "nginx"]);
            assert.deepStrictEqual(routes.kibana, {
                parentRefs: [
                    {
                        group: "gateway.networking.k8s.io",
                        kind: "Gateway",
                        name: "istio-gateway",
                        namespace: "istio-system",
                        sectionName: "kibana",
                    },
                ],
                rules: [
                    {
                        matches: [{ path: { type: "PathPrefix", value: "/" } }],
                        backendRefs: [
                            {
                                group: "",
                                kind: "Service",
                                name: "kibana-eck-kibana-kb-http",
                                namespace: "elastic-system",
                                port: 5601,
                            },
                        ],
                    },
                ],
            });
            assert.match(routes.httpbin.rules[0].backendRefs[0].name, /^demo-httpbin-[0-9a-f]{8}$/);
        });

        it("a ReferenceGrant in each backend namespace, for the named Services only", () => {
            const grants = Object.fromEntries(
                run.ofType(GRANT).map((r) => [r.inputs.metadata.namespace, r.inputs.spec]),
            );
            assert.deepStrictEqual(Object.keys(grants).sort(), [
                "argocd",
                "elastic-system",
                "kube-prometheus-stack",
                "ncp-ingress-demo",
                "nginx",
            ]);
            assert.deepStrictEqual(grants.argocd, {
                from: [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", namespace: "istio-system" }],
                to: [{ group: "", kind: "Service", name: "argocd-server" }],
            });
        });

        it("no classic ingress gateway, no Istio Gateway or VirtualService; the address comes from <gateway>-istio", () => {
            assert.strictEqual(run.ofType(VS).length, 0);
            assert.strictEqual(run.ofType("kubernetes:networking.istio.io/v1beta1:Gateway").length, 0);
            assert.ok(!run.resources.some((r) => r.type === CHART && r.inputs.chart === "gateway"));
            const iop = run.resources.find((r) => r.type === "kubernetes:install.istio.io/v1alpha1:IstioOperator");
            if (iop) assert.strictEqual(iop.inputs.spec.components.ingressGateways[0].enabled, false);
            assert.strictEqual(run.named("ingress-lb-service").id, "istio-system/istio-gateway-istio");
            assert.strictEqual(run.appUrls.value?.nginx, `http://${SEED_HOSTNAME}:30002`);
        });

        it("every emitted object validates against the Gateway API schemas", () => {
            assert.ok(validateAll(run.resources) >= 1 + 5 + 5);
        });
    });
}

describe("routing: gateway-api CRDs", () => {
    const CONFIG_FILE = "kubernetes:yaml/v2:ConfigFile";
    const base = { ...dev, routing: "gateway-api", istio: { install: "helm", version: "1.28.0" } };
    const cases = [
        {
            crds: undefined,
            file: "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.2.1/standard-install.yaml",
        },
        {
            crds: "v1.3.0",
            file: "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.3.0/standard-install.yaml",
        },
        {
            crds: "https://mirror.example/gateway-api/standard-install.yaml",
            file: "https://mirror.example/gateway-api/standard-install.yaml",
        },
    ];
    for (const c of cases) {
        it(`applies ${c.file} (gatewayApiCrds: ${c.crds ?? "default"})`, async () => {
            const run = await runProgram({ ...base, ...(c.crds ? { gatewayApiCrds: c.crds } : {}) });
            assert.deepStrictEqual(
                run.ofType(CONFIG_FILE).map((r) => r.inputs),
                [{ file: c.file }],
            );
        });
    }
    it("applies nothing when they are installed, or with istio routing", async () => {
        assert.strictEqual((await runProgram({ ...base, gatewayApiCrds: "installed" })).ofType(CONFIG_FILE).length, 0);
        assert.strictEqual((await runProgram(dev)).ofType(CONFIG_FILE).length, 0);
    });
    it("refuses anything else", async () => {
        await assert.rejects(runProgram({ ...base, gatewayApiCrds: "latest" }), {
            message:
                /ncp-ingress:gatewayApiCrds: "latest" must be a Gateway API release such as "v1\.2\.1", an https:\/\/ URL of an install manifest, or "installed"/,
        });
    });
});

describe("routing: gateway-api config rules", () => {
    it("refuses a backend host that does not name a Service and namespace", async () => {
        const apps = [{ name: "ext", port: 30001, backend: { host: "api.example.com", port: 443 } }];
        await assert.rejects(
            runProgram({ apps, routing: "gateway-api", istio: { install: "helm", version: "1.28.0" } }),
            {
                message:
                    /ncp-ingress:apps \(ext\) backend\.host: "api\.example\.com" must name an in-cluster Service as <service>\.<namespace>\[\.svc\.cluster\.local\] when ncp-ingress:routing is "gateway-api"/,
            },
        );
    });
});
