// Values and chart references for Istio's Helm charts (base, istiod, gateway), Istio 1.24+.
// Source: istio.io/latest/docs/setup/install/helm/ and the gateway chart's values.yaml.
import { GATEWAY_SELECTOR } from "./istioRouting";
import { ServicePortSpec } from "./ports";

/** Where a chart comes from: a classic repository (repositoryOpts) or an OCI registry (oci://…/chart). */
export function chartSource(repository: string, chart: string): { chart: string; repositoryOpts?: { repo: string } } {
    if (repository.startsWith("oci://")) return { chart: `${repository.replace(/\/+$/, "")}/${chart}` };
    return { chart, repositoryOpts: { repo: repository } };
}

export function baseChartValues() {
    return { defaultRevision: "default" };
}

/**
 * The gateway chart: a LoadBalancer Service with the NCP annotations and our ports (which replace
 * the chart's defaults), pods labelled `istio: ingressgateway` whatever the release is called.
 */
export function gatewayChartValues(args: {
    readonly annotations: Readonly<Record<string, string>>;
    readonly ports: readonly ServicePortSpec[];
    /** loadBalancerSourceRanges, loadBalancerIP, externalTrafficPolicy: the chart's service.* values. */
    readonly serviceExtras?: Readonly<Record<string, unknown>>;
    readonly podAnnotations?: Readonly<Record<string, string>>;
}) {
    return {
        labels: { ...GATEWAY_SELECTOR },
        ...(Object.keys(args.podAnnotations ?? {}).length ? { podAnnotations: { ...args.podAnnotations } } : {}),
        service: {
            ...args.serviceExtras,
            type: "LoadBalancer",
            annotations: { ...args.annotations },
            ports: args.ports.map((p) => ({ ...p, protocol: "TCP" })),
        },
    };
}
