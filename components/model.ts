// The typed, validated model of one stack. config.ts builds it from Pulumi.<stack>.yaml; every spec
// builder and component below takes (parts of) it and nothing else.

/** How Istio gets onto the cluster. */
export type InstallMode = "operator" | "helm" | "none";

/** Which API the per-app routes are written in. */
export type RoutingMode = "istio" | "gateway-api";

/** NCP load balancer layer: `nlb` (network LB) or `nplb` (network proxy LB, NCP's default). */
export type LayerType = "nlb" | "nplb";

export interface IstioSettings {
    /** operator (Istio <= 1.23), helm (Istio's charts) or none (Istio is already there). */
    readonly install: InstallMode;
    /** Istio version, e.g. "1.23.6"; the operator image tag or the chart version. */
    readonly version: string;
    /** Namespace of the control plane, the ingress gateway, the Gateway and the routes. */
    readonly namespace: string;
    /** Helm chart repository (helm mode). */
    readonly chartRepository: string;
    /** Name of the ingress gateway Service (install: none reads it; the others create it so). */
    readonly gatewayService: string;
}

export interface LoadBalancerSettings {
    readonly layerType: LayerType;
    /** true: a private LB. */
    readonly internal: boolean;
    /** Further Service annotations, merged last (they win). */
    readonly annotations: Readonly<Record<string, string>>;
    /** How long `pulumi up` waits for the LB to report an address. */
    readonly addressTimeoutSeconds: number;
}

export interface AppBackend {
    /** In-cluster DNS name of the backend Service, e.g. argocd-server.argocd.svc.cluster.local. */
    readonly host: string;
    readonly port: number;
}

export interface App {
    /** DNS-1123 label; names the gateway Service port, the Gateway server and the route. */
    readonly name: string;
    /** Port on the load balancer and the gateway Service. */
    readonly port: number;
    readonly backend: AppBackend;
}

export interface DemoSettings {
    readonly enabled: boolean;
    /** LB port of the demo app (named `httpbin`). */
    readonly port: number;
    readonly namespace: string;
}

export interface StackModel {
    readonly istio: IstioSettings;
    readonly loadBalancer: LoadBalancerSettings;
    /** Sorted by name, so that reordering the stack file changes nothing. */
    readonly apps: readonly App[];
    readonly demo: DemoSettings;
    readonly routing: RoutingMode;
}

/** The name the demo backend takes in the app list. */
export const DEMO_APP_NAME = "httpbin";

/** Name of the Istio Gateway (and of the Gateway API Gateway) that carries every app. */
export const GATEWAY_NAME = "istio-gateway";

/** Names that suggest an admin UI, which should not face the internet openly (config warnings, policy). */
export function looksLikeAdminUi(name: string): boolean {
    return /argo|grafana|kibana|prometheus|alertmanager|dashboard|admin|jenkins|vault|rancher|kiali|jaeger/.test(name);
}
