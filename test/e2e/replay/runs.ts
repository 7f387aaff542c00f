// One reconcile (or deletion) of a CR as the replay runs it: a Run that a newer one, or a stop of the
// operator, cancels at its next step; its pauses; and how the timeline names a CR.

/** Waits `ms` (none when negative). */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** One reconcile (or deletion) of a CR; `cancelled` once a newer one is queued behind it or the operator stops. */
export interface Run {
    generation: number;
    cancelled: boolean;
    deleting: boolean;
    /** settles when this run has finished */
    done: Promise<void>;
}

/** Sleeps up to `ms`, less once the run is cancelled. */
export async function pause(run: Run, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!run.cancelled && Date.now() < until) await sleep(Math.min(50, until - Date.now()));
}

/** A CR as namespace/name (the timeline's "cr"). */
export const keyOf = (cr: any): string => `${cr.metadata.namespace}/${cr.metadata.name}`;
