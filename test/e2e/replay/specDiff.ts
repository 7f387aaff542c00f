// Comparing an IstioOperator CR with the captured inputs: the spec normalised (the gateway Service's
// port order does not count), the differences as "path: what" lines, the capture it equals or the
// nearest one, and the statuses the replay writes (ERROR for a CR it cannot replay, RECONCILING).
import { Capture, clone } from "./captures";

/**
 * The spec with each ingress gateway's Service ports keyed by port number ({"port=80": {...}}), so
 * that their order does not count and a difference names the port ("ports[port=30005]"). Only that
 * order is normalised, because it is the one order that does not change what the operator does: a
 * Service's ports are a list-map keyed by (port, protocol) (the Service API's
 * x-kubernetes-list-map-keys), and the operator copies the CR's list, in its order, into the gateway
 * Service and the gateway's container ports, which the replay reproduces (orderLikeCr). The capture's
 * CR listed the apps by name; the program lists them by port, so that adding an app adds one port at
 * the end (the issue's preview). A list with a repeated port stays a list (nothing may hide it).
 */
export function normaliseSpec(spec: unknown): unknown {
    const out: any = clone(spec);
    for (const gw of out?.components?.ingressGateways ?? []) {
        const service = gw?.k8s?.service;
        const ports = service?.ports;
        if (!Array.isArray(ports)) continue;
        const keys = ports.map((p: any) => `port=${p?.port}`);
        if (new Set(keys).size === keys.length)
            service.ports = Object.fromEntries(
                ports.map((p: any, i: number) => [keys[i], p] as const).sort(([, a], [, b]) => a.port - b.port),
            );
    }
    return out;
}

const show = (v: unknown): string => {
    const s = JSON.stringify(v);
    return s === undefined ? "undefined" : s.length > 80 ? `${s.slice(0, 77)}...` : s;
};
const typeOf = (v: unknown): string => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v);

/**
 * Where `actual` differs from `expected` (the capture), as "path: what" lines, depth first in key
 * order, at most `limit` of them (all when limit is Infinity).
 */
export function differences(actual: unknown, expected: unknown, at = "spec", limit = Infinity): string[] {
    const out: string[] = [];
    const walk = (a: unknown, e: unknown, p: string): void => {
        if (out.length >= limit) return;
        if (typeOf(a) !== typeOf(e)) {
            if (a === undefined) out.push(`${p}: missing (the capture has ${show(e)})`);
            else if (e === undefined) out.push(`${p}: ${show(a)}, not in the capture`);
            else out.push(`${p}: ${show(a)} (${typeOf(a)}), the capture has ${show(e)} (${typeOf(e)})`);
            return;
        }
        if (Array.isArray(a) && Array.isArray(e)) {
            for (let i = 0; i < Math.max(a.length, e.length); i++) walk(a[i], e[i], `${p}[${i}]`);
            return;
        }
        if (a && e && typeof a === "object") {
            const ao = a as Record<string, unknown>;
            const eo = e as Record<string, unknown>;
            for (const k of [...new Set([...Object.keys(ao), ...Object.keys(eo)])].sort((x, y) =>
                x.localeCompare(y, "en", { numeric: true }),
            ))
                walk(
                    ao[k],
                    eo[k],
                    `${p}${/^[A-Za-z_][\w-]*$/.test(k) ? `.${k}` : /^port=\d+$/.test(k) ? `[${k}]` : `[${JSON.stringify(k)}]`}`,
                );
            return;
        }
        if (a !== e) out.push(`${p}: ${show(a)}, the capture has ${show(e)}`);
    };
    walk(actual, expected, at);
    return out;
}

/** The capture a CR equals, or the nearest one and how the CR differs from it. */
export type Match = { capture: Capture } | { capture?: undefined; nearest: Capture; differences: string[] };

/**
 * The capture whose input this CR equals (name, namespace and spec; the spec compared as objects
 * after normaliseSpec), or the nearest one (fewest differences) and how the CR differs from it.
 */
export function matchCapture(
    cr: { metadata: { name: string; namespace?: string }; spec?: unknown },
    captures: readonly Capture[],
): Match {
    let best: { capture: Capture; diffs: string[] } | undefined;
    for (const capture of captures) {
        const diffs = [
            ...differences(cr.metadata.name, capture.input.metadata.name, "metadata.name"),
            ...differences(cr.metadata.namespace, capture.input.metadata.namespace, "metadata.namespace"),
            ...differences(normaliseSpec(cr.spec), normaliseSpec(capture.input.spec)),
        ];
        if (diffs.length === 0) return { capture };
        if (!best || diffs.length < best.diffs.length) best = { capture, diffs };
    }
    if (!best) throw new Error("operator replay: no captures loaded");
    return { nearest: best.capture, differences: best.diffs };
}

/** The status the replay writes for a CR that is not a captured input. */
export function mismatchStatus(m: { nearest: Capture; differences: string[] }, shown = 5): Record<string, unknown> {
    const first = m.differences.slice(0, shown);
    const more = m.differences.length > shown ? `; and ${m.differences.length - shown} more` : "";
    return {
        status: "ERROR",
        message:
            `operator replay (test/e2e/operatorReplay.ts): this IstioOperator differs from every captured input of the ` +
            `real Istio 1.23.6 operator, so there is nothing to replay; nearest capture ${m.nearest.name} ` +
            `(${m.differences.length} difference${m.differences.length === 1 ? "" : "s"}): ${first.join("; ")}${more}`,
    };
}

/** Istio's HelmReconciler.SetStatusBegin: RECONCILING overall and for every component already listed. */
export function reconcilingStatus(previous: any): Record<string, unknown> {
    if (!previous) return { status: "RECONCILING" };
    const componentStatus = Object.fromEntries(
        Object.keys(previous.componentStatus ?? {}).map((c) => [c, { status: "RECONCILING" }]),
    );
    return {
        ...previous,
        ...(previous.componentStatus ? { componentStatus } : {}),
        status: "RECONCILING",
    };
}
