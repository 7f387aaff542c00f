// The URL a user opens for each app, and the app list routes are built from.
import { App } from "../model";
import { hostPort } from "./hostPort";
import { hostPorts, RoutedApp } from "./istioRouting";

const SCHEME = { HTTP: "http", HTTPS: "https", TCP: "tcp" } as const;

/**
 * app name -> URL: through the LB address and the app's port where it has one, else through its
 * first non-wildcard host name (https where served on 443). Apps with only wildcard hosts have none.
 */
export function appUrls(
    apps: readonly Pick<App, "name" | "port" | "protocol" | "hosts" | "tls">[],
    address: string,
): Record<string, string> {
    const urls: [string, string][] = [];
    for (const app of apps) {
        if (app.port !== undefined) {
            urls.push([app.name, `${SCHEME[app.protocol]}://${hostPort(address, app.port)}`]);
            continue;
        }
        const host = app.hosts.find((h) => !h.startsWith("*."));
        if (host) urls.push([app.name, `${hostPorts(app).includes(80) ? "http" : "https"}://${host}`]);
    }
    return Object.fromEntries(urls);
}

/** Apps in name order, so that adding the demo app (or reordering the stack file) moves nothing. */
export function sortByName<T extends { readonly name: string }>(apps: readonly T[]): T[] {
    return [...apps].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export type { RoutedApp };
