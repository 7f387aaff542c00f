// Istio Gateway and VirtualService specs: one HTTP server per app port, one route per app matched on
// `authority: exact "<lb address>:<port>"` and the port, as the seed's hand-written YAML did.
import type * as pulumi from "@pulumi/pulumi";
import { Listener } from "./ports";

/** Pods of the ingress gateway carry this label in every install mode. */
export const GATEWAY_SELECTOR = { istio: "ingressgateway" } as const;

export function istioGatewaySpec(apps: readonly Listener[]) {
    return {
        selector: { ...GATEWAY_SELECTOR },
        servers: apps.map((app) => ({
            port: { number: app.port, name: app.name, protocol: "HTTP" },
            hosts: ["*"],
        })),
    };
}

/** The Host/:authority a client sends for this app: the LB address and the app's port. */
export function authorityFor(address: string, port: number): string {
    return `${address}:${port}`;
}

/** An app as a route sees it; the host may be an Output (the demo backend's generated Service name). */
export interface RoutedApp extends Listener {
    readonly backend: {
        readonly host: pulumi.Input<string>;
        readonly port: number;
        /** The backend Service by name, where the host cannot be parsed for it (the demo's generated name). */
        readonly service?: { readonly name: pulumi.Input<string>; readonly namespace: string };
    };
}

export function virtualServiceSpec(app: RoutedApp, gateway: string, authority: pulumi.Input<string>) {
    return {
        hosts: ["*"],
        gateways: [gateway],
        http: [
            {
                name: app.name,
                match: [{ authority: { exact: authority }, port: app.port }],
                route: [{ destination: { host: app.backend.host, port: { number: app.backend.port } } }],
            },
        ],
    };
}
