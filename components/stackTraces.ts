// Called first by index.ts (before any resource). The Pulumi SDK reads `new Error().stack` for every resource (all frames:
// @pulumi/pulumi resource.js Resource.callsites sets Error.stackTraceLimit to Infinity) and for every
// promise it tracks (runtime/debuggable.js debuggablePromise), and the source-map-support hooks that
// the SDK and ts-node install map every frame of every such stack to the TypeScript source anew. A
// 200-app stack builds its resources along a few code paths, so almost every stack is one seen
// before: this remembers each formatted stack by its error's header and V8's own text of its frames,
// and returns the same string the hook returned (one hook call per distinct stack).
// Figures: docs/performance.md "Alternatives tried".

type Prepare = (error: Error, frames: NodeJS.CallSite[]) => unknown;

/** Distinct stacks remembered; past it the cache starts over (a bound, not a tuning knob). */
export const MAX_STACKS = 5000;

/**
 * Wraps `prepare` (a `Error.prepareStackTrace` hook) so that a stack whose error header and frames
 * (as V8 prints them) were seen before gets the string `prepare` returned then, without calling it.
 */
export function rememberingStackTraces(prepare: Prepare): Prepare {
    const seen = new Map<string, unknown>();
    return (error, frames) => {
        let key: string;
        try {
            key = `${String(error)}\n${frames.join("\n")}`;
        } catch {
            return prepare(error, frames); // an object that cannot be printed: nothing to remember it by
        }
        if (seen.has(key)) return seen.get(key);
        const text = prepare(error, frames);
        if (seen.size >= MAX_STACKS) seen.clear();
        seen.set(key, text);
        return text;
    };
}

/** Puts the remembering wrapper around the installed hook (none installed: V8's own, already fast). */
export function rememberStackTraces(): void {
    const installed = Error.prepareStackTrace;
    if (installed) Error.prepareStackTrace = rememberingStackTraces(installed);
}
