// Values and chart references for Istio's Helm charts (base, istiod, gateway), Istio 1.24+.
// Source: istio.io/latest/docs/setup/install/helm/ and the gateway chart's values.yaml.
import * as semver from "semver";
import { GATEWAY_SELECTOR } from "./istioRouting";
import { ServicePortSpec } from "./ports";

/** Where a chart comes from: a classic repository (repositoryOpts) or an OCI registry (oci://…/chart). */
export function chartSource(repository: string, chart: string): { chart: string; repositoryOpts?: { repo: string } } {
    if (repository.startsWith("oci://")) return { chart: `${repository.replace(/\/+$/, "")}/${chart}` };
    return { chart, repositoryOpts: { repo: repository } };
}

/**
 * Istio releases whose gateway chart rejects the values gatewayChartValues passes. Their
 * values.schema.json (istio/istio, manifests/charts/gateway/values.schema.json, tags 1.21.0-1.25.4,
 * 1.26.0-1.26.3 and 1.27.0) has `additionalProperties: false` at the top level beside a `$ref` and no
 * `properties`, so a validator that applies `$ref` siblings (Helm 3.18.5 and later) refuses every value;
 * 1.25.5, 1.26.4, 1.27.1 and 1.28.0 moved it into the referenced definition. 1.20 and earlier are end of life.
 */
export const GATEWAY_CHART_BROKEN = "1.21.0 to 1.25.4, 1.26.0 to 1.26.3 and 1.27.0";
export const GATEWAY_CHART_ALLOWED =
    "1.25.5 or a later 1.25.x, 1.26.4 or a later 1.26.x, 1.27.1 or a later 1.27.x, 1.28.0 and later";
/** minor -> first patch whose gateway chart takes our values; every minor from 28 on does. */
const FIRST_GOOD_PATCH: ReadonlyMap<number, number> = new Map([
    [25, 5],
    [26, 4],
    [27, 1],
]);

/**
 * Whether the gateway chart of Istio `version` cannot take our values: "schema" (GATEWAY_CHART_BROKEN),
 * "old" (before 1.21), or undefined when it can, or when `version` is no Istio version at all.
 */
export function gatewayChartRefusal(version: string): "schema" | "old" | undefined {
    const v = semver.parse(version);
    if (!v) return undefined;
    const { major, minor, patch } = v;
    if (major !== 1 || minor >= 28) return undefined;
    if (minor < 21) return "old";
    return patch >= (FIRST_GOOD_PATCH.get(minor) ?? Infinity) ? undefined : "schema";
}

/**
 * Whether the gateway stays the one the Istio operator made (taking over from it): until a version
 * whose gateway chart takes our values, the charts install the control plane only, and the app
 * ports are added to the operator's gateway Service as with install none.
 */
export function keepsOperatorGateway(adoptFrom: "operator" | undefined, version: string): boolean {
    return adoptFrom === "operator" && gatewayChartRefusal(version) !== undefined;
}

export function baseChartValues() {
    return { defaultRevision: "default" };
}

/**
 * The gateway chart: a LoadBalancer Service with the NCP annotations and our ports (which replace
 * the chart's defaults), pods labelled `istio: ingressgateway` whatever the release is called. The
 * Service carries pulumi.com/timeoutSeconds (see ./await.ts): the provider waits for its LB address
 * that long instead of its default 10 minutes.
 */
export function gatewayChartValues(args: {
    readonly annotations: Readonly<Record<string, string>>;
    readonly ports: readonly ServicePortSpec[];
    /** How long `pulumi up` waits for the chart's Service (its LB address). */
    readonly timeoutSeconds: number;
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
            annotations: { ...args.annotations, "pulumi.com/timeoutSeconds": String(args.timeoutSeconds) },
            ports: args.ports.map((p) => ({ ...p, protocol: "TCP" })),
        },
    };
}
