// ncp-ingress:loadBalancer: the combinations of fields NCP refuses, over the parsed settings (each
// field's own type and range is the schema's, ../loadBalancerSchema.ts), and those it accepts but may
// ignore. NCP's rules and their sources: components/ncp/rules.ts. Which fields TLS takes: tls.ts.
import { LoadBalancerSettings } from "../../model";
import { NS } from "../../names";
import { NCP_ANNOTATION_PREFIX } from "../../ncp/annotations";
import { NPLB_ONLY, SIZES } from "../../ncp/rules";
import { Findings } from "../problems";
import { checkLoadBalancerTls } from "./tls";

const KEY = `${NS}:loadBalancer`;

/** Fields NCP takes only together, only on one layer type, or only on a public LB. */
export function checkLoadBalancer(f: Findings, lb: LoadBalancerSettings): void {
    const { layerType, size, sslCertificateNo, tlsPorts, internal } = lb;
    const sizes: readonly string[] = SIZES.values[layerType];
    if (size !== undefined && !sizes.includes(size)) {
        f.error(`${KEY}.size`, `"${size}" is not a size for ${layerType}; allowed: ${sizes.join(", ")}`);
    }
    const nplbOnly = (field: string, set: boolean, { what }: { what: string }) => {
        if (set && layerType === "nlb")
            f.error(`${KEY}.${field}`, `${what} needs layerType "nplb"; a network LB (nlb) has none`);
    };
    nplbOnly("idleTimeoutSeconds", lb.idleTimeoutSeconds !== undefined, NPLB_ONLY.idleTimeout);
    nplbOnly("sslCertificateNo", sslCertificateNo !== undefined || tlsPorts.length > 0, NPLB_ONLY.tls);
    nplbOnly("proxyProtocol", lb.proxyProtocol, NPLB_ONLY.proxyProtocol);
    checkLoadBalancerTls(f, lb);
    // PRIVATE_LB_HAS_NO_PUBLIC_IP
    if (lb.retainPublicIpOnTermination && internal) {
        f.error(`${KEY}.retainPublicIpOnTermination`, "keeps a public IP; a private LB (internal: true) has none");
    }
    if (lb.loadBalancerIP !== undefined && internal) {
        f.error(`${KEY}.loadBalancerIP`, "names a public IP to reuse; a private LB (internal: true) takes none");
    }
}

/**
 * Settings that are accepted but may not do what they say on NCP:
 * - sourceRanges: written as the Service's spec.loadBalancerSourceRanges, which no NCP guide says
 *   NKS's load balancers honour (the NKS "Load Balancer instance integrations" guide documents
 *   annotations only); the per-app allow lists, enforced by Istio, are the guard this project tests.
 * - an annotation key that differs from NCP's only by case: the API server validates annotation keys
 *   in lower case (k8s.io/apimachinery pkg/api/validation/objectmeta.go, ValidateAnnotations) and
 *   stores them as written, while a map lookup such as NCP's is exact, so NCP never sees it.
 */
export function warnLoadBalancer(f: Findings, lb: LoadBalancerSettings): void {
    if (lb.sourceRanges.length) {
        f.warn(
            `${KEY}.sourceRanges`,
            "is written as spec.loadBalancerSourceRanges, which NCP's guides do not say NKS load balancers honour: " +
                "do not rely on it to keep clients out; per-app allow lists (enforced by the gateway) do",
        );
    }
    for (const key of Object.keys(lb.annotations)) {
        if (key !== key.toLowerCase() && key.toLowerCase().startsWith(NCP_ANNOTATION_PREFIX)) {
            f.warn(
                `${KEY}.annotations["${key}"]`,
                `differs from NCP's ${key.toLowerCase()} only by case: Kubernetes accepts it, NCP reads keys as written and ignores it`,
            );
        }
    }
}
