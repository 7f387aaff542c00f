// ncp-ingress:loadBalancer in the schema: each field's type, range, default and meaning. Every field
// but a few Service fields is one of NCP's annotations, its values and ranges NCP's (components/ncp/,
// each with its source). Which fields go together is rules/loadBalancer.ts's and rules/tls.ts's.
import { isIPv4 } from "net";
import { z } from "zod";
import { ANNOTATION_FIELDS, NS } from "../names";
import {
    DESCRIPTION_MAX_BYTES,
    IDLE_TIMEOUT_SECONDS,
    LAYER_TYPE,
    LB_PORTS,
    SIZES,
    TLS_MIN_VERSIONS,
} from "../ncp/rules";
import { cidr, documented, expecting, integer, IPV4, ncpNumber, text } from "./fields";
import { describe } from "./problems";
import { annotationKeyProblem } from "./values";

const annotationKey = z.string().superRefine((key, ctx) => {
    const typed = ANNOTATION_FIELDS.get(key);
    const problem = annotationKeyProblem(key) ?? (typed && `is set by ${NS}:loadBalancer.${typed}; set it there`);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});
const annotationValue = z.string({
    error: (iss) => `got ${describe(iss.input)}; annotation values must be strings (quote them)`,
});
const annotations = z.preprocess(
    // JSON.parse makes "__proto__" an own key, which z.record would skip without a word.
    (value, ctx) => {
        if (value && typeof value === "object" && Object.hasOwn(value, "__proto__"))
            ctx.addIssue({ code: "custom", path: ["__proto__"], message: annotationKeyProblem("__proto__")! });
        return value;
    },
    z.record(annotationKey, annotationValue, { error: expecting("a map of strings") }),
);
const description = text((s) => {
    const bytes = Buffer.byteLength(s, "utf8");
    const max = DESCRIPTION_MAX_BYTES.max;
    return bytes <= max ? undefined : `is ${bytes} bytes long (UTF-8); NCP allows at most ${max} bytes`;
});
const A = "(annotation …/ncloud-load-balancer-";
/** "a, b or c" */
const oneOf = (values: readonly string[]) =>
    values.length > 1 ? `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}` : values.join("");
/** The fields of ncp-ingress:loadBalancer, each documented. */
export const loadBalancer = documented(
    {
        layerType: z.enum(LAYER_TYPE.values).default("nlb"),
        internal: z.boolean().default(false),
        annotations: annotations.prefault({}),
        addressTimeoutSeconds: integer(1, 86400, "seconds").default(600),
        sourceRanges: z.array(cidr).default([]),
        size: z.enum([...SIZES.values.nplb, ...SIZES.values.nlb]).optional(),
        subnetId: ncpNumber('an NCP subnet number such as "452772"', "NCP subnet number").optional(),
        proxyProtocol: z.boolean().default(false),
        sslCertificateNo: ncpNumber(
            "an NCP Certificate Manager certificate number",
            "NCP certificate number",
        ).optional(),
        tlsPorts: z.array(integer(LB_PORTS.min, LB_PORTS.max, "a load balancer port")).default([]),
        tlsMinVersion: z.enum(TLS_MIN_VERSIONS.values).optional(),
        idleTimeoutSeconds: integer(IDLE_TIMEOUT_SECONDS.min, IDLE_TIMEOUT_SECONDS.max, "seconds").optional(),
        description: description.meta({ title: "text" }).optional(),
        retainPublicIpOnTermination: z.boolean().default(false),
        loadBalancerIP: text((s) => (isIPv4(s) ? undefined : "must be an IPv4 address"))
            .meta(IPV4)
            .optional(),
    },
    {
        layerType:
            `nlb, a network LB (passes client IPs through), or nplb, a network proxy LB ${A}layer-type); fixed once created. ` +
            `Install none with Istio routing writes no annotation: the existing Service's own decides (none: ${LAYER_TYPE.ncpDefault}, NCP's default).`,
        internal: `true: a private LB, reachable from the VPC only ${A}internal).`,
        annotations:
            'Further Service annotations, merged last, e.g. {"example.com/team": "platform"}; not those a typed field sets.',
        addressTimeoutSeconds:
            "How long `pulumi up` waits for the install and for the LB address (see docs/troubleshooting.md).",
        sourceRanges:
            "Written as the Service's loadBalancerSourceRanges, e.g. [203.0.113.0/24]; no NCP guide says NKS honours it " +
            "(preview warns): keep clients out with the apps' allow lists.",
        size: `Throughput: ${oneOf(SIZES.values.nplb)} on an nplb, ${oneOf(SIZES.values.nlb)} on an nlb ${A}size).`,
        subnetId: `An LB-only subnet, e.g. 452772, instead of the cluster's (lbSubnetNo of kube-system/ncloud-config) ${A}subnet-id).`,
        proxyProtocol: `nplb only: the LB sends PROXY protocol headers; the gateway is set to read them ${A}proxy-protocol).`,
        sslCertificateNo: `nplb only: the NCP Certificate Manager certificate for TLS on tlsPorts ${A}ssl-certificate-no).`,
        tlsPorts: `Where the nplb terminates TLS: 80, or an HTTP or TCP app's port, where the gateway expects plain traffic ${A}tls-ports).`,
        tlsMinVersion: `Minimum TLS version of those listeners ${A}tls-min-version).`,
        idleTimeoutSeconds: `nplb only: idle connection timeout ${A}idle-timeout).`,
        description: `At most ${DESCRIPTION_MAX_BYTES.max} bytes in UTF-8, as NCP counts them: a Korean character takes 3 ${A}description).`,
        retainPublicIpOnTermination: `Public LBs only: keep the IP after the LB, to reuse it with loadBalancerIP ${A}retain-public-ip-on-termination).`,
        loadBalancerIP: "Public LBs only: a (retained) public IP for the LB (Service loadBalancerIP).",
    },
);
