// Names the stack would share with Kubernetes, Istio or Helm: app names that are the gateway
// Service's own port names, namespaces Kubernetes keeps or the stack creates twice, and the gateway
// Service's name. (Names unique across apps are apps.ts's; each name's own form is the schema's.)
import { STATUS_PORT } from "../../limits";
import { StackModel } from "../../model";
import { BUILT_IN_PORT_NAMES, NS, OPERATOR_NAMESPACE } from "../../names";
import { Findings, quote } from "../problems";
import { dnsLabelProblem } from "../values";

/**
 * App names name gateway Service ports, whose names must be unique. The classic gateway Service has
 * status-port, http2 and https; with gateway-api routing Istio names the Service's ports after the
 * listeners and adds status-port (istio/istio 1.23.6 pilot/pkg/config/kube/gateway/deploymentcontroller.go,
 * extractServicePorts).
 */
export function checkPortNames(f: Findings, { apps, routing }: StackModel): void {
    for (const app of apps) {
        const port = BUILT_IN_PORT_NAMES.get(app.name);
        if (port === undefined || (routing === "gateway-api" && port !== STATUS_PORT)) continue;
        f.error(
            `${NS}:apps (${app.name}) name`,
            `"${app.name}" names the gateway Service's own port ${port}; a Service's port names must be unique: pick another name`,
        );
    }
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
export function checkNamespaces(f: Findings, { istio, demo }: StackModel): void {
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

/** The gateway Service's name: not one of Istio's own components, and short enough for a Helm release. */
export function checkGatewayServiceName(f: Findings, { istio, routing }: StackModel): void {
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
