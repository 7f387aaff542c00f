// Service spec fields and pod annotations of the ingress gateway beyond its ports and annotations.
import { App, LoadBalancerSettings } from "../model";

/**
 * loadBalancerSourceRanges and loadBalancerIP from config, and externalTrafficPolicy: Local as soon as
 * an app has an allow list: with the default Cluster policy kube-proxy SNATs traffic between nodes,
 * so the gateway would see node IPs, not clients. Local keeps client IPs (an nlb passes them
 * through) at the cost of only nodes running a gateway pod receiving traffic.
 */
export function gatewayServiceExtras(lb: LoadBalancerSettings, apps: readonly Pick<App, "allow">[]) {
    return {
        ...(lb.sourceRanges.length ? { loadBalancerSourceRanges: [...lb.sourceRanges] } : {}),
        ...(lb.loadBalancerIP ? { loadBalancerIP: lb.loadBalancerIP } : {}),
        ...(apps.some((app) => app.allow.length > 0) ? { externalTrafficPolicy: "Local" } : {}),
    };
}

/** With PROXY protocol on (nplb), Envoy must read the header the LB prepends, or every request breaks. */
export function gatewayPodAnnotations(lb: LoadBalancerSettings): Record<string, string> {
    return lb.proxyProtocol
        ? { "proxy.istio.io/config": JSON.stringify({ gatewayTopology: { proxyProtocol: {} } }) }
        : {};
}
