// Gateway API flavour (routing: gateway-api): one Gateway with a listener per app port (and shared
// listeners for host names), HTTPRoutes bound to their listeners by sectionName, and ReferenceGrants
// in the backends' namespaces.
// Source: gateway-api.sigs.k8s.io/reference/spec/ and istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
import type * as pulumi from "@pulumi/pulumi";
import { GATEWAY_API_MAX_GRANT_TO, HTTPS_PORT, HTTP_PORT } from "../limits";
import { App } from "../model";
import { hostPorts, SHARED_HTTP_LISTENER, SHARED_HTTPS_LISTENER_PREFIX } from "./istioRouting";
import { withPort } from "./ports";

export const GATEWAY_CLASS = "istio";
const GATEWAY_GROUP = "gateway.networking.k8s.io";

/** The install manifest for `crds` (a release tag or a URL), or undefined when they are installed. */
export function gatewayApiCrdsManifest(crds: string): string | undefined {
    if (crds === "installed") return undefined;
    if (crds.startsWith("https://")) return crds;
    return `https://github.com/kubernetes-sigs/gateway-api/releases/download/${crds}/standard-install.yaml`;
}

/** Istio names the Service (and Deployment) it provisions for a Gateway `<name>-<class>`. */
export function gatewayApiServiceName(gatewayName: string): string {
    return `${gatewayName}-${GATEWAY_CLASS}`;
}

/** A backend Service named by an in-cluster host `<service>.<namespace>[.svc[.<cluster domain>]]`. */
export function serviceRefFromHost(host: string): { name: string; namespace: string } | undefined {
    const [name, namespace, svc, ...rest] = host.split(".");
    if (!name || !namespace) return undefined;
    if (svc === undefined ? rest.length > 0 : svc !== "svc") return undefined;
    return { name, namespace };
}

type ListenerShape = Pick<App, "name" | "port" | "protocol" | "hosts" | "tls">;

// Routes live beside the Gateway; backends in other namespaces consent via ReferenceGrant.
const allowedRoutes = { namespaces: { from: "Same" } };
const terminate = (tls: App["tls"]) => ({
    tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: tls!.credentialName }] },
});

/** Listener names of an app's host names on 443: a Gateway API listener has one hostname. */
export function hostHttpsListeners(app: Pick<App, "name" | "hosts">): string[] {
    return app.hosts.map((_, i) => `${SHARED_HTTPS_LISTENER_PREFIX}${app.name}-${i}`);
}

/** The listeners an app's host-name route attaches to. */
export function hostListenerNames(app: Pick<App, "name" | "protocol" | "hosts" | "tls">): string[] {
    const ports = hostPorts(app);
    return [
        ...(ports.includes(HTTP_PORT) ? [SHARED_HTTP_LISTENER] : []),
        ...(ports.includes(HTTPS_PORT) ? hostHttpsListeners(app) : []),
    ];
}

/**
 * A listener per app port (HTTPS ones terminate TLS with the app's Secret); for host names, one
 * shared HTTP listener on 80 and, with tls, a 443 listener per host name with the app's Secret.
 */
export function gatewayApiGatewaySpec(apps: readonly ListenerShape[], annotations: Readonly<Record<string, string>>) {
    const httpsHosts = apps.filter((app) => hostPorts(app).includes(HTTPS_PORT));
    return {
        gatewayClassName: GATEWAY_CLASS,
        // Istio copies these onto the Service it provisions (Gateway API >= 1.1, Istio >= 1.22).
        infrastructure: { annotations: { ...annotations } },
        listeners: [
            ...withPort(apps).map((app) => ({
                name: app.name,
                port: app.port,
                protocol: app.protocol,
                ...(app.protocol === "HTTPS" ? terminate(app.tls) : {}),
                allowedRoutes,
            })),
            ...(apps.some((app) => hostPorts(app).includes(HTTP_PORT))
                ? [{ name: SHARED_HTTP_LISTENER, port: HTTP_PORT, protocol: "HTTP", allowedRoutes }]
                : []),
            ...httpsHosts.flatMap((app) =>
                hostHttpsListeners(app).map((name, i) => ({
                    name,
                    hostname: app.hosts[i],
                    port: HTTPS_PORT,
                    protocol: "HTTPS",
                    ...terminate(app.tls),
                    allowedRoutes,
                })),
            ),
        ],
    };
}

/** How many listeners the apps need on one Gateway. */
export function gatewayApiListenerCount(apps: readonly ListenerShape[]): number {
    return gatewayApiGatewaySpec(apps, {}).listeners.length;
}

/** Istio reads the provisioned Service's type from this Gateway annotation. */
export const SERVICE_TYPE_ANNOTATION = { "networking.istio.io/service-type": "LoadBalancer" } as const;

export interface BackendRef {
    readonly name: pulumi.Input<string>;
    readonly namespace: string;
    readonly port: number;
}

/** A route attached to listeners (`sectionName`s); with hostnames, only for those Host names. */
export function httpRouteSpec(
    sectionNames: readonly string[],
    gateway: { name: string; namespace: string },
    backend: BackendRef,
    hostnames: readonly string[] = [],
) {
    return {
        parentRefs: sectionNames.map((sectionName) => ({
            group: GATEWAY_GROUP,
            kind: "Gateway",
            name: gateway.name,
            namespace: gateway.namespace,
            sectionName,
        })),
        ...(hostnames.length ? { hostnames: [...hostnames] } : {}),
        rules: [
            {
                matches: [{ path: { type: "PathPrefix", value: "/" } }],
                backendRefs: [
                    {
                        group: "",
                        kind: "Service",
                        name: backend.name,
                        namespace: backend.namespace,
                        port: backend.port,
                    },
                ],
            },
        ],
    };
}

/**
 * The ReferenceGrants backends in other namespaces need: one per namespace and at most 16 Services
 * (spec.to maxItems), each Service once; the first keeps the name `<gateway>-routes`, the next ones
 * take a `suffix` -2, -3, ... Services named by an Output (the demo's) cannot be compared; they are
 * listed as they come.
 */
export function referenceGrants(
    gatewayName: string,
    routeNamespace: string,
    refs: readonly { readonly name: pulumi.Input<string>; readonly namespace: string }[],
): { namespace: string; name: string; suffix: string; services: pulumi.Input<string>[] }[] {
    const byNamespace = new Map<string, pulumi.Input<string>[]>();
    for (const { name, namespace } of refs) {
        if (namespace === routeNamespace) continue;
        const services = byNamespace.get(namespace) ?? [];
        if (typeof name !== "string" || !services.includes(name)) services.push(name);
        byNamespace.set(namespace, services);
    }
    return [...byNamespace].flatMap(([namespace, services]) =>
        Array.from({ length: Math.ceil(services.length / GATEWAY_API_MAX_GRANT_TO) }, (_, i) => {
            const suffix = i === 0 ? "" : `-${i + 1}`;
            return {
                namespace,
                name: `${gatewayName}-routes${suffix}`,
                suffix,
                services: services.slice(i * GATEWAY_API_MAX_GRANT_TO, (i + 1) * GATEWAY_API_MAX_GRANT_TO),
            };
        }),
    );
}

/**
 * Lets HTTPRoutes in `routeNamespace` send traffic to these Services of the grant's namespace, and
 * to nothing else there.
 */
export function referenceGrantSpec(routeNamespace: string, services: readonly pulumi.Input<string>[]) {
    return {
        from: [{ group: GATEWAY_GROUP, kind: "HTTPRoute", namespace: routeNamespace }],
        to: services.map((name) => ({ group: "", kind: "Service", name })),
    };
}
