// ncp-ingress:apps: the rules across one app's fields (checkApp, which the schema runs on each app) and
// across apps: unique names, ports and hosts, the NodePorts they take, a list with something to serve.
// Each field's own type and range is the schema's (../appSchema.ts); what Gateway API routing allows
// of an app is gatewayApi.ts's, who may reach it allowLists.ts's.
import { BUILT_IN_SERVICE_PORTS, NODE_PORT_COUNT } from "../../limits";
import { App, DemoSettings, StackModel } from "../../model";
import { DEMO_APP_NAME, hostRouteName, NS, RESERVED_NAME_PREFIX } from "../../names";
import { LB_PORTS } from "../../ncp/rules";
import { Findings } from "../problems";
import { checkAllowWildcards } from "./allowLists";

const APPS = `${NS}:apps`;

/**
 * One app's fields together: a port or hosts; what each protocol takes; allow lists and wildcard
 * hosts. The schema runs it on each app (before `allow` defaults to []), so that a problem names the
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
    checkAllowWildcards(hosts, allow, error);
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
        names.set(DEMO_APP_NAME, `${NS}:demo`);
        ports.set(demo.port, `${NS}:demo (${DEMO_APP_NAME})`);
    }
    const hostRoutes = new Map(apps.filter((a) => a.hosts.length).map((a) => [hostRouteName(a.name), a.name]));
    for (const app of apps) {
        const where = `${APPS} (${app.name})`;
        const owner = `${APPS} (${app.name})`;
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

/** The gateway Service ports the app list needs, each taking a NodePort, against the NodePort range. */
export function checkNodePorts(f: Findings, apps: readonly App[], demo: DemoSettings): void {
    const portCount = apps.filter((a) => a.port !== undefined).length + (demo.enabled ? 1 : 0);
    const builtIn = BUILT_IN_SERVICE_PORTS.length;
    if (portCount + builtIn > NODE_PORT_COUNT) {
        f.error(
            APPS,
            `${portCount} apps need ${portCount + builtIn} gateway Service ports, each taking a NodePort; ` +
                `the default NodePort range 30000-32767 has ${NODE_PORT_COUNT}`,
        );
    }
}

/**
 * The Gateway needs a server per app (or the demo's): Istio refuses a Gateway without servers
 * (istio/istio 1.28.0 pkg/config/validation/validation.go, "gateway must have at least one server"),
 * the Gateway API CRD a Gateway without listeners (gateway-api v1.2.1 spec.listeners minItems: 1).
 * With Istio routing and an install, no apps means an Istio-only stack: Istio and its gateway, no
 * Gateway, for routes stacks (install: none) to add their apps to. Install none with no apps would
 * change nothing. Not reported when the entries were refused one by one already.
 */
export function checkNotEmpty(f: Findings, { apps, demo, routing, istio }: StackModel): void {
    if (apps.length > 0 || demo.enabled || f.problems.some((p) => p.startsWith(APPS))) return;
    if (routing === "istio" && istio.install !== "none") return;
    const what =
        routing === "istio"
            ? "nothing to do: install none adds app ports and routes to an existing gateway, and there are none"
            : "a Gateway with no listeners (Gateway API requires at least one)";
    f.error(APPS, `is empty, which leaves ${what}; add an app, or set ${NS}:demo: true`);
}
