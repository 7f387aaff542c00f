// The gateway Service's NCP load balancer annotations, from the typed loadBalancer settings. NCP's
// keys and rules, with their sources, are components/ncp/'s.
import { LoadBalancerSettings } from "../model";
import { INTERNAL_ANNOTATION, LAYER_TYPE_ANNOTATION, ncpKey, NcpAnnotation } from "../ncp/annotations";
import { TLS_MIN_VERSIONS } from "../ncp/rules";

/**
 * The TLS floor written when the LB terminates TLS and the stack names none. Unset, it would be NCP's
 * default (TLS_MIN_VERSIONS.ncpDefault), which admits TLS 1.0; TLS 1.0 and 1.1 are deprecated (RFC 8996).
 */
export const DEFAULT_TLS_MIN_VERSION: (typeof TLS_MIN_VERSIONS.values)[number] = "TLSV12";

/** The gateway Service's annotations: the typed fields that are set, then the user's extras. */
export function loadBalancerAnnotations(lb: LoadBalancerSettings): Record<string, string> {
    const optional: [NcpAnnotation, string | undefined][] = [
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
        ...Object.fromEntries(optional.flatMap(([k, v]) => (v === undefined ? [] : [[ncpKey(k), v]]))),
        ...lb.annotations,
    };
}
