// OURS, A REPLAY: not Istio's operator, and no Istio code. A stand-in for the Istio 1.23.6 in-cluster
// operator on the end-to-end cluster, which replays what the real operator was captured doing for the
// dev stack's IstioOperator (../shared/istio-operator-1.23.6: README.md, dev/, dev-plus-echo/).
//
// It watches IstioOperator CRs (WATCH_NAMESPACE, default istio-system) and, for a CR whose name,
// namespace and spec equal a captured input (dev/istiooperator.yaml or dev-plus-echo/istiooperator.yaml,
// compared as objects), does what that capture shows:
//   1. adds the finalizer istio-finalizer.install.istio.io (an Update by field manager "operator");
//   2. writes status RECONCILING (Istio's HelmReconciler.SetStatusBegin: the overall status and every
//      component status RECONCILING);
//   3. server-side applies every object of the capture's objects.yaml with field manager
//      "istio-operator" and force (as the operator, whose cache skips what it applied unchanged
//      before: dev/operator.log, "differ between generated manifest and cache", so an update
//      applies what changed only), then prunes objects it labelled for this CR that the capture
//      does not have (never CRDs);
//   4. writes the captured status (istiooperator-after.yaml: HEALTHY) on the status subresource.
// with the timing of the capture's README ("Timing of an update"): on a change of the CR's generation
// the old status stays ~50 ms, then RECONCILING, the objects ~0.5 s after the change, HEALTHY ~5 s
// after it. A first install (a CR without status) becomes HEALTHY ~3 s after it is seen: the real
// operator took ~10 s (it waited for the Deployments); scaled down to keep the e2e short, nothing in
// the program depends on that length.
// Any other CR gets status ERROR with a message naming the first differences (paths) from the nearest
// capture. On deletion (deletionTimestamp) it deletes the objects listed in
// dev/deleted-when-cr-deleted.txt (the CRDs stay), then removes its finalizer.
// Before anything it takes the Lease istio-operator-lock in LEADER_ELECTION_NAMESPACE (default
// istio-operator) as client-go's leader election does for the real operator (lease 20 s, as
// dev/lease.yaml; renew every 2 s, give up after 10 s without a renewal: controller-runtime's defaults).
// When the operator is stopped, it does nothing, as the real one, whose pod is then gone: the capture's
// README ("With the operator stopped instead": deleting the CR left it waiting on the finalizer with
// every object in place; removing the finalizer then deleted the CR and left the Service untouched),
// which is what a migration off the operator relies on. So the replay watches the operator's
// Deployment (OPERATOR_DEPLOYMENT, as components/specs/operatorInstall.ts operatorDeployment names it)
// and counts as stopped while it is scaled to zero with its pod gone (spec.replicas 0, status.replicas
// 0) or, once seen, deleted. While stopped it reconciles nothing, handles no deletion, adds or removes
// no finalizer, writes no status and no longer renews the Lease (left to expire, not deleted); a run
// under way is cancelled at its next step (an API call under way finishes). When the Deployment runs
// again it starts over as a new operator pod would: a new identity that waits out the old lease, an
// empty cache, and a re-list of the CRs, so that what changed meanwhile (a CR updated, or deleted and
// waiting on the finalizer) is handled then. The timeline says "stopped" and "resumed".
//
// It runs with whatever KUBECONFIG gives it: the e2e gives it a token of the ServiceAccount
// istio-operator/istio-operator that the program creates, so that every call here is checked against
// the program's operator RBAC. It refuses to run as another user (REPLAY_EXPECT_USER, "" = any).
// Every failure (an object the ServiceAccount may not apply, a lease it may not take) is logged and,
// where a CR is concerned, written into the CR's status as ERROR: nothing is skipped silently.
// What the capture shows but the replay does not do: the real operator also made one Update (manager
// "operator") of MutatingWebhookConfiguration istio-sidecar-injector (managers.json); the capture does
// not say which fields, so it is not replayed (logged at start). And objects.yaml holds the objects
// as read back from the API server (defaults such as a Service's ipFamilies included), so the replay's
// applies own a few defaulted fields the operator's own manifests left to the server.
//
// Environment: KUBECONFIG; OPERATOR_CAPTURE_DIR (default ../shared/istio-operator-1.23.6 beside the
// project root); WATCH_NAMESPACE; LEADER_ELECTION_NAMESPACE; REPLAY_TIMELINE (a JSON-lines file of
// what it did and when, read by test/e2e/operator.e2e.ts); REPLAY_EXPECT_USER.
// Run: node node_modules/.bin/ts-node --transpile-only test/e2e/operatorReplay.ts
//
// The replay lives in test/e2e/replay/, one part per file:
//   constants.ts           the operator's finalizer, field managers, Deployment, CR API and timing;
//   captures.ts            the capture: where it lies, its types, loading it;
//   specDiff.ts            a CR against the captured inputs: differences, match, ERROR/RECONCILING status;
//   ordering.ts            the objects' apply order (ports as the CR lists them, components) and pruning;
//   lease.ts               the Lease and one step of client-go's leader election;
//   timeline.ts            the timeline (REPLAY_TIMELINE): its events, recording and reading them;
//   rawApi.ts              plain HTTPS calls for the capture's objects, watches, API errors;
//   runs.ts                one cancellable reconcile or deletion of a CR;
//   crUpdates.ts           the operator's Updates of a CR and its status;
//   reconcile.ts           a reconcile (finalizer, RECONCILING, apply, prune, captured status);
//   deletion.ts            a CR being deleted (the listed objects deleted, then the finalizer removed);
//   leaderElection.ts      taking and renewing the Lease;
//   operatorDeployment.ts  whether the operator's Deployment runs or is stopped;
//   controller.ts          listing and watching the CRs, one run per CR at a time;
//   replay.ts              the parts wired together, a stop and a resume, and main().
// This file re-exports what the e2e and the unit tests use, and runs main() as a program.
import { main } from "./replay/replay";

export {
    DEFAULT_CAPTURE_DIR,
    loadCapture,
    loadCaptures,
    parseDeletedList,
    PROJECT_ROOT,
    refKey,
    refOf,
} from "./replay/captures";
export type { Capture, Captures, K8sObject, ObjectRef } from "./replay/captures";
export { APPLY_MANAGER, FINALIZER, OPERATOR_DEPLOYMENT, TIMING, UPDATE_MANAGER } from "./replay/constants";
export { LEASE_DURATION_SECONDS, LEASE_NAME, nextLease } from "./replay/lease";
export type { LeaseSpec } from "./replay/lease";
export { applyOrder, orderLikeCr, toPrune } from "./replay/ordering";
export { differences, matchCapture, mismatchStatus, normaliseSpec, reconcilingStatus } from "./replay/specDiff";
export type { Match } from "./replay/specDiff";
export { readTimeline } from "./replay/timeline";
export type { ReplayEvent } from "./replay/timeline";

if (require.main === module) {
    main().catch((e) => {
        console.error(`operator-replay: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(2);
    });
}
