import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { InstallMode } from "./model";
import { istioOperatorManifest } from "./specs/istioOperator";
import {
    istioOperatorCrd,
    operatorClusterRole,
    operatorClusterRoleBinding,
    operatorDeployment,
    operatorNamespace,
    operatorServiceAccount,
} from "./specs/operatorInstall";
import { gatewayServicePorts, Listener } from "./specs/ports";

export interface IstioInstallArgs {
    /** operator: the Istio operator + an IstioOperator CR (Istio <= 1.23). none: create nothing. */
    readonly mode: InstallMode;
    /** Istio version: the operator image tag. */
    readonly version: string;
    /** Control-plane namespace; created here (operator mode). */
    readonly namespace: string;
    /** Name of the ingress gateway (its Deployment and Service). */
    readonly gatewayService: string;
    /** NCP annotations for the gateway Service. */
    readonly serviceAnnotations: Readonly<Record<string, string>>;
    /** Apps that each get a port on the gateway Service (the demo app included). */
    readonly apps: readonly Listener[];
    /** How long to wait for the install to report healthy. */
    readonly timeoutSeconds: number;
}

/**
 * Installs Istio with an ingress gateway whose LoadBalancer Service carries one port per app.
 * Depending on this component means: the gateway Service exists.
 */
export class IstioInstall extends pulumi.ComponentResource {
    /** Namespace and name of the ingress gateway Service. */
    readonly gatewayService: { readonly namespace: string; readonly name: string };

    constructor(name: string, args: IstioInstallArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ncp-ingress:istio:IstioInstall", name, {}, opts);
        this.gatewayService = { namespace: args.namespace, name: args.gatewayService };
        if (args.mode === "operator") this.installWithOperator(name, args);
        else if (args.mode !== "none") throw new Error(`IstioInstall: install mode "${args.mode}" is not supported`);
        this.registerOutputs({ gatewayService: this.gatewayService });
    }

    private installWithOperator(name: string, args: IstioInstallArgs): void {
        const parent = { parent: this };
        const crd = new k8s.apiextensions.v1.CustomResourceDefinition(
            `${name}-operator-crd`,
            istioOperatorCrd(),
            parent,
        );
        const operatorNs = new k8s.core.v1.Namespace(`${name}-operator-ns`, operatorNamespace(), parent);
        const inOperatorNs = { parent: this, dependsOn: [operatorNs] };
        const sa = new k8s.core.v1.ServiceAccount(`${name}-operator-sa`, operatorServiceAccount(), inOperatorNs);
        const role = new k8s.rbac.v1.ClusterRole(`${name}-operator-role`, operatorClusterRole(), parent);
        const binding = new k8s.rbac.v1.ClusterRoleBinding(`${name}-operator-binding`, operatorClusterRoleBinding(), {
            parent: this,
            dependsOn: [role, sa],
        });
        const operator = new k8s.apps.v1.Deployment(
            `${name}-operator`,
            operatorDeployment(args.version, args.namespace),
            {
                parent: this,
                dependsOn: [crd, binding, operatorNs],
            },
        );
        const controlPlaneNs = new k8s.core.v1.Namespace(`${name}-ns`, { metadata: { name: args.namespace } }, parent);
        const iop = istioOperatorManifest({
            name: "istio",
            namespace: args.namespace,
            gatewayName: args.gatewayService,
            serviceAnnotations: args.serviceAnnotations,
            ports: gatewayServicePorts(args.apps, "operator"),
        });
        new k8s.apiextensions.CustomResource(
            `${name}-operator-cr`,
            {
                ...iop,
                metadata: {
                    ...iop.metadata,
                    // The operator works asynchronously: wait until it reports every component
                    // healthy, so that the gateway Service exists before anyone reads it.
                    // pulumi.com/waitFor needs pulumi-kubernetes >= 4.18.
                    annotations: {
                        "pulumi.com/waitFor": "jsonpath={.status.status}=HEALTHY",
                        "pulumi.com/timeoutSeconds": String(args.timeoutSeconds),
                    },
                },
            },
            { parent: this, dependsOn: [operator, crd, controlPlaneNs] },
        );
    }
}
