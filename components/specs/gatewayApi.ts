// Gateway API flavour (routing: gateway-api): one Gateway with a listener per app, one HTTPRoute per
// app bound to its listener by sectionName, and ReferenceGrants in the backends' namespaces.
// Source: gateway-api.sigs.k8s.io/reference/spec/ and istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/
import type * as pulumi from "@pulumi/pulumi";
import { Listener } from "./ports";

export const GATEWAY_CLASS = "istio";
const GATEWAY_GROUP = "gateway.networking.k8s.io";

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

export function gatewayApiGatewaySpec(apps: readonly Listener[], annotations: Readonly<Record<string, string>>) {
    return {
        gatewayClassName: GATEWAY_CLASS,
        // Istio copies these onto the Service it provisions (Gateway API >= 1.1, Istio >= 1.22).
        infrastructure: { annotations: { ...annotations } },
        listeners: apps.map((app) => ({
            name: app.name,
            port: app.port,
            protocol: "HTTP",
            // Routes live beside the Gateway; backends in other namespaces consent via ReferenceGrant.
            allowedRoutes: { namespaces: { from: "Same" } },
        })),
    };
}

/** Istio reads the provisioned Service's type from this Gateway annotation. */
export const SERVICE_TYPE_ANNOTATION = { "networking.istio.io/service-type": "LoadBalancer" } as const;

export interface BackendRef {
    readonly name: pulumi.Input<string>;
    readonly namespace: string;
    readonly port: number;
}

export function httpRouteSpec(app: Listener, gateway: { name: string; namespace: string }, backend: BackendRef) {
    return {
        parentRefs: [
            {
                group: GATEWAY_GROUP,
                kind: "Gateway",
                name: gateway.name,
                namespace: gateway.namespace,
                sectionName: app.name,
            },
        ],
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
