// The one place that reads stack config: the schema (components/config/schema.ts) parses it into a
// StackModel, the rules across fields (components/config/) and those here check the model, and every
// problem is collected and thrown once, before a single resource is registered.
import * as semver from "semver";
import * as pulumi from "@pulumi/pulumi";
import { checkCapacity, checkGatewayApiApps, checkUniqueness, warnAdminUis } from "./components/config/appRules";
import { checkLoadBalancer, warnLoadBalancer } from "./components/config/loadBalancer";
import { DEFAULTS, JSON_KEYS, NS, StackConfig } from "./components/config/schema";
import { checkStackRules } from "./components/config/stackRules";
import { HTTPS_PORT, HTTP_PORT, LAST_OPERATOR_MINOR } from "./components/limits";
import { App, IstioSettings, LoadBalancerSettings, StackModel } from "./components/model";
import { sortByName } from "./components/specs/appUrls";
import { GATEWAY_CHART_ALLOWED, GATEWAY_CHART_BROKEN, gatewayChartRefusal } from "./components/specs/helmValues";
import { ConfigError, Findings, parseReporting, quote } from "./components/validation";

export { DEFAULTS };

/** The stack config as read, before validation: each key's value as the YAML (or JSON text) holds it. */
export type RawStackConfig = { readonly [K in keyof typeof StackConfig.shape]?: unknown };

export interface ParsedConfig {
    readonly model: StackModel;
    readonly warnings: readonly string[];
}

/** Validates raw stack config into the model, or throws a ConfigError (a pulumi RunError) listing every problem. */
export function parseStackConfig(raw: RawStackConfig): ParsedConfig {
    const f = new Findings();
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
    checkOperatorVersion(f, istio);
    checkLoadBalancer(f, loadBalancer);
    warnLoadBalancer(f, loadBalancer);
    if (istio.install === "helm" && routing === "istio") checkGatewayChartVersion(f, istio.version);
    checkUniqueness(f, apps, demo);
    checkCapacity(f, apps, demo, routing);
    checkStackRules(f, { istio, loadBalancer, apps, demo, routing, gatewayApiCrds });
    checkTlsPorts(f, apps, loadBalancer);
    if (routing === "gateway-api") {
        checkGatewayApiApps(f, apps);
        checkGatewayApiLoadBalancer(f, loadBalancer);
    }
    if (!loadBalancer.internal) warnAdminUis(f, apps);
    if (f.problems.length > 0) throw new ConfigError(f.problems);
    return {
        model: { istio, loadBalancer, apps: sortByName(apps), demo, routing, gatewayApiCrds },
        warnings: f.warnings,
    };
}

/** Reads every `ncp-ingress:*` key of the stack (an unknown one is refused), validates them and logs the warnings. */
export function readStackConfig(): StackModel {
    const keys = Object.entries(pulumi.runtime.allConfig()).filter(([key]) => key.startsWith(`${NS}:`));
    const { model, warnings } = parseStackConfig(Object.fromEntries(keys.map(([k, v]) => [k.slice(NS.length + 1), v])));
    for (const w of warnings) void pulumi.log.warn(w);
    return model;
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

/** The in-cluster Istio operator was removed in Istio 1.24. */
function checkOperatorVersion(f: Findings, { install, version }: IstioSettings): void {
    // Not a release (the schema says so already), or one that still had the operator (pre-releases of 1.24 did not).
    if (install !== "operator" || !semver.valid(version) || semver.lt(version, `1.${LAST_OPERATOR_MINOR + 1}.0-0`))
        return;
    f.error(
        `${NS}:istio.version`,
        `${version} has no in-cluster operator (Istio removed it in 1.24); ` +
            `set ${NS}:istio.install to "helm" for Istio 1.24 and later, or pick a version up to 1.${LAST_OPERATOR_MINOR}.x`,
    );
}

/**
 * Helm mode installs the gateway chart with labels, service and podAnnotations values, which the
 * chart's values.schema.json of some Istio releases rejects (see gatewayChartRefusal).
 */
function checkGatewayChartVersion(f: Findings, version: string): void {
    const refusal = gatewayChartRefusal(version);
    if (!refusal) return;
    const helm = `${NS}:istio.install "helm"`;
    const why =
        refusal === "schema"
            ? `cannot be installed with ${helm}: the gateway chart's values.schema.json of Istio ${GATEWAY_CHART_BROKEN} ` +
              "rejects the values ncp-ingress passes it (labels, service, podAnnotations), and Helm 3.18.5 and later " +
              "(inside the Kubernetes provider) enforce that schema"
            : `is older than ${helm} supports (its charts are end of life and untested here)`;
    const minor = Number(version.split(".")[1]);
    const operator =
        minor <= LAST_OPERATOR_MINOR
            ? `; or set ${NS}:istio.install to "operator" for Istio 1.${LAST_OPERATOR_MINOR}.x and earlier`
            : "";
    f.error(
        `${NS}:istio.version`,
        `${version} ${why}; allowed: ${GATEWAY_CHART_ALLOWED} (default ${DEFAULTS.istio.helmVersion})${operator}`,
    );
}

/**
 * TLS at the LB forwards plain traffic: only to ports where the gateway expects it (80, HTTP apps, and
 * TCP apps, whose backends then get the decrypted stream), never where the gateway terminates TLS.
 */
function checkTlsPorts(f: Findings, apps: readonly App[], lb: LoadBalancerSettings): void {
    const plain = new Map<number, string>([[HTTP_PORT, "the built-in HTTP listener"]]);
    for (const app of apps)
        if (app.port !== undefined && app.protocol !== "HTTPS") plain.set(app.port, `app ${app.name}`);
    lb.tlsPorts.forEach((port, i) => {
        if (plain.has(port)) return;
        const why =
            port === HTTPS_PORT || apps.some((a) => a.port === port)
                ? "the gateway terminates TLS there itself, so TLS would be terminated twice"
                : "no app or built-in listener uses it";
        f.error(`${NS}:loadBalancer.tlsPorts[${i}]`, `${port}: ${why}; allowed: ${[...plain.keys()].join(", ")}`);
    });
}

function checkGatewayApiLoadBalancer(f: Findings, lb: LoadBalancerSettings): void {
    const unsupported: [string, boolean][] = [
        ["sourceRanges", lb.sourceRanges.length > 0],
        ["loadBalancerIP", lb.loadBalancerIP !== undefined],
        ["proxyProtocol", lb.proxyProtocol],
    ];
    for (const [field, set] of unsupported) {
        if (set) {
            f.error(
                `${NS}:loadBalancer.${field}`,
                `is not supported when ${NS}:routing is "gateway-api": Istio generates that Service from the Gateway; use routing "istio"`,
            );
        }
    }
}
