// The replay's timeline (REPLAY_TIMELINE): one JSON line per thing it did and when, read by
// test/e2e/operator.e2e.ts (with operatorStack.ts and operatorChecks.ts), migration.e2e.ts and
// test/e2e/replayProcess.ts; each line is also logged.
import * as fs from "node:fs";

/** One line of the replay's timeline (REPLAY_TIMELINE). */
export interface ReplayEvent {
    /** ms since the epoch */
    t: number;
    /** namespace/name of the CR, or "" for the replay itself */
    cr: string;
    generation?: number;
    what:
        | "started"
        | "leader"
        | "seen"
        | "finalizer-added"
        | "status"
        | "applied"
        | "pruned"
        | "deletion-seen"
        | "deleted"
        | "finalizer-removed"
        | "failure"
        /** the operator's Deployment is stopped (message: why); nothing is done until "resumed" */
        | "stopped"
        /** it runs again; the replay starts over ("leader" follows once it holds the lease) */
        | "resumed";
    status?: string;
    capture?: string;
    count?: number;
    message?: string;
    /** "applied": when each object's apply returned (Kind:namespace:name -> ms since the epoch) */
    at?: Record<string, number>;
}

/** Reads a timeline file (missing: none; a line still being written is left for the next read). */
export function readTimeline(file: string): ReplayEvent[] {
    if (!fs.existsSync(file)) return [];
    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines.pop(); // after the last newline: empty, or a line not yet complete
    return lines.filter((l) => l.trim()).map((l) => JSON.parse(l));
}

/** Records one event of the replay: logged, and appended to the timeline file (if any). */
export type RecordEvent = (e: Omit<ReplayEvent, "t">) => void;

/** The RecordEvent of a replay whose timeline goes to `timelineFile` (undefined: logged only). */
export function timelineRecorder(timelineFile: string | undefined): RecordEvent {
    return (e) => {
        const line: ReplayEvent = { t: Date.now(), ...e };
        const what = [e.what, e.status, e.capture, e.count, e.message].filter((x) => x !== undefined).join(" ");
        console.log(
            `operator-replay: ${new Date(line.t).toISOString()} ${e.cr || "-"} gen ${e.generation ?? "-"}: ${what}`,
        );
        if (timelineFile) fs.appendFileSync(timelineFile, JSON.stringify(line) + "\n");
    };
}
