// Platform limits the validation enforces, each with where it comes from (NCP's: components/ncp/rules.ts).

/** A TCP port, for in-cluster backends. */
export const TCP_PORT_MAX = 65535;

/** Ports every ingress gateway Service carries before any app: Istio's defaults, which our list replaces. */
export const STATUS_PORT = 15021;
export const HTTP_PORT = 80;
export const HTTPS_PORT = 443;
export const BUILT_IN_SERVICE_PORTS: readonly number[] = [STATUS_PORT, HTTP_PORT, HTTPS_PORT];

/**
 * Ports an app cannot take: the gateway's own listeners (80, 443, 15021) and the ports Envoy and the
 * Istio agent bind on every gateway pod.
 * Source: istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio
 */
export const RESERVED_PORTS: ReadonlyMap<number, string> = new Map([
    [HTTP_PORT, "the gateway's built-in HTTP listener"],
    [HTTPS_PORT, "the gateway's built-in HTTPS listener"],
    [STATUS_PORT, "the gateway's health check port (status-port)"],
    [15000, "Envoy's admin port"],
    [15001, "Envoy's outbound port"],
    [15004, "the Istio agent's debug port"],
    [15006, "Envoy's inbound port"],
    [15008, "the HBONE mTLS tunnel port"],
    [15020, "the merged Prometheus telemetry port"],
    [15053, "the DNS proxy port"],
    [15090, "Envoy's Prometheus telemetry port"],
]);

/**
 * Every port of a LoadBalancer Service also takes a NodePort from the cluster's NodePort range
 * (30000-32767 by default: 2768 ports), which bounds how many ports the one gateway Service can have.
 * Source: kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
 * NCP's guide documents no smaller per-LB listener limit that we could find; this is the binding one.
 */
export const NODE_PORT_COUNT = 32767 - 30000 + 1;

/**
 * A Gateway API Gateway holds at most 64 listeners (`spec.listeners` maxItems).
 * Source: gateway-api.sigs.k8s.io/reference/spec/#gatewayspec
 */
export const GATEWAY_API_MAX_LISTENERS = 64;

/**
 * Gateway API v1.2.1 CRDs (config/crd/standard): a Gateway's spec.infrastructure.annotations take at
 * most 8 entries (maxProperties), values at most 4096 characters; an HTTPRoute's spec.hostnames at most
 * 16 (maxItems); a ReferenceGrant's spec.to at most 16 (maxItems).
 */
export const GATEWAY_API_MAX_INFRASTRUCTURE_ANNOTATIONS = 8;
export const GATEWAY_API_MAX_ANNOTATION_VALUE = 4096;
export const GATEWAY_API_MAX_HOSTNAMES = 16;
export const GATEWAY_API_MAX_GRANT_TO = 16;

/**
 * The first Gateway API release whose standard channel has Gateway spec.infrastructure (absent from
 * the v1.0.0 to v1.1.1 standard CRDs, kubernetes-sigs/gateway-api config/crd/standard/gateway.networking.k8s.io_gateways.yaml).
 */
export const GATEWAY_API_INFRASTRUCTURE_SINCE = "1.2.0";

/** The in-cluster Istio operator was removed in Istio 1.24 (deprecated in 1.23). */
export const LAST_OPERATOR_MINOR = 23;
