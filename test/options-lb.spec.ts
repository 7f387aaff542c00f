// The typed NCP LB options, and what Gateway API routing cannot do: validation, with exact messages
// (per-app protocol, hosts, tls and allow lists: options-apps.spec.ts; what each emits: options-emit.spec.ts).
import * as assert from "assert";
import { RawStackConfig } from "../config";
import { backend, CIDR_PROBLEM as cidr, problemsOf } from "./configHelpers";

const web = { name: "web", port: 30001, backend };
/** Gateway API routing on Istio installed from its charts. */
const viaGatewayApi = { routing: "gateway-api", istio: { install: "helm", version: "1.28.0" } };

const LB = "ncp-ingress:loadBalancer";
const nplbOnly = (what: string) => `${what} needs layerType "nplb"; a network LB (nlb) has none`;
const cases: { title: string; raw: RawStackConfig; problems: string[] }[] = [
    {
        title: "nplb-only options on an nlb",
        raw: {
            apps: [web],
            loadBalancer: {
                size: "SMALL",
                idleTimeoutSeconds: 60,
                sslCertificateNo: "1234",
                tlsPorts: [30001],
                proxyProtocol: true,
            },
        },
        problems: [
            `${LB}.size: "SMALL" is not a size for nlb; allowed: DYNAMIC`,
            `${LB}.idleTimeoutSeconds: ${nplbOnly("an idle timeout")}`,
            `${LB}.sslCertificateNo: ${nplbOnly("TLS termination at the LB")}`,
            `${LB}.proxyProtocol: ${nplbOnly("PROXY protocol")}`,
        ],
    },
    {
        title: "malformed nplb options",
        raw: {
            apps: [web],
            loadBalancer: {
                layerType: "nplb",
                size: "DYNAMIC",
                idleTimeoutSeconds: 4000,
                sslCertificateNo: "abc",
                tlsMinVersion: "TLSV13",
                subnetId: "subnet-12",
                description: "x".repeat(1001),
            },
        },
        // Each value first, then the rules across fields, which see a refused value as unset (so the
        // refused sslCertificateNo raises no "go together").
        problems: [
            `${LB}.subnetId: "subnet-12" must be an NCP subnet number such as "452772"`,
            `${LB}.sslCertificateNo: "abc" must be an NCP Certificate Manager certificate number`,
            `${LB}.tlsMinVersion: got "TLSV13" (a string); allowed: TLSV10, TLSV11, TLSV12`,
            `${LB}.idleTimeoutSeconds: got 4000; expected seconds: an integer from 1 to 3600`,
            `${LB}.description: "${"x".repeat(40)}…" is 1001 bytes long (UTF-8); NCP allows at most 1000 bytes`,
            `${LB}.size: "DYNAMIC" is not a size for nplb; allowed: SMALL, MEDIUM, LARGE, XLARGE`,
        ],
    },
    {
        title: "NCP numbers that are neither digits nor a whole number",
        raw: { apps: [web], loadBalancer: { layerType: "nplb", subnetId: true, sslCertificateNo: -5, tlsPorts: [80] } },
        problems: [
            `${LB}.subnetId: got true; expected an NCP subnet number such as "452772"`,
            `${LB}.sslCertificateNo: got -5; expected an NCP Certificate Manager certificate number`,
            `${LB}.tlsPorts: sslCertificateNo and tlsPorts go together: the certificate is served on those ports`,
        ],
    },
    {
        title: "a TLS minimum version without TLS",
        raw: { apps: [web], loadBalancer: { layerType: "nplb", tlsPorts: [30001], tlsMinVersion: "TLSV12" } },
        problems: [
            `${LB}.tlsPorts: sslCertificateNo and tlsPorts go together: the certificate is served on those ports`,
            `${LB}.tlsMinVersion: applies to TLS listeners only; set sslCertificateNo and tlsPorts`,
        ],
    },
    {
        title: "public-IP options on a private LB, and a bad source range",
        raw: {
            apps: [web],
            loadBalancer: {
                internal: true,
                retainPublicIpOnTermination: true,
                loadBalancerIP: "203.0.113.5",
                sourceRanges: ["0.0.0.0/0", "x"],
            },
        },
        problems: [
            `${LB}.sourceRanges[1]: "x" ${cidr}`,
            `${LB}.retainPublicIpOnTermination: keeps a public IP; a private LB (internal: true) has none`,
            `${LB}.loadBalancerIP: names a public IP to reuse; a private LB (internal: true) takes none`,
        ],
    },
    {
        title: "an IPv6 loadBalancerIP",
        raw: { apps: [web], loadBalancer: { loadBalancerIP: "2001:db8::1" } },
        problems: [`${LB}.loadBalancerIP: "2001:db8::1" must be an IPv4 address`],
    },
    {
        title: "LB TLS where the gateway terminates TLS, or on no port at all",
        raw: {
            apps: [
                { name: "a", port: 30001, protocol: "HTTPS", tls: { credentialName: "c" }, backend },
                { name: "db", port: 30432, protocol: "TCP", backend },
            ],
            loadBalancer: { layerType: "nplb", sslCertificateNo: "1", tlsPorts: [30001, 443, 30099, 80, 30432] },
        },
        problems: [
            `${LB}.tlsPorts[0]: 30001: the gateway terminates TLS there itself, so TLS would be terminated twice; allowed: 80, 30432`,
            `${LB}.tlsPorts[1]: 443: the gateway terminates TLS there itself, so TLS would be terminated twice; allowed: 80, 30432`,
            `${LB}.tlsPorts[2]: 30099: no app or built-in listener uses it; allowed: 80, 30432`,
        ],
    },
    {
        title: "an allow list behind an nplb without PROXY protocol",
        raw: { apps: [{ ...web, allow: ["10.0.0.0/8"] }], loadBalancer: { layerType: "nplb" } },
        problems: [
            "ncp-ingress:apps (web) allow: needs client IPs, which an nplb replaces with its own unless PROXY protocol is on; set ncp-ingress:loadBalancer.proxyProtocol: true",
        ],
    },
    {
        title: "what Gateway API routing cannot do",
        raw: {
            ...viaGatewayApi,
            apps: [
                { name: "a", port: 30001, protocol: "TCP", allow: ["10.0.0.0/8"], backend },
                { name: "b", hosts: ["b.example.com"], tls: { credentialName: "c" }, backend },
            ],
            loadBalancer: { sourceRanges: ["10.0.0.0/8"], loadBalancerIP: "203.0.113.5" },
        },
        problems: [
            `ncp-ingress:apps (a) protocol: TCP needs TCPRoute, which is only in Gateway API's experimental channel; use routing "istio" for TCP apps`,
            `ncp-ingress:apps (a) allow: is not supported when ncp-ingress:routing is "gateway-api": Istio provisions that Service and client IPs need externalTrafficPolicy: Local; use routing "istio"`,
            `${LB}.sourceRanges: is not supported when ncp-ingress:routing is "gateway-api": Istio generates that Service from the Gateway; use routing "istio"`,
            `${LB}.loadBalancerIP: is not supported when ncp-ingress:routing is "gateway-api": Istio generates that Service from the Gateway; use routing "istio"`,
        ],
    },
];

describe("per-app and LB option validation", () => {
    for (const c of cases) {
        it(`refuses ${c.title}`, () => assert.deepStrictEqual(problemsOf(c.raw), c.problems));
    }
    it("accepts LB TLS on 80, HTTP and TCP app ports, with every nplb option", () => {
        const raw = {
            apps: [web, { name: "db", port: 30432, protocol: "TCP", backend, allow: ["10.0.0.0/8"] }],
            loadBalancer: {
                layerType: "nplb",
                size: "MEDIUM",
                subnetId: "452772",
                proxyProtocol: true,
                sslCertificateNo: "6789",
                tlsPorts: [80, 30001, 30432],
                tlsMinVersion: "TLSV12",
                idleTimeoutSeconds: 120,
                description: "ncp-ingress dev",
                retainPublicIpOnTermination: true,
                loadBalancerIP: "203.0.113.5",
                sourceRanges: ["203.0.113.0/24"],
            },
        };
        assert.deepStrictEqual(problemsOf(raw), []);
    });
});
