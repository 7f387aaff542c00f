// NCP load balancer annotations for the ingress gateway Service.
// Source: NCP Kubernetes Service guide, "Load Balancer instance integration"
// (guide.ncloud-docs.com/docs/k8s-k8suse-loadbalancer): layer type nlb | nplb, fixed once created.
import { LoadBalancerSettings } from "../model";

export const NCP_ANNOTATION_PREFIX = "service.beta.kubernetes.io/ncloud-load-balancer-";
export const LAYER_TYPE_ANNOTATION = `${NCP_ANNOTATION_PREFIX}layer-type`;
export const INTERNAL_ANNOTATION = `${NCP_ANNOTATION_PREFIX}internal`;

/** The gateway Service's annotations: layer type, internal flag, then the user's extras. */
export function loadBalancerAnnotations(lb: LoadBalancerSettings): Record<string, string> {
    return {
        [LAYER_TYPE_ANNOTATION]: lb.layerType,
        [INTERNAL_ANNOTATION]: String(lb.internal),
        ...lb.annotations,
    };
}
