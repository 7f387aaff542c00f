import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    allowListPolicySpec,
    allowPolicyName,
    authorityFor,
    GATEWAY_SELECTOR,
    hostRouteName,
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
}

const ISTIO_NETWORKING = "networking.istio.io/v1beta1";

/**
 * One Istio Gateway (a server per app port, shared servers for host names), and per app: a
 * VirtualService for its port, one for its host names, and an AuthorizationPolicy for its allow list.
 * Logical names come from app names, so adding or removing an app touches only that app's resources.
 */
export class AppRoutes extends pulumi.ComponentResource {
    constructor(name: string, args: AppRoutesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ncp-ingress:routing:AppRoutes", name, {}, opts);
        // No apps (an Istio-only stack): no Gateway either, since Istio refuses one without servers.
        if (args.apps.length === 0) {
            this.registerOutputs({});
            return;
        }
        const address = pulumi.output(args.address);
        const gateway = new k8s.apiextensions.CustomResource(
            `${name}-gateway`,
            {
                apiVersion: ISTIO_NETWORKING,
                kind: "Gateway",
                metadata: { name: args.gatewayName, namespace: args.namespace },
                spec: istioGatewaySpec(args.apps),
            },
            { parent: this },
        );
        const afterGateway = { parent: this, dependsOn: [gateway] };
        const appPorts = withPort(args.apps).map((app) => app.port);
        const resource = (logical: string, apiVersion: string, kind: string, metadataName: string, spec: object) =>
            new k8s.apiextensions.CustomResource(
                logical,
                { apiVersion, kind, metadata: { name: metadataName, namespace: args.namespace }, spec },
                afterGateway,
            );
        for (const app of args.apps) {
            const port = app.port;
            if (port !== undefined) {
                const authority = address.apply((a) => authorityFor(a, port));
                resource(
                    `${name}-${app.name}`,
                    ISTIO_NETWORKING,
                    "VirtualService",
                    app.name,
                    virtualServiceSpec({ ...app, port }, args.gatewayName, authority),
                );
            }
            if (app.hosts.length) {
                const routeName = hostRouteName(app.name);
                resource(
                    `${name}-${routeName}`,
                    ISTIO_NETWORKING,
                    "VirtualService",
                    routeName,
                    hostVirtualServiceSpec(app, args.gatewayName),
                );
            }
            if (app.allow.length) {
                const policyName = allowPolicyName(app.name);
                resource(
                    `${name}-${policyName}`,
                    "security.istio.io/v1beta1",
                    "AuthorizationPolicy",
                    policyName,
                    allowListPolicySpec(app, GATEWAY_SELECTOR, appPorts),
                );
            }
        }
        this.registerOutputs({});
    }
}
