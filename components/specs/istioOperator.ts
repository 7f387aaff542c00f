// The IstioOperator custom resource (install.istio.io/v1alpha1), as in the seed: default profile,
// the ingress gateway with NCP annotations and our port list, HPA minimum 1. Unlike the seed, no
// egress gateway: nothing routes through one, and the default profile leaves it off.
import { ServicePortSpec } from "./ports";

export interface IstioOperatorArgs {
    readonly name: string;
    readonly namespace: string;
    /** Ingress gateway name: its Deployment and Service are named so. */
    readonly gatewayName: string;
    /** false when Istio provisions gateways itself (Gateway API routing). */
    readonly ingressGatewayEnabled: boolean;
    readonly serviceAnnotations: Readonly<Record<string, string>>;
    /** Further Service spec fields; default none. */
    readonly serviceExtras?: Readonly<Record<string, unknown>>;
    /** Gateway pod annotations; default none. */
    readonly podAnnotations?: Readonly<Record<string, string>>;
    readonly ports: readonly ServicePortSpec[];
}

export function istioOperatorManifest(args: IstioOperatorArgs) {
    return {
        apiVersion: "install.istio.io/v1alpha1",
        kind: "IstioOperator",
        metadata: { name: args.name, namespace: args.namespace },
        spec: {
            profile: "default",
            // Where the control plane and the gateways go: without these the 1.23 operator installs into
            // istio-system whatever namespace the CR is in (istio/istio 1.23.6,
            // operator/pkg/apis/istio/v1alpha1/common.go Namespace(): spec.namespace, then
            // values.global.istioNamespace, which the default profile sets to istio-system).
            namespace: args.namespace,
            values: { global: { istioNamespace: args.namespace } },
            components: {
                ingressGateways: [
                    {
                        name: args.gatewayName,
                        enabled: args.ingressGatewayEnabled,
                        k8s: {
                            hpaSpec: { minReplicas: 1 },
                            serviceAnnotations: { ...args.serviceAnnotations },
                            ...(Object.keys(args.podAnnotations ?? {}).length
                                ? { podAnnotations: { ...args.podAnnotations } }
                                : {}),
                            service: { ...args.serviceExtras, ports: args.ports.map((p) => ({ ...p })) },
                        },
                    },
                ],
            },
        },
    };
}
