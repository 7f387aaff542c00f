// NCP's rules for its load balancers, as the program uses them: value ranges, defaults, what only a
// network proxy LB (nplb) has. Each fact once, with its source; validation (components/config/), the
// schema's descriptions and docs/configuration.md's NCP table (`npm run schema`) read them from here.
// `evidence` says what in this project stands behind a fact: "rule-checked" when the e2e's stand-in
// for NCP (test/e2e/ncpRules.ts, written apart) refuses a Service that breaks it and
// test/ncpAgreement.spec.ts holds the program to it; "documentation only" when nothing runs it.
import { NCP_ANNOTATIONS, NcpAnnotation } from "./annotations";
import { PAGES, PROPERTY_TABLE, Source } from "./sources";

export interface NcpFact {
    /** The annotations (short keys) or Service fields the fact is about. */
    readonly about: readonly (NcpAnnotation | `spec.${string}`)[];
    /** The rule in a sentence, for docs/configuration.md. */
    readonly rule: string;
    readonly evidence: string;
    readonly source: Source;
}

const RULE_CHECKED = "rule-checked";
const DOCS_ONLY = "documentation only";
const createLb = (section: string): Source => ({ page: PAGES.createLoadBalancerInstance, section });
const createListener = (section: string): Source => ({ page: PAGES.createLoadBalancerListener, section });

export const LAYER_TYPES = ["nlb", "nplb"] as const;
export type LayerType = (typeof LAYER_TYPES)[number];

export const LAYER_TYPE = {
    values: LAYER_TYPES,
    /** What NCP makes when a Service has no layer-type annotation. */
    ncpDefault: "nplb" as LayerType,
    about: ["layer-type"],
    rule: "nlb or nplb, set when the LB is created; without the annotation NCP makes an nplb",
    evidence: RULE_CHECKED,
    source: {
        page: PAGES.nksGuide2024,
        section: `${PROPERTY_TABLE}, layer-type row ("Select one of the following values: nplb, nlb", "Default: nplb")`,
    },
} as const satisfies NcpFact & Record<string, unknown>;

/** Whose address the gateway sees: an nplb connects to the targets itself. */
export const CLIENT_IPS = {
    about: ["layer-type", "proxy-protocol"],
    rule: "an nlb passes client IPs through; an nplb connects to the targets itself, so they see the LB's address unless PROXY protocol carries the client's",
    evidence:
        "documentation only (our reading: proxy LBs forward to PROXY_TCP target groups, whose option PROXY protocol is)",
    source: {
        page: PAGES.changeTargetGroupConfiguration,
        section:
            'request query parameters, useProxyProtocol ("It can be set if the target group\'s protocol type is PROXY_TCP")',
    },
} as const satisfies NcpFact & Record<string, unknown>;

export const SIZES = {
    values: { nplb: ["SMALL", "MEDIUM", "LARGE", "XLARGE"], nlb: ["DYNAMIC"] } satisfies Record<
        LayerType,
        readonly string[]
    >,
    about: ["size"],
    rule: "SMALL, MEDIUM, LARGE, XLARGE on an nplb; DYNAMIC on an nlb",
    evidence: RULE_CHECKED,
    source: createLb(
        'request query parameters, throughputTypeCode ("Network Proxy Load Balancer: SMALL (default) | MEDIUM | LARGE | XLARGE", "Network Load Balancer: DYNAMIC (default)")',
    ),
} as const satisfies NcpFact & Record<string, unknown>;

export const IDLE_TIMEOUT_SECONDS = {
    min: 1,
    max: 3600,
    about: ["idle-timeout"],
    rule: "1–3600 seconds",
    evidence: RULE_CHECKED,
    source: createLb('request query parameters, idleTimeout ("1 - 3600 (default: 60)")'),
} as const satisfies NcpFact & Record<string, unknown>;

export const DESCRIPTION_MAX_BYTES = {
    max: 1000,
    about: ["description"],
    rule: "up to 1000 bytes in UTF-8 (a Korean character takes 3)",
    evidence: RULE_CHECKED,
    source: {
        page: PAGES.createLoadBalancerInstanceGov,
        section: 'request query parameters, loadBalancerDescription ("로드 밸런서에 대한 설명(Byte) 0~1,000")',
    },
} as const satisfies NcpFact & Record<string, unknown>;

export const TLS_MIN_VERSIONS = {
    values: ["TLSV10", "TLSV11", "TLSV12"],
    /** What NCP uses when the listener names none: TLS 1.0. */
    ncpDefault: "TLSV10",
    about: ["tls-min-version"],
    rule: "TLSV10, TLSV11 or TLSV12, on TLS listeners only; NCP's default is TLSV10",
    evidence: RULE_CHECKED,
    source: createListener('request query parameters, tlsMinVersionTypeCode ("TLSV10 (default) | TLSV11 | TLSV12")'),
} as const satisfies NcpFact & Record<string, unknown>;

/** What a network LB (nlb) does not have; `what` names it in a refusal. */
export const NPLB_ONLY = {
    idleTimeout: {
        what: "an idle timeout",
        about: ["idle-timeout"],
        rule: "an idle timeout is an nplb's only",
        evidence: RULE_CHECKED,
        source: createLb(
            'request query parameters, idleTimeout ("Can\'t be configured if the load balancer type is NETWORK")',
        ),
    },
    tls: {
        what: "TLS termination at the LB",
        about: ["ssl-certificate-no", "tls-ports", "tls-min-version"],
        rule: "TLS listeners are an nplb's only (an nlb's listeners are TCP or UDP)",
        evidence: RULE_CHECKED,
        source: createListener(
            'request query parameters, protocolTypeCode ("Network Load Balancer: TCP | UDP", "Network Proxy Load Balancer: TCP | TLS")',
        ),
    },
    proxyProtocol: {
        what: "PROXY protocol",
        about: ["proxy-protocol"],
        rule: "PROXY protocol is an nplb's only (a setting of PROXY_TCP target groups)",
        evidence: RULE_CHECKED,
        source: createListener(
            'request query parameters, targetGroupNo ("Network Load Balancer: TCP | UDP", "Network Proxy Load Balancer: PROXY_TCP")',
        ),
    },
} as const satisfies Record<string, NcpFact & { what: string }>;

export const TLS_NEEDS_CERTIFICATE = {
    about: ["ssl-certificate-no", "tls-ports"],
    rule: "a TLS listener needs an SSL certificate",
    evidence: RULE_CHECKED,
    source: createListener(
        'request query parameters, sslCertificateNo (Conditional: "리스너의 프로토콜 유형이 HTTPS 또는 TLS이면 SSL 인증서 설정 필수")',
    ),
} as const satisfies NcpFact & Record<string, unknown>;

export const PRIVATE_LB_HAS_NO_PUBLIC_IP = {
    about: ["internal", "retain-public-ip-on-termination", "spec.loadBalancerIP"],
    rule: "a private LB (internal) has no public IP to retain or reuse",
    evidence: "rule-checked for retain-public-ip-on-termination (inferred: a PRIVATE LB has no public IP)",
    source: createLb('request query parameters, loadBalancerNetworkTypeCode ("PUBLIC (default) | PRIVATE")'),
} as const satisfies NcpFact & Record<string, unknown>;

/** NCP load balancer listener ports; one listener per port. */
export const LB_PORTS = {
    min: 1,
    max: 65534,
    about: ["spec.ports"],
    rule: "listener ports 1–65534 (65535 is refused), one listener per port",
    evidence: RULE_CHECKED,
    source: createListener('request query parameters, port ("1 - 65534")'),
} as const satisfies NcpFact & Record<string, unknown>;

export const SUBNET_KIND = {
    about: ["subnet-id", "internal"],
    rule: "an LB-only subnet of the matching kind: public for a public LB, private for an internal one (default: the cluster's, lbSubnetNo of kube-system/ncloud-config); the program cannot tell them apart",
    evidence: DOCS_ONLY,
    source: { page: NCP_ANNOTATIONS["subnet-id"].page, section: NCP_ANNOTATIONS["subnet-id"].section },
} as const satisfies NcpFact & Record<string, unknown>;

/** Every fact, in the order docs/configuration.md lists them. */
export const NCP_FACTS: readonly NcpFact[] = [
    LAYER_TYPE,
    CLIENT_IPS,
    SIZES,
    IDLE_TIMEOUT_SECONDS,
    DESCRIPTION_MAX_BYTES,
    TLS_MIN_VERSIONS,
    ...Object.values(NPLB_ONLY),
    TLS_NEEDS_CERTIFICATE,
    PRIVATE_LB_HAS_NO_PUBLIC_IP,
    LB_PORTS,
    SUBNET_KIND,
];
