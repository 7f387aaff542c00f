// Pure spec builders, table-driven, no mocks.
import * as assert from "assert";
import { loadBalancerAnnotations } from "../components/specs/annotations";
import { appUrls, sortByName } from "../components/specs/appUrls";
import { authorityFor, hostPorts, istioGatewaySpec, virtualServiceSpec } from "../components/specs/istioRouting";
import { istioOperatorManifest } from "../components/specs/istioOperator";
import { addressFromStatus } from "../components/specs/loadBalancerStatus";
import { gatewayServicePorts } from "../components/specs/ports";
import { plainLb } from "./configHelpers";
import { validateObject } from "./schemas";

const http = { protocol: "HTTP" as const, hosts: [], allow: [] };
const apps = [
    { name: "argocd", port: 30001, ...http, backend: { host: "argocd-server.argocd.svc.cluster.local", port: 80 } },
    { name: "kibana", port: 30003, ...http, backend: { host: "kibana.elastic-system.svc.cluster.local", port: 5601 } },
];

describe("loadBalancerAnnotations", () => {
    const cases = [
        {
            lb: { layerType: "nlb", internal: false, annotations: {} },
            want: {
                "service.beta.kubernetes.io/ncloud-load-balancer-layer-type": "nlb",
                "service.beta.kubernetes.io/ncloud-load-balancer-internal": "false",
            },
        },
        {
            lb: { layerType: "nplb", internal: true, annotations: { "example.com/team": "platform" } },
            want: {
                "service.beta.kubernetes.io/ncloud-load-balancer-layer-type": "nplb",
                "service.beta.kubernetes.io/ncloud-load-balancer-internal": "true",
                "example.com/team": "platform",
            },
        },
    ] as const;
    for (const c of cases) {
        it(`${c.lb.layerType}, internal ${c.lb.internal}`, () => {
            assert.deepStrictEqual(loadBalancerAnnotations({ ...plainLb, ...c.lb }), c.want);
        });
    }
});

describe("gatewayServicePorts", () => {
    const cases = [
        { flavour: "operator", http: 8080, https: 8443 },
        { flavour: "helm", http: 80, https: 443 },
    ] as const;
    for (const c of cases) {
        it(`${c.flavour}: 15021, 80->${c.http}, 443->${c.https}, then one port per app`, () => {
            assert.deepStrictEqual(gatewayServicePorts(apps, c.flavour), [
                { name: "status-port", port: 15021, targetPort: 15021 },
                { name: "http2", port: 80, targetPort: c.http },
                { name: "https", port: 443, targetPort: c.https },
                { name: "argocd", port: 30001, targetPort: 30001 },
                { name: "kibana", port: 30003, targetPort: 30003 },
            ]);
        });
    }
    it("the apps by port number whatever their order or names, so that a new highest port is appended", () => {
        const named = (name: string, port: number) => ({ name, port });
        assert.deepStrictEqual(
            gatewayServicePorts([named("zed", 30001), named("echo", 30005), named("alpha", 30002)], "operator").map(
                (p) => p.name,
            ),
            ["status-port", "http2", "https", "zed", "alpha", "echo"],
        );
    });
    it("with no apps still keeps the built-in ports", () => {
        assert.deepStrictEqual(
            gatewayServicePorts([], "operator").map((p) => p.port),
            [15021, 80, 443],
        );
    });
});

describe("istioGatewaySpec", () => {
    it("one HTTP server per app, any host, on the ingress gateway pods", () => {
        assert.deepStrictEqual(istioGatewaySpec(apps), {
            selector: { istio: "ingressgateway" },
            servers: [
                { port: { number: 30001, name: "argocd", protocol: "HTTP" }, hosts: ["*"] },
                { port: { number: 30003, name: "kibana", protocol: "HTTP" }, hosts: ["*"] },
            ],
        });
    });
});

describe("authorityFor / virtualServiceSpec", () => {
    const cases = [
        { address: "abc.kr.lb.naverncp.com", port: 30001, want: "abc.kr.lb.naverncp.com:30001" },
        { address: "203.0.113.10", port: 30002, want: "203.0.113.10:30002" },
        // An IPv6 LB address: the Host header a client sends brackets it (RFC 3986 3.2.2).
        { address: "2001:db8::1", port: 30001, want: "[2001:db8::1]:30001" },
    ];
    for (const c of cases) {
        it(`${c.address} on ${c.port}`, () => assert.strictEqual(authorityFor(c.address, c.port), c.want));
    }
    it("matches authority and port, routes to the backend", () => {
        const spec = virtualServiceSpec(apps[1], "istio-gateway", "lb.example:30003");
        assert.deepStrictEqual(spec, {
            hosts: ["*"],
            gateways: ["istio-gateway"],
            http: [
                {
                    name: "kibana",
                    match: [{ authority: { exact: "lb.example:30003" }, port: 30003 }],
                    route: [
                        { destination: { host: "kibana.elastic-system.svc.cluster.local", port: { number: 5601 } } },
                    ],
                },
            ],
        });
        validateObject({
            apiVersion: "networking.istio.io/v1beta1",
            kind: "VirtualService",
            metadata: { name: "kibana" },
            spec,
        });
    });
});

describe("istioOperatorManifest", () => {
    it("puts annotations and ports on the named ingress gateway and validates", () => {
        const iop = istioOperatorManifest({
            name: "istio",
            namespace: "istio-system",
            gatewayName: "istio-ingressgateway",
            ingressGatewayEnabled: true,
            serviceAnnotations: { a: "b" },
            ports: gatewayServicePorts(apps, "operator"),
        });
        const gw = iop.spec.components.ingressGateways[0];
        assert.strictEqual(gw.name, "istio-ingressgateway");
        assert.deepStrictEqual(gw.k8s.serviceAnnotations, { a: "b" });
        assert.strictEqual(gw.k8s.service.ports.length, 5);
        validateObject(iop);
    });
});

describe("addressFromStatus", () => {
    const svc = { namespace: "istio-system", name: "istio-ingressgateway" };
    const cases = [
        { status: { loadBalancer: { ingress: [{ hostname: "x.kr.lb.naverncp.com" }] } }, want: "x.kr.lb.naverncp.com" },
        { status: { loadBalancer: { ingress: [{ ip: "203.0.113.7" }] } }, want: "203.0.113.7" },
        { status: { loadBalancer: { ingress: [{ hostname: "h.example", ip: "203.0.113.7" }] } }, want: "h.example" },
        { status: { loadBalancer: { ingress: [{}, { ip: "198.51.100.1" }] } }, want: "198.51.100.1" },
    ];
    for (const c of cases) {
        it(`reads ${c.want}`, () => assert.strictEqual(addressFromStatus(c.status, svc, 600), c.want));
    }
    for (const status of [undefined, {}, { loadBalancer: {} }, { loadBalancer: { ingress: [] } }]) {
        it(`refuses ${JSON.stringify(status)}, naming the Service`, () => {
            assert.throws(() => addressFromStatus(status, svc, 42), {
                message:
                    /^Service istio-system\/istio-ingressgateway has no load balancer address yet[^]*Check: kubectl -n istio-system describe service istio-ingressgateway/,
            });
        });
    }
});

describe("appUrls / sortByName", () => {
    it("one http URL per app", () => {
        assert.deepStrictEqual(appUrls(apps, "lb.example"), {
            argocd: "http://lb.example:30001",
            kibana: "http://lb.example:30003",
        });
    });
    it("sorts by name without touching the input", () => {
        const input = [{ name: "b" }, { name: "a" }, { name: "c" }];
        assert.deepStrictEqual(
            sortByName(input).map((a) => a.name),
            ["a", "b", "c"],
        );
        assert.deepStrictEqual(
            input.map((a) => a.name),
            ["b", "a", "c"],
        );
    });
});

describe("hostPorts / appUrls for host apps", () => {
    const cases = [
        { protocol: "HTTP" as const, tls: undefined, want: [80] },
        { protocol: "HTTP" as const, tls: { credentialName: "c" }, want: [80, 443] },
        { protocol: "HTTPS" as const, tls: { credentialName: "c" }, want: [443] },
    ];
    for (const c of cases) {
        it(`${c.protocol}${c.tls ? " with tls" : ""}: ${c.want.join(", ")}`, () => {
            assert.deepStrictEqual(hostPorts({ protocol: c.protocol, tls: c.tls, hosts: ["a.example.com"] }), c.want);
        });
    }
    it("no host names, no host ports", () => assert.deepStrictEqual(hostPorts({ protocol: "HTTP", hosts: [] }), []));
    it("a host app's URL is its first non-wildcard host; wildcard-only apps have none", () => {
        const host = (name: string, hosts: string[]) => ({ name, protocol: "HTTP" as const, hosts });
        assert.deepStrictEqual(
            appUrls([host("a", ["*.example.com", "a.example.com"]), host("b", ["*.example.org"])], "lb"),
            {
                a: "http://a.example.com",
            },
        );
    });
});
