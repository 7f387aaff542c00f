// ncp-ingress:loadBalancer: the NCP load balancer in front of the gateway, as typed fields.
// Source for every annotation and combination: NCP Kubernetes Service guide, "Load Balancer instance
// integrations" (guide.ncloud-docs.com/docs/k8s-k8suse-loadbalancer) and "Load Balancer property
// settings examples" (guide.ncloud-docs.com/docs/k8s-k8sexamples-loadbalancer); value ranges from the
// load balancer API (createLoadBalancerInstance: throughput SMALL..XLARGE for proxy LBs, DYNAMIC for
// network LBs, idleTimeout 1-3600 s and not on network LBs; createLoadBalancerListener: TLS listeners
// only on network proxy LBs).
import { isIPv4 } from "net";
import { LayerType, LoadBalancerSettings } from "../model";
import { ANNOTATION_FIELDS } from "../specs/annotations";
import {
    annotationKeyProblem,
    cidrProblem,
    describe,
    Findings,
    integerProblem,
    isObject,
    oneOf,
    section,
    stringField,
    stringList,
} from "../validation";
import { LB_PORT_MAX, LB_PORT_MIN } from "../limits";

const KEY = "ncp-ingress:loadBalancer";
const FIELDS = [
    "layerType",
    "internal",
    "annotations",
    "addressTimeoutSeconds",
    "sourceRanges",
    "size",
    "subnetId",
    "proxyProtocol",
    "sslCertificateNo",
    "tlsPorts",
    "tlsMinVersion",
    "idleTimeoutSeconds",
    "description",
    "retainPublicIpOnTermination",
    "loadBalancerIP",
] as const;

export const LB_DEFAULTS = { layerType: "nlb" as LayerType, internal: false, addressTimeoutSeconds: 600 };
const SIZES: Record<LayerType, readonly string[]> = { nplb: ["SMALL", "MEDIUM", "LARGE", "XLARGE"], nlb: ["DYNAMIC"] };
const TLS_VERSIONS = ["TLSV10", "TLSV11", "TLSV12"] as const;

function bool(f: Findings, field: string, value: unknown, dflt: boolean): boolean {
    if (value === undefined) return dflt;
    if (typeof value === "boolean") return value;
    f.error(`${KEY}.${field}`, `got ${describe(value)}; expected true or false`);
    return dflt;
}

function optionalInteger(f: Findings, field: string, value: unknown, min: number, max: number, what: string) {
    if (value === undefined) return undefined;
    const problem = integerProblem(value, min, max, what);
    if (problem) f.error(`${KEY}.${field}`, problem);
    return problem ? undefined : (value as number);
}

function optionalString(f: Findings, field: string, value: unknown, check: (s: string) => string | undefined) {
    return value === undefined ? undefined : stringField(f, `${KEY}.${field}`, value, "", check);
}

export function parseLoadBalancer(f: Findings, value: unknown): LoadBalancerSettings {
    const o = section(f, KEY, value, FIELDS);
    const layerType = oneOf(f, `${KEY}.layerType`, o.layerType, ["nlb", "nplb"] as const, LB_DEFAULTS.layerType);
    const internal = bool(f, "internal", o.internal, LB_DEFAULTS.internal);
    const addressTimeoutSeconds =
        optionalInteger(f, "addressTimeoutSeconds", o.addressTimeoutSeconds, 1, 86400, "seconds") ??
        LB_DEFAULTS.addressTimeoutSeconds;
    const sourceRanges = stringList(f, `${KEY}.sourceRanges`, o.sourceRanges, cidrProblem);
    const size = optionalString(f, "size", o.size, (s) =>
        SIZES[layerType].includes(s)
            ? undefined
            : `is not a size for ${layerType}; allowed: ${SIZES[layerType].join(", ")}`,
    );
    const subnetId = optionalString(f, "subnetId", o.subnetId, (s) =>
        /^\d+$/.test(s) ? undefined : 'must be an NCP subnet number such as "452772" (quote it)',
    );
    const proxyProtocol = bool(f, "proxyProtocol", o.proxyProtocol, false);
    const sslCertificateNo = optionalString(f, "sslCertificateNo", o.sslCertificateNo, (s) =>
        /^\d+$/.test(s) ? undefined : "must be an NCP Certificate Manager certificate number (quote it)",
    );
    const tlsPorts = parsePorts(f, o.tlsPorts);
    const tlsMinVersion =
        o.tlsMinVersion === undefined
            ? undefined
            : oneOf(f, `${KEY}.tlsMinVersion`, o.tlsMinVersion, TLS_VERSIONS, "TLSV12");
    const idleTimeoutSeconds = optionalInteger(f, "idleTimeoutSeconds", o.idleTimeoutSeconds, 1, 3600, "seconds");
    // NCP: loadBalancerDescription "(Byte) 0~1,000" (api-gov.ncloud-docs.com/docs/networking-vloadbalancer-loadbalancer-createloadbalancerinstance).
    const description = optionalString(f, "description", o.description, (s) => {
        const bytes = Buffer.byteLength(s, "utf8");
        return bytes <= 1000 ? undefined : `is ${bytes} bytes long (UTF-8); NCP allows at most 1000 bytes`;
    });
    const retainPublicIpOnTermination = bool(f, "retainPublicIpOnTermination", o.retainPublicIpOnTermination, false);
    const loadBalancerIP = optionalString(f, "loadBalancerIP", o.loadBalancerIP, (s) =>
        isIPv4(s) ? undefined : "must be an IPv4 address",
    );
    const annotations = parseAnnotations(f, o.annotations);

    // Combinations NCP refuses.
    const nplbOnly = (field: string, set: boolean, why: string) => {
        if (set && layerType === "nlb")
            f.error(`${KEY}.${field}`, `${why} needs layerType "nplb"; a network LB (nlb) has none`);
    };
    nplbOnly("idleTimeoutSeconds", idleTimeoutSeconds !== undefined, "an idle timeout");
    nplbOnly("sslCertificateNo", sslCertificateNo !== undefined || tlsPorts.length > 0, "TLS termination at the LB");
    nplbOnly("proxyProtocol", proxyProtocol, "PROXY protocol");
    if ((sslCertificateNo === undefined) !== (tlsPorts.length === 0)) {
        f.error(
            `${KEY}.tlsPorts`,
            "sslCertificateNo and tlsPorts go together: the certificate is served on those ports",
        );
    }
    if (tlsMinVersion !== undefined && sslCertificateNo === undefined) {
        f.error(`${KEY}.tlsMinVersion`, "applies to TLS listeners only; set sslCertificateNo and tlsPorts");
    }
    if (retainPublicIpOnTermination && internal) {
        f.error(`${KEY}.retainPublicIpOnTermination`, "keeps a public IP; a private LB (internal: true) has none");
    }
    if (loadBalancerIP !== undefined && internal) {
        f.error(`${KEY}.loadBalancerIP`, "names a public IP to reuse; a private LB (internal: true) takes none");
    }
    const settings: LoadBalancerSettings = {
        layerType,
        internal,
        annotations,
        addressTimeoutSeconds,
        sourceRanges,
        size,
        subnetId,
        proxyProtocol,
        sslCertificateNo,
        tlsPorts,
        tlsMinVersion,
        idleTimeoutSeconds,
        description,
        retainPublicIpOnTermination,
        loadBalancerIP,
    };
    // Optional fields that are not set are left out, not present as undefined.
    return Object.fromEntries(
        Object.entries(settings).filter(([, v]) => v !== undefined),
    ) as unknown as LoadBalancerSettings;
}

function parsePorts(f: Findings, value: unknown): number[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
        f.error(`${KEY}.tlsPorts`, `got ${describe(value)}; expected a list of ports`);
        return [];
    }
    return value.flatMap((p, i) => {
        const problem = integerProblem(p, LB_PORT_MIN, LB_PORT_MAX, "a load balancer port");
        if (problem) f.error(`${KEY}.tlsPorts[${i}]`, problem);
        return problem ? [] : [p as number];
    });
}

function parseAnnotations(f: Findings, value: unknown): Record<string, string> {
    if (value === undefined) return {};
    if (!isObject(value)) {
        f.error(`${KEY}.annotations`, `got ${describe(value)}; expected a map of strings`);
        return {};
    }
    const annotations: [string, string][] = [];
    for (const [key, v] of Object.entries(value)) {
        const where = `${KEY}.annotations["${key}"]`;
        const typed = ANNOTATION_FIELDS.get(key);
        const keyProblem = annotationKeyProblem(key);
        if (keyProblem) f.error(where, keyProblem);
        else if (typeof v !== "string")
            f.error(where, `got ${describe(v)}; annotation values must be strings (quote them)`);
        else if (typed) f.error(where, `is set by ${KEY}.${typed}; set it there`);
        else annotations.push([key, v]);
    }
    // Own properties only: a key such as "__proto__" never reaches an object's prototype.
    return Object.fromEntries(annotations);
}
