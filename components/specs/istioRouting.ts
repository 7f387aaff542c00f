// Istio Gateway, VirtualService and AuthorizationPolicy specs. Apps with a port get a server of their
// own and a route matched on `authority: exact "<lb address>:<port>"` and the port, as the seed's
// hand-written YAML did; apps with host names share the 80 (and, with tls, 443) listeners.
import type * as pulumi from "@pulumi/pulumi";
import { HTTPS_PORT, HTTP_PORT } from "../limits";
import { App } from "../model";
import { hostRouteName, RESERVED_NAME_PREFIX } from "../names";
import { hostPort } from "./hostPort";
import { SHARED_LISTENER_TARGET_PORTS, withPort } from "./ports";

/** Pods of the ingress gateway carry this label in every install mode. */
export const GATEWAY_SELECTOR = { istio: "ingressgateway" } as const;

/** Server (and Gateway API listener) name of the shared host-name listener on 80. */
export const SHARED_HTTP_LISTENER = `${RESERVED_NAME_PREFIX}http`;
/** Prefix of the per-app 443 servers (and per-host Gateway API listeners). */
export const SHARED_HTTPS_LISTENER_PREFIX = `${RESERVED_NAME_PREFIX}https-`;

/** An app as routes see it; the host may be an Output (the demo backend's generated Service name). */
export interface RoutedApp extends Omit<App, "backend"> {
    readonly backend: {
        readonly host: pulumi.Input<string>;
        readonly port: number;
        /** The backend Service by name, where the host cannot be parsed for it (the demo's generated name). */
        readonly service?: { readonly name: pulumi.Input<string>; readonly namespace: string };
    };
}

type RouteShape = Pick<App, "name" | "port" | "protocol" | "hosts" | "tls">;

const serverTls = (app: RouteShape) =>
    app.tls ? { tls: { mode: "SIMPLE", credentialName: app.tls.credentialName } } : {};

/** The gateway ports an app's host names are served on: 80 for HTTP, 443 with tls. */
export function hostPorts(app: Pick<App, "protocol" | "hosts" | "tls">): number[] {
    if (!app.hosts.length) return [];
    return [...(app.protocol === "HTTP" ? [HTTP_PORT] : []), ...(app.tls ? [HTTPS_PORT] : [])];
}

export function istioGatewaySpec(apps: readonly RouteShape[]) {
    const onHttp = apps.filter((app) => hostPorts(app).includes(HTTP_PORT)).flatMap((app) => app.hosts);
    const onHttps = apps.filter((app) => hostPorts(app).includes(HTTPS_PORT));
    return {
        selector: { ...GATEWAY_SELECTOR },
        servers: [
            ...withPort(apps).map((app) => ({
                port: { number: app.port, name: app.name, protocol: app.protocol },
                hosts: ["*"],
                ...(app.protocol === "HTTPS" ? serverTls(app) : {}),
            })),
            ...(onHttp.length
                ? [
                      {
                          port: { number: HTTP_PORT, name: SHARED_HTTP_LISTENER, protocol: "HTTP" },
                          hosts: [...onHttp].sort(),
                      },
                  ]
                : []),
            ...onHttps.map((app) => ({
                port: { number: HTTPS_PORT, name: `${SHARED_HTTPS_LISTENER_PREFIX}${app.name}`, protocol: "HTTPS" },
                hosts: [...app.hosts],
                ...serverTls(app),
            })),
        ],
    };
}

/** The Host/:authority a client sends for this app: the LB address (bracketed if IPv6) and the app's port. */
export function authorityFor(address: string, port: number): string {
    return hostPort(address, port);
}

const destination = (app: RoutedApp) => [
    { destination: { host: app.backend.host, port: { number: app.backend.port } } },
];

/** The route of an app's own port: authority + port for HTTP(S), the port alone for TCP (no authority). */
export function virtualServiceSpec(
    app: RoutedApp & { port: number },
    gateway: string,
    authority: pulumi.Input<string>,
) {
    const route =
        app.protocol === "TCP"
            ? { tcp: [{ match: [{ port: app.port }], route: destination(app) }] }
            : {
                  http: [
                      {
                          name: app.name,
                          match: [{ authority: { exact: authority }, port: app.port }],
                          route: destination(app),
                      },
                  ],
              };
    return { hosts: ["*"], gateways: [gateway], ...route };
}

/** The route of an app's host names: the VirtualService hosts select it, on 80 and/or 443. */
export function hostVirtualServiceSpec(app: RoutedApp, gateway: string) {
    return {
        hosts: [...app.hosts],
        gateways: [gateway],
        http: [
            { name: hostRouteName(app.name), match: hostPorts(app).map((port) => ({ port })), route: destination(app) },
        ],
    };
}

/** metadata.name of an app's AuthorizationPolicy. */
export function allowPolicyName(appName: string): string {
    return `${appName}-allow`;
}

/**
 * The Host values a policy must match for a host name: the name and the name with any port, since
 * the gateway routes ignoring the port (istio/istio 1.23.6 pilot/pkg/networking/core/gateway.go sets
 * IgnorePortInHostMatching) while a policy host is matched exactly, or with one leading or trailing
 * '*' (pilot/pkg/security/authz/matcher/string.go). A wildcard host cannot take a port as well;
 * validation refuses allow lists on wildcard hosts.
 */
export function policyHosts(hosts: readonly string[]): string[] {
    return hosts.flatMap((host) => (host.startsWith("*") ? [host] : [host, `${host}:*`]));
}

/**
 * DENY, on the gateway pods, requests to this app (its port, its host names) from clients outside
 * `allow`. DENY rather than ALLOW: one ALLOW policy on a workload denies everything it does not
 * match, which would shut every other app out.
 *
 * The host rule also names the shared listeners' container ports (less any port an app listens on
 * itself, `appPorts`): hosts is HTTP-only, and on a TCP listener Istio drops it from a DENY rule,
 * widening the rule to all traffic from outside the list (istio/istio 1.23.6
 * pilot/pkg/security/authz/model/model.go, checkError), which would shut every TCP app out.
 */
export function allowListPolicySpec(
    app: Pick<App, "port" | "hosts" | "allow">,
    selector: Record<string, string>,
    appPorts: readonly number[],
) {
    const from = [{ source: { notRemoteIpBlocks: [...app.allow] } }];
    const sharedPorts = SHARED_LISTENER_TARGET_PORTS.filter((port) => !appPorts.includes(port)).map(String);
    return {
        selector: { matchLabels: { ...selector } },
        action: "DENY",
        rules: [
            ...(app.port !== undefined ? [{ from, to: [{ operation: { ports: [String(app.port)] } }] }] : []),
            ...(app.hosts.length
                ? [{ from, to: [{ operation: { hosts: policyHosts(app.hosts), ports: sharedPorts } }] }]
                : []),
        ],
    };
}
