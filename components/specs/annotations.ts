// NCP load balancer annotations for the ingress gateway Service.
// Source: NCP Kubernetes Service guide, "Load Balancer instance integration"
// (guide.ncloud-docs.com/docs/k8s-k8suse-loadbalancer): layer type nlb | nplb, fixed once created.
import { LoadBalancerSettings } from "../model";

export const NCP_ANNOTATION_PREFIX = "service.beta.kubernetes.io/ncloud-load-balancer-";
const a = (name: string) => `${NCP_ANNOTATION_PREFIX}${name}`;
export const LAYER_TYPE_ANNOTATION = a("layer-type");
export const INTERNAL_ANNOTATION = a("internal");

/**
 * Annotation -> the typed loadBalancer field that sets it (raw annotations may not). A Map, so that
 * an annotation key such as "toString" is looked up as a key, not found on Object.prototype.
 */
export const ANNOTATION_FIELDS: ReadonlyMap<string, string> = new Map([
    [LAYER_TYPE_ANNOTATION, "layerType"],
    [INTERNAL_ANNOTATION, "internal"],
    [a("size"), "size"],
    [a("subnet-id"), "subnetId"],
    [a("proxy-protocol"), "proxyProtocol"],
    [a("ssl-certificate-no"), "sslCertificateNo"],
    [a("tls-ports"), "tlsPorts"],
    [a("tls-min-version"), "tlsMinVersion"],
    [a("idle-timeout"), "idleTimeoutSeconds"],
    [a("description"), "description"],
    [a("retain-public-ip-on-termination"), "retainPublicIpOnTermination"],
]);

/**
 * The TLS floor written when the LB terminates TLS and the stack names none. The listener's minimum
 * version is optional in NCP's API (createLoadBalancerListener, tlsMinVersionTypeCode: TLSV10 |
 * TLSV11 | TLSV12, api.ncloud-docs.com/docs/en/networking-vloadbalancer-loadbalancer-createloadbalancerlistener),
 * so unset it is NCP's choice, which admits TLS 1.0; TLS 1.0 and 1.1 are deprecated (RFC 8996).
 */
export const DEFAULT_TLS_MIN_VERSION = "TLSV12";

/** The gateway Service's annotations: the typed fields that are set, then the user's extras. */
export function loadBalancerAnnotations(lb: LoadBalancerSettings): Record<string, string> {
    const optional: [string, string | undefined][] = [
        ["size", lb.size],
        ["subnet-id", lb.subnetId],
        ["proxy-protocol", lb.proxyProtocol ? "true" : undefined],
        ["ssl-certificate-no", lb.sslCertificateNo],
        ["tls-ports", lb.tlsPorts.length ? lb.tlsPorts.join(",") : undefined],
        ["tls-min-version", lb.tlsMinVersion ?? (lb.sslCertificateNo ? DEFAULT_TLS_MIN_VERSION : undefined)],
        ["idle-timeout", lb.idleTimeoutSeconds?.toString()],
        ["description", lb.description],
        ["retain-public-ip-on-termination", lb.retainPublicIpOnTermination ? "true" : undefined],
    ];
    return {
        [LAYER_TYPE_ANNOTATION]: lb.layerType,
        [INTERNAL_ANNOTATION]: String(lb.internal),
        ...Object.fromEntries(optional.flatMap(([k, v]) => (v === undefined ? [] : [[a(k), v]]))),
        ...lb.annotations,
    };
}
