// What the policies know of ncp-ingress, copied here so that the pack stands alone: `pulumi policy
// publish` uploads policy/ only, and installs its dependencies from policy/package.json.
// test/policyPack.spec.ts fails when these drift from the program's own (components/ncp/annotations.ts,
// components/model.ts).

/** The NCP load balancer annotations (NCP Kubernetes Service guide, "Load Balancer instance integration"). */
export const NCP_ANNOTATION_PREFIX = "service.beta.kubernetes.io/ncloud-load-balancer-";
export const LAYER_TYPE_ANNOTATION = `${NCP_ANNOTATION_PREFIX}layer-type`;
export const INTERNAL_ANNOTATION = `${NCP_ANNOTATION_PREFIX}internal`;

/** Names that suggest an admin UI, which should not face the internet openly. */
export function looksLikeAdminUi(name: string): boolean {
    return /argo|grafana|kibana|prometheus|alertmanager|dashboard|admin|jenkins|vault|rancher|kiali|jaeger/.test(name);
}
