import * as k8s from "@pulumi/kubernetes";
import * as kx from "@pulumi/kubernetesx";
import * as pulumi from "@pulumi/pulumi";
import { RoutedApp } from "./specs/istioRouting";

export interface DemoBackendArgs {
    /** Namespace to create for the demo. */
    readonly namespace: string;
}

/** go-httpbin: answers every path, echoes headers; port 8080. */
export const DEMO_IMAGE = "docker.io/mccutchen/go-httpbin:v2.15.0";
export const DEMO_PORT = 8080;

/**
 * An httpbin Deployment and ClusterIP Service, built with kubernetesx (PodBuilder, Deployment,
 * createService): a backend to route to before any real app is wired, and for smoke checks.
 */
export class DemoBackend extends pulumi.ComponentResource {
    /** In-cluster DNS name of the demo Service. */
    readonly host: pulumi.Output<string>;
    /** The demo Service (kubernetesx generates its name). */
    readonly service: { readonly name: pulumi.Output<string>; readonly namespace: string };
    readonly port: number = DEMO_PORT;

    constructor(name: string, args: DemoBackendArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ncp-ingress:demo:DemoBackend", name, {}, opts);
        const ns = new k8s.core.v1.Namespace(`${name}-ns`, { metadata: { name: args.namespace } }, { parent: this });
        const pod = new kx.PodBuilder({
            containers: [
                {
                    name: "httpbin",
                    image: DEMO_IMAGE,
                    ports: { http: DEMO_PORT },
                    resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } },
                },
            ],
        });
        const deployment = new kx.Deployment(
            `${name}-httpbin`,
            { metadata: { namespace: args.namespace }, spec: pod.asDeploymentSpec({ replicas: 1 }) },
            { parent: this, dependsOn: [ns] },
        );
        const service = deployment.createService();
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
