// Small pure helpers for validating hand-written stack config: collect every problem, say where it is
// and what is allowed, then fail once.

/** Thrown when stack config is invalid; lists every problem found. */
export class ConfigError extends Error {
    constructor(readonly problems: readonly string[]) {
        const n = problems.length;
        super(
            `ncp-ingress: the stack configuration has ${n} problem${n === 1 ? "" : "s"}; nothing was deployed.\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "ConfigError";
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

/** How a bad value is shown in a message. */
export function describe(value: unknown): string {
    if (value === undefined) return "nothing";
    if (value === null) return "null";
    if (Array.isArray(value)) return "a list";
    if (typeof value === "object") return "an object";
    if (typeof value === "string") return JSON.stringify(value) + " (a string)";
    return String(value);
}

export function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reports keys that are not in `allowed`, suggesting the closest allowed key (likely a typo). */
export function checkKnownKeys(
    f: Findings,
    where: string,
    obj: Record<string, unknown>,
    allowed: readonly string[],
): void {
    for (const key of Object.keys(obj)) {
        if (allowed.includes(key)) continue;
        const close = allowed.find((a) => editDistance(a.toLowerCase(), key.toLowerCase()) <= 2);
        const hint = close ? `did you mean "${close}"?` : `allowed: ${allowed.join(", ")}`;
        f.error(`${where}.${key}`, `unknown field; ${hint}`);
    }
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

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

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

/** An integer in [min, max], or a message saying what is allowed. */
export function integerProblem(value: unknown, min: number, max: number, what: string): string | undefined {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        return `got ${describe(value)}; expected ${what}: an integer from ${min} to ${max}`;
    }
    return undefined;
}
