// The replay's controller loop: while the operator runs and holds the lease, it lists the
// IstioOperator CRs in WATCH_NAMESPACE and watches them (a re-list every 30 s, and after a stop), and
// queues one run per CR at a time, as controller-runtime's queue: a reconcile (reconcile.ts) for a
// new generation, a deletion (deletion.ts) for a CR being deleted with our finalizer on it.
import * as k8s from "@kubernetes/client-node";
import { FINALIZER, GROUP, PLURAL, VERSION } from "./constants";
import { DeletionHandler } from "./deletion";
import { OperatorRunning } from "./operatorDeployment";
import { errText, watchFrom } from "./rawApi";
import { Reconciler } from "./reconcile";
import { keyOf, Run, sleep } from "./runs";
import { RecordEvent } from "./timeline";

/** The IstioOperator watch and the queue of runs per CR. */
export class Controller {
    /** per CR uid: the generation being (or last) reconciled and a cancel flag for that run */
    private readonly runs = new Map<string, Run>();
    /** Ends the IstioOperator watch under way (on a stop). */
    private abortWatch?: () => void;

    constructor(
        private readonly kc: k8s.KubeConfig,
        private readonly custom: k8s.CustomObjectsApi,
        private readonly watchNamespace: string,
        private readonly operator: OperatorRunning,
        private readonly election: { readonly leader: boolean },
        private readonly reconciler: Reconciler,
        private readonly deletions: DeletionHandler,
        private readonly record: RecordEvent,
    ) {}

    /** The operator stopped: every run stops at its next step and the IstioOperator watch ends. */
    stop(): void {
        for (const run of this.runs.values()) run.cancelled = true;
        this.abortWatch?.();
    }

    /** Lists and watches the CRs for ever, doing nothing while the operator is stopped or not the leader. */
    async run(): Promise<void> {
        const pathOf = `/apis/${GROUP}/${VERSION}/namespaces/${this.watchNamespace}/${PLURAL}`;
        let said = "";
        for (;;) {
            // Nothing while the operator is stopped, nor until it holds the lease (again).
            while (this.operator.stopped || !this.election.leader) await sleep(200);
            const epoch = this.operator.epoch;
            try {
                const list = await this.custom.listNamespacedCustomObject({
                    group: GROUP,
                    version: VERSION,
                    namespace: this.watchNamespace,
                    plural: PLURAL,
                });
                said = "";
                if (this.operator.epoch !== epoch) continue; // stopped meanwhile
                const uids = new Set<string>();
                for (const cr of list.items ?? []) {
                    uids.add(cr.metadata.uid);
                    this.onEvent("ADDED", cr);
                }
                for (const uid of [...this.runs.keys()]) if (!uids.has(uid)) this.runs.delete(uid);
                // Watch from the list, until a re-list (every 30 s, or after a stop).
                const watch = watchFrom(
                    this.kc,
                    pathOf,
                    { resourceVersion: list.metadata?.resourceVersion },
                    (type, obj) => this.onEvent(type, obj),
                    "IstioOperators",
                );
                this.abortWatch = watch.abort;
                await watch.ended;
            } catch (e) {
                const why = errText(e); // e.g. 404 until the program has created the IstioOperator CRD
                if (why !== said) console.error(`operator-replay: listing IstioOperators: ${why}`);
                said = why;
                await sleep(1000);
            }
        }
    }

    private onEvent(type: string, cr: any): void {
        if (this.operator.stopped || !this.election.leader) return; // a re-list once it runs again catches up
        if (type === "BOOKMARK" || !cr?.metadata?.uid) return;
        const uid = cr.metadata.uid as string;
        if (type === "DELETED") {
            const run = this.runs.get(uid);
            if (run) run.cancelled = true;
            this.runs.delete(uid);
            this.reconciler.forget(uid);
            return;
        }
        const run = this.runs.get(uid);
        const deleting = !!cr.metadata.deletionTimestamp;
        // A run cancelled by a stop counts as not done: the re-list after it does it again.
        const current = run && !run.cancelled ? run : undefined;
        if (deleting && (current?.deleting || !(cr.metadata.finalizers ?? []).includes(FINALIZER))) return;
        if (!deleting && current && current.generation === cr.metadata.generation) return; // our own writes, a resync
        // One reconcile at a time per CR, as controller-runtime's queue: the previous one is told to
        // stop at its next step (an apply under way finishes) and the next one starts after it.
        if (run) run.cancelled = true;
        const next: Run = { generation: cr.metadata.generation, cancelled: false, deleting, done: Promise.resolve() };
        this.runs.set(uid, next);
        const previous = run?.done ?? Promise.resolve();
        next.done = previous.then(() =>
            (deleting ? this.deletions.deletion(cr, next) : this.reconciler.reconcile(cr, next)).catch((e) =>
                this.record({ cr: keyOf(cr), generation: next.generation, what: "failure", message: errText(e) }),
            ),
        );
    }
}
