// The replay's handling of an IstioOperator CR being deleted (a deletionTimestamp, our finalizer
// still on it), as the capture shows the real operator's: it deletes the objects listed in
// dev/deleted-when-cr-deleted.txt (the CRDs stay), retrying while some fail, then removes its
// finalizer so that the API server deletes the CR.
import { Captures, K8sObject, refKey, refOf } from "./captures";
import { FINALIZER } from "./constants";
import { CrUpdates } from "./crUpdates";
import { codeOf, errText, RawApi } from "./rawApi";
import { keyOf, pause, Run } from "./runs";
import { RecordEvent } from "./timeline";

/** Deletes what went with a deleted CR, then lets the CR go. */
export class DeletionHandler {
    constructor(
        private readonly captures: Captures,
        private readonly objects: RawApi,
        private readonly crs: CrUpdates,
        private readonly record: RecordEvent,
    ) {}

    /** As the capture shows: delete the listed objects (CRDs stay), then remove the finalizer. */
    async deletion(cr: any, run: Run): Promise<void> {
        const key = keyOf(cr);
        if (run.cancelled) return;
        this.record({ cr: key, generation: run.generation, what: "deletion-seen" });
        const known = new Map<string, K8sObject>();
        for (const c of this.captures.captures) for (const o of c.objects) known.set(refKey(refOf(o)), o);
        for (let attempt = 0; !run.cancelled; attempt++) {
            const failures: string[] = [];
            let deleted = 0;
            for (const ref of this.captures.deletedWhenCrDeleted) {
                if (run.cancelled) break; // the operator stopped: the delete under way finished, no more
                const o = known.get(refKey(ref));
                if (!o) {
                    failures.push(`${refKey(ref)}: in deleted-when-cr-deleted.txt but in no objects.yaml`);
                    continue;
                }
                const target = {
                    apiVersion: o.apiVersion,
                    kind: o.kind,
                    metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
                };
                try {
                    await this.objects.delete(target);
                    deleted++;
                } catch (e) {
                    if (codeOf(e) !== 404) failures.push(`${refKey(ref)}: ${errText(e)}`);
                }
            }
            if (run.cancelled && !deleted && !failures.length) break;
            this.record({
                cr: key,
                generation: run.generation,
                what: "deleted",
                count: deleted,
                message:
                    [...failures, ...(run.cancelled ? ["cancelled: the operator stopped"] : [])].join("; ") ||
                    undefined,
            });
            if (!failures.length || run.cancelled) break;
            console.error(`operator-replay: deleting for ${key} (attempt ${attempt + 1}): ${failures.join("; ")}`);
            await pause(run, 5000); // the real operator requeues; the CR keeps its finalizer meanwhile
        }
        if (run.cancelled) return;
        try {
            await this.crs.update(cr, (fresh) => {
                const finalizers: string[] = fresh.metadata.finalizers ?? [];
                if (!finalizers.includes(FINALIZER)) return false;
                fresh.metadata.finalizers = finalizers.filter((f) => f !== FINALIZER);
                return true;
            });
            this.record({ cr: key, generation: run.generation, what: "finalizer-removed" });
        } catch (e) {
            if (codeOf(e) !== 404)
                this.record({
                    cr: key,
                    generation: run.generation,
                    what: "failure",
                    message: `removing the finalizer: ${errText(e)}`,
                });
        }
    }
}
