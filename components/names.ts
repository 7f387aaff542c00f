// The names and constants the stack config's rules (components/config/) and the spec builders
// (components/specs/) share: what the rules keep an app from taking is what the specs then use.
// NCP's facts are components/ncp/'s; platform limits are components/limits.ts's.
import { HTTPS_PORT, HTTP_PORT, STATUS_PORT } from "./limits";
import { LoadBalancerSettings } from "./model";
import { ncpKey, NcpAnnotation } from "./ncp/annotations";

/** The project's config namespace: every stack key is `ncp-ingress:<key>`. */
export const NS = "ncp-ingress";

/** The name the demo backend takes in the app list. */
export const DEMO_APP_NAME = "httpbin";

/** Name of the Istio Gateway (and of the Gateway API Gateway) that carries every app. */
export const GATEWAY_NAME = "istio-gateway";

/** Names of the shared host-name servers and listeners start so; no app name may. */
export const RESERVED_NAME_PREFIX = "hosts-";

/** metadata.name of the VirtualService that routes an app's host names. */
export function hostRouteName(appName: string): string {
    return `${appName}-hosts`;
}

/** The namespace `istioctl operator init` installs the Istio operator in (install "operator"). */
export const OPERATOR_NAMESPACE = "istio-operator";

/**
 * Which gateway template serves the ports: the operator's (Envoy on 8080/8443) or the `gateway`
 * Helm chart's (Envoy on 80/443, allowed by the chart's unprivileged-port sysctl).
 */
export type GatewayFlavour = "operator" | "helm";

/**
 * Container ports of the built-in listeners. The operator's gateway: Istio 1.23.6
 * manifests/charts/gateways/istio-ingress/values.yaml (80 -> 8080, 443 -> 8443).
 */
export const BUILT_IN_TARGETS: Readonly<Record<GatewayFlavour, { readonly http: number; readonly https: number }>> = {
    operator: { http: 8080, https: 8443 },
    helm: { http: HTTP_PORT, https: HTTPS_PORT },
};

/** Names of the gateway Service's own ports (Istio's charts name them so); no app port may repeat one. */
export const BUILT_IN_PORT_NAMES: ReadonlyMap<string, number> = new Map([
    ["status-port", STATUS_PORT],
    ["http2", HTTP_PORT],
    ["https", HTTPS_PORT],
]);

/**
 * Annotation -> the typed loadBalancer field that sets it (raw annotations may not). A Map, so that
 * an annotation key such as "toString" is looked up as a key, not found on Object.prototype.
 */
export const ANNOTATION_FIELDS: ReadonlyMap<string, string> = new Map(
    (
        [
            ["layer-type", "layerType"],
            ["internal", "internal"],
            ["size", "size"],
            ["subnet-id", "subnetId"],
            ["proxy-protocol", "proxyProtocol"],
            ["ssl-certificate-no", "sslCertificateNo"],
            ["tls-ports", "tlsPorts"],
            ["tls-min-version", "tlsMinVersion"],
            ["idle-timeout", "idleTimeoutSeconds"],
            ["description", "description"],
            ["retain-public-ip-on-termination", "retainPublicIpOnTermination"],
        ] satisfies [NcpAnnotation, keyof LoadBalancerSettings][]
    ).map(([annotation, field]) => [ncpKey(annotation), field]),
);
