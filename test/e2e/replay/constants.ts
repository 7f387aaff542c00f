// What the operator replay takes from the real Istio 1.23.6 operator and its capture
// (../shared/istio-operator-1.23.6): its finalizer, field managers and Deployment, the IstioOperator
// API, and the timing of the capture's README. See test/e2e/operatorReplay.ts for the whole replay.

/** The finalizer the operator adds to an IstioOperator CR and removes once it has deleted its objects. */
export const FINALIZER = "istio-finalizer.install.istio.io";
/** The field manager of every object the operator applies (managers.json). */
export const APPLY_MANAGER = "istio-operator";
/** The field manager of the operator's Updates of the CR and its status (istiooperator-after.yaml). */
export const UPDATE_MANAGER = "operator";
/**
 * The operator's Deployment, as the program names it (components/specs/operatorInstall.ts
 * operatorDeployment, in OPERATOR_NAMESPACE): the replay does nothing while it is stopped.
 */
export const OPERATOR_DEPLOYMENT = { namespace: "istio-operator", name: "istio-operator" } as const;

/** README "Timing of an update" (ms after the replay sees the new generation). */
export const TIMING = {
    updateReconcilingMs: 50,
    updateAppliedMs: 500,
    updateHealthyMs: 5000,
    /** Scaled down from the capture's ~10 s (see the top of test/e2e/operatorReplay.ts). */
    firstInstallHealthyMs: 3000,
} as const;

/** The IstioOperator API the operator watches (group, version, plural). */
export const GROUP = "install.istio.io";
export const VERSION = "v1alpha1";
export const PLURAL = "istiooperators";
