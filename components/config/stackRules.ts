// Rules across sections of the stack config, over the parsed model: an app list that gives the
// Gateway something to serve, whether allow lists can see client IPs, what install "none" can apply,
// names and namespaces the stack would share with Kubernetes or Istio, the operator gateway's ports,
// Gateway API limits. config.ts calls checkStackRules once every section is parsed.
import * as semver from "semver";
import {
    GATEWAY_API_INFRASTRUCTURE_SINCE,
    GATEWAY_API_MAX_ANNOTATION_VALUE,
    GATEWAY_API_MAX_INFRASTRUCTURE_ANNOTATIONS,
    STATUS_PORT,
} from "../limits";
import { App, StackModel } from "../model";
import { loadBalancerAnnotations } from "../specs/annotations";
import { OPERATOR_NAMESPACE } from "../specs/operatorInstall";
import { BUILT_IN_PORT_NAMES, BUILT_IN_TARGETS } from "../specs/ports";
import { dnsLabelProblem, Findings, quote } from "../validation";

const NS = "ncp-ingress";
const APPS = `${NS}:apps`;
const LB = `${NS}:loadBalancer`;

export function checkStackRules(f: Findings, model: StackModel): void {
    checkNotEmpty(f, model);
    checkClientIps(f, model);
    if (model.istio.install === "none" && model.routing === "istio") checkInstallNone(f, model);
    checkPortNames(f, model);
    checkNamespaces(f, model);
    checkGatewayServiceName(f, model);
    if (model.routing === "gateway-api") checkGatewayApi(f, model);
    if (model.istio.install === "operator" && model.routing === "istio") checkOperatorPorts(f, model);
}

/**
 * App names name gateway Service ports, whose names must be unique. The classic gateway Service has
 * status-port, http2 and https; with gateway-api routing Istio names the Service's ports after the
 * listeners and adds status-port (istio/istio 1.23.6 pilot/pkg/config/kube/gateway/deploymentcontroller.go,
 * extractServicePorts).
 */
function checkPortNames(f: Findings, { apps, routing }: StackModel): void {
    for (const app of apps) {
        const port = BUILT_IN_PORT_NAMES.get(app.name);
        if (port === undefined || (routing === "gateway-api" && port !== STATUS_PORT)) continue;
        f.error(
            `${APPS} (${app.name}) name`,
            `"${app.name}" names the gateway Service's own port ${port}; a Service's port names must be unique: pick another name`,
        );
    }
}

/**
 * The operator's 1.23 gateway runs unprivileged (ISTIO_META_UNPRIVILEGED_POD), and istiod builds no
 * listener for a gateway port below 1024 there (istio/istio 1.23.6 pilot/pkg/networking/core/gateway.go,
 * "skipping privileged gateway port"); its built-in 80/443 listeners take container ports 8080/8443.
 * An app's container port is its port. (80 and 443 themselves are reserved for every mode.)
 */
function checkOperatorPorts(f: Findings, { apps, demo }: StackModel): void {
    const targets = BUILT_IN_TARGETS.operator;
    const builtIn = new Map([
        [targets.http, "HTTP listener (port 80)"],
        [targets.https, "HTTPS listener (port 443)"],
    ]);
    const ported = [
        ...apps.flatMap((app) =>
            app.port === undefined ? [] : [{ where: `${APPS} (${app.name}) port`, port: app.port }],
        ),
        ...(demo.enabled ? [{ where: `${NS}:demo.port`, port: demo.port }] : []),
    ];
    for (const { where, port } of ported) {
        const listener = builtIn.get(port);
        if (port < 1024) {
            f.error(
                where,
                `${port}: install "operator" runs the Istio 1.23 gateway unprivileged, and istiod skips gateway ports below 1024 (no listener); ` +
                    'pick a port from 1024 up (e.g. 30000-32767), or use install "helm"',
            );
        } else if (listener) {
            f.error(
                where,
                `${port} is the container port of the gateway's built-in ${listener} with install "operator"; pick another port (e.g. 30000-32767)`,
            );
        }
    }
}

/**
 * The Gateway needs a server per app (or the demo's): Istio refuses a Gateway without servers
 * (istio/istio 1.28.0 pkg/config/validation/validation.go, "gateway must have at least one server"),
 * the Gateway API CRD a Gateway without listeners (gateway-api v1.2.1 spec.listeners minItems: 1).
 * With Istio routing and an install, no apps means an Istio-only stack: Istio and its gateway, no
 * Gateway, for routes stacks (install: none) to add their apps to. Install none with no apps would
 * change nothing. Not reported when the entries were refused one by one already.
 */
function checkNotEmpty(f: Findings, { apps, demo, routing, istio }: StackModel): void {
    if (apps.length > 0 || demo.enabled || f.problems.some((p) => p.startsWith(APPS))) return;
    if (routing === "istio" && istio.install !== "none") return;
    const what =
        routing === "istio"
            ? "nothing to do: install none adds app ports and routes to an existing gateway, and there are none"
            : "a Gateway with no listeners (Gateway API requires at least one)";
    f.error(APPS, `is empty, which leaves ${what}; add an app, or set ${NS}:demo: true`);
}

/**
 * Namespaces the API server creates in every cluster and recreates if deleted
 * (kubernetes/kubernetes pkg/controlplane/controller/systemnamespaces).
 */
const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);

/**
 * Namespaces the stack creates as Namespace resources: istio.namespace (operator and helm modes), the
 * demo's, and the operator's own (operator mode). None may be another's, nor one Kubernetes keeps.
 */
function checkNamespaces(f: Findings, { istio, demo }: StackModel): void {
    const createsIstioNs = istio.install !== "none";
    const shared = (where: string, ns: string, what: string, instead: string) => {
        if (istio.install === "operator" && ns === OPERATOR_NAMESPACE) {
            f.error(
                where,
                `"${ns}" is the Istio operator's namespace, which install "operator" creates as well ` +
                    `(two Namespace resources for one namespace): use another, such as ${instead}`,
            );
        } else if (SYSTEM_NAMESPACES.has(ns)) {
            f.error(
                where,
                `"${ns}" is a namespace the Kubernetes API server creates and keeps; ${what} creates it as a Namespace of this stack ` +
                    `(and pulumi destroy would delete it): use a namespace of its own, such as ${instead}`,
            );
        } else return false;
        return true;
    };
    if (createsIstioNs) shared(`${NS}:istio.namespace`, istio.namespace, `install "${istio.install}"`, "istio-system");
    if (!demo.enabled) return;
    const where = `${NS}:demo.namespace`;
    if (shared(where, demo.namespace, "the demo", "ncp-ingress-demo")) return;
    if (demo.namespace === istio.namespace) {
        f.error(
            where,
            `"${demo.namespace}" is also ${NS}:istio.namespace; the demo creates its namespace as a Namespace of its own ` +
                "(and pulumi destroy would delete it, with Istio in it): use another, such as ncp-ingress-demo",
        );
    }
}

/** Names of Istio's own components in the control-plane namespace, which the gateway cannot take. */
const ISTIO_COMPONENTS: ReadonlyMap<string, string> = new Map([
    ["istiod", "Istio's control plane (its Deployment and Service)"],
    ["istio-egressgateway", "Istio's egress gateway"],
]);

/**
 * Helm refuses release names longer than 53 characters (helm/helm pkg/chartutil/validate_name.go,
 * maxReleaseNameLen); helm mode installs the gateway chart as release gatewayService.
 */
const HELM_RELEASE_NAME_MAX = 53;

function checkGatewayServiceName(f: Findings, { istio, routing }: StackModel): void {
    const where = `${NS}:istio.gatewayService`;
    const name = istio.gatewayService;
    const component = ISTIO_COMPONENTS.get(name);
    if (component) {
        f.error(
            where,
            `"${name}" is the name of ${component} in ${NS}:istio.namespace, not of an ingress gateway: ` +
                "use another, such as istio-ingressgateway",
        );
    }
    const gatewayChart = istio.install === "helm" && routing === "istio";
    if (gatewayChart && name.length > HELM_RELEASE_NAME_MAX && !dnsLabelProblem(name)) {
        f.error(
            where,
            `${quote(name)} is ${name.length} characters long; install "helm" makes it the gateway chart's release name, ` +
                `and Helm allows at most ${HELM_RELEASE_NAME_MAX}`,
        );
    }
}

/**
 * The key rule of spec.infrastructure.annotations (gateway-api v1.2.1 CRD x-kubernetes-validations):
 * an optional lower-case DNS subdomain prefix shorter than 253 characters, a name of at most 63.
 */
const INFRASTRUCTURE_KEY =
    /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/;

/**
 * Gateway API routing: the NCP annotations travel in the Gateway's spec.infrastructure.annotations,
 * which the CRD bounds, and which releases before v1.2.0 do not have at all.
 */
function checkGatewayApi(f: Findings, { loadBalancer: lb, gatewayApiCrds }: StackModel): void {
    const annotations = Object.keys(loadBalancerAnnotations(lb));
    if (annotations.length > GATEWAY_API_MAX_INFRASTRUCTURE_ANNOTATIONS) {
        f.error(
            LB,
            `becomes ${annotations.length} annotations in the Gateway's spec.infrastructure.annotations (${annotations.join(", ")}), ` +
                `but Gateway API allows at most ${GATEWAY_API_MAX_INFRASTRUCTURE_ANNOTATIONS} there; set fewer options or annotations, or use routing "istio"`,
        );
    }
    for (const [key, value] of Object.entries(lb.annotations)) {
        const where = `${LB}.annotations["${key}"]`;
        if (!INFRASTRUCTURE_KEY.test(key) || key.split("/")[0].length >= 253) {
            f.error(
                where,
                "is not a Gateway API infrastructure annotation key: an optional lower-case DNS subdomain prefix shorter than 253 characters, " +
                    "then a name of at most 63 characters",
            );
        }
        if (value.length > GATEWAY_API_MAX_ANNOTATION_VALUE) {
            f.error(
                where,
                `is ${value.length} characters long; Gateway API infrastructure annotation values take at most ${GATEWAY_API_MAX_ANNOTATION_VALUE}`,
            );
        }
    }
    // A release tag ("v1.2.1"; URLs and "installed" are no versions): semver reads the leading v.
    const release = semver.valid(gatewayApiCrds);
    if (release && semver.lt(release, GATEWAY_API_INFRASTRUCTURE_SINCE)) {
        f.error(
            `${NS}:gatewayApiCrds`,
            `"${gatewayApiCrds}" is older than v${GATEWAY_API_INFRASTRUCTURE_SINCE}, the first release whose standard channel has the Gateway's ` +
                "spec.infrastructure: the API server would prune it, the Service Istio provisions would lose its NCP annotations, " +
                `and NCP would build a default public LB; use v${GATEWAY_API_INFRASTRUCTURE_SINCE} or later`,
        );
    }
}

const withAllowList = (apps: readonly App[]) => apps.filter((app) => app.allow.length > 0);

/**
 * Allow lists match client IPs, which reach the gateway only if the LB keeps them (ncp/rules.ts,
 * CLIENT_IPS): an nlb passes them through (with externalTrafficPolicy: Local, set automatically), an
 * nplb only with PROXY protocol.
 * (With install "none", checkInstallNone says why PROXY protocol is no way out.)
 */
function checkClientIps(f: Findings, { istio, loadBalancer: lb, apps, routing }: StackModel): void {
    if (lb.layerType !== "nplb" || lb.proxyProtocol || (istio.install === "none" && routing === "istio")) return;
    for (const app of withAllowList(apps)) {
        f.error(
            `${APPS} (${app.name}) allow`,
            `needs client IPs, which an nplb replaces with its own unless PROXY protocol is on; set ${LB}.proxyProtocol: true`,
        );
    }
}

/**
 * install "none": the gateway Service belongs to someone else. ncp-ingress patches only its ports,
 * loadBalancerSourceRanges, loadBalancerIP and externalTrafficPolicy (index.ts, LoadBalancerAddress),
 * never its annotations nor the gateway pods' proxy config, so NCP options would be silently dropped.
 * internal describes the existing LB. An allow list behind a stack-declared nplb is refused here; the
 * Service's own layer type, which is what counts, is checked once read (AppRoutes' existingLb).
 */
function checkInstallNone(f: Findings, { loadBalancer: lb, apps }: StackModel): void {
    const mode = `${NS}:istio.install "none"`;
    const unapplied: [string, boolean][] = [
        ["size", lb.size !== undefined],
        ["subnetId", lb.subnetId !== undefined],
        ["proxyProtocol", lb.proxyProtocol],
        ["sslCertificateNo", lb.sslCertificateNo !== undefined],
        ["tlsPorts", lb.tlsPorts.length > 0],
        ["tlsMinVersion", lb.tlsMinVersion !== undefined],
        ["idleTimeoutSeconds", lb.idleTimeoutSeconds !== undefined],
        ["description", lb.description !== undefined],
        ["retainPublicIpOnTermination", lb.retainPublicIpOnTermination],
        ["annotations", Object.keys(lb.annotations).length > 0],
    ];
    for (const [field, set] of unapplied) {
        if (!set) continue;
        f.error(
            `${LB}.${field}`,
            `is not applied with ${mode}: ncp-ingress adds only ports, sourceRanges, loadBalancerIP and ` +
                "externalTrafficPolicy to the existing gateway Service, never annotations or the gateway pods' proxy config; " +
                'set it where that Service is installed and leave it out here, or use install "operator" or "helm"',
        );
    }
    if (lb.layerType !== "nplb") return;
    for (const app of withAllowList(apps)) {
        f.error(
            `${APPS} (${app.name}) allow`,
            `needs client IPs, which an nplb passes on only with PROXY protocol, and ${mode} cannot turn that on ` +
                "(neither the LB's annotation nor the gateway's proxy config), so the gateway would see the LB's addresses; " +
                'leave allow out, or use an nlb, or install "operator" or "helm" with proxyProtocol: true',
        );
    }
}
