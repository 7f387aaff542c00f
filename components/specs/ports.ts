// Ports of the ingress gateway Service. Both the IstioOperator's and the gateway chart's
// `service.ports` REPLACE Istio's defaults, so the built-in ports are always listed first.
import { HTTPS_PORT, HTTP_PORT, STATUS_PORT } from "../limits";
import { App } from "../model";
import { BUILT_IN_TARGETS, GatewayFlavour } from "../names";

/** What a port or server needs to know about an app; host-only apps have no port. */
export type Listener = Pick<App, "name" | "port">;

export function withPort<T extends Listener>(apps: readonly T[]): (T & { readonly port: number })[] {
    return apps.filter((app): app is T & { readonly port: number } => app.port !== undefined);
}

export interface ServicePortSpec {
    readonly name: string;
    readonly port: number;
    readonly targetPort: number;
}

/**
 * The container ports the built-in 80/443 listeners may arrive on, whichever template serves the
 * gateway (80/443 from the chart, 8080/8443 from the operator; an existing gateway with install
 * "none" may be either).
 */
export const SHARED_LISTENER_TARGET_PORTS: readonly number[] = [
    ...new Set(Object.values(BUILT_IN_TARGETS).flatMap((t) => [t.http, t.https])),
].sort((a, b) => a - b);

/**
 * 15021 (cloud LB health checks), 80, 443, then one port per app with targetPort = port, the apps by
 * port number: adding an app with a new highest port then adds one item at the end of the list, so
 * the preview of the IstioOperator (or the gateway chart's values) shows one added port. In name
 * order, every app after the new one in the alphabet moved down one place and the preview listed
 * each of their ports as changed (found with the real operator: the dev stack plus `echo`).
 */
export function gatewayServicePorts(apps: readonly Listener[], flavour: GatewayFlavour): ServicePortSpec[] {
    const t = BUILT_IN_TARGETS[flavour];
    return [
        { name: "status-port", port: STATUS_PORT, targetPort: STATUS_PORT },
        { name: "http2", port: HTTP_PORT, targetPort: t.http },
        { name: "https", port: HTTPS_PORT, targetPort: t.https },
        ...appServicePorts(apps).sort((a, b) => a.port - b.port),
    ];
}

/** One port per app that has one; Envoy listens on the app's port itself. */
export function appServicePorts(apps: readonly Listener[]): ServicePortSpec[] {
    return withPort(apps).map((app) => ({ name: app.name, port: app.port, targetPort: app.port }));
}

/** A port in the install-none Service patch: the built-in ports by key only, the apps' in full. */
export interface PatchPortSpec {
    readonly port: number;
    readonly protocol: "TCP";
    readonly name?: string;
    readonly targetPort?: number;
}

/**
 * The `spec.ports` of the patch that adds the apps to an existing gateway Service (install none).
 *
 * The built-in ports come first, by their merge key (port, protocol) only: server-side apply then
 * keeps the live list in this order (it inserts applied items in the applier's order), while
 * owning no name or targetPort of a Service that is not ours, so nothing conflicts and destroy
 * leaves them. Without them, the provider's diff of a Patch lines our items up with the live list
 * by index (pulumi-kubernetes provider/pkg/provider/util.go pruneSlice), sees the Service's own
 * ports in our places, and reports an update on every run (found by the end-to-end run).
 *
 * For the same reason the apps' ports follow the live list: `"apps"`, the app list's order, for a
 * Service that had none of them (install none: the patch added them); `"port"` for the Service the
 * Istio operator made (taking over from it), whose IstioOperator listed them by port
 * (operatorInstall.ts) and so did the operator.
 */
export function existingGatewayPatchPorts(apps: readonly Listener[], order: "apps" | "port" = "apps"): PatchPortSpec[] {
    const ports = appServicePorts(apps);
    if (order === "port") ports.sort((a, b) => a.port - b.port);
    return [
        ...[STATUS_PORT, HTTP_PORT, HTTPS_PORT].map((port) => ({ port, protocol: "TCP" as const })),
        ...ports.map((p) => ({ ...p, protocol: "TCP" as const })),
    ];
}
