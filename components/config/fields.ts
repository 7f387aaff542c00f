// Field builders of the stack config's schema (schema.ts): each refuses a bad value with a message
// that says what was given and what is allowed, and carries what the JSON Schema shows editors.
import { z } from "zod";
import { RESERVED_PORTS, TCP_PORT_MAX } from "../limits";
import { LB_PORTS } from "../ncp/rules";
import { describe, quote } from "./problems";
import { cidrProblem, DNS_LABEL, dnsLabelProblem } from "./values";

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

/**
 * The shape of an object with each field's meaning attached (`.meta`): what the editor shows on hover and
 * the config table (docs/configuration.md) says. A field without one does not compile.
 */
export const documented = <S extends Record<string, z.ZodType>>(shape: S, docs: { [K in keyof S]: string }): S =>
    Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, field.meta({ description: docs[key] })])) as S;
/** A refusal of a value of the wrong type (or of no union member): what was given, what is expected. */
export const expecting = (what: string) => (iss: z.core.$ZodRawIssue) =>
    iss.code === "invalid_type" || iss.code === "invalid_union"
        ? `got ${describe(iss.input)}; expected ${what}`
        : undefined;
/** A string matching `re`, refused as `"<value>" <problem>`. */
export const matching = (re: RegExp, problem: string) =>
    z.string({ error: expecting("a string") }).regex(re, { error: (iss) => `${quote(String(iss.input))} ${problem}` });
/** A DNS-1123 label (a Kubernetes name); `expected` words a value of another type. */
export const label = (expected?: string) =>
    text(dnsLabelProblem, expected).meta({ title: "DNS label", pattern: DNS_LABEL.source, maxLength: 63 });
/** An IPv4 or IPv6 CIDR, as Istio's allow lists take it. */
export const cidr = text(cidrProblem).meta({ title: "CIDR" });
/** What the JSON Schema says of an IPv4 address field. */
export const IPV4 = { title: "IPv4 address", format: "ipv4" };
/** A port of the NCP load balancer and the gateway Service, which an app or the demo takes. */
export const appPort = integer(LB_PORTS.min, LB_PORTS.max, "a load balancer port", (port) =>
    port === TCP_PORT_MAX
        ? `${port} is refused by NCP load balancer listeners, which take ports ${LB_PORTS.min}-${LB_PORTS.max}`
        : undefined,
)
    .refine((port) => !RESERVED_PORTS.has(port), {
        error: (iss) =>
            `${iss.input} is taken by ${RESERVED_PORTS.get(iss.input as number)}; pick another port (e.g. 30000-32767)`,
    })
    .meta({ not: { enum: [...RESERVED_PORTS.keys()] } });
/** An NCP resource number: digits, as a string or an integer (`pulumi config set --path` stores digits so). */
export const ncpNumber = (what: string, title: string) => {
    const error = (iss: { input?: unknown }) => `got ${describe(iss.input)}; expected ${what}`;
    const digits = matching(/^\d+$/, `must be ${what}`);
    return z
        .union([digits, z.int().min(0, { error })], { error })
        .meta({ title })
        .transform(String);
};
