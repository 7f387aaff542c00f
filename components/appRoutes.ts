import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LayerType } from "./model";
import { hostRouteName } from "./names";
import { checkAllowListLayer } from "./specs/clientIps";
import { afterCheck } from "./specs/gate";
import {
    allowListPolicySpec,
    allowPolicyName,
    authorityFor,
    GATEWAY_SELECTOR,
    hostVirtualServiceSpec,
    istioGatewaySpec,
    RoutedApp,
    virtualServiceSpec,
} from "./specs/istioRouting";
import { withPort } from "./specs/ports";

export interface AppRoutesArgs {
    /** Apps to route, in name order; none: nothing is created (an Istio-only stack). */
    readonly apps: readonly RoutedApp[];
    /** Namespace of the ingress gateway; the Gateway, routes and policies go there too. */
    readonly namespace: string;
    /** metadata.name of the Istio Gateway. */
    readonly gatewayName: string;
    /** The LB hostname or IP; every authority match is built from it. */
    readonly address: pulumi.Input<string>;
    /**
     * install none: the LB in front of someone else's gateway Service, as read from that Service
     * (LoadBalancerAddress.layerType), and the Service as "<namespace>/<name>". The routes and policy
     * of an app with an allow list then wait for the layer type and fail, naming the app, behind an
     * nplb (undefined: no live read, nothing to check). Default: the stack made the LB, whose layer
     * type the config rules have checked.
     */
    readonly existingLb?: { readonly layerType: pulumi.Input<LayerType | undefined>; readonly service: string };
}

const ISTIO_NETWORKING = "networking.istio.io/v1beta1";

/**
 * One Istio Gateway (a server per app port, shared servers for host names), and per app: a
 * VirtualService for its port, one for its host names, and an AuthorizationPolicy for its allow list.
 * Logical names come from app names, so adding or removing an app touches only that app's resources.
 */
export class AppRoutes extends pulumi.ComponentResource {
    /**
     * With existingLb: fails as the allow-list apps' routes and policies do (a resource input that
     * fails may go unnoticed until the program ends; a stack output built on this one says it).
     * Otherwise known at once.
     */
    readonly allowListsChecked: pulumi.Output<unknown>;
    /** The Istio Gateway; undefined with no apps (Istio refuses a Gateway without servers). */
    readonly gateway?: k8s.apiextensions.CustomResource;
    /**
     * Per app name, what routes it: its port's VirtualService, its host names' VirtualService and its
     * allow list's AuthorizationPolicy, those it has. For `dependsOn` on one app's routing.
     */
    readonly routes: Readonly<Record<string, readonly k8s.apiextensions.CustomResource[]>>;

    constructor(name: string, args: AppRoutesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ncp-ingress:routing:AppRoutes", name, {}, opts);
        // Known once the Service is read: not at a first preview (it may not exist yet), so nothing can
        // be said then and the guarded specs stay unknown; from then on preview reads it and fails here.
        const existing = args.existingLb;
        const checked = existing
            ? pulumi
                  .output(existing.layerType)
                  .apply((layer) => checkAllowListLayer(args.apps, layer, existing.service))
            : undefined;
        this.allowListsChecked = checked ?? pulumi.output(true);
        const routes: Record<string, k8s.apiextensions.CustomResource[]> = {};
        this.routes = routes;
        // No apps (an Istio-only stack): no Gateway either, since Istio refuses one without servers.
        if (args.apps.length === 0) {
            this.registerOutputs({});
            return;
        }
        const address = pulumi.output(args.address);
        const gateway = (this.gateway = new k8s.apiextensions.CustomResource(
            `${name}-gateway`,
            {
                apiVersion: ISTIO_NETWORKING,
                kind: "Gateway",
                metadata: { name: args.gatewayName, namespace: args.namespace },
                spec: istioGatewaySpec(args.apps),
            },
            { parent: this },
        ));
        const afterGateway = { parent: this, dependsOn: [gateway] };
        // An allow-list app's routes and policy only once its LB is known to pass client IPs.
        const guarded = (app: RoutedApp, spec: object): pulumi.Input<object> =>
            afterCheck(app.allow.length ? checked : undefined, spec);
        const appPorts = withPort(args.apps).map((app) => app.port);
        const resource = (
            logical: string,
            apiVersion: string,
            kind: string,
            metadataName: string,
            spec: pulumi.Input<object>,
        ) =>
            new k8s.apiextensions.CustomResource(
                logical,
                { apiVersion, kind, metadata: { name: metadataName, namespace: args.namespace }, spec },
                afterGateway,
            );
        for (const app of args.apps) {
            const mine: k8s.apiextensions.CustomResource[] = (routes[app.name] = []);
            const port = app.port;
            if (port !== undefined) {
                const authority = address.apply((a) => authorityFor(a, port));
                mine.push(
                    resource(
                        `${name}-${app.name}`,
                        ISTIO_NETWORKING,
                        "VirtualService",
                        app.name,
                        guarded(app, virtualServiceSpec({ ...app, port }, args.gatewayName, authority)),
                    ),
                );
            }
            if (app.hosts.length) {
                const routeName = hostRouteName(app.name);
                mine.push(
                    resource(
                        `${name}-${routeName}`,
                        ISTIO_NETWORKING,
                        "VirtualService",
                        routeName,
                        guarded(app, hostVirtualServiceSpec(app, args.gatewayName)),
                    ),
                );
            }
            if (app.allow.length) {
                const policyName = allowPolicyName(app.name);
                mine.push(
                    resource(
                        `${name}-${policyName}`,
                        "security.istio.io/v1beta1",
                        "AuthorizationPolicy",
                        policyName,
                        guarded(app, allowListPolicySpec(app, GATEWAY_SELECTOR, appPorts)),
                    ),
                );
            }
        }
        this.registerOutputs({});
    }
}
