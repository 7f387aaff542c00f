// How problems with the stack config are collected and worded: every problem found, each saying where
// it is and what is allowed, then one error. parseReporting turns the schema's refusals (schema.ts)
// into such problems; the rules across fields (rules/) add theirs to the same Findings.
import { RunError } from "@pulumi/pulumi";
import { z } from "zod";

/** "1 problem", "3 problems". */
export const problemCount = (n: number): string => `${n} problem${n === 1 ? "" : "s"}`;
/** The problems as an error message lists them after its first line, one per line. */
export const problemLines = (problems: readonly string[]): string => problems.map((p) => `  - ${p}`).join("\n");

/**
 * Thrown when stack config is invalid; lists every problem found. A pulumi RunError, so that the CLI
 * prints its message alone: no stack trace, no second list from the `problems` property.
 */
export class ConfigError extends RunError {
    constructor(readonly problems: readonly string[]) {
        super(
            `ncp-ingress: the stack configuration has ${problemCount(problems.length)}; nothing was deployed.\n` +
                problemLines(problems),
        );
        this.name = "ConfigError";
    }
}

/**
 * Thrown at preview or up when the cluster refutes the stack config (install none: the existing
 * gateway Service is not what the config needs). A RunError, as ConfigError; some resources may be
 * in place already, so it does not say that nothing was deployed.
 */
export class ClusterMismatchError extends RunError {
    constructor(readonly problems: readonly string[]) {
        super(
            `ncp-ingress: the stack configuration does not fit the cluster (${problemCount(problems.length)}); ` +
                "nothing that depends on it was deployed.\n" +
                problemLines(problems),
        );
        this.name = "ClusterMismatchError";
    }
}

/** Collects problems and warnings, each prefixed with where it was found. */
export class Findings {
    readonly problems: string[] = [];
    readonly warnings: string[] = [];
    error(where: string, message: string): void {
        this.problems.push(`${where}: ${message}`);
    }
    warn(where: string, message: string): void {
        this.warnings.push(`${where}: ${message}`);
    }
}

/** A string as quoted in a message; long ones cut, so that a message stays readable. */
export function quote(value: string): string {
    return JSON.stringify(value.length > 64 ? `${value.slice(0, 40)}…` : value);
}

/** How a bad value is shown in a message. */
export function describe(value: unknown): string {
    if (value === undefined) return "nothing";
    if (value === null) return "null";
    if (Array.isArray(value)) return "a list";
    if (typeof value === "object") return "an object";
    if (typeof value === "string") return quote(value) + " (a string)";
    return String(value);
}

/** Levenshtein distance, for typo hints. */
export function editDistance(a: string, b: string): number {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) {
            row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
        }
        prev = row;
    }
    return prev[b.length];
}

const EXPECTED: Record<string, string> = { string: "a string", boolean: "true or false", array: "a list" };

/** The refusals no field words itself: a wrong type, a value not in the list, an unknown key. */
export function issueMessage(iss: z.core.$ZodRawIssue): string | undefined {
    const got = `got ${describe(iss.input)}`;
    const fields = Object.keys((iss.inst as z.ZodObject | undefined)?.shape ?? {});
    switch (iss.code) {
        case "invalid_type":
            return `${got}; expected ${iss.expected === "object" ? `an object with fields ${fields.join(", ")}` : (EXPECTED[iss.expected] ?? iss.expected)}`;
        case "invalid_value":
            return `${got}; allowed: ${iss.values.join(", ")}`;
        case "invalid_key":
            return iss.issues[0]?.message;
        case "unrecognized_keys":
            // One line per key; parseReporting makes each a problem of its own.
            return iss.keys
                .map((key) => {
                    const close = fields.find((a) => editDistance(a.toLowerCase(), key.toLowerCase()) <= 2);
                    return `unknown field; ${close ? `did you mean "${close}"?` : `allowed: ${fields.join(", ")}`}`;
                })
                .join("\n");
    }
    return undefined;
}

/**
 * Parses `raw` with `schema`, reporting every refusal, then drops what was refused (`extent` says how
 * much of the input a refusal at a path takes with it) and parses the rest again, until it parses (a
 * refusal can hide another, such as an annotation's behind a "__proto__" key): the rules across fields
 * then see every valid value, and defaults where a value was refused.
 */
export function parseReporting<S extends z.ZodType>(
    schema: S,
    raw: unknown,
    report: (path: readonly PropertyKey[], message: string, unknownKey?: string) => void,
    extent: (path: PropertyKey[]) => PropertyKey[] = (path) => path,
    /** Stands in for a required top-level value that was refused. */
    fallback: Record<string, unknown> = {},
): z.output<S> {
    let value = raw;
    for (let round = 0; round < 10; round++) {
        const result = schema.safeParse(value, { error: issueMessage });
        if (result.success) return result.data;
        const dropped: PropertyKey[][] = [];
        for (const iss of unknownKeysFirst(result.error.issues)) {
            const lines = iss.message.split("\n");
            const keys = iss.code === "unrecognized_keys" ? iss.keys : [undefined];
            keys.forEach((key, i) => {
                report(iss.path, lines[i] ?? iss.message, key);
                dropped.push(extent(key === undefined ? iss.path : [...iss.path, key]));
            });
        }
        value = { ...fallback, ...(without(value, dropped) as object) };
    }
    throw new Error("ncp-ingress: the stack configuration did not settle; this is a bug");
}

/** Unknown keys are reported before the values of their object: a typo explains the rest. */
function unknownKeysFirst(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
    const out: z.core.$ZodIssue[] = [];
    for (const iss of issues) {
        const within = (o: z.core.$ZodIssue) => iss.path.every((key, i) => o.path[i] === key);
        const at = iss.code === "unrecognized_keys" ? out.findIndex(within) : -1;
        out.splice(at < 0 ? out.length : at, 0, iss);
    }
    return out;
}

const DROPPED = Symbol("dropped");

/** A copy of `value` without the values at `paths`: list items are removed, object keys deleted. */
function without(value: unknown, paths: readonly PropertyKey[][]): unknown {
    type Node = Record<PropertyKey, unknown>;
    const isNode = (v: unknown): v is Node => v !== null && typeof v === "object";
    const copy = structuredClone(value);
    for (const path of paths) {
        const parent = path.slice(0, -1).reduce<unknown>((node, key) => (isNode(node) ? node[key] : undefined), copy);
        if (isNode(parent)) parent[path[path.length - 1]] = DROPPED;
    }
    // JSON leaves out a key whose value is a symbol; list items are filtered before it sees them.
    return JSON.parse(JSON.stringify(copy, (_, v) => (Array.isArray(v) ? v.filter((x) => x !== DROPPED) : v)));
}
