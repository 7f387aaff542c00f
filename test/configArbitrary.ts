// Stack configs a user might write, for property tests (fast-check): every mode, app kind and
// option, biased towards valid ones and towards the edges (253-character host names, wildcard
// hosts, IPv6 ranges, many apps). Filter with problemsOf(config) to keep those the program accepts.
import fc from "fast-check";

const label = fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/);

/** A DNS name of exactly `length` characters (labels of at most 63), under `.example`. */
export function dnsNameOfLength(length: number): string {
    const labels: string[] = [];
    let left = length - ".example".length;
    while (left > 0) {
        const size = Math.min(63, left);
        labels.push("a".repeat(size));
        left -= size + 1;
    }
    return `${labels.join(".")}.example`;
}

const host = fc.oneof(
    { arbitrary: fc.tuple(label, label).map(([a, b]) => `${a}.${b}.example`), weight: 4 },
    { arbitrary: fc.tuple(label, label).map(([a, b]) => `*.${a}.${b}.example`), weight: 2 },
    { arbitrary: fc.integer({ min: 240, max: 253 }).map(dnsNameOfLength), weight: 1 },
    { arbitrary: fc.integer({ min: 240, max: 251 }).map((n) => `*.${dnsNameOfLength(n)}`), weight: 1 },
);

const cidr = fc.oneof(
    fc
        .tuple(fc.integer({ min: 1, max: 223 }), fc.integer({ min: 8, max: 32 }))
        .map(([a, bits]) => `${a}.0.0.0/${bits}`),
    fc.constantFrom("2001:db8::/32", "fd00::/8", "0.0.0.0/0"),
);

const app = fc.record(
    {
        name: label,
        port: fc.integer({ min: 30000, max: 30999 }),
        protocol: fc.constantFrom("HTTP", "HTTP", "HTTPS", "TCP"),
        hosts: fc.array(host, { maxLength: 3 }),
        allow: fc.array(cidr, { minLength: 1, maxLength: 2 }),
        backend: fc.record({
            host: fc.tuple(label, label).map(([svc, ns]) => `${svc}.${ns}.svc.cluster.local`),
            port: fc.integer({ min: 1, max: 65535 }),
        }),
    },
    { requiredKeys: ["name", "backend"] },
);

/** An app as written, made consistent: HTTPS gets a certificate, TCP no hosts, each a port or hosts. */
const consistentApp = app.map((a) => {
    const out: Record<string, unknown> = { ...a };
    if (a.protocol === "HTTPS") out.tls = { credentialName: `${a.name}-cert` };
    if (a.protocol === "TCP") delete out.hosts;
    if (a.hosts?.some((h) => h.startsWith("*."))) delete out.allow; // an allow list cannot cover a wildcard host
    if (out.port === undefined && !(a.hosts?.length && a.protocol !== "TCP")) out.port = 30000 + a.name.length;
    return out;
});

/** A whole stack config (keys without "ncp-ingress:"), as Pulumi.<stack>.yaml would hold it. */
export const stackConfigArbitrary = fc.record({
    istio: fc.oneof(
        fc.constant({ install: "helm" }),
        fc.constant({ install: "operator" }),
        fc.constant({ install: "none" }),
    ),
    routing: fc.constantFrom("istio", "istio", "gateway-api"),
    loadBalancer: fc.oneof(
        fc.constant({ layerType: "nlb", internal: false }),
        fc.constant({ layerType: "nlb", internal: true }),
        fc.constant({ layerType: "nplb", proxyProtocol: true }),
    ),
    apps: fc.uniqueArray(consistentApp, { minLength: 1, maxLength: 6, selector: (a) => a.name as string }),
    demo: fc.boolean(),
});
