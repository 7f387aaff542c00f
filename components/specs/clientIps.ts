// Allow lists match client IPs, which the gateway sees only behind an LB that passes them on
// (CLIENT_IPS). With install none the LB is someone else's: what counts is the existing gateway
// Service's own layer-type annotation, not the stack's loadBalancer.layerType.
import { ClusterMismatchError } from "../config/problems";
import { App } from "../model";
import { LAYER_TYPE_ANNOTATION } from "../ncp/annotations";
import { LAYER_TYPE, LAYER_TYPES, LayerType } from "../ncp/rules";
import { WAIT_FOR } from "./await";

const APPS = "ncp-ingress:apps";

/**
 * The layer type NCP made for a Service with these annotations: the annotation's, else NCP's default
 * (LAYER_TYPE.ncpDefault, nplb). A value NCP does not list counts as the default too: only an nlb is
 * known to pass client IPs.
 */
export function effectiveLayerType(annotations: Readonly<Record<string, string>> | undefined): LayerType {
    const value = annotations?.[LAYER_TYPE_ANNOTATION];
    return LAYER_TYPES.find((t) => t === value) ?? LAYER_TYPE.ncpDefault;
}

/**
 * The layer type of the LB in front of a gateway Service read after this stack's patch, which puts
 * WAIT_FOR on it (LoadBalancerAddress); undefined when the read shows no sign of it, so it is no
 * live read and says nothing about the LB: an offline evaluation (`npm run render`, the tests'
 * mocks) models the existing Service without annotations.
 */
export function liveLayerType(annotations: Readonly<Record<string, string>> | undefined): LayerType | undefined {
    return annotations?.[WAIT_FOR] === undefined ? undefined : effectiveLayerType(annotations);
}

/**
 * One problem per app with an allow list when the LB in front of the existing gateway Service
 * (`service`, "<namespace>/<name>") is an nplb; none behind an nlb. PROXY protocol is no way out:
 * install none sets neither the LB's annotation nor the gateway pods' proxy config.
 */
export function allowListLayerProblems(
    apps: readonly Pick<App, "name" | "allow">[],
    layer: LayerType,
    service: string,
): string[] {
    if (layer === "nlb") return [];
    return apps
        .filter((app) => app.allow.length > 0)
        .map(
            (app) =>
                `${APPS} (${app.name}) allow: the existing gateway Service ${service} is behind an nplb ` +
                `(its ${LAYER_TYPE_ANNOTATION} annotation, ${LAYER_TYPE.ncpDefault} when absent, NCP's default): ` +
                "an nplb proxies connections, so the client IP Istio sees is the LB's own and this allow list would reject everyone; " +
                "use an LB of layer type nlb for that Service, or remove allow",
        );
}

/** The layer type, if no app's allow list is refused behind it (undefined: nothing to say); else throws them all. */
export function checkAllowListLayer(
    apps: readonly Pick<App, "name" | "allow">[],
    layer: LayerType | undefined,
    service: string,
): LayerType | undefined {
    if (layer === undefined) return undefined;
    const problems = allowListLayerProblems(apps, layer, service);
    if (problems.length) throw new ClusterMismatchError(problems);
    return layer;
}
