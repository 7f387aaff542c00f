// Reading the LB address out of a Service's status.

export interface LoadBalancerIngress {
    readonly hostname?: string;
    readonly ip?: string;
}

export interface ServiceStatusLike {
    readonly loadBalancer?: { readonly ingress?: readonly LoadBalancerIngress[] };
}

/**
 * The first ingress entry's hostname (NCP reports `….kr.lb.naverncp.com`), or its IP where the LB
 * reports only an IP (MetalLB, other clouds). Throws, naming the Service, when there is none.
 */
export function addressFromStatus(
    status: ServiceStatusLike | undefined,
    service: { readonly namespace: string; readonly name: string },
    waitedSeconds: number,
): string {
    for (const ingress of status?.loadBalancer?.ingress ?? []) {
        const address = ingress.hostname || ingress.ip;
        if (address) return address;
    }
    const svc = `${service.namespace}/${service.name}`;
    throw new Error(
        `Service ${svc} has no load balancer address in status.loadBalancer.ingress after waiting up to ${waitedSeconds}s. ` +
            `Check: kubectl -n ${service.namespace} describe service ${service.name} (events from the NCP cloud controller), ` +
            `that the Service is of type LoadBalancer with the ncloud-load-balancer annotations, that the cluster's LB subnet has room, ` +
            `and your NCP load balancer quota.`,
    );
}
