// The order of the capture's objects as the operator would apply them for a CR: the gateway's ports
// in the CR's order, the components in install order, and what to prune (labelled for the CR, not in
// the capture, never CRDs).
import { Capture, clone, K8sObject, ObjectRef, refKey, refOf } from "./captures";

/** The operator's components in the order it installs them (dev/operator.log). */
const COMPONENT_ORDER = ["Base", "Pilot", "IngressGateways"];

/** The ingress gateways' names and their Service ports, in the CR's order. */
function gatewayPorts(spec: any): Map<string, { name?: string; port: number; targetPort?: number }[]> {
    const out = new Map<string, { name?: string; port: number; targetPort?: number }[]>();
    for (const gw of spec?.components?.ingressGateways ?? [])
        if (gw?.name && Array.isArray(gw?.k8s?.service?.ports)) out.set(gw.name, gw.k8s.service.ports);
    return out;
}

/** `items` with those `rank` knows put in rank order, in the positions such items had; the others stay. */
function reorderInPlace<T>(items: T[], rank: (item: T) => number | undefined): T[] {
    const slots = items.map((it, i) => [i, rank(it)] as const).filter(([, r]) => r !== undefined);
    const sorted = slots.map(([i]) => items[i]).sort((a, b) => rank(a)! - rank(b)!);
    const out = [...items];
    slots.forEach(([i], n) => (out[i] = sorted[n]));
    return out;
}

/**
 * The capture's objects as the operator would render them for this CR's port order: the gateway
 * Service's ports and the gateway container's ports follow the CR's list (the istio-ingress chart
 * ranges over it for both). Only order changes; see normaliseSpec.
 */
export function orderLikeCr(objects: readonly K8sObject[], crSpec: unknown): K8sObject[] {
    const gateways = gatewayPorts(crSpec);
    return objects.map((o) => {
        const ports = gateways.get(o.metadata.name);
        if (!ports) return o;
        const copy: any = clone(o);
        if (o.kind === "Service" && Array.isArray(copy.spec?.ports)) {
            const index = new Map(ports.map((p, i) => [p.name, i]));
            copy.spec.ports = reorderInPlace(copy.spec.ports, (p: any) => index.get(p.name));
        }
        if (o.kind === "Deployment") {
            const index = new Map(ports.map((p, i) => [p.targetPort ?? p.port, i]));
            for (const c of copy.spec?.template?.spec?.containers ?? [])
                if (Array.isArray(c.ports)) c.ports = reorderInPlace(c.ports, (p: any) => index.get(p.containerPort));
        }
        return copy;
    });
}

/** The objects in the order the operator installs its components (Base, Pilot, IngressGateways). */
export function applyOrder(objects: readonly K8sObject[]): K8sObject[] {
    const rank = (o: K8sObject) => {
        const i = COMPONENT_ORDER.indexOf(o.metadata.labels?.["operator.istio.io/component"] ?? "");
        return i < 0 ? COMPONENT_ORDER.length : i;
    };
    return objects
        .map((o, i) => [o, i] as const)
        .sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j)
        .map(([o]) => o);
}

/** What to prune: objects labelled as this CR's that the capture does not have; never CRDs. */
export function toPrune(live: readonly ObjectRef[], capture: Capture): ObjectRef[] {
    const keep = new Set(capture.objects.map((o) => refKey(refOf(o))));
    return live.filter((r) => r.kind !== "CustomResourceDefinition" && !keep.has(refKey(r)));
}
