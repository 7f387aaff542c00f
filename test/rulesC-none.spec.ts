// install "none": ncp-ingress patches the existing gateway Service's ports and a few spec fields,
// never its annotations or the gateway pods. Options it cannot apply are refused, not dropped, and
// an allow list must not rely on PROXY protocol it cannot turn on.
import * as assert from "assert";
import { problemsOf } from "./configHelpers";

const backend = { host: "web.apps.svc.cluster.local", port: 80 };
const web = { name: "web", port: 30001, backend };
const none = { install: "none" };
const LB = "ncp-ingress:loadBalancer";
const UNAPPLIED =
    'is not applied with ncp-ingress:istio.install "none": ncp-ingress adds only ports, sourceRanges, loadBalancerIP and ' +
    "externalTrafficPolicy to the existing gateway Service, never annotations or the gateway pods' proxy config; " +
    'set it where that Service is installed and leave it out here, or use install "operator" or "helm"';
const NO_PROXY_PROTOCOL =
    'needs client IPs, which an nplb passes on only with PROXY protocol, and ncp-ingress:istio.install "none" cannot turn that on ' +
    "(neither the LB's annotation nor the gateway's proxy config), so the gateway would see the LB's addresses; " +
    'leave allow out, or use an nlb, or install "operator" or "helm" with proxyProtocol: true';

describe('install "none" refuses what it cannot apply', () => {
    it("every NCP option that is an annotation, and extra annotations", () => {
        const raw = {
            istio: none,
            apps: [web],
            loadBalancer: {
                layerType: "nplb",
                size: "SMALL",
                subnetId: "452772",
                proxyProtocol: true,
                sslCertificateNo: "6789",
                tlsPorts: [30001],
                tlsMinVersion: "TLSV12",
                idleTimeoutSeconds: 120,
                description: "shared",
                retainPublicIpOnTermination: true,
                annotations: { "example.com/team": "platform" },
            },
        };
        const fields = [
            "size",
            "subnetId",
            "proxyProtocol",
            "sslCertificateNo",
            "tlsPorts",
            "tlsMinVersion",
            "idleTimeoutSeconds",
            "description",
            "retainPublicIpOnTermination",
            "annotations",
        ];
        assert.deepStrictEqual(
            problemsOf(raw),
            fields.map((field) => `${LB}.${field}: ${UNAPPLIED}`),
        );
    });

    it("an allow list behind an nplb, even with proxyProtocol: true (everyone would share the LB's addresses)", () => {
        const raw = {
            istio: none,
            apps: [{ ...web, allow: ["10.0.0.0/8"] }],
            loadBalancer: { layerType: "nplb", proxyProtocol: true },
        };
        assert.deepStrictEqual(problemsOf(raw), [
            `${LB}.proxyProtocol: ${UNAPPLIED}`,
            `ncp-ingress:apps (web) allow: ${NO_PROXY_PROTOCOL}`,
        ]);
        const withoutProxyProtocol = { ...raw, loadBalancer: { layerType: "nplb" } };
        assert.deepStrictEqual(problemsOf(withoutProxyProtocol), [
            `ncp-ingress:apps (web) allow: ${NO_PROXY_PROTOCOL}`,
        ]);
    });

    it("accepts what it applies: an nlb with allow lists, sourceRanges, loadBalancerIP, layerType and internal", () => {
        const raw = {
            istio: none,
            apps: [{ ...web, allow: ["10.0.0.0/8"] }],
            loadBalancer: {
                layerType: "nlb",
                internal: false,
                sourceRanges: ["10.0.0.0/8"],
                loadBalancerIP: "203.0.113.5",
            },
        };
        assert.deepStrictEqual(problemsOf(raw), []);
        assert.deepStrictEqual(problemsOf({ istio: none, apps: [web], loadBalancer: { layerType: "nplb" } }), []);
    });

    it("with gateway-api routing the annotations do reach the Service Istio provisions", () => {
        const raw = {
            istio: none,
            routing: "gateway-api",
            apps: [web],
            loadBalancer: { size: "DYNAMIC", description: "shared", annotations: { "example.com/team": "platform" } },
        };
        assert.deepStrictEqual(problemsOf(raw), []);
    });

    it("other install modes keep the nplb rule: PROXY protocol on, or no allow list", () => {
        const raw = { apps: [{ ...web, allow: ["10.0.0.0/8"] }], loadBalancer: { layerType: "nplb" } };
        assert.deepStrictEqual(problemsOf(raw), [
            "ncp-ingress:apps (web) allow: needs client IPs, which an nplb replaces with its own unless PROXY protocol is on; set ncp-ingress:loadBalancer.proxyProtocol: true",
        ]);
        assert.deepStrictEqual(problemsOf({ ...raw, loadBalancer: { layerType: "nplb", proxyProtocol: true } }), []);
    });
});
