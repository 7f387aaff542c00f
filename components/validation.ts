import { RunError } from "@pulumi/pulumi";
import { isIP } from "net";
import { z } from "zod";

// Small pure helpers for validating hand-written stack config: collect every problem, say where it is
// and what is allowed, then fail once. The zod field builders below word every refusal so (the schema
// itself is components/config/schema.ts).

/**
 * Thrown when stack config is invalid; lists every problem found. A pulumi RunError, so that the CLI
 * prints its message alone: no stack trace, no second list from the `problems` property.
 */
export class ConfigError extends RunError {
    constructor(readonly problems: readonly string[]) {
        const n = problems.length;
        super(
            `ncp-ingress: the stack configuration has ${n} problem${n === 1 ? "" : "s"}; nothing was deployed.\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
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
        const n = problems.length;
        super(
            `ncp-ingress: the stack configuration does not fit the cluster (${n} problem${n === 1 ? "" : "s"}); ` +
                "nothing that depends on it was deployed.\n" +
                problems.map((p) => `  - ${p}`).join("\n"),
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

export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** RFC 1123 label, as Kubernetes names: lower case alphanumerics and '-', at most 63 characters. */
export function dnsLabelProblem(value: string): string | undefined {
    if (value.length > 63) return `is ${value.length} characters long; at most 63 are allowed (DNS-1123 label)`;
    if (!DNS_LABEL.test(value)) {
        return "must be a DNS-1123 label: lower case letters, digits and '-', starting and ending with a letter or digit";
    }
    return undefined;
}

/** RFC 1123 subdomain, as in-cluster host names: dot-separated labels, at most 253 characters. */
export function dnsNameProblem(value: string): string | undefined {
    if (value.length > 253) return `is ${value.length} characters long; at most 253 are allowed`;
    if (value.split(".").some((label) => label.length > 63 || !DNS_LABEL.test(label))) {
        return "must be a DNS name: dot-separated labels of lower case letters, digits and '-' (e.g. argocd-server.argocd.svc.cluster.local)";
    }
    return undefined;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * A Kubernetes annotation key: [prefix/]name, the prefix a DNS subdomain of at most 253 characters,
 * the name at most 63 characters; compared in lower case.
 * Source: kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go
 * (ValidateAnnotations: IsQualifiedName(strings.ToLower(k))) and pkg/util/validation/validation.go.
 */
export function annotationKeyProblem(key: string): string | undefined {
    const parts = key.toLowerCase().split("/");
    const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
    const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix));
    if (parts.length > 2 || !prefixOk || name.length > 63 || !QUALIFIED_NAME.test(name)) {
        return (
            "is not an annotation key: [prefix/]name, the optional prefix a DNS subdomain (lower-case labels, at most 253 characters), " +
            "the name at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit"
        );
    }
    return undefined;
}

/**
 * An IPv4 or IPv6 CIDR such as 203.0.113.0/24, as Go parses it: Istio validates allow lists with
 * netip.ParsePrefix (istio/istio pkg/config/security/security.go, ValidateIPs), which refuses IPv6
 * zones and leading zeros in an IPv4 part or in the prefix length.
 */
export function cidrProblem(value: string): string | undefined {
    const problem = "must be a CIDR such as 203.0.113.0/24 or 2001:db8::/32";
    const [ip, bits, extra] = value.split("/");
    if (ip.includes("%")) return `${problem} (no IPv6 zone such as %eth0)`;
    const v4 = ip.slice(ip.lastIndexOf(":") + 1);
    if ((v4.includes(".") && v4.split(".").some((part) => /^0\d/.test(part))) || /^0\d/.test(bits ?? "")) {
        return `${problem} (no leading zeros in an IPv4 part or in the prefix length)`;
    }
    const family = isIP(ip);
    const max = family === 4 ? 32 : 128;
    if (!family || extra !== undefined || !/^\d{1,3}$/.test(bits ?? "") || Number(bits) > max) return problem;
    return undefined;
}

/** A host name a client sends, optionally a wildcard: grafana.example.com, *.example.com. */
export function hostNameProblem(value: string): string | undefined {
    // The whole name, "*." included: the Gateway API CRDs' Hostname (maxLength 253, gateway-api
    // v1.2.1 apis/v1/shared_types.go, type Hostname) and DNS (RFC 1035 2.3.4) count every character.
    if (value.length > 253) return `is ${value.length} characters long; at most 253 are allowed, '*.' included`;
    const name = value.startsWith("*.") ? value.slice(2) : value;
    if (!name.includes(".") || dnsNameProblem(name)) {
        return "must be a lower-case DNS name with a domain, optionally starting with '*.' (e.g. grafana.example.com)";
    }
    return undefined;
}

/** A string field: `problem` says what is wrong with a string; a value of another type is `expected`. */
export function text(problem: (s: string) => string | undefined, expected = "a string") {
    return z.string({ error: (iss) => `got ${describe(iss.input)}; expected ${expected}` }).superRefine((s, ctx) => {
        const p = problem(s);
        if (p) ctx.addIssue({ code: "custom", message: `${quote(s)} ${p}` });
    });
}

/** An integer field in [min, max]; `what` names it in the refusal, unless `refusal` words it for the value. */
export function integer(min: number, max: number, what: string, refusal?: (value: unknown) => string | undefined) {
    const error = (iss: { input?: unknown }) =>
        refusal?.(iss.input) ?? `got ${describe(iss.input)}; expected ${what}: an integer from ${min} to ${max}`;
    return z.int({ error }).min(min, { error }).max(max, { error });
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
