// Reading the LB address out of a Service's status.
import { RunError } from "@pulumi/pulumi";

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
 *
 * The message cannot tell whether this run waited for the address: the provider waits (up to
 * timeoutSeconds) only when it creates or updates the patch that carries `pulumi.com/waitFor`; on a
 * run that leaves the patch unchanged, the Service is read once. So it says what holds either way.
 * A RunError: the CLI shows its message without a stack trace.
 */
export function addressFromStatus(
    status: ServiceStatusLike | undefined,
    service: { readonly namespace: string; readonly name: string },
    timeoutSeconds: number,
): string {
    const ingress = status?.loadBalancer?.ingress ?? [];
    for (const entry of ingress) {
        const address = entry.hostname || entry.ip;
        if (address) return address;
    }
    const { namespace, name } = service;
    const found = ingress.length
        ? `status.loadBalancer.ingress has ${ingress.length} ${ingress.length === 1 ? "entry" : "entries"}, none with a hostname or IP`
        : "status.loadBalancer.ingress is empty";
    throw new RunError(
        [
            `Service ${namespace}/${name} has no load balancer address yet (${found}).`,
            `\`pulumi up\` waits for it (up to ${timeoutSeconds}s) only on a run that creates or changes the patch adding pulumi.com/waitFor to the Service; ` +
                "a run that leaves that patch unchanged reads the Service once, without waiting.",
            `Check: kubectl -n ${namespace} describe service ${name} (events from the NCP cloud controller), ` +
                "that the Service is of type LoadBalancer with the ncloud-load-balancer annotations, that the cluster's LB subnet has room, " +
                "and your NCP load balancer quota.",
            `Once \`kubectl -n ${namespace} get service ${name}\` shows an EXTERNAL-IP, run \`pulumi up\` again (every run reads the address); ` +
                "to make it wait for the address instead, change ncp-ingress:loadBalancer.addressTimeoutSeconds, which changes the patch.",
        ].join("\n"),
    );
}
