// The one place that reads stack config: it validates everything into a StackModel, collecting every
// problem, and throws once, before a single resource is registered.
import * as pulumi from "@pulumi/pulumi";
import {
    BUILT_IN_SERVICE_PORTS,
    GATEWAY_API_MAX_LISTENERS,
    LAST_OPERATOR_MINOR,
    LB_PORT_MAX,
    LB_PORT_MIN,
    NODE_PORT_COUNT,
    RESERVED_PORTS,
    TCP_PORT_MAX,
} from "./components/limits";
import {
    App,
    DEMO_APP_NAME,
    looksLikeAdminUi,
    DemoSettings,
    InstallMode,
    IstioSettings,
    LayerType,
    LoadBalancerSettings,
    RoutingMode,
    StackModel,
} from "./components/model";
import { sortByName } from "./components/specs/appUrls";
import { serviceRefFromHost } from "./components/specs/gatewayApi";
import { LAYER_TYPE_ANNOTATION, INTERNAL_ANNOTATION } from "./components/specs/annotations";
import {
    ConfigError,
    Findings,
    checkKnownKeys,
    describe,
    dnsLabelProblem,
    dnsNameProblem,
    integerProblem,
    isObject,
} from "./components/validation";

const NS = "ncp-ingress";

/** The stack config as read, before validation: each key's parsed YAML value. */
export interface RawStackConfig {
    readonly istio?: unknown;
    readonly loadBalancer?: unknown;
    readonly apps?: unknown;
    readonly demo?: unknown;
    readonly routing?: unknown;
}

export const DEFAULTS = {
    istio: {
        install: "operator" as InstallMode,
        version: "1.23.6",
        namespace: "istio-system",
        chartRepository: "https://istio-release.storage.googleapis.com/charts",
        gatewayService: "istio-ingressgateway",
    },
    loadBalancer: { layerType: "nlb" as LayerType, internal: false, addressTimeoutSeconds: 600 },
    demo: { port: 30080, namespace: "ncp-ingress-demo" },
    routing: "istio" as RoutingMode,
};

export interface ParsedConfig {
    readonly model: StackModel;
    readonly warnings: readonly string[];
}

/** Validates raw stack config into the model, or throws a ConfigError listing every problem. */
export function parseStackConfig(raw: RawStackConfig): ParsedConfig {
    const f = new Findings();
    const istio = parseIstio(f, raw.istio);
    const loadBalancer = parseLoadBalancer(f, raw.loadBalancer);
    const apps = parseApps(f, raw.apps);
    const demo = parseDemo(f, raw.demo);
    const routing = parseRouting(f, raw.routing);
    checkPortsAndNames(f, apps, demo);
    checkCapacity(f, apps.length + (demo.enabled ? 1 : 0), routing);
    if (routing === "gateway-api") checkServiceHosts(f, apps);
    if (!loadBalancer.internal) warnAdminUis(f, apps);
    if (f.problems.length > 0) throw new ConfigError(f.problems);
    return { model: { istio, loadBalancer, apps: sortByName(apps), demo, routing }, warnings: f.warnings };
}

/** Reads `ncp-ingress:*` from the stack, validates it and logs the warnings. */
export function readStackConfig(config: pulumi.Config = new pulumi.Config(NS)): StackModel {
    const raw: RawStackConfig = {
        istio: config.getObject("istio"),
        loadBalancer: config.getObject("loadBalancer"),
        apps: config.getObject("apps"),
        demo: config.getObject("demo"),
        routing: config.get("routing"),
    };
    const { model, warnings } = parseStackConfig(raw);
    for (const w of warnings) void pulumi.log.warn(w);
    return model;
}

function section(f: Findings, key: string, value: unknown, allowed: readonly string[]): Record<string, unknown> {
    if (value === undefined) return {};
    if (!isObject(value)) {
        f.error(`${NS}:${key}`, `got ${describe(value)}; expected an object with fields ${allowed.join(", ")}`);
        return {};
    }
    checkKnownKeys(f, `${NS}:${key}`, value, allowed);
    return value;
}

function oneOf<T extends string>(f: Findings, where: string, value: unknown, allowed: readonly T[], dflt: T): T {
    if (value === undefined) return dflt;
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
    f.error(where, `got ${describe(value)}; allowed: ${allowed.join(", ")}`);
    return dflt;
}

function parseIstio(f: Findings, value: unknown): IstioSettings {
    const d = DEFAULTS.istio;
    const o = section(f, "istio", value, ["install", "version", "namespace", "chartRepository", "gatewayService"]);
    const install = oneOf(f, `${NS}:istio.install`, o.install, ["operator", "helm", "none"] as const, d.install);
    const version = o.version === undefined ? d.version : o.version;
    const v = typeof version === "string" ? /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/.exec(version) : null;
    if (!v) {
        f.error(`${NS}:istio.version`, `got ${describe(version)}; expected an Istio release such as "1.23.6"`);
    } else if (install === "operator" && (Number(v[1]) > 1 || Number(v[2]) > LAST_OPERATOR_MINOR)) {
        f.error(
            `${NS}:istio.version`,
            `${version} has no in-cluster operator (Istio removed it in 1.24); ` +
                `set ${NS}:istio.install to "helm" for Istio 1.24 and later, or pick a version up to 1.${LAST_OPERATOR_MINOR}.x`,
        );
    }
    const namespace = stringField(f, `${NS}:istio.namespace`, o.namespace, d.namespace, dnsLabelProblem);
    const gatewayService = stringField(
        f,
        `${NS}:istio.gatewayService`,
        o.gatewayService,
        d.gatewayService,
        dnsLabelProblem,
    );
    const chartRepository = stringField(f, `${NS}:istio.chartRepository`, o.chartRepository, d.chartRepository, (s) =>
        /^(https?|oci):\/\/[^\s]+$/.test(s) ? undefined : "must be an http(s):// or oci:// URL",
    );
    return { install, version: String(version), namespace, chartRepository, gatewayService };
}

function stringField(
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
    if (problem) f.error(where, `${JSON.stringify(value)} ${problem}`);
    return value;
}

function parseLoadBalancer(f: Findings, value: unknown): LoadBalancerSettings {
    const d = DEFAULTS.loadBalancer;
    const o = section(f, "loadBalancer", value, ["layerType", "internal", "annotations", "addressTimeoutSeconds"]);
    // NCP accepts nlb or nplb, and the type cannot change once the LB exists (NCP Kubernetes LB guide).
    const layerType = oneOf(f, `${NS}:loadBalancer.layerType`, o.layerType, ["nlb", "nplb"] as const, d.layerType);
    let internal = d.internal;
    if (o.internal !== undefined) {
        if (typeof o.internal === "boolean") internal = o.internal;
        else f.error(`${NS}:loadBalancer.internal`, `got ${describe(o.internal)}; expected true or false`);
    }
    const timeout = o.addressTimeoutSeconds ?? d.addressTimeoutSeconds;
    const timeoutProblem = integerProblem(timeout, 1, 86400, "seconds");
    if (timeoutProblem) f.error(`${NS}:loadBalancer.addressTimeoutSeconds`, timeoutProblem);
    const annotations: Record<string, string> = {};
    if (o.annotations !== undefined && !isObject(o.annotations)) {
        f.error(`${NS}:loadBalancer.annotations`, `got ${describe(o.annotations)}; expected a map of strings`);
    } else {
        for (const [key, v] of Object.entries(o.annotations ?? {})) {
            const where = `${NS}:loadBalancer.annotations["${key}"]`;
            if (typeof v !== "string")
                f.error(where, `got ${describe(v)}; annotation values must be strings (quote them)`);
            else if (key === LAYER_TYPE_ANNOTATION || key === INTERNAL_ANNOTATION) {
                f.error(
                    where,
                    `is set by ${NS}:loadBalancer.${key === LAYER_TYPE_ANNOTATION ? "layerType" : "internal"}; set it there`,
                );
            } else annotations[key] = v;
        }
    }
    return {
        layerType,
        internal,
        annotations,
        addressTimeoutSeconds: timeoutProblem ? d.addressTimeoutSeconds : (timeout as number),
    };
}

function appWhere(index: number, name: unknown): string {
    return typeof name === "string" && name !== "" ? `${NS}:apps[${index}] (${name})` : `${NS}:apps[${index}]`;
}

function parseApps(f: Findings, value: unknown): App[] {
    if (value === undefined) {
        f.error(`${NS}:apps`, "is required: a list of apps, each {name, port, backend: {host, port}}");
        return [];
    }
    if (!Array.isArray(value)) {
        f.error(
            `${NS}:apps`,
            `got ${describe(value)}; expected a list of apps, each {name, port, backend: {host, port}}`,
        );
        return [];
    }
    return value.flatMap((entry, i) => {
        const app = parseApp(f, i, entry);
        return app ? [app] : [];
    });
}

function parseApp(f: Findings, i: number, entry: unknown): App | undefined {
    if (!isObject(entry)) {
        f.error(`${NS}:apps[${i}]`, `got ${describe(entry)}; expected an object {name, port, backend: {host, port}}`);
        return undefined;
    }
    const where = appWhere(i, entry.name);
    const before = f.problems.length;
    checkKnownKeys(f, where, entry, ["name", "port", "backend"]);
    const { name, port, backend } = entry;
    if (typeof name !== "string")
        f.error(`${where} name`, `got ${describe(name)}; expected a DNS-1123 label such as "argocd"`);
    else {
        const p = dnsLabelProblem(name);
        if (p) f.error(`${where} name`, `${JSON.stringify(name)} ${p}`);
    }
    checkLbPort(f, `${where} port`, port);
    if (!isObject(backend)) {
        f.error(
            `${where} backend`,
            `got ${describe(backend)}; expected {host: <service DNS name>, port: <service port>}`,
        );
    } else {
        checkKnownKeys(f, `${where} backend`, backend, ["host", "port"]);
        if (typeof backend.host !== "string") {
            f.error(
                `${where} backend.host`,
                `got ${describe(backend.host)}; expected a DNS name such as argocd-server.argocd.svc.cluster.local`,
            );
        } else {
            const p = dnsNameProblem(backend.host);
            if (p) f.error(`${where} backend.host`, `${JSON.stringify(backend.host)} ${p}`);
        }
        const p = integerProblem(backend.port, 1, TCP_PORT_MAX, "the backend Service port");
        if (p) f.error(`${where} backend.port`, p);
    }
    if (f.problems.length > before || !isObject(backend)) return undefined;
    return {
        name: name as string,
        port: port as number,
        backend: { host: backend.host as string, port: backend.port as number },
    };
}

function checkLbPort(f: Findings, where: string, port: unknown): void {
    if (port === TCP_PORT_MAX) {
        f.error(
            where,
            `${TCP_PORT_MAX} is refused by NCP load balancer listeners, which take ports ${LB_PORT_MIN}-${LB_PORT_MAX}`,
        );
        return;
    }
    const p = integerProblem(port, LB_PORT_MIN, LB_PORT_MAX, "a load balancer port");
    if (p) f.error(where, p);
    else if (RESERVED_PORTS.has(port as number)) {
        f.error(
            where,
            `${port} is taken by ${RESERVED_PORTS.get(port as number)}; pick another port (e.g. 30000-32767)`,
        );
    }
}

function parseDemo(f: Findings, value: unknown): DemoSettings {
    const d = DEFAULTS.demo;
    if (value === undefined || value === false) return { enabled: false, ...d };
    if (value === true) return { enabled: true, ...d };
    if (!isObject(value)) {
        f.error(`${NS}:demo`, `got ${describe(value)}; expected true, false or {port, namespace}`);
        return { enabled: false, ...d };
    }
    checkKnownKeys(f, `${NS}:demo`, value, ["port", "namespace"]);
    const port = value.port ?? d.port;
    checkLbPort(f, `${NS}:demo.port`, port);
    const namespace = stringField(f, `${NS}:demo.namespace`, value.namespace, d.namespace, dnsLabelProblem);
    return { enabled: true, port: port as number, namespace };
}

function parseRouting(f: Findings, value: unknown): RoutingMode {
    return oneOf(f, `${NS}:routing`, value, ["istio", "gateway-api"] as const, DEFAULTS.routing);
}

function checkPortsAndNames(f: Findings, apps: readonly App[], demo: DemoSettings): void {
    const names = new Map<string, string>();
    const ports = new Map<number, string>();
    if (demo.enabled) {
        names.set(DEMO_APP_NAME, `${NS}:demo`);
        ports.set(demo.port, `${NS}:demo (${DEMO_APP_NAME})`);
    }
    apps.forEach((app) => {
        const where = `${NS}:apps (${app.name})`;
        const nameOwner = names.get(app.name);
        if (nameOwner)
            f.error(`${where} name`, `"${app.name}" is already used by ${nameOwner}; app names must be unique`);
        else names.set(app.name, `${NS}:apps (${app.name})`);
        const portOwner = ports.get(app.port);
        if (portOwner) f.error(`${where} port`, `${app.port} is already used by ${portOwner}; one listener per port`);
        else ports.set(app.port, `${NS}:apps (${app.name})`);
    });
}

function checkCapacity(f: Findings, appCount: number, routing: RoutingMode): void {
    const builtIn = BUILT_IN_SERVICE_PORTS.length;
    if (appCount + builtIn > NODE_PORT_COUNT) {
        f.error(
            `${NS}:apps`,
            `${appCount} apps need ${appCount + builtIn} gateway Service ports, each taking a NodePort; ` +
                `the default NodePort range 30000-32767 has ${NODE_PORT_COUNT}`,
        );
    }
    if (routing === "gateway-api" && appCount > GATEWAY_API_MAX_LISTENERS) {
        f.error(
            `${NS}:apps`,
            `${appCount} apps need ${appCount} listeners, but a Gateway API Gateway allows at most ${GATEWAY_API_MAX_LISTENERS}; ` +
                `use ${NS}:routing "istio" or fewer apps`,
        );
    }
}

/** HTTPRoute backendRefs name a Service and its namespace, so the host must spell both. */
function checkServiceHosts(f: Findings, apps: readonly App[]): void {
    for (const app of apps) {
        if (!serviceRefFromHost(app.backend.host)) {
            f.error(
                `${NS}:apps (${app.name}) backend.host`,
                `"${app.backend.host}" must name an in-cluster Service as <service>.<namespace>[.svc.cluster.local] ` +
                    `when ${NS}:routing is "gateway-api" (HTTPRoutes reference Services, not host names)`,
            );
        }
    }
}

function warnAdminUis(f: Findings, apps: readonly App[]): void {
    for (const app of apps) {
        if (looksLikeAdminUi(app.name) || looksLikeAdminUi(app.backend.host)) {
            f.warn(
                `${NS}:apps (${app.name})`,
                `looks like an admin UI and is exposed on a public load balancer over plain HTTP (port ${app.port}); ` +
                    `consider ${NS}:loadBalancer.internal: true, or restrict who can reach the LB (NCP ACG)`,
            );
        }
    }
}
