// The one place that reads stack config: it validates everything into a StackModel, collecting every
// problem, and throws once, before a single resource is registered. Section rules live in
// components/config/ (apps, loadBalancer); the rules that span sections are here.
import * as pulumi from "@pulumi/pulumi";
import { checkCapacity, checkGatewayApiApps, checkUniqueness, warnAdminUis } from "./components/config/appRules";
import { checkLbPort, parseApps } from "./components/config/apps";
import { LB_DEFAULTS, parseLoadBalancer } from "./components/config/loadBalancer";
import { checkStackRules } from "./components/config/stackRules";
import { HTTPS_PORT, HTTP_PORT, LAST_OPERATOR_MINOR } from "./components/limits";
import {
    App,
    DemoSettings,
    InstallMode,
    IstioSettings,
    LoadBalancerSettings,
    RoutingMode,
    StackModel,
} from "./components/model";
import { sortByName } from "./components/specs/appUrls";
import { GATEWAY_CHART_ALLOWED, GATEWAY_CHART_BROKEN, gatewayChartRefusal } from "./components/specs/helmValues";
import {
    checkKnownKeys,
    ConfigError,
    describe,
    dnsLabelProblem,
    Findings,
    isObject,
    oneOf,
    section,
    stringField,
} from "./components/validation";

const NS = "ncp-ingress";

/** The stack config as read, before validation: each key's parsed YAML value. */
export interface RawStackConfig {
    readonly istio?: unknown;
    readonly loadBalancer?: unknown;
    readonly apps?: unknown;
    readonly demo?: unknown;
    readonly routing?: unknown;
    readonly gatewayApiCrds?: unknown;
}

export const DEFAULTS = {
    istio: {
        install: "operator" as InstallMode,
        /** Operator mode (and none, which ignores it): the last release with the in-cluster operator. */
        version: "1.23.6",
        /** Helm mode: a 1.28 patch (istio/istio tag 1.28.10), whose gateway chart takes our values. */
        helmVersion: "1.28.10",
        namespace: "istio-system",
        chartRepository: "https://istio-release.storage.googleapis.com/charts",
        gatewayService: "istio-ingressgateway",
    },
    loadBalancer: LB_DEFAULTS,
    demo: { port: 30080, namespace: "ncp-ingress-demo" },
    routing: "istio" as RoutingMode,
    /** Gateway API's standard channel release supported by Istio 1.22 and later. */
    gatewayApiCrds: "v1.2.1",
};

export interface ParsedConfig {
    readonly model: StackModel;
    readonly warnings: readonly string[];
}

/** Validates raw stack config into the model, or throws a ConfigError (a pulumi RunError) listing every problem. */
export function parseStackConfig(raw: RawStackConfig): ParsedConfig {
    const f = new Findings();
    const istio = parseIstio(f, raw.istio);
    const loadBalancer = parseLoadBalancer(f, raw.loadBalancer);
    const apps = parseApps(f, raw.apps);
    const demo = parseDemo(f, raw.demo);
    const routing = parseRouting(f, raw.routing);
    if (istio.install === "helm" && routing === "istio") checkGatewayChartVersion(f, istio.version);
    const gatewayApiCrds = stringField(f, `${NS}:gatewayApiCrds`, raw.gatewayApiCrds, DEFAULTS.gatewayApiCrds, (s) =>
        s === "installed" || /^v\d+\.\d+\.\d+$/.test(s) || /^https:\/\/\S+$/.test(s)
            ? undefined
            : 'must be a Gateway API release such as "v1.2.1", an https:// URL of an install manifest, or "installed"',
    );
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

/** Reads `ncp-ingress:*` from the stack, validates it and logs the warnings. */
export function readStackConfig(config: pulumi.Config = new pulumi.Config(NS)): StackModel {
    const raw: RawStackConfig = {
        istio: config.getObject("istio"),
        loadBalancer: config.getObject("loadBalancer"),
        apps: config.getObject("apps"),
        demo: config.getObject("demo"),
        routing: config.get("routing"),
        gatewayApiCrds: config.get("gatewayApiCrds"),
    };
    const { model, warnings } = parseStackConfig(raw);
    for (const w of warnings) void pulumi.log.warn(w);
    return model;
}

function parseIstio(f: Findings, value: unknown): IstioSettings {
    const d = DEFAULTS.istio;
    const o = section(f, `${NS}:istio`, value, [
        "install",
        "version",
        "namespace",
        "chartRepository",
        "gatewayService",
    ]);
    const install = oneOf(f, `${NS}:istio.install`, o.install, ["operator", "helm", "none"] as const, d.install);
    const version = o.version === undefined ? (install === "helm" ? d.helmVersion : d.version) : o.version;
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
