// install "none" with Istio routing: the gateway Service (and its LB) belong to someone else, so
// only what ncp-ingress can apply to an existing Service may be set.
import { StackModel } from "../../model";
import { NS } from "../../names";
import { Findings } from "../problems";
import { withAllowList } from "./allowLists";

const LB = `${NS}:loadBalancer`;

/**
 * install "none": the gateway Service belongs to someone else. ncp-ingress patches only its ports,
 * loadBalancerSourceRanges, loadBalancerIP and externalTrafficPolicy (index.ts, LoadBalancerAddress),
 * never its annotations nor the gateway pods' proxy config, so NCP options would be silently dropped.
 * internal describes the existing LB. An allow list behind a stack-declared nplb is refused here; the
 * Service's own layer type, which is what counts, is checked once read (AppRoutes' existingLb).
 */
export function checkInstallNone(f: Findings, { loadBalancer: lb, apps }: StackModel): void {
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
            `${NS}:apps (${app.name}) allow`,
            `needs client IPs, which an nplb passes on only with PROXY protocol, and ${mode} cannot turn that on ` +
                "(neither the LB's annotation nor the gateway's proxy config), so the gateway would see the LB's addresses; " +
                'leave allow out, or use an nlb, or install "operator" or "helm" with proxyProtocol: true',
        );
    }
}
