// Ours, not upstream: NCP's rules for the service.beta.kubernetes.io/ncloud-load-balancer-*
// annotations of a Service of type LoadBalancer, as a table, for the end-to-end cluster's stand-in
// for NCP's cloud controller (lbController.ts): a Service that breaks one gets no load balancer.
//
// Written from NCP's documentation only, and on purpose independent of the program: this file
// imports only ncpAnnotations.ts (the prefix, keys, cited pages and helpers), which imports nothing
// (not components/config/*, not components/specs/annotations.ts; the rules use only node's global
// Buffer), so a test can hold the program's own validation against it. Each rule names in `source`
// the page and section it comes from; what could and could not be read is atop ncpAnnotations.ts.
import {
    CHANGE_TARGET_GROUP,
    CLASSIC_GUIDE,
    CREATE_LB,
    CREATE_LB_GOV,
    CREATE_LISTENER,
    EXAMPLES_2023,
    get,
    GUIDE,
    GUIDE_2024,
    has,
    key,
    NCP_ANNOTATION_PREFIX,
    NCP_KNOWN_KEYS,
    NcpLayer,
    NcpRule,
    NcpService,
    notOnNlb,
    show,
} from "./ncpAnnotations";

export { NCP_ANNOTATION_PREFIX, NCP_KNOWN_KEYS };
export type { NcpLayer, NcpRule, NcpService };

const NPLB_SIZES = ["SMALL", "MEDIUM", "LARGE", "XLARGE"];
const NLB_SIZES = ["DYNAMIC"];
const TLS_VERSIONS = ["TLSV10", "TLSV11", "TLSV12"];

/** Every rule, in the order their refusals are listed. */
export const NCP_RULES: readonly NcpRule[] = [
    {
        id: "unknown-annotation",
        annotation: `${NCP_ANNOTATION_PREFIX}*`,
        check: (svc) =>
            Object.keys(svc.annotations)
                .filter((k) => k.startsWith(NCP_ANNOTATION_PREFIX))
                .filter((k) => !NCP_KNOWN_KEYS.includes(k.slice(NCP_ANNOTATION_PREFIX.length)))
                .map(
                    (k) =>
                        `${k} is not an NCP load balancer annotation (known: ${NCP_KNOWN_KEYS.join(", ")}); ` +
                        `a misspelt key would otherwise be ignored silently`,
                ),
        // Stricter than a real controller probably is (unknown keys are likely just ignored there);
        // the stand-in refuses them so that a typo shows.
        source:
            `${GUIDE_2024}, "Enable instance property" table (now "Configure instance properties"; layer-type and size rows); ` +
            `${EXAMPLES_2023}, "Example of selecting a dedicated subnet where instances will be created" (subnet-id); ` +
            `the rest of the guide's table could not be read (see NCP_KNOWN_KEYS)`,
    },
    {
        id: "layer-type",
        annotation: key("layer-type"),
        check: (svc) => {
            const v = get(svc, "layer-type");
            return v === undefined || v === "nplb" || v === "nlb"
                ? []
                : [
                      `${show("layer-type", v)} is not a layer type: NCP creates "nplb" (network proxy) or "nlb" (network)`,
                  ];
        },
        source:
            `${GUIDE}, "Create an instance" (set layer-type to either nplb or nlb); ` +
            `${GUIDE_2024}, "Enable instance property" table (now "Configure instance properties"), first row ("Select one of the following values: nplb, nlb", "Default: nplb")`,
    },
    {
        id: "size-nplb",
        annotation: key("size"),
        check: (svc) => {
            const v = get(svc, "size");
            return svc.layer === "nplb" && v !== undefined && !NPLB_SIZES.includes(v)
                ? [
                      `${show("size", v)} is not a size of a network proxy load balancer (nplb${has(svc, "layer-type") ? "" : ", the default layer type"}): ` +
                          `one of ${NPLB_SIZES.join(", ")}`,
                  ]
                : [];
        },
        source:
            `${CREATE_LB}, request query parameters, throughputTypeCode ` +
            `("Application, Network Proxy Load Balancer: SMALL (default) | MEDIUM | LARGE | XLARGE"); same in ${CREATE_LB_GOV}`,
    },
    {
        id: "size-nlb",
        annotation: key("size"),
        check: (svc) => {
            const v = get(svc, "size");
            return svc.layer === "nlb" && v !== undefined && !NLB_SIZES.includes(v)
                ? [`${show("size", v)} is not a size of a network load balancer (nlb): only ${NLB_SIZES.join(", ")}`]
                : [];
        },
        source: `${CREATE_LB}, request query parameters, throughputTypeCode ("Network Load Balancer: DYNAMIC (default)")`,
    },
    {
        id: "idle-timeout-range",
        annotation: key("idle-timeout"),
        check: (svc) => {
            const v = get(svc, "idle-timeout");
            if (svc.layer !== "nplb" || v === undefined) return [];
            const n = /^[0-9]+$/.test(v) ? Number(v) : NaN;
            return n >= 1 && n <= 3600
                ? []
                : [`${show("idle-timeout", v)} is not an idle timeout: a whole number of seconds from 1 to 3600`];
        },
        source:
            `${CREATE_LB}, request query parameters, idleTimeout (Integer, "1 - 3600 (default: 60)"); ` +
            `${CREATE_LB_GOV}, idleTimeout ("1~3,600")`,
    },
    notOnNlb(
        "idle-timeout",
        "NCP's idle timeout cannot be set on a NETWORK load balancer",
        `${CREATE_LB}, request query parameters, idleTimeout ("Can't be configured if the load balancer type is NETWORK"); ` +
            `${CREATE_LB_GOV}, idleTimeout ("로드 밸런서의 유형이 NETWORK이면 설정 불가")`,
    ),
    {
        id: "description-bytes",
        annotation: key("description"),
        check: (svc) => {
            const v = get(svc, "description");
            const bytes = v === undefined ? 0 : Buffer.byteLength(v, "utf8");
            return bytes > 1000
                ? [`${key("description")} is ${bytes} bytes long in UTF-8: NCP allows at most 1,000 bytes`]
                : [];
        },
        source:
            `${CREATE_LB_GOV}, request query parameters, loadBalancerDescription ("로드 밸런서에 대한 설명(Byte) 0~1,000"); ` +
            `same in the JA page of ${CREATE_LB} ("ロードバランサの説明(Byte) 0~1,000")`,
    },
    notOnNlb(
        "proxy-protocol",
        "a network load balancer forwards to TCP/UDP target groups, and PROXY protocol is a setting of PROXY_TCP target groups (network proxy only)",
        `${CREATE_LISTENER}, request query parameters, targetGroupNo (target groups by LB type: ` +
            `"Network Load Balancer: TCP | UDP", "Network Proxy Load Balancer: PROXY_TCP"); ` +
            `${CHANGE_TARGET_GROUP}, useProxyProtocol ("It can be set if the target group's protocol type is PROXY_TCP")`,
    ),
    notOnNlb(
        "ssl-certificate-no",
        "a network load balancer has no TLS listeners (its listeners are TCP or UDP)",
        `${CREATE_LISTENER}, request query parameters, protocolTypeCode ("Network Load Balancer: TCP | UDP", ` +
            `"Network Proxy Load Balancer: TCP | TLS") and sslCertificateNo (for HTTPS or TLS listeners)`,
    ),
    notOnNlb(
        "tls-ports",
        "a network load balancer has no TLS listeners (its listeners are TCP or UDP)",
        `${CREATE_LISTENER}, request query parameters, protocolTypeCode ("Network Load Balancer: TCP | UDP", ` +
            `"Network Proxy Load Balancer: TCP | TLS")`,
    ),
    notOnNlb(
        "tls-min-version",
        "a network load balancer has no TLS listeners (its listeners are TCP or UDP)",
        `${CREATE_LISTENER}, request query parameters, protocolTypeCode ("Network Load Balancer: TCP | UDP") and ` +
            `tlsMinVersionTypeCode (settable only for HTTPS or TLS listeners)`,
    ),
    {
        id: "tls-min-version-value",
        annotation: key("tls-min-version"),
        check: (svc) => {
            const v = get(svc, "tls-min-version");
            return svc.layer === "nplb" && v !== undefined && !TLS_VERSIONS.includes(v)
                ? [`${show("tls-min-version", v)} is not a TLS minimum version: one of ${TLS_VERSIONS.join(", ")}`]
                : [];
        },
        source:
            `${CREATE_LISTENER}, request query parameters, tlsMinVersionTypeCode ("TLSV10 (default) | TLSV11 | TLSV12"); ` +
            `https://api.ncloud-docs.com/docs/en/common-vapidatatype-loadbalancerlistener, tlsMinVersionType`,
    },
    {
        id: "tls-ports-without-certificate",
        annotation: key("tls-ports"),
        check: (svc) =>
            svc.layer === "nplb" && has(svc, "tls-ports") && !has(svc, "ssl-certificate-no")
                ? [
                      `${show("tls-ports", get(svc, "tls-ports")!)} without ${key("ssl-certificate-no")}: ` +
                          `a TLS listener needs an SSL certificate`,
                  ]
                : [],
        source:
            `${CREATE_LISTENER}, request query parameters, sslCertificateNo (Conditional: ` +
            `"리스너의 프로토콜 유형이 HTTPS 또는 TLS이면 SSL 인증서 설정 필수" — required for HTTPS or TLS listeners)`,
    },
    {
        id: "internal-boolean",
        annotation: key("internal"),
        check: (svc) => {
            const v = get(svc, "internal");
            return v === undefined || v === "true" || v === "false"
                ? []
                : [`${show("internal", v)} is not "true" or "false"`];
        },
        // The VPC guide's row for `internal` could not be read. What backs the rule: the API has
        // exactly two network types (PUBLIC, PRIVATE), so the annotation is a yes/no; the Classic
        // NKS guide documents the same annotation as true/false ("Default is false").
        source:
            `${CREATE_LB}, request query parameters, loadBalancerNetworkTypeCode ("PUBLIC (default) | PRIVATE"); ` +
            `${CLASSIC_GUIDE}, "Using load balancers" (internal: true/false, Classic NKS); VPC guide row not readable`,
    },
    {
        id: "retain-public-ip-on-internal",
        annotation: key("retain-public-ip-on-termination"),
        check: (svc) =>
            get(svc, "retain-public-ip-on-termination") === "true" && get(svc, "internal") === "true"
                ? [
                      `${show("retain-public-ip-on-termination", "true")} with ${show("internal", "true")}: ` +
                          `a private (internal) load balancer has no public IP to retain`,
                  ]
                : [],
        // The guide's row for retain-public-ip-on-termination could not be read. What backs the rule
        // is only the API's network types: a PRIVATE load balancer is the one without a public IP
        // (the public IP is per LB subnet, LoadBalancerSubnet.publicIpInstanceNo). An inference.
        source:
            `${CREATE_LB}, request query parameters, loadBalancerNetworkTypeCode ("PUBLIC (default) | PRIVATE"); ` +
            `https://api.ncloud-docs.com/docs/common-vapidatatype-loadbalancersubnet (publicIpInstanceNo); ` +
            `inferred, the guide's row for this annotation could not be read`,
    },
    {
        id: "port-range",
        annotation: "spec.ports[].port",
        check: (svc) =>
            svc.ports
                .filter((p) => !(Number.isInteger(p.port) && p.port >= 1 && p.port <= 65534))
                .map((p) => `Service port ${p.port} is outside NCP's listener port range 1-65534`),
        source: `${CREATE_LISTENER}, request query parameters, port ("1 - 65534")`,
    },
];

/** The layer type NCP would create: the annotation's, nplb when it is absent, undefined when invalid. */
export function ncpLayer(annotations: Readonly<Record<string, string>>): NcpLayer | undefined {
    const v = annotations[key("layer-type")];
    // GUIDE_2024, "Enable instance property" table, first row: "Default: nplb".
    if (v === undefined) return "nplb";
    return v === "nplb" || v === "nlb" ? v : undefined;
}

/**
 * Why NCP would refuse to make a load balancer for a Service with these annotations and ports:
 * one line per broken rule, `<rule id>: <what is wrong>`; empty when it would make one. Annotations
 * other than NCP's are ignored. Pure: no I/O, no state.
 */
export function ncpRefusals(annotations: Record<string, string>, ports: { port: number }[]): string[] {
    const svc: NcpService = { annotations, ports, layer: ncpLayer(annotations) };
    return NCP_RULES.flatMap((rule) => rule.check(svc).map((problem) => `${rule.id}: ${problem}`));
}
