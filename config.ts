// The one place that reads stack config: the schema (components/config/schema.ts) parses it into a
// StackModel, the rules across fields, apps and sections (components/config/rules/) check the model,
// and every problem is collected and thrown once, before a single resource is registered.
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, Findings, parseReporting, quote } from "./components/config/problems";
import { KubernetesSettings, parseKubernetesSettings } from "./components/config/kubernetesProvider";
import { checkStackRules } from "./components/config/rules";
import { DEFAULTS, JSON_KEYS, StackConfig } from "./components/config/schema";
import { StackModel } from "./components/model";
import { NS } from "./components/names";
import { sortByName } from "./components/specs/appUrls";

export { DEFAULTS };

/** The stack config as read, before validation: each key's value as the YAML (or JSON text) holds it. */
export type RawStackConfig = { readonly [K in keyof typeof StackConfig.shape]?: unknown };

export interface ParsedConfig {
    readonly model: StackModel;
    readonly warnings: readonly string[];
    /** The explicit kubernetes provider's arguments (components/config/kubernetesProvider.ts). */
    readonly kubernetes: KubernetesSettings;
}

/**
 * Validates raw stack config (the `ncp-ingress:*` keys, and the `kubernetes:*` keys for the provider,
 * each without its prefix) into the model, or throws a ConfigError (a pulumi RunError) listing every problem.
 */
export function parseStackConfig(
    raw: RawStackConfig,
    kubernetesRaw: Readonly<Record<string, string>> = {},
): ParsedConfig {
    const f = new Findings();
    const kubernetes = parseKubernetesSettings(f, kubernetesRaw);
    const input = fromJsonText(f, raw);
    const entries: unknown[] = Array.isArray(input.apps) ? input.apps : [];
    const { istio, loadBalancer, apps, demo, routing, gatewayApiCrds } = parseReporting(
        StackConfig,
        input,
        (path, message, key) => {
            const at =
                key === undefined
                    ? where(path, entries)
                    : path.length
                      ? `${where(path, entries)}.${key}`
                      : `${NS}:${key}`;
            f.error(at, message);
        },
        // An app with a refused field is left out whole; the rules below see only the valid ones.
        (path) => (path[0] === "apps" ? path.slice(0, 2) : path),
        { apps: [] },
    );
    checkStackRules(f, { istio, loadBalancer, apps, demo, routing, gatewayApiCrds });
    if (f.problems.length > 0) throw new ConfigError(f.problems);
    return {
        model: { istio, loadBalancer, apps: sortByName(apps), demo, routing, gatewayApiCrds },
        warnings: f.warnings,
        kubernetes,
    };
}

/**
 * Reads every `ncp-ingress:*` key of the stack (an unknown one is refused) and every `kubernetes:*`
 * key (the provider's settings), validates them and logs the warnings.
 */
export function readStackConfig(): Pick<ParsedConfig, "model" | "kubernetes"> {
    const all = Object.entries(pulumi.runtime.allConfig());
    const within = (ns: string) =>
        Object.fromEntries(
            all.filter(([key]) => key.startsWith(`${ns}:`)).map(([k, v]) => [k.slice(ns.length + 1), v]),
        );
    const { model, warnings, kubernetes } = parseStackConfig(within(NS), within("kubernetes"));
    for (const w of warnings) void pulumi.log.warn(w);
    return { model, kubernetes };
}

/**
 * A map or list set with `pulumi config set <key> '<json>'` (no --path) is stored as JSON text, as the
 * program sees every structured value: parsed here. Text that is not JSON stays a string for the
 * schema to refuse, unless it looks like broken JSON.
 */
function fromJsonText(f: Findings, raw: RawStackConfig): Record<string, unknown> {
    const input: Record<string, unknown> = { ...raw };
    for (const key of JSON_KEYS) {
        const text = input[key];
        if (typeof text !== "string") continue;
        try {
            input[key] = JSON.parse(text);
        } catch (e) {
            if (!/^\s*[[{]/.test(text)) continue;
            f.error(
                `${NS}:${key}`,
                `${quote(text)} is not valid JSON (${(e as Error).message}); write it as YAML, or set its fields with pulumi config set --path`,
            );
            input[key] = key === "apps" ? [] : undefined;
        }
    }
    return input;
}

/** Where a refused value is: ncp-ingress:apps[0] (web) backend.host, ncp-ingress:loadBalancer.annotations["x"]. */
function where(path: readonly PropertyKey[], apps: readonly unknown[]): string {
    let out = `${NS}:${String(path[0])}`;
    path.slice(1).forEach((key, i) => {
        if (typeof key === "number") {
            const name = path[0] === "apps" && i === 0 ? (apps[key] as { name?: unknown } | null)?.name : undefined;
            out += typeof name === "string" && name !== "" ? `[${key}] (${name})` : `[${key}]`;
        } else if (path[i] === "annotations") out += `["${String(key)}"]`;
        else out += (path[0] === "apps" && i === 1 ? " " : ".") + String(key);
    });
    return out;
}
