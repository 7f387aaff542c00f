// The replay's reconcile of an IstioOperator CR that equals a captured input, as the capture shows
// the real operator's: the finalizer added, status RECONCILING, the capture's objects server-side
// applied (what changed since this process last applied them, as the operator's cache), what the
// capture lacks pruned, then the captured status, with the timing of the capture's README. A CR
// equal to no capture gets status ERROR naming how it differs from the nearest one.
import { Capture, Captures, K8sObject, refKey, refOf } from "./captures";
import { APPLY_MANAGER, FINALIZER, TIMING } from "./constants";
import { CrUpdates } from "./crUpdates";
import { applyOrder, orderLikeCr, toPrune } from "./ordering";
import { codeOf, errText, RawApi } from "./rawApi";
import { keyOf, pause, Run } from "./runs";
import { matchCapture, mismatchStatus, reconcilingStatus } from "./specDiff";
import { RecordEvent } from "./timeline";

const OWNING_RESOURCE = "install.operator.istio.io/owning-resource";
const OWNING_RESOURCE_NS = "install.operator.istio.io/owning-resource-namespace";

/** Reconciles CRs as the operator did, and keeps its cache of what it applied for each. */
export class Reconciler {
    /** per CR uid: what this process applied, Kind:namespace:name -> the object as sent (the operator's cache) */
    private readonly applied = new Map<string, Map<string, string>>();

    constructor(
        private readonly captures: Captures,
        private readonly objects: RawApi,
        private readonly crs: CrUpdates,
        private readonly record: RecordEvent,
    ) {}

    /** Forgets what was applied for a CR that is gone. */
    forget(uid: string): void {
        this.applied.delete(uid);
    }

    /** Empties the cache, as a new operator pod's. */
    clearCache(): void {
        this.applied.clear();
    }

    /** One reconcile of the CR (generation run.generation); stops at its next step once the run is cancelled. */
    async reconcile(cr: any, run: Run): Promise<void> {
        const t0 = Date.now();
        const key = keyOf(cr);
        const generation = run.generation;
        const firstInstall = !cr.status?.status;
        // Each API call below is a step: a run cancelled (a newer one queued, or the operator stopped)
        // makes no further call; one under way finishes.
        if (run.cancelled) return;
        this.record({ cr: key, generation, what: "seen", status: cr.status?.status ?? "(none)" });
        if (!(cr.metadata.finalizers ?? []).includes(FINALIZER)) {
            await this.crs.update(cr, (fresh) => {
                if ((fresh.metadata.finalizers ?? []).includes(FINALIZER)) return false;
                fresh.metadata.finalizers = [...(fresh.metadata.finalizers ?? []), FINALIZER];
                return true;
            });
            this.record({ cr: key, generation, what: "finalizer-added" });
        }
        const match = matchCapture(cr, this.captures.captures);
        if (run.cancelled) return;
        if (!match.capture) {
            await this.crs.writeStatus(cr, generation, mismatchStatus(match));
            return;
        }
        const capture = match.capture;
        if (!firstInstall) await pause(run, t0 + TIMING.updateReconcilingMs - Date.now());
        if (run.cancelled) return;
        await this.crs.writeStatus(cr, generation, reconcilingStatus(cr.status));
        if (!firstInstall) await pause(run, t0 + TIMING.updateAppliedMs - Date.now());
        if (run.cancelled) return;

        const failures: string[] = [];
        const rendered = applyOrder(orderLikeCr(capture.objects, cr.spec));
        // As the operator's cache: only what differs from what this process last applied for the CR
        // (everything on a first reconcile; on dev -> dev-plus-echo the gateway Service and Deployment).
        const cache = this.applied.get(cr.metadata.uid) ?? new Map<string, string>();
        this.applied.set(cr.metadata.uid, cache);
        const objects = rendered.filter((o) => cache.get(refKey(refOf(o))) !== JSON.stringify(o));
        const at: Record<string, number> = {};
        let tried = 0;
        for (const o of objects) {
            if (run.cancelled) break;
            tried++;
            try {
                await this.objects.apply(o, APPLY_MANAGER);
                at[refKey(refOf(o))] = Date.now();
                cache.set(refKey(refOf(o)), JSON.stringify(o));
            } catch (e) {
                failures.push(`${refKey(refOf(o))}: ${errText(e)}`);
            }
        }
        if (tried === 0 && run.cancelled) return;
        this.record({
            cr: key,
            generation,
            what: "applied",
            capture: capture.name,
            count: tried - failures.length,
            message:
                `${rendered.length - objects.length} unchanged since this replay last applied them` +
                (tried < objects.length ? `; cancelled after ${tried} of ${objects.length}` : ""),
            at,
        });
        if (run.cancelled) return;
        const pruned = await this.prune(cr, capture, failures, run);
        if (pruned.length)
            this.record({ cr: key, generation, what: "pruned", count: pruned.length, message: pruned.join(", ") });
        if (run.cancelled) return;
        if (failures.length) {
            // A finding, not something to skip: the program's operator RBAC does not allow what the
            // real operator did.
            const message = `operator replay: ${failures.length} of the capture's calls failed with the operator's ServiceAccount: ${failures.join("; ")}`;
            console.error(message);
            await this.crs.writeStatus(cr, generation, { status: "ERROR", message });
            return;
        }
        await pause(run, t0 + (firstInstall ? TIMING.firstInstallHealthyMs : TIMING.updateHealthyMs) - Date.now());
        if (run.cancelled) return;
        await this.crs.writeStatus(cr, generation, capture.status);
    }

    /** Lists what carries this CR's owning-resource labels (kinds of the capture, not CRDs); deletes what the capture lacks. */
    private async prune(cr: any, capture: Capture, failures: string[], run: Run): Promise<string[]> {
        const selector = `${OWNING_RESOURCE}=${cr.metadata.name},${OWNING_RESOURCE_NS}=${cr.metadata.namespace}`;
        const kinds = new Map<string, { apiVersion: string; kind: string }>();
        for (const o of capture.objects)
            if (o.kind !== "CustomResourceDefinition") kinds.set(`${o.apiVersion}/${o.kind}`, o);
        const live: K8sObject[] = [];
        for (const { apiVersion, kind } of kinds.values()) {
            if (run.cancelled) return [];
            try {
                live.push(...(await this.objects.list(apiVersion, kind, selector)));
            } catch (e) {
                failures.push(`list ${kind} -l ${selector}: ${errText(e)}`);
            }
        }
        const prune = new Set(toPrune(live.map(refOf), capture).map(refKey));
        const done: string[] = [];
        for (const o of live.filter((x) => prune.has(refKey(refOf(x))))) {
            if (run.cancelled) break;
            try {
                await this.objects.delete(o);
                done.push(refKey(refOf(o)));
            } catch (e) {
                if (codeOf(e) !== 404) failures.push(`prune ${refKey(refOf(o))}: ${errText(e)}`);
            }
        }
        return done;
    }
}
