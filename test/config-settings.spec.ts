// Stack config validation of the settings besides the apps (loadBalancer, istio, demo, routing),
// with exact messages; every problem in one message, the defaults, the LB warnings (the apps:
// config-apps.spec.ts; config as `pulumi config set` stores it: config-sources.spec.ts).
import * as assert from "assert";
import { parseStackConfig, RawStackConfig } from "../config";
import { app, plainLb, problemsOf } from "./configHelpers";

const base: RawStackConfig = { apps: [app("web", 30001)] };

const cases: { title: string; raw: RawStackConfig; problems: string[] }[] = [
    {
        title: "load balancer: layer type, internal, annotations",
        raw: {
            ...base,
            loadBalancer: {
                layerType: "alb",
                internal: "false",
                annotations: { a: 1, "service.beta.kubernetes.io/ncloud-load-balancer-layer-type": "nplb" },
                timeout: 5,
            },
        },
        problems: [
            "ncp-ingress:loadBalancer.timeout: unknown field; allowed: layerType, internal, annotations, addressTimeoutSeconds, sourceRanges, size, subnetId, proxyProtocol, sslCertificateNo, tlsPorts, tlsMinVersion, idleTimeoutSeconds, description, retainPublicIpOnTermination, loadBalancerIP",
            'ncp-ingress:loadBalancer.layerType: got "alb" (a string); allowed: nlb, nplb',
            'ncp-ingress:loadBalancer.internal: got "false" (a string); expected true or false',
            'ncp-ingress:loadBalancer.annotations["a"]: got 1; annotation values must be strings (quote them)',
            'ncp-ingress:loadBalancer.annotations["service.beta.kubernetes.io/ncloud-load-balancer-layer-type"]: is set by ncp-ingress:loadBalancer.layerType; set it there',
        ],
    },
    {
        title: "address timeout",
        raw: { ...base, loadBalancer: { addressTimeoutSeconds: 0 } },
        problems: [
            "ncp-ingress:loadBalancer.addressTimeoutSeconds: got 0; expected seconds: an integer from 1 to 86400",
        ],
    },
    {
        title: "istio: malformed fields",
        raw: {
            ...base,
            istio: { install: "istioctl", version: "latest", namespace: "Istio System", chartRepository: "ftp://x" },
        },
        problems: [
            'ncp-ingress:istio.install: got "istioctl" (a string); allowed: operator, helm, none',
            'ncp-ingress:istio.version: got "latest" (a string); expected an Istio release such as "1.23.6"',
            `ncp-ingress:istio.namespace: "Istio System" must be a DNS-1123 label: lower case letters, digits and '-', starting and ending with a letter or digit`,
            'ncp-ingress:istio.chartRepository: "ftp://x" must be an http(s):// or oci:// URL',
        ],
    },
    {
        title: "operator mode with Istio 1.24+",
        raw: { ...base, istio: { install: "operator", version: "1.24.0" } },
        problems: [
            'ncp-ingress:istio.version: 1.24.0 has no in-cluster operator (Istio removed it in 1.24); set ncp-ingress:istio.install to "helm" for Istio 1.24 and later, or pick a version up to 1.23.x',
        ],
    },
    {
        title: "demo clashing with an app",
        raw: { apps: [app("httpbin", 30080)], demo: true },
        problems: [
            'ncp-ingress:apps (httpbin) name: "httpbin" is already used by ncp-ingress:demo; app names must be unique',
            "ncp-ingress:apps (httpbin) port: 30080 is already used by ncp-ingress:demo (httpbin); one listener per port",
        ],
    },
    {
        title: "demo and routing malformed",
        raw: { ...base, demo: "yes", routing: "nginx" },
        problems: [
            'ncp-ingress:demo: got "yes" (a string); expected true, false or {port, namespace}',
            'ncp-ingress:routing: got "nginx" (a string); allowed: istio, gateway-api',
        ],
    },
];

describe("stack config validation", () => {
    for (const c of cases) {
        it(`refuses ${c.title}`, () => assert.deepStrictEqual(problemsOf(c.raw), c.problems));
    }

    it("reports every problem of the whole config at once, in one message", () => {
        assert.throws(() => parseStackConfig({ apps: [app("web", 65535)], loadBalancer: { layerType: "alb" } }), {
            name: "ConfigError",
            message:
                "ncp-ingress: the stack configuration has 2 problems; nothing was deployed.\n" +
                '  - ncp-ingress:loadBalancer.layerType: got "alb" (a string); allowed: nlb, nplb\n' +
                "  - ncp-ingress:apps[0] (web) port: 65535 is refused by NCP load balancer listeners, which take ports 1-65534",
        });
    });

    it("fills defaults and sorts apps by name", () => {
        const { model } = parseStackConfig({ apps: [app("zeta", 30002), app("alpha", 30001)] });
        assert.deepStrictEqual(
            model.apps.map((a) => a.name),
            ["alpha", "zeta"],
        );
        assert.deepStrictEqual(model.istio, {
            install: "operator",
            version: "1.23.6",
            namespace: "istio-system",
            chartRepository: "https://istio-release.storage.googleapis.com/charts",
            gatewayService: "istio-ingressgateway",
        });
        assert.deepStrictEqual(model.loadBalancer, plainLb);
        assert.deepStrictEqual(model.demo, { enabled: false, port: 30080, namespace: "ncp-ingress-demo" });
        assert.strictEqual(model.routing, "istio");
    });

    it("warns that NCP may ignore sourceRanges, and ignores an NCP annotation key written in another case", () => {
        const loadBalancer = {
            sourceRanges: ["203.0.113.0/24"],
            annotations: {
                "Service.beta.kubernetes.io/ncloud-load-balancer-size": "SMALL",
                "example.com/Team": "web", // not NCP's: case is the owner's business
            },
        };
        const { warnings } = parseStackConfig({ apps: [app("shop", 30005)], loadBalancer });
        assert.deepStrictEqual(warnings, [
            "ncp-ingress:loadBalancer.sourceRanges: is written as spec.loadBalancerSourceRanges, which NCP's guides do not say NKS load balancers honour: do not rely on it to keep clients out; per-app allow lists (enforced by the gateway) do",
            'ncp-ingress:loadBalancer.annotations["Service.beta.kubernetes.io/ncloud-load-balancer-size"]: differs from NCP\'s service.beta.kubernetes.io/ncloud-load-balancer-size only by case: Kubernetes accepts it, NCP reads keys as written and ignores it',
        ]);
    });
});
