import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DEMO_PORT, demoDeploymentSpec, demoServiceSpec } from "./specs/demoBackend";
import { RoutedApp } from "./specs/istioRouting";

export { DEMO_IMAGE, DEMO_PORT } from "./specs/demoBackend";

export interface DemoBackendArgs {
    /** Namespace to create for the demo. */
    readonly namespace: string;
}

/** An httpbin Deployment and ClusterIP Service: a backend to route to before any real app is wired, and for smoke checks. */
export class DemoBackend extends pulumi.ComponentResource {
    /** In-cluster DNS name of the demo Service. */
    readonly host: pulumi.Output<string>;
    /** The demo Service (its name is generated). */
    readonly service: { readonly name: pulumi.Output<string>; readonly namespace: string };
    readonly port: number = DEMO_PORT;

    constructor(name: string, args: DemoBackendArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ncp-ingress:demo:DemoBackend", name, {}, opts);
        const ns = new k8s.core.v1.Namespace(`${name}-ns`, { metadata: { name: args.namespace } }, { parent: this });
        const deployment = new k8s.apps.v1.Deployment(
            `${name}-httpbin`,
            { metadata: { namespace: args.namespace }, spec: demoDeploymentSpec() },
            { parent: this, dependsOn: [ns] },
        );
        // Parented by the Deployment, as kubernetesx's createService did: the same URN, so a stack
        // deployed with an earlier release keeps its Service.
        const service = new k8s.core.v1.Service(
            `${name}-httpbin`,
            { metadata: { namespace: args.namespace }, spec: demoServiceSpec() },
            { parent: deployment, dependsOn: [ns] },
        );
        this.service = { name: service.metadata.name, namespace: args.namespace };
        this.host = pulumi.interpolate`${service.metadata.name}.${args.namespace}.svc.cluster.local`;
        this.registerOutputs({ host: this.host });
    }

    /** The demo as one more app: plain HTTP on `port` of the LB, open to everyone. */
    asApp(name: string, port: number): RoutedApp {
        return {
            name,
            port,
            protocol: "HTTP",
            hosts: [],
            allow: [],
            backend: { host: this.host, port: this.port, service: this.service },
        };
    }
}
