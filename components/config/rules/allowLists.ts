// Allow lists (an app's `allow`): what an AuthorizationPolicy can match, whether the client IPs they
// match reach the gateway at all, and the apps that should have one. Behind an existing LB (install
// "none"), installNone.ts says why PROXY protocol is no way out, and specs/clientIps.ts checks the
// Service's own layer type once read; Gateway API routing has none (gatewayApi.ts).
import { App, looksLikeAdminUi, StackModel } from "../../model";
import { NS } from "../../names";
import { Findings } from "../problems";

const APPS = `${NS}:apps`;

/** Apps that have an allow list. */
export const withAllowList = (apps: readonly App[]) => apps.filter((app) => app.allow.length > 0);

/**
 * An allow list cannot cover an app's wildcard host (see policyHosts in specs/istioRouting.ts: a
 * policy host takes a single '*'). Part of checkApp, on one app's fields.
 */
export function checkAllowWildcards(
    hosts: readonly string[],
    allow: readonly string[] | undefined,
    error: (field: string, message: string) => void,
): void {
    for (const host of allow?.length ? hosts.filter((h) => h.startsWith("*.")) : []) {
        error(
            "allow",
            `cannot cover the wildcard host "${host}": an AuthorizationPolicy host takes a single '*', ` +
                `so it cannot also match "<name>${host.slice(1)}:<port>", which the gateway routes to the app as well (it ignores the port); ` +
                "list the host names instead of the wildcard, or leave allow out",
        );
    }
}

/**
 * Allow lists match client IPs, which reach the gateway only if the LB keeps them (ncp/rules.ts,
 * CLIENT_IPS): an nlb passes them through (with externalTrafficPolicy: Local, set automatically), an
 * nplb only with PROXY protocol.
 * (With install "none", checkInstallNone says why PROXY protocol is no way out.)
 */
export function checkClientIps(f: Findings, { istio, loadBalancer: lb, apps, routing }: StackModel): void {
    if (lb.layerType !== "nplb" || lb.proxyProtocol || (istio.install === "none" && routing === "istio")) return;
    for (const app of withAllowList(apps)) {
        f.error(
            `${APPS} (${app.name}) allow`,
            `needs client IPs, which an nplb replaces with its own unless PROXY protocol is on; set ${NS}:loadBalancer.proxyProtocol: true`,
        );
    }
}

/** A plain-HTTP app that looks like an admin UI and has no allow list, on a public LB: a warning. */
export function warnAdminUis(f: Findings, apps: readonly App[]): void {
    for (const app of apps) {
        if (app.protocol !== "HTTP" || app.allow.length) continue;
        if (looksLikeAdminUi(app.name) || looksLikeAdminUi(app.backend.host)) {
            const via = app.port !== undefined ? `port ${app.port}` : app.hosts.join(", ");
            f.warn(
                `${APPS} (${app.name})`,
                `looks like an admin UI and is open to anyone on a public load balancer over plain HTTP (${via}); ` +
                    `add allow: [<your office CIDR>] to the app, or set ${NS}:loadBalancer.internal: true`,
            );
        }
    }
}
