// Istio's CRDs outlive the install that made them: Istio's base chart marks them
// `helm.sh/resource-policy: keep` (so `pulumi destroy` leaves them, as `helm uninstall` does), and the
// 1.23 operator never deletes them (shared/istio-operator-1.23.6: deleted-when-cr-deleted.txt lists
// no CRD). A later install of another Istio release then server-side applies different values to
// fields another field manager owns, and the API server refuses with conflicts (found by the e2e:
// a 1.28.10 stack after a 1.30.3 one failed on .spec.versions and the chart labels). Forcing the apply
// of the CRDs only takes them over, as `helm upgrade` or `istioctl install` would; every other object
// keeps conflict detection.

/** The annotation that makes the kubernetes provider force a server-side apply (pulumi-kubernetes provider/pkg/metadata/annotations.go). */
export const PATCH_FORCE_ANNOTATION = "pulumi.com/patchForce";
const CRD_TYPE = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";

interface TransformArgs {
    readonly type: string;
    readonly props: Record<string, unknown>;
    readonly opts: object;
}

/** A resource transform (Pulumi `transforms`): CRDs get the patchForce annotation; everything else is left alone. */
export function takeOverCrds(args: TransformArgs): { props: Record<string, unknown>; opts: object } | undefined {
    return args.type === CRD_TYPE ? takeOverAll(args) : undefined;
}

/**
 * A resource transform for taking over what another installer applied (the Istio operator, field
 * manager istio-operator): every object gets the patchForce annotation.
 */
export function takeOverAll(args: TransformArgs): { props: Record<string, unknown>; opts: object } {
    const metadata = (args.props.metadata ?? {}) as { annotations?: Record<string, string> };
    return {
        props: {
            ...args.props,
            metadata: { ...metadata, annotations: { ...metadata.annotations, [PATCH_FORCE_ANNOTATION]: "true" } },
        },
        opts: args.opts,
    };
}
