// Per-app protocol, hosts, tls and allow lists, and the typed NCP LB options: what each emits, in
// every install and routing mode (their validation: options-apps.spec.ts, options-lb.spec.ts).
import * as assert from "assert";
import { backend, plainLb } from "./configHelpers";
import { loadBalancerAnnotations } from "../components/specs/annotations";
import { gatewayPodAnnotations, gatewayServiceExtras } from "../components/specs/gatewayService";
import { Run, runProgram } from "../scripts/offline/run";
import { validateAll } from "./schemas";

/** The install-none patch names the gateway's own ports by key only (see existingGatewayPatchPorts). */
const BUILT_IN_KEYS = [15021, 80, 443].map((port) => ({ port, protocol: "TCP" }));
const web = { name: "web", port: 30001, backend };
/** Gateway API routing on Istio installed from its charts. */
const viaGatewayApi = { routing: "gateway-api", istio: { install: "helm", version: "1.28.0" } };

describe("LB option specs", () => {
    const full = {
        ...plainLb,
        layerType: "nplb" as const,
        size: "MEDIUM",
        subnetId: "452772",
        proxyProtocol: true,
        sslCertificateNo: "6789",
        tlsPorts: [80, 30001],
        tlsMinVersion: "TLSV12",
        idleTimeoutSeconds: 120,
        description: "ncp-ingress dev",
        retainPublicIpOnTermination: true,
        loadBalancerIP: "203.0.113.5",
        sourceRanges: ["203.0.113.0/24"],
        annotations: { "example.com/team": "platform" },
    };
    it("every typed field becomes its NCP annotation", () => {
        const p = "service.beta.kubernetes.io/ncloud-load-balancer-";
        assert.deepStrictEqual(loadBalancerAnnotations(full), {
            [`${p}layer-type`]: "nplb",
            [`${p}internal`]: "false",
            [`${p}size`]: "MEDIUM",
            [`${p}subnet-id`]: "452772",
            [`${p}proxy-protocol`]: "true",
            [`${p}ssl-certificate-no`]: "6789",
            [`${p}tls-ports`]: "80,30001",
            [`${p}tls-min-version`]: "TLSV12",
            [`${p}idle-timeout`]: "120",
            [`${p}description`]: "ncp-ingress dev",
            [`${p}retain-public-ip-on-termination`]: "true",
            "example.com/team": "platform",
        });
    });
    it("Service fields: source ranges, the IP, and Local traffic policy only with an allow list", () => {
        assert.deepStrictEqual(gatewayServiceExtras(full, [{ allow: [] }]), {
            loadBalancerSourceRanges: ["203.0.113.0/24"],
            loadBalancerIP: "203.0.113.5",
        });
        assert.deepStrictEqual(gatewayServiceExtras(plainLb, [{ allow: [] }, { allow: ["10.0.0.0/8"] }]), {
            externalTrafficPolicy: "Local",
        });
    });
    it("PROXY protocol sets the gateway pods to read the header", () => {
        assert.deepStrictEqual(gatewayPodAnnotations(full), {
            "proxy.istio.io/config": '{"gatewayTopology":{"proxyProtocol":{}}}',
        });
        assert.deepStrictEqual(gatewayPodAnnotations(plainLb), {});
    });
});

describe("LB options reach the gateway Service in every install mode", () => {
    const apps = [{ ...web, allow: ["203.0.113.0/24"] }];
    const loadBalancer = { layerType: "nplb", proxyProtocol: true, sourceRanges: ["203.0.113.0/24"], size: "SMALL" };
    const proxyConfig = { "proxy.istio.io/config": '{"gatewayTopology":{"proxyProtocol":{}}}' };
    let runs: Record<string, Run>;
    before(async () => {
        runs = {
            operator: await runProgram({ apps, loadBalancer }),
            helm: await runProgram({ apps, loadBalancer, istio: { install: "helm", version: "1.28.0" } }),
            // install "none" applies no annotations: an nlb, with the Service fields it does patch.
            none: await runProgram({
                apps,
                loadBalancer: { sourceRanges: loadBalancer.sourceRanges },
                istio: { install: "none" },
            }),
        };
    });

    it("operator: IstioOperator service fields, annotations and pod annotations", () => {
        const k8s = runs.operator.ofType("kubernetes:install.istio.io/v1alpha1:IstioOperator")[0].inputs.spec.components
            .ingressGateways[0].k8s;
        assert.deepStrictEqual(k8s.service.loadBalancerSourceRanges, ["203.0.113.0/24"]);
        assert.strictEqual(k8s.service.externalTrafficPolicy, "Local");
        assert.strictEqual(k8s.serviceAnnotations["service.beta.kubernetes.io/ncloud-load-balancer-size"], "SMALL");
        assert.deepStrictEqual(k8s.podAnnotations, proxyConfig);
        assert.ok(validateAll(runs.operator.resources) > 0);
    });

    it("helm: the gateway chart's service values and podAnnotations", () => {
        const values = runs.helm.ofType("kubernetes:helm.sh/v4:Chart").find((r) => r.inputs.chart === "gateway")!.inputs
            .values;
        assert.deepStrictEqual(values.podAnnotations, proxyConfig);
        assert.deepStrictEqual(values.service.loadBalancerSourceRanges, ["203.0.113.0/24"]);
        assert.strictEqual(values.service.externalTrafficPolicy, "Local");
        assert.strictEqual(
            values.service.annotations["service.beta.kubernetes.io/ncloud-load-balancer-proxy-protocol"],
            "true",
        );
    });

    it("none: the patch adds the Service fields to the existing gateway Service", () => {
        const spec = runs.none.ofType("kubernetes:core/v1:ServicePatch")[0].inputs.spec;
        assert.deepStrictEqual(spec, {
            ports: [...BUILT_IN_KEYS, { name: "web", port: 30001, targetPort: 30001, protocol: "TCP" }],
            loadBalancerSourceRanges: ["203.0.113.0/24"],
            externalTrafficPolicy: "Local",
        });
    });
});

describe("routing: gateway-api with HTTPS by host name", () => {
    it("a 443 listener per host name with the app's Secret; the route attaches to each, and to 80 for HTTP", async () => {
        const run = await runProgram({
            ...viaGatewayApi,
            apps: [
                {
                    name: "shop",
                    hosts: ["shop.example.com", "www.shop.example.com"],
                    tls: { credentialName: "shop-tls" },
                    backend: { host: "storefront.shop", port: 8080 },
                },
            ],
        });
        const listeners = run.ofType("kubernetes:gateway.networking.k8s.io/v1:Gateway")[0].inputs.spec.listeners;
        const https = (name: string, hostname: string) => ({
            name,
            hostname,
            port: 443,
            protocol: "HTTPS",
            tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: "shop-tls" }] },
            allowedRoutes: { namespaces: { from: "Same" } },
        });
        assert.deepStrictEqual(listeners, [
            { name: "hosts-http", port: 80, protocol: "HTTP", allowedRoutes: { namespaces: { from: "Same" } } },
            https("hosts-https-shop-0", "shop.example.com"),
            https("hosts-https-shop-1", "www.shop.example.com"),
        ]);
        const route = run.ofType("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute")[0].inputs;
        assert.strictEqual(route.metadata.name, "shop-hosts");
        assert.deepStrictEqual(
            route.spec.parentRefs.map((p: { sectionName: string }) => p.sectionName),
            ["hosts-http", "hosts-https-shop-0", "hosts-https-shop-1"],
        );
        assert.deepStrictEqual(route.spec.hostnames, ["shop.example.com", "www.shop.example.com"]);
        assert.ok(validateAll(run.resources) >= 3);
    });
});

describe("routing: gateway-api with HTTPS by port and HTTP by host", () => {
    it("an HTTPS listener terminating with the app's Secret, a shared listener and hostnames for host apps", async () => {
        const run = await runProgram({
            ...viaGatewayApi,
            apps: [
                {
                    name: "api",
                    port: 30443,
                    protocol: "HTTPS",
                    tls: { credentialName: "api-tls" },
                    backend: { host: "api.apps", port: 8080 },
                },
                {
                    name: "blog",
                    hosts: ["blog.example.com"],
                    backend: { host: "blog.apps.svc.cluster.local", port: 80 },
                },
            ],
        });
        const gw = run.ofType("kubernetes:gateway.networking.k8s.io/v1:Gateway")[0].inputs.spec;
        assert.deepStrictEqual(gw.listeners, [
            {
                name: "api",
                port: 30443,
                protocol: "HTTPS",
                tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: "api-tls" }] },
                allowedRoutes: { namespaces: { from: "Same" } },
            },
            { name: "hosts-http", port: 80, protocol: "HTTP", allowedRoutes: { namespaces: { from: "Same" } } },
        ]);
        const routes = Object.fromEntries(
            run
                .ofType("kubernetes:gateway.networking.k8s.io/v1:HTTPRoute")
                .map((r) => [r.inputs.metadata.name, r.inputs.spec]),
        );
        assert.deepStrictEqual(Object.keys(routes).sort(), ["api", "blog-hosts"]);
        assert.deepStrictEqual(routes["blog-hosts"].hostnames, ["blog.example.com"]);
        assert.strictEqual(routes["blog-hosts"].parentRefs[0].sectionName, "hosts-http");
        assert.strictEqual(routes.api.hostnames, undefined);
        assert.deepStrictEqual(run.appUrls.value, {
            api: `https://${run.loadBalancerAddress.value}:30443`,
            blog: "http://blog.example.com",
        });
        assert.ok(validateAll(run.resources) >= 4);
    });
});
