// The seed's routing guarantees hold in every install mode; helm, none and gateway-api specifics.
import * as assert from "assert";
import { SEED_HOSTNAME } from "../scripts/offline/engine";
import { Run, runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";
import { validateAll, validateObject } from "./schemas";
import { seed } from "./seed";

const dev = stackConfig("dev");
const VS = "kubernetes:networking.istio.io/v1beta1:VirtualService";
const CHART = "kubernetes:helm.sh/v4:Chart";
const seedGateway = seed.istioOperator.spec.components.ingressGateways[0].k8s;
const byPort = (a: { port: number }, b: { port: number }) => a.port - b.port;

const modes = [
    { install: "operator", istio: { install: "operator", version: "1.23.6" }, objects: 13 },
    { install: "helm", istio: { install: "helm", version: "1.28.0" }, objects: 6 },
    { install: "none", istio: { install: "none" }, objects: 5 },
];

for (const mode of modes) {
    describe(`install: ${mode.install}, routing: istio`, () => {
        let run: Run;
        before(async () => {
            run = await runProgram({ ...dev, istio: mode.istio });
        });

        it("the seed's Gateway servers and its four routes with its exact authority strings", () => {
            const servers = run.named("apps-gateway").inputs.spec.servers;
            const n = (s: { port: { number: number } }[]) => [...s].sort((a, b) => a.port.number - b.port.number);
            assert.deepStrictEqual(n(servers), n(seed.gateway.spec.servers));
            const routes = run
                .ofType(VS)
                .map((r) => ({ match: r.inputs.spec.http[0].match, route: r.inputs.spec.http[0].route }));
            const key = (r: { match: { port: number }[] }) => r.match[0].port;
            assert.deepStrictEqual(
                routes.sort((a, b) => key(a) - key(b)),
                [...seed.virtualService.spec.http].sort((a, b) => key(a) - key(b)),
            );
        });

        it("reads the address from the gateway Service and exports it", () => {
            assert.strictEqual(run.named("ingress-lb-service").id, "istio-system/istio-ingressgateway");
            assert.deepStrictEqual(run.loadBalancerAddress, { known: true, value: SEED_HOSTNAME });
            assert.strictEqual(run.appUrls.value?.kibana, `http://${SEED_HOSTNAME}:30003`);
        });

        it("every emitted object validates", () => {
            assert.strictEqual(validateAll(run.resources), mode.objects);
        });

        it("preview: every VirtualService, address unknown, no error", async () => {
            const preview = await runProgram({ ...dev, istio: mode.istio }, { preview: true });
            assert.strictEqual(preview.ofType(VS).length, 4);
            assert.strictEqual(preview.loadBalancerAddress.known, false);
        });
    });
}

describe("install: helm", () => {
    let run: Run;
    before(async () => {
        run = await runProgram({ ...dev, istio: { install: "helm", version: "1.28.0" } });
    });

    it("installs base, istiod and gateway charts of istio.version from Istio's repository", () => {
        const charts = run.ofType(CHART).map((r) => ({ ...r.inputs, values: undefined }));
        const common = {
            namespace: "istio-system",
            version: "1.28.0",
            repositoryOpts: { repo: "https://istio-release.storage.googleapis.com/charts" },
            values: undefined,
        };
        assert.deepStrictEqual(charts, [
            { chart: "base", name: "base", ...common },
            { chart: "istiod", name: "istiod", ...common },
            { chart: "gateway", name: "istio-ingressgateway", ...common },
        ]);
    });

    it("gateway values: LoadBalancer, the seed's annotations and the wait, 15021/80/443 on the chart's own targets, one port per app", () => {
        const values = run.ofType(CHART).find((r) => r.inputs.chart === "gateway")!.inputs.values;
        assert.deepStrictEqual(values.labels, { istio: "ingressgateway" });
        assert.strictEqual(values.service.type, "LoadBalancer");
        assert.deepStrictEqual(values.service.annotations, {
            ...seedGateway.serviceAnnotations,
            "pulumi.com/timeoutSeconds": "600",
        });
        const apps = seedGateway.service.ports.filter((p: { port: number }) => p.port > 443);
        const expected = [
            { name: "status-port", port: 15021, targetPort: 15021 },
            { name: "http2", port: 80, targetPort: 80 },
            { name: "https", port: 443, targetPort: 443 },
            ...apps,
        ].map((p) => ({ ...p, protocol: "TCP" }));
        assert.deepStrictEqual([...values.service.ports].sort(byPort), expected.sort(byPort));
        validateObject({ apiVersion: "v1", kind: "Service", metadata: { name: "gw" }, spec: values.service });
    });

    it("takes charts from an OCI registry when the repository is oci://", async () => {
        const oci = await runProgram({
            ...dev,
            istio: { install: "helm", version: "1.28.0", chartRepository: "oci://registry.example/istio/" },
        });
        const charts = oci.ofType(CHART).map((r) => [r.inputs.chart, r.inputs.repositoryOpts]);
        assert.deepStrictEqual(charts, [
            ["oci://registry.example/istio/base", undefined],
            ["oci://registry.example/istio/istiod", undefined],
            ["oci://registry.example/istio/gateway", undefined],
        ]);
    });

    it("creates no operator resources", () => {
        assert.deepStrictEqual(
            run.resources.filter((r) => r.name.includes("operator")),
            [],
        );
    });
});

describe("install: none", () => {
    it("creates nothing of Istio; adds the app ports to the existing gateway Service", async () => {
        const run = await runProgram({
            ...dev,
            istio: { install: "none", gatewayService: "my-gateway", namespace: "mesh" },
        });
        const ours = (r: { name: string }) => r.name.startsWith("apps-") || r.name.startsWith("ingress-lb-");
        assert.deepStrictEqual(
            run.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && !ours(r)),
            [],
        );
        const patch = run.named("ingress-lb-wait").inputs;
        assert.deepStrictEqual([patch.metadata.namespace, patch.metadata.name], ["mesh", "my-gateway"]);
        assert.deepStrictEqual(patch.spec.ports, [
            { port: 15021, protocol: "TCP" },
            { port: 80, protocol: "TCP" },
            { port: 443, protocol: "TCP" },
            { name: "argocd", port: 30001, targetPort: 30001, protocol: "TCP" },
            { name: "grafana", port: 30004, targetPort: 30004, protocol: "TCP" },
            { name: "kibana", port: 30003, targetPort: 30003, protocol: "TCP" },
            { name: "nginx", port: 30002, targetPort: 30002, protocol: "TCP" },
        ]);
        assert.strictEqual(run.named("ingress-lb-service").id, "mesh/my-gateway");
    });
});

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
            assert.deepStrictEqual(gw.metadata.annotations, {
                "networking.istio.io/service-type": "LoadBalancer",
                "pulumi.com/waitFor": "condition=Programmed",
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
