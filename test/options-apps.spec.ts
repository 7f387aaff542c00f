// Per-app protocol, hosts, tls and allow lists: validation, with exact messages (the LB options:
// options-lb.spec.ts; what each emits: options-emit.spec.ts).
import * as assert from "assert";
import { RawStackConfig } from "../config";
import { backend, CIDR_PROBLEM as cidr, problemsOf } from "./configHelpers";

/** A DNS name of exactly `length` characters: 63-character labels, then a shorter one, ".example". */
const LONG_NAME = (length: number): string => {
    const labels: string[] = [];
    let left = length - ".example".length;
    while (left > 0) {
        const label = Math.min(63, left);
        labels.push("a".repeat(label));
        left -= label + 1; // the dot before the next label
    }
    const name = `${labels.join(".")}.example`;
    assert.equal(name.length, length);
    return name;
};

const A = "ncp-ingress:apps[0] (a)";
const cases: { title: string; raw: RawStackConfig; problems: string[] }[] = [
    {
        title: "HTTPS without a credential",
        raw: { apps: [{ name: "a", port: 30001, protocol: "HTTPS", backend }] },
        problems: [
            `${A} tls: HTTPS apps need tls: {credentialName: <kubernetes.io/tls Secret>}; the gateway terminates TLS with it`,
        ],
    },
    {
        title: "a malformed tls, once",
        raw: { apps: [{ name: "a", port: 30001, protocol: "HTTPS", tls: "cert", backend }] },
        problems: [
            `${A} tls: got "cert" (a string); expected {credentialName: <kubernetes.io/tls Secret in the gateway's namespace>}`,
        ],
    },
    {
        title: "TCP with hosts or tls",
        raw: {
            apps: [
                {
                    name: "a",
                    port: 30001,
                    protocol: "TCP",
                    hosts: ["a.example.com"],
                    tls: { credentialName: "x" },
                    backend,
                },
            ],
        },
        problems: [
            `${A} hosts: TCP has no host name to route on; give a TCP app its own port instead`,
            `${A} tls: a TCP app is passed through untouched; use protocol HTTPS to terminate TLS at the gateway`,
        ],
    },
    {
        title: "tls on an HTTP app without hosts",
        raw: { apps: [{ name: "a", port: 30001, tls: { credentialName: "x" }, backend }] },
        problems: [`${A} tls: is used by HTTPS apps and by hosts on 443; set protocol: HTTPS, or add hosts`],
    },
    {
        title: "an unknown protocol",
        raw: { apps: [{ name: "a", port: 30001, protocol: "UDP", backend }] },
        problems: [`${A} protocol: got "UDP" (a string); allowed: HTTP, HTTPS, TCP`],
    },
    {
        title: "malformed CIDRs",
        raw: { apps: [{ name: "a", port: 30001, allow: ["10.0.0.0", "300.1.1.1/8", "10.0.0.0/33", 5], backend }] },
        problems: [
            `${A} allow[0]: "10.0.0.0" ${cidr}`,
            `${A} allow[1]: "300.1.1.1/8" ${cidr}`,
            `${A} allow[2]: "10.0.0.0/33" ${cidr}`,
            `${A} allow[3]: got 5; expected a string`,
        ],
    },
    {
        title: "an empty allow list",
        raw: { apps: [{ name: "a", port: 30001, allow: [], backend }] },
        problems: [`${A} allow: an empty list would shut everyone out; leave allow out to admit everyone`],
    },
    {
        title: "malformed host names (a wildcard is fine)",
        raw: { apps: [{ name: "a", hosts: ["Grafana.Example.com", "localhost", "*.example.com"], backend }] },
        problems: [
            `${A} hosts[0]: "Grafana.Example.com" must be a lower-case DNS name with a domain, optionally starting with '*.' (e.g. grafana.example.com)`,
            `${A} hosts[1]: "localhost" must be a lower-case DNS name with a domain, optionally starting with '*.' (e.g. grafana.example.com)`,
        ],
    },
    {
        // The Gateway API CRD allows 253 characters for the whole hostname, "*." included.
        title: "a wildcard host of 255 characters ('*.' and a 253-character name), and 253 accepted",
        raw: {
            apps: [{ name: "a", hosts: [`*.${LONG_NAME(253)}`, `*.${LONG_NAME(251)}`, LONG_NAME(253)], backend }],
        },
        problems: [
            `${A} hosts[0]: "${`*.${LONG_NAME(253)}`.slice(0, 40)}…" is 255 characters long; at most 253 are allowed, '*.' included`,
        ],
    },
    {
        title: "an app with neither port nor hosts",
        raw: { apps: [{ name: "a", backend }] },
        problems: [
            `${A} port: got nothing; expected a load balancer port: an integer from 1 to 65534 (or hosts, to share 80/443)`,
        ],
    },
    {
        title: "two apps claiming one host",
        raw: {
            apps: [
                { name: "a", hosts: ["x.example.com"], backend },
                { name: "b", hosts: ["x.example.com"], backend },
            ],
        },
        problems: [
            `ncp-ingress:apps (b) hosts: "x.example.com" is already claimed by ncp-ingress:apps (a); one app per host name`,
        ],
    },
    {
        title: "names taken by a host route or reserved for the shared listeners",
        raw: {
            apps: [
                { name: "a", hosts: ["x.example.com"], backend },
                { name: "a-hosts", port: 30001, backend },
                { name: "hosts-http", port: 30002, backend },
            ],
        },
        problems: [
            `ncp-ingress:apps (a-hosts) name: "a-hosts" is the name of app a's host route; pick another name`,
            `ncp-ingress:apps (hosts-http) name: "hosts-http": names starting with "hosts-" are reserved for the shared host-name listeners`,
        ],
    },
];

describe("per-app and LB option validation", () => {
    for (const c of cases) {
        it(`refuses ${c.title}`, () => assert.deepStrictEqual(problemsOf(c.raw), c.problems));
    }
});
