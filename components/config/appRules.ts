// ncp-ingress:apps: the rules across one app's fields (checkApp) and across apps (unique names, ports
// and hosts; capacity; what Gateway API routing supports; admin-UI warnings), over the parsed apps.
// Each field's own type and range is in schema.ts.
import { isIP } from "net";
import {
    BUILT_IN_SERVICE_PORTS,
    GATEWAY_API_MAX_HOSTNAMES,
    GATEWAY_API_MAX_LISTENERS,
    NODE_PORT_COUNT,
} from "../limits";
import { LB_PORTS } from "../ncp/rules";
import { App, DEMO_APP_NAME, DemoSettings, looksLikeAdminUi, RoutingMode } from "../model";
import { gatewayApiListenerCount, serviceRefFromHost } from "../specs/gatewayApi";
import { hostRouteName, RESERVED_NAME_PREFIX } from "../specs/istioRouting";
import { Findings } from "../validation";

const KEY = "ncp-ingress:apps";

/**
 * One app's fields together: a port or hosts; what each protocol takes; allow lists and wildcard
 * hosts. schema.ts runs it on each app (before `allow` defaults to []), so that a problem names the
 * app's index.
 */
export function checkApp(
    app: Omit<App, "allow"> & { allow?: readonly string[] },
    error: (field: string, message: string) => void,
): void {
    const { port, protocol, hosts, tls, allow } = app;
    if (port === undefined && hosts.length === 0) {
        error(
            "port",
            `got nothing; expected a load balancer port: an integer from ${LB_PORTS.min} to ${LB_PORTS.max} (or hosts, to share 80/443)`,
        );
    }
    // See policyHosts in specs/istioRouting.ts: a policy host takes a single '*'.
    for (const host of allow?.length ? hosts.filter((h) => h.startsWith("*.")) : []) {
        error(
            "allow",
            `cannot cover the wildcard host "${host}": an AuthorizationPolicy host takes a single '*', ` +
                `so it cannot also match "<name>${host.slice(1)}:<port>", which the gateway routes to the app as well (it ignores the port); ` +
                "list the host names instead of the wildcard, or leave allow out",
        );
    }
    if (protocol === "HTTPS" && !tls) {
        error(
            "tls",
            "HTTPS apps need tls: {credentialName: <kubernetes.io/tls Secret>}; the gateway terminates TLS with it",
        );
    }
    if (protocol === "TCP" && hosts.length)
        error("hosts", "TCP has no host name to route on; give a TCP app its own port instead");
    if (protocol === "TCP" && tls)
        error("tls", "a TCP app is passed through untouched; use protocol HTTPS to terminate TLS at the gateway");
    if (protocol === "HTTP" && tls && hosts.length === 0)
        error("tls", "is used by HTTPS apps and by hosts on 443; set protocol: HTTPS, or add hosts");
}

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
