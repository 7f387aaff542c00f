// Ours, not upstream: the vocabulary of the e2e LB stand-in's table of NCP's annotation rules
// (ncpRules.ts, which re-exports what its users need from here): the annotation prefix and the keys
// NCP's VPC controller knows, the documentation pages the rules cite, the shape of a rule, and the
// helpers the rules are written with. Like ncpRules.ts it imports nothing, and is written from NCP's
// documentation only. What of that documentation could and could not be read:
//   - The NKS guide "Load Balancer instance integrations" (k8s-k8suse-loadbalancer): only its
//     beginning was readable — the two layer types (nplb, nlb), the first row of the "Configure
//     instance properties" table (layer-type, "Default: nplb", 2024-01-25 snapshot) and the start of
//     the second row (the size annotation). The rest of that table (values, defaults and remarks for
//     internal, subnet-id, proxy-protocol, ssl-certificate-no, tls-ports, tls-min-version,
//     idle-timeout, description, retain-public-ip-on-termination) could NOT be read.
//   - So the value rules (ncpRules.ts) rest on the VPC Load Balancer API reference (api.ncloud-docs.com,
//     networking-vloadbalancer-*), which NCP's controller has to call: createLoadBalancerInstance,
//     createLoadBalancerListener, changeTargetGroupConfiguration. That each annotation maps onto the
//     API parameter named in its rule is our reading (by name), not something the guide said.
// The rules compare value codes exactly (the API lists them in upper case, the layer types in lower
// case); whether NCP's controller folds case could not be read.

/** The prefix of NCP's load balancer annotations. */
export const NCP_ANNOTATION_PREFIX = "service.beta.kubernetes.io/ncloud-load-balancer-";

/** NCP's NKS guide, "Load Balancer instance integrations" (as now published). */
export const GUIDE = "https://guide.ncloud-docs.com/docs/en/k8s-k8suse-loadbalancer";
/** The same guide as of 2024-01-25 (its "Enable instance property" table). */
export const GUIDE_2024 = "https://guide.ncloud-docs.com/release-20240125/docs/en/k8s-k8suse-loadbalancer";
/** The NKS load balancer examples as of 2023-11-23. */
export const EXAMPLES_2023 = "https://guide.ncloud-docs.com/release-20231123/docs/en/k8s-k8sexamples-loadbalancer";
/** The Classic NKS guide (annotations that are not in the VPC set). */
export const CLASSIC_GUIDE = "https://guide.ncloud-docs.com/docs/en/nks-nks-1-8";
/** The VPC Load Balancer API reference's pages, by this prefix. */
const API = "https://api.ncloud-docs.com/docs/en/networking-vloadbalancer-";
/** createLoadBalancerInstance (and its Korean government-cloud page). */
export const CREATE_LB = `${API}loadbalancer-createloadbalancerinstance`;
export const CREATE_LB_GOV =
    "https://api-gov.ncloud-docs.com/docs/networking-vloadbalancer-loadbalancer-createloadbalancerinstance";
/** createLoadBalancerListener. */
export const CREATE_LISTENER = `${API}loadbalancer-createloadbalancerlistener`;
/** changeTargetGroupConfiguration. */
export const CHANGE_TARGET_GROUP = `${API}targetgroup-changetargetgroupconfiguration`;

/**
 * The annotation keys (after the prefix) that NCP's VPC controller knows. Documentation read for:
 * layer-type (GUIDE_2024, "Configure instance properties", row 1), size (same table, row 2, whose
 * key was readable but not its cells), subnet-id (EXAMPLES_2023, "Example of selecting a dedicated
 * subnet where instances will be created"). For the others the guide's table could not be read;
 * they are listed as the NKS guide's annotation set as known to this project, and each has an
 * API parameter it configures (see the rules in ncpRules.ts). Older Classic-only keys (backend-protocol,
 * ssl-cert, ssl-ports, termination-protection, inbound-source; CLASSIC_GUIDE "Using load
 * balancers") are NOT in the VPC set and count as unknown here.
 */
export const NCP_KNOWN_KEYS: readonly string[] = [
    "layer-type",
    "internal",
    "size",
    "subnet-id",
    "proxy-protocol",
    "ssl-certificate-no",
    "tls-ports",
    "tls-min-version",
    "idle-timeout",
    "description",
    "retain-public-ip-on-termination",
];

/** The layer types NCP creates: network proxy (nplb) and network (nlb). */
export type NcpLayer = "nplb" | "nlb";

/** What a rule looks at: the Service's annotations and ports, and its layer type (undefined if invalid). */
export interface NcpService {
    readonly annotations: Readonly<Record<string, string>>;
    readonly ports: readonly { readonly port: number }[];
    readonly layer: NcpLayer | undefined;
}

/** One rule of the table (ncpRules.ts). */
export interface NcpRule {
    /** A short stable name, prefixed to each refusal it gives. */
    readonly id: string;
    /** The annotation the rule is about (full key; `spec.ports[].port` for the port rule). */
    readonly annotation: string;
    /** The refusals for this Service (empty: the rule is satisfied), each naming the annotation and the rule. */
    readonly check: (svc: NcpService) => string[];
    /** Where the rule comes from: URL and section, and what backs it where the guide could not be read. */
    readonly source: string;
}

/** The full annotation key of a short one (after the prefix). */
export const key = (short: string): string => NCP_ANNOTATION_PREFIX + short;
/** The Service's value of annotation `short`; undefined when not set. */
export const get = (svc: NcpService, short: string): string | undefined => svc.annotations[key(short)];
/** Whether the Service sets annotation `short`. */
export const has = (svc: NcpService, short: string): boolean => get(svc, short) !== undefined;
/** `<full key>: "<value>"`, for refusal messages. */
export const show = (short: string, value: string): string => `${key(short)}: ${JSON.stringify(value)}`;

/** A rule that the annotation, when set, may not be used on a network load balancer (nlb). */
export function notOnNlb(short: string, why: string, source: string): NcpRule {
    return {
        id: `${short}-on-nlb`,
        annotation: key(short),
        check: (svc) =>
            svc.layer === "nlb" && has(svc, short)
                ? [`${show(short, get(svc, short)!)} is not allowed on a network load balancer (nlb): ${why}`]
                : [],
        source,
    };
}
