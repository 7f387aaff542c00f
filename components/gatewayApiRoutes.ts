import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { hostRouteName } from "./names";
import {
    BackendRef,
    hostListenerNames,
    gatewayApiGatewaySpec,
    httpRouteSpec,
    referenceGrants,
    referenceGrantSpec,
    SERVICE_TYPE_ANNOTATION,
    serviceRefFromHost,
} from "./specs/gatewayApi";
import { waitForOwnWrite } from "./specs/await";
import { RoutedApp } from "./specs/istioRouting";

export interface GatewayApiRoutesArgs {
    /** Apps to route, in name order; at most 64 (a Gateway's listener limit, checked in config). */
    readonly apps: readonly RoutedApp[];
    /** Namespace of the Gateway and the HTTPRoutes. */
    readonly namespace: string;
    /** metadata.name of the Gateway; Istio provisions `<name>-istio` Service and Deployment. */
    readonly gatewayName: string;
    /** NCP annotations, handed to the provisioned Service through spec.infrastructure. */
    readonly serviceAnnotations: Readonly<Record<string, string>>;
    /** How long to wait for the Gateway to be Programmed (its LB has an address). */
    readonly timeoutSeconds: number;
}

/**
 * Gateway API routing: one Gateway (class istio) with a listener per app, one HTTPRoute per app
 * attached to its listener by sectionName, and one ReferenceGrant per backend namespace.
 *
 * Why routes beside the Gateway plus ReferenceGrants, rather than routes in each backend namespace
 * with `allowedRoutes: All`: the shared public LB then accepts routes only from this program, and
 * each backend namespace consents explicitly, to the named Services only.
 */
export class GatewayApiRoutes extends pulumi.ComponentResource {
    /** The Gateway; depending on it means its Service exists with an address. */
    readonly gateway: k8s.apiextensions.CustomResource;
    /** Per app name, its HTTPRoutes (its port's and its host names', those it has). */
    readonly routes: Readonly<Record<string, readonly k8s.apiextensions.CustomResource[]>>;

    constructor(name: string, args: GatewayApiRoutesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ncp-ingress:routing:GatewayApiRoutes", name, {}, opts);
        const gw = { name: args.gatewayName, namespace: args.namespace };
        const spec = gatewayApiGatewaySpec(args.apps, args.serviceAnnotations);
        this.gateway = new k8s.apiextensions.CustomResource(
            `${name}-gateway`,
            {
                apiVersion: "gateway.networking.k8s.io/v1",
                kind: "Gateway",
                metadata: {
                    ...gw,
                    annotations: {
                        ...SERVICE_TYPE_ANNOTATION,
                        // Led by this write's own marker: a copy from before an update (Programmed
                        // already) would otherwise end the wait and be stored as the Gateway's state.
                        ...waitForOwnWrite(["condition=Programmed"], args.timeoutSeconds, spec),
                    },
                },
                spec,
            },
            { parent: this },
        );
        const backends = args.apps.map((app) => ({ app, ref: backendRef(app) }));
        const grants = referenceGrants(
            args.gatewayName,
            args.namespace,
            backends.map(({ ref }) => ref),
        );
        const grantResources = grants.map(
            (grant) =>
                new k8s.apiextensions.CustomResource(
                    `${name}-grant-${grant.namespace}${grant.suffix}`,
                    {
                        apiVersion: "gateway.networking.k8s.io/v1beta1",
                        kind: "ReferenceGrant",
                        metadata: { name: grant.name, namespace: grant.namespace },
                        spec: referenceGrantSpec(args.namespace, grant.services),
                    },
                    { parent: this },
                ),
        );
        const route = (routeName: string, spec: object) =>
            new k8s.apiextensions.CustomResource(
                `${name}-${routeName}`,
                {
                    apiVersion: "gateway.networking.k8s.io/v1",
                    kind: "HTTPRoute",
                    metadata: { name: routeName, namespace: args.namespace },
                    spec,
                },
                { parent: this, dependsOn: [this.gateway, ...grantResources] },
            );
        const routes: Record<string, k8s.apiextensions.CustomResource[]> = {};
        for (const { app, ref } of backends) {
            const mine: k8s.apiextensions.CustomResource[] = (routes[app.name] = []);
            if (app.port !== undefined) mine.push(route(app.name, httpRouteSpec([app.name], gw, ref)));
            if (app.hosts.length)
                mine.push(route(hostRouteName(app.name), httpRouteSpec(hostListenerNames(app), gw, ref, app.hosts)));
        }
        this.routes = routes;
        this.registerOutputs({});
    }
}

function backendRef(app: RoutedApp): BackendRef {
    if (app.backend.service) return { ...app.backend.service, port: app.backend.port };
    const ref = typeof app.backend.host === "string" ? serviceRefFromHost(app.backend.host) : undefined;
    // config.ts refuses such hosts in gateway-api mode; this guards other callers.
    if (!ref) throw new Error(`GatewayApiRoutes: app ${app.name}: backend.host must be <service>.<namespace>[.svc…]`);
    return { ...ref, port: app.backend.port };
}
