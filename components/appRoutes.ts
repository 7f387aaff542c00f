import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { authorityFor, istioGatewaySpec, RoutedApp, virtualServiceSpec } from "./specs/istioRouting";

export interface AppRoutesArgs {
    /** Apps to route, in name order. */
    readonly apps: readonly RoutedApp[];
    /** Namespace of the ingress gateway; the Gateway and the VirtualServices go there too. */
    readonly namespace: string;
    /** metadata.name of the Istio Gateway. */
    readonly gatewayName: string;
    /** The LB hostname or IP; every authority match is built from it. */
    readonly address: pulumi.Input<string>;
}

/**
 * One Istio Gateway with an HTTP server per app port, and one VirtualService per app. Logical names
 * come from app names, so adding or removing an app touches only that app's VirtualService.
 */
export class AppRoutes extends pulumi.ComponentResource {
    constructor(name: string, args: AppRoutesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ncp-ingress:routing:AppRoutes", name, {}, opts);
        const address = pulumi.output(args.address);
        const gateway = new k8s.apiextensions.CustomResource(
            `${name}-gateway`,
            {
                apiVersion: "networking.istio.io/v1beta1",
                kind: "Gateway",
                metadata: { name: args.gatewayName, namespace: args.namespace },
                spec: istioGatewaySpec(args.apps),
            },
            { parent: this },
        );
        for (const app of args.apps) {
            new k8s.apiextensions.CustomResource(
                `${name}-${app.name}`,
                {
                    apiVersion: "networking.istio.io/v1beta1",
                    kind: "VirtualService",
                    metadata: { name: app.name, namespace: args.namespace },
                    spec: virtualServiceSpec(
                        app,
                        args.gatewayName,
                        address.apply((a) => authorityFor(a, app.port)),
                    ),
                },
                { parent: this, dependsOn: [gateway] },
            );
        }
        this.registerOutputs({});
    }
}
