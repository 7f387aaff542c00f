// The NodePorts of the gateway Service. A LoadBalancer Service is also a NodePort Service
// (kubernetes.io/docs/concepts/services-networking/service/#loadbalancer): the cloud LB forwards to
// the worker nodes on these ports, so on NCP the workers' ACG must allow them from the LB.

interface PortLike {
    readonly port?: number;
    readonly nodePort?: number;
}

/** Service port -> NodePort, for every port the API server gave a NodePort ("30001": 31234). */
export function nodePortsOf(spec: { readonly ports?: readonly PortLike[] } | undefined): Record<string, number> {
    const out: Record<string, number> = {};
    for (const p of spec?.ports ?? []) {
        if (p.port !== undefined && p.nodePort !== undefined) out[String(p.port)] = p.nodePort;
    }
    return out;
}
