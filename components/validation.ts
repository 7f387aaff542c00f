import { RunError } from "@pulumi/pulumi";
import { isIP } from "net";

// Small pure helpers for validating hand-written stack config: collect every problem, say where it is
// and what is allowed, then fail once.

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
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 40)}…` : value);
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

/** An integer in [min, max], or a message saying what is allowed. */
export function integerProblem(value: unknown, min: number, max: number, what: string): string | undefined {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        return `got ${describe(value)}; expected ${what}: an integer from ${min} to ${max}`;
    }
    return undefined;
}

/** An optional object section of config (`<NS>:<key>`), with its unknown fields reported. */
export function section(
    f: Findings,
    where: string,
    value: unknown,
    allowed: readonly string[],
): Record<string, unknown> {
    if (value === undefined) return {};
    if (!isObject(value)) {
        f.error(where, `got ${describe(value)}; expected an object with fields ${allowed.join(", ")}`);
        return {};
    }
    checkKnownKeys(f, where, value, allowed);
    return value;
}

/** One of a fixed set of strings, or the default when absent. */
export function oneOf<T extends string>(f: Findings, where: string, value: unknown, allowed: readonly T[], dflt: T): T {
    if (value === undefined) return dflt;
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
    f.error(where, `got ${describe(value)}; allowed: ${allowed.join(", ")}`);
    return dflt;
}

/** An optional string checked by `check`, or the default when absent. */
export function stringField(
    f: Findings,
    where: string,
    value: unknown,
    dflt: string,
    check: (s: string) => string | undefined,
): string {
    if (value === undefined) return dflt;
    if (typeof value !== "string") {
        f.error(where, `got ${describe(value)}; expected a string`);
        return dflt;
    }
    const problem = check(value);
    if (problem) f.error(where, `${quote(value)} ${problem}`);
    return value;
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
    const name = value.startsWith("*.") ? value.slice(2) : value;
    if (!name.includes(".") || dnsNameProblem(name)) {
        return "must be a lower-case DNS name with a domain, optionally starting with '*.' (e.g. grafana.example.com)";
    }
    return undefined;
}

/** A list of strings each checked by `check`; problems name the index. */
export function stringList(
    f: Findings,
    where: string,
    value: unknown,
    check: (s: string) => string | undefined,
): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
        f.error(where, `got ${describe(value)}; expected a list`);
        return [];
    }
    return value.flatMap((item, i) => {
        const problem = typeof item === "string" ? check(item) : `got ${describe(item)}; expected a string`;
        if (problem) {
            f.error(`${where}[${i}]`, typeof item === "string" ? `${JSON.stringify(item)} ${problem}` : problem);
            return [];
        }
        return [item as string];
    });
}
