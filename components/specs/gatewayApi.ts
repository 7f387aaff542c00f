// Gateway API flavour (routing: gateway-api): one Gateway with a listener per app, one HTTPRoute per
// app bound to its listener by sectionName, and ReferenceGrants in the backends' namespaces.
// Source: gateway-api.sigs.k8s.io/reference/spec/ and istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
import type * as pulumi from "@pulumi/pulumi";
import { HTTP_PORT } from "../limits";
import { App } from "../model";
import { SHARED_HTTP_LISTENER } from "./istioRouting";
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

/**
 * A listener per app port (HTTPS ones terminate TLS with the app's Secret) and, when apps have host
 * names, one shared HTTP listener on 80 that their HTTPRoutes attach to with `hostnames`.
 */
export function gatewayApiGatewaySpec(
    apps: readonly Pick<App, "name" | "port" | "protocol" | "hosts" | "tls">[],
    annotations: Readonly<Record<string, string>>,
) {
    // Routes live beside the Gateway; backends in other namespaces consent via ReferenceGrant.
    const allowedRoutes = { namespaces: { from: "Same" } };
    return {
        gatewayClassName: GATEWAY_CLASS,
        // Istio copies these onto the Service it provisions (Gateway API >= 1.1, Istio >= 1.22).
        infrastructure: { annotations: { ...annotations } },
        listeners: [
            ...withPort(apps).map((app) => ({
                name: app.name,
                port: app.port,
                protocol: app.protocol,
                ...(app.protocol === "HTTPS" && app.tls
                    ? {
                          tls: {
                              mode: "Terminate",
                              certificateRefs: [{ kind: "Secret", name: app.tls.credentialName }],
                          },
                      }
                    : {}),
                allowedRoutes,
            })),
            ...(apps.some((app) => app.hosts.length)
                ? [{ name: SHARED_HTTP_LISTENER, port: HTTP_PORT, protocol: "HTTP", allowedRoutes }]
                : []),
        ],
    };
}

/** Istio reads the provisioned Service's type from this Gateway annotation. */
export const SERVICE_TYPE_ANNOTATION = { "networking.istio.io/service-type": "LoadBalancer" } as const;

export interface BackendRef {
    readonly name: pulumi.Input<string>;
    readonly namespace: string;
    readonly port: number;
}

/** A route attached to one listener (`sectionName`); with hostnames, only for those Host names. */
export function httpRouteSpec(
    sectionName: string,
    gateway: { name: string; namespace: string },
    backend: BackendRef,
    hostnames: readonly string[] = [],
) {
    return {
        parentRefs: [
            { group: GATEWAY_GROUP, kind: "Gateway", name: gateway.name, namespace: gateway.namespace, sectionName },
        ],
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
 * Lets HTTPRoutes in `routeNamespace` send traffic to these Services of the grant's namespace, and
 * to nothing else there.
 */
export function referenceGrantSpec(routeNamespace: string, services: readonly pulumi.Input<string>[]) {
    return {
        from: [{ group: GATEWAY_GROUP, kind: "HTTPRoute", namespace: routeNamespace }],
        to: services.map((name) => ({ group: "", kind: "Service", name })),
    };
}
