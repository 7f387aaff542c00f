// Taking over from the Istio 1.23 operator (istio.adoptFrom "operator"): which objects are the
// operator's leftovers. Pure, and free of imports: the dynamic provider that uses it
// (../operatorHandover.ts) is serialized into the stack's state with what it captures.

/**
 * The labels the operator put on everything it made for a CR (the capture in
 * ../shared/istio-operator-1.23.6, dev/objects.yaml: every object carries both).
 */
export const OWNING_RESOURCE = "install.operator.istio.io/owning-resource";
export const OWNING_RESOURCE_NAMESPACE = "install.operator.istio.io/owning-resource-namespace";

/**
 * The kinds the operator made for the dev stack's CR apart from CRDs (which Istio keeps on purpose):
 * the kinds of dev/deleted-when-cr-deleted.txt of the same capture, what the operator itself deleted
 * with the CR.
 */
export const OPERATOR_KINDS: readonly {
    readonly apiVersion: string;
    readonly kind: string;
    readonly namespaced: boolean;
}[] = [
    { apiVersion: "v1", kind: "Service", namespaced: true },
    { apiVersion: "v1", kind: "ServiceAccount", namespaced: true },
    { apiVersion: "v1", kind: "ConfigMap", namespaced: true },
    { apiVersion: "apps/v1", kind: "Deployment", namespaced: true },
    { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", namespaced: true },
    { apiVersion: "policy/v1", kind: "PodDisruptionBudget", namespaced: true },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", namespaced: true },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", namespaced: true },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", namespaced: false },
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", namespaced: false },
    { apiVersion: "admissionregistration.k8s.io/v1", kind: "MutatingWebhookConfiguration", namespaced: false },
    { apiVersion: "admissionregistration.k8s.io/v1", kind: "ValidatingWebhookConfiguration", namespaced: false },
];

/** The label selector of what the operator made for the CR `namespace/name`. */
export function ownedBySelector(cr: { readonly namespace: string; readonly name: string }): string {
    return `${OWNING_RESOURCE}=${cr.name},${OWNING_RESOURCE_NAMESPACE}=${cr.namespace}`;
}

/**
 * The kubernetes provider applies every resource with a field manager of its own,
 * "pulumi-kubernetes-<random>" (pulumi-kubernetes provider/pkg/provider/provider.go,
 * fieldManagerName), "pulumi-kubernetes" with client-side apply.
 */
const PULUMI_FIELD_MANAGER = /^pulumi-kubernetes(-|$)/;

/**
 * Whether an object the operator made is a leftover: no resource of this (or any Pulumi) stack
 * manages any of its fields, so nothing would ever delete it. An object a chart took over has the
 * chart's field manager and stays.
 */
export function isLeftover(managedFields: readonly { readonly manager?: string }[] | undefined): boolean {
    return !(managedFields ?? []).some((m) => PULUMI_FIELD_MANAGER.test(m.manager ?? ""));
}

/**
 * The field manager the operator applied every object with (server-side apply, operation Apply:
 * the capture's dev/managers.json and README "managers").
 */
export const OPERATOR_FIELD_MANAGER = "istio-operator";

/** The CRDs the operator applied carry the same labels (the capture's dev/objects.yaml). */
export const OPERATOR_CRD_KIND = {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    namespaced: false,
} as const;

interface ManagedFieldsEntry {
    readonly manager?: string;
    readonly operation?: string;
}

/**
 * The merge patch that takes the stopped operator's field ownership off an object, or undefined when
 * it owns nothing there. Why: the charts' applies (forced while adopting) take over what the operator
 * applied, but every field whose value they share stays co-owned by `istio-operator`; a later chart
 * version changing such a field, applied without force once adoption is over, would then fail with a
 * conflict against an operator that no longer exists. Without its entry those fields are the charts'
 * alone (or, where no chart sets them, nobody's). A merge patch replaces the whole `managedFields` list; `[{}]` is Kubernetes' way to
 * clear it, since an empty list means "leave unchanged" (Kubernetes docs, Server-Side Apply,
 * "Clearing managedFields").
 */
export function releaseOwnershipPatch<T extends ManagedFieldsEntry>(
    managedFields: readonly T[] | undefined,
): { metadata: { managedFields: (T | Record<string, never>)[] } } | undefined {
    const all = managedFields ?? [];
    const kept = all.filter((m) => m.manager !== OPERATOR_FIELD_MANAGER);
    if (kept.length === all.length) return undefined;
    return { metadata: { managedFields: kept.length ? kept : [{}] } };
}
