// The typed, validated model of one stack. config.ts builds it from Pulumi.<stack>.yaml; every spec
// builder and component below takes (parts of) it and nothing else.
import type { LayerType } from "./ncp/rules";

/** How Istio gets onto the cluster. */
export type InstallMode = "operator" | "helm" | "none";

/** Which API the per-app routes are written in. */
export type RoutingMode = "istio" | "gateway-api";

/** NCP load balancer layer: `nlb` (network LB) or `nplb` (network proxy LB, NCP's default). */
export type { LayerType };

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
    /**
     * operator: install helm takes over what this stack's install operator made (the gateway Service
     * and its LB stay); undefined: nothing to take over.
     */
    readonly adoptFrom?: "operator";
}

export interface LoadBalancerSettings {
    readonly layerType: LayerType;
    /** true: a private LB. */
    readonly internal: boolean;
    /** Client ranges the LB admits (Service loadBalancerSourceRanges); empty: everyone. */
    readonly sourceRanges: readonly string[];
    /** Throughput, by layer type (ncp/rules.ts, SIZES). */
    readonly size?: string;
    /** An LB-only subnet number, instead of the cluster's default (ncloud-config lbSubnetNo). */
    readonly subnetId?: string;
    /** The LB sends PROXY protocol headers (nplb); the gateway is set to read them. */
    readonly proxyProtocol: boolean;
    /** TLS terminated at an nplb: NCP Certificate Manager certificate number. */
    readonly sslCertificateNo?: string;
    /** Ports on which the nplb terminates TLS with sslCertificateNo. */
    readonly tlsPorts: readonly number[];
    /** Minimum TLS version of those listeners (ncp/rules.ts, TLS_MIN_VERSIONS). */
    readonly tlsMinVersion?: string;
    /** Idle connection timeout in seconds (ncp/rules.ts, IDLE_TIMEOUT_SECONDS; nplb only). */
    readonly idleTimeoutSeconds?: number;
    readonly description?: string;
    /** Keep the public IP when the LB is deleted, to reuse it with loadBalancerIP. */
    readonly retainPublicIpOnTermination: boolean;
    /** A (retained) public IP for the LB: Service loadBalancerIP. */
    readonly loadBalancerIP?: string;
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

/** HTTP and HTTPS are routed by Envoy (HTTPS terminated at the gateway); TCP is passed through. */
export type AppProtocol = "HTTP" | "HTTPS" | "TCP";

export interface App {
    /** DNS-1123 label; names the gateway Service port, the Gateway server and the route. */
    readonly name: string;
    /** Port on the load balancer and the gateway Service; absent for apps reached by host name only. */
    readonly port?: number;
    /** Default HTTP. */
    readonly protocol: AppProtocol;
    /** Host names routed to the app on the shared 80 (and, with tls, 443) listeners; default none. */
    readonly hosts: readonly string[];
    /** TLS at the gateway: a kubernetes.io/tls Secret in the gateway's namespace. Required for HTTPS. */
    readonly tls?: { readonly credentialName: string };
    /** Client CIDRs allowed to reach the app; empty: everyone. */
    readonly allow: readonly string[];
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
    /**
     * Gateway API CRDs (routing: gateway-api): a release tag such as "v1.2.1" or a URL of an
     * install manifest to apply, or "installed" when the cluster already has them.
     */
    readonly gatewayApiCrds: string;
}

/** Names that suggest an admin UI, which should not face the internet openly (config warnings, policy). */
export function looksLikeAdminUi(name: string): boolean {
    return /argo|grafana|kibana|prometheus|alertmanager|dashboard|admin|jenkins|vault|rancher|kiali|jaeger/.test(name);
}
