// The URL a user opens for each app, and the app list routes are built from.
import { authorityFor, RoutedApp } from "./istioRouting";

export function appUrls(apps: readonly { name: string; port: number }[], address: string): Record<string, string> {
    return Object.fromEntries(apps.map((app) => [app.name, `http://${authorityFor(address, app.port)}`]));
}

/** Apps in name order, so that adding the demo app (or reordering the stack file) moves nothing. */
export function sortByName<T extends { readonly name: string }>(apps: readonly T[]): T[] {
    return [...apps].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export type { RoutedApp };
