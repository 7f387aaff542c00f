// ncp-ingress:apps: the rules across apps (unique names, ports and hosts; capacity; what Gateway API
// routing supports; admin-UI warnings). Each app's own fields are checked in apps.ts.
import { isIP } from "net";
import {
    BUILT_IN_SERVICE_PORTS,
    GATEWAY_API_MAX_HOSTNAMES,
    GATEWAY_API_MAX_LISTENERS,
    NODE_PORT_COUNT,
} from "../limits";
import { App, DEMO_APP_NAME, DemoSettings, looksLikeAdminUi, RoutingMode } from "../model";
import { gatewayApiListenerCount, serviceRefFromHost } from "../specs/gatewayApi";
import { hostRouteName, RESERVED_NAME_PREFIX } from "../specs/istioRouting";
import { Findings } from "../validation";

const KEY = "ncp-ingress:apps";

/** Names, ports, hosts and route names are each claimed once, across the apps and the demo. */
export function checkUniqueness(f: Findings, apps: readonly App[], demo: DemoSettings): void {
    const names = new Map<string, string>();
    const ports = new Map<number, string>();
    const hosts = new Map<string, string>();
    if (demo.enabled) {
        names.set(DEMO_APP_NAME, "ncp-ingress:demo");
        ports.set(demo.port, `ncp-ingress:demo (${DEMO_APP_NAME})`);
    }
    const hostRoutes = new Map(apps.filter((a) => a.hosts.length).map((a) => [hostRouteName(a.name), a.name]));
    for (const app of apps) {
        const where = `${KEY} (${app.name})`;
        const owner = `${KEY} (${app.name})`;
        if (app.name.startsWith(RESERVED_NAME_PREFIX)) {
            f.error(
                `${where} name`,
                `"${app.name}": names starting with "${RESERVED_NAME_PREFIX}" are reserved for the shared host-name listeners`,
            );
        }
        const nameOwner = names.get(app.name);
        if (nameOwner)
            f.error(`${where} name`, `"${app.name}" is already used by ${nameOwner}; app names must be unique`);
        else names.set(app.name, owner);
        const routeOwner = hostRoutes.get(app.name);
        if (routeOwner)
            f.error(`${where} name`, `"${app.name}" is the name of app ${routeOwner}'s host route; pick another name`);
        if (app.port !== undefined) {
            const portOwner = ports.get(app.port);
            if (portOwner)
                f.error(`${where} port`, `${app.port} is already used by ${portOwner}; one listener per port`);
            else ports.set(app.port, owner);
        }
        for (const host of app.hosts) {
            const hostOwner = hosts.get(host);
            if (hostOwner)
                f.error(`${where} hosts`, `"${host}" is already claimed by ${hostOwner}; one app per host name`);
            else hosts.set(host, owner);
        }
    }
}

/** Ports and listeners the app list needs, against the NodePort range and a Gateway's listener limit. */
export function checkCapacity(f: Findings, apps: readonly App[], demo: DemoSettings, routing: RoutingMode): void {
    const portCount = apps.filter((a) => a.port !== undefined).length + (demo.enabled ? 1 : 0);
    const builtIn = BUILT_IN_SERVICE_PORTS.length;
    if (portCount + builtIn > NODE_PORT_COUNT) {
        f.error(
            KEY,
            `${portCount} apps need ${portCount + builtIn} gateway Service ports, each taking a NodePort; ` +
                `the default NodePort range 30000-32767 has ${NODE_PORT_COUNT}`,
        );
    }
    // Gateway API: a listener per app port, plus the shared ones for host names.
    if (routing !== "gateway-api") return;
    const listeners = gatewayApiListenerCount(apps) + (demo.enabled ? 1 : 0);
    if (listeners > GATEWAY_API_MAX_LISTENERS) {
        f.error(
            KEY,
            `these apps need ${listeners} listeners, but a Gateway API Gateway allows at most ${GATEWAY_API_MAX_LISTENERS}; ` +
                `use ncp-ingress:routing "istio" or fewer apps`,
        );
    }
}

/** Gateway API rules: HTTPRoute backendRefs name a Service, and some features have no Gateway API form yet. */
export function checkGatewayApiApps(f: Findings, apps: readonly App[]): void {
    const mode = 'when ncp-ingress:routing is "gateway-api"';
    for (const app of apps) {
        const where = `${KEY} (${app.name})`;
        if (!serviceRefFromHost(app.backend.host)) {
            f.error(
                `${where} backend.host`,
                `"${app.backend.host}" must name an in-cluster Service as <service>.<namespace>[.svc.cluster.local] ` +
                    `${mode} (HTTPRoutes reference Services, not host names)`,
            );
        }
        if (app.protocol === "TCP") {
            f.error(
                `${where} protocol`,
                `TCP needs TCPRoute, which is only in Gateway API's experimental channel; use routing "istio" for TCP apps`,
            );
        }
        if (app.allow.length) {
            f.error(
                `${where} allow`,
                `is not supported ${mode}: Istio provisions that Service and client IPs need externalTrafficPolicy: Local; use routing "istio"`,
            );
        }
        // HTTPRoute spec.hostnames: at most 16, no IPs (gateway-api v1.2.1 CRD: maxItems 16, "IPs are not allowed").
        if (app.hosts.length > GATEWAY_API_MAX_HOSTNAMES) {
            f.error(
                `${where} hosts`,
                `${app.hosts.length} host names, but an HTTPRoute takes at most ${GATEWAY_API_MAX_HOSTNAMES}; split them over several apps, or use routing "istio"`,
            );
        }
        for (const host of app.hosts.filter((h) => isIP(h))) {
            f.error(
                `${where} hosts`,
                `"${host}" is an IP address; Gateway API hostnames cannot be IPs: use a DNS name, or routing "istio"`,
            );
        }
    }
}

export function warnAdminUis(f: Findings, apps: readonly App[]): void {
    for (const app of apps) {
        if (app.protocol !== "HTTP" || app.allow.length) continue;
        if (looksLikeAdminUi(app.name) || looksLikeAdminUi(app.backend.host)) {
            const via = app.port !== undefined ? `port ${app.port}` : app.hosts.join(", ");
            f.warn(
                `${KEY} (${app.name})`,
                `looks like an admin UI and is open to anyone on a public load balancer over plain HTTP (${via}); ` +
                    `add allow: [<your office CIDR>] to the app, or set ncp-ingress:loadBalancer.internal: true`,
            );
        }
    }
}
