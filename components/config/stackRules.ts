// Rules across sections of the stack config, over the parsed model: what an install mode can apply,
// whether allow lists can see client IPs. config.ts calls checkStackRules once every section is parsed.
import { App, StackModel } from "../model";
import { Findings } from "../validation";

const NS = "ncp-ingress";
const APPS = `${NS}:apps`;
const LB = `${NS}:loadBalancer`;

export function checkStackRules(f: Findings, model: StackModel): void {
    checkClientIps(f, model);
    if (model.istio.install === "none" && model.routing === "istio") checkInstallNone(f, model);
}

const withAllowList = (apps: readonly App[]) => apps.filter((app) => app.allow.length > 0);

/**
 * Allow lists match client IPs, which reach the gateway only if the LB keeps them: an nlb passes them
 * through (with externalTrafficPolicy: Local, set automatically), an nplb only with PROXY protocol.
 * (With install "none", checkInstallNone says why PROXY protocol is no way out.)
 */
function checkClientIps(f: Findings, { istio, loadBalancer: lb, apps, routing }: StackModel): void {
    if (lb.layerType !== "nplb" || lb.proxyProtocol || (istio.install === "none" && routing === "istio")) return;
    for (const app of withAllowList(apps)) {
        f.error(
            `${APPS} (${app.name}) allow`,
            `needs client IPs, which an nplb replaces with its own unless PROXY protocol is on; set ${LB}.proxyProtocol: true`,
        );
    }
}

/**
 * install "none": the gateway Service belongs to someone else. ncp-ingress patches only its ports,
 * loadBalancerSourceRanges, loadBalancerIP and externalTrafficPolicy (index.ts, LoadBalancerAddress),
 * never its annotations nor the gateway pods' proxy config, so NCP options would be silently dropped.
 * layerType and internal describe the existing LB (NCP fixes both when it creates the LB).
 */
function checkInstallNone(f: Findings, { loadBalancer: lb, apps }: StackModel): void {
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
            `${APPS} (${app.name}) allow`,
            `needs client IPs, which an nplb passes on only with PROXY protocol, and ${mode} cannot turn that on ` +
                "(neither the LB's annotation nor the gateway's proxy config), so the gateway would see the LB's addresses; " +
                'leave allow out, or use an nlb, or install "operator" or "helm" with proxyProtocol: true',
        );
    }
}
