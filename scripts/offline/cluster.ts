// The cluster the engine emulator (engine.ts) applies to: objects by key, as the API server keeps
// them. A Service is modelled as far as the program reads it: spec.type, spec.ports with their
// NodePorts, and the other spec fields written to it. Any other object is its name alone. Labels and
// annotations are not modelled: an offline read shows no sign of the stack's own patch, so the
// program takes it for no live read (components/specs/clientIps.ts liveLayerType).
//
// Every write is a server-side apply by one writer (field manager): spec.ports merge by their
// list-map key (port, protocol), other spec fields are replaced; what a writer applied before and
// no longer applies is dropped unless another writer applied it too (managedFields, tracked here per
// spec field and per port, not per field of a port). The API server's defaults: protocol TCP,
// targetPort = port, type ClusterIP; NodePorts as allocateNodePorts says.
// Pure functions over the Map a caller passes; nothing happens when this module loads.

// Objects as the API server holds them: untyped JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Props = Record<string, any>;

/** An item of a Service's spec.ports. */
export interface ServicePort {
    readonly port: number;
    readonly protocol?: string;
    readonly name?: string;
    readonly targetPort?: number | string;
    readonly nodePort?: number;
    readonly [field: string]: unknown;
}

/** An object in the cluster. */
export interface ClusterObject {
    readonly metadata: { readonly name: string; readonly namespace?: string };
    /** Services only: type, ports and the other fields applied to spec. */
    readonly spec?: Props;
    /** Services only: a spec field ("type") or port ("port:80/TCP") -> the writers that applied it. */
    readonly owners?: Readonly<Record<string, readonly string[]>>;
}

/** The cluster: objects by objectKey. */
export type Cluster = Map<string, ClusterObject>;

/** An object already in the cluster before a run: its key and, for a Service, its spec (default: none). */
export interface ExistingObject {
    readonly key: string;
    readonly spec?: Props;
}

/** A write the API server refuses (the step that made it fails). */
export class ClusterRefusal extends Error {}

/**
 * The NodePort range, kube-apiserver's --service-node-port-range default.
 * Source: kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
 */
export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;

/** The writer of the objects given as pre-existing (RunOptions.existing). */
export const EXISTING_MANAGER = "existing";

/**
 * An object's key in the cluster, in kubectl's notation: `Service istio-system/istio-ingressgateway`,
 * `Gateway.gateway.networking.k8s.io istio-system/istio-gateway`, `Namespace istio-system`.
 * A `*Patch` type names the object it patches.
 */
export function objectKey(type: string, id: string): string {
    const [, groupVersion, kind] = type.split(":");
    const group = groupVersion.split("/")[0];
    const k = kind.replace(/Patch$/, "");
    return `${group === "core" ? k : `${k}.${group}`} ${id}`;
}

/** The key of the Service `namespace`/`name`. */
export function serviceKey(namespace: string, name: string): string {
    return objectKey("kubernetes:core/v1:Service", `${namespace}/${name}`);
}

/** The metadata a key names: `<namespace>/<name>` or `<name>`. */
function metadataOf(key: string): ClusterObject["metadata"] {
    const id = key.slice(key.indexOf(" ") + 1);
    const [namespace, name] = id.includes("/") ? id.split("/") : [undefined, id];
    return { ...(namespace ? { namespace } : {}), name };
}

const isService = (key: string) => key.startsWith("Service ");
const portField = (p: ServicePort) => `port:${p.port}/${p.protocol ?? "TCP"}`;

/** Puts an object that is not a Service into the cluster (its name is all that is modelled). */
export function applyObject(cluster: Cluster, key: string): void {
    if (!cluster.has(key)) cluster.set(key, { metadata: metadataOf(key) });
}

/**
 * Server-side apply of `applied` (a Service spec, possibly partial) by `writer` to the Service `key`,
 * creating it if missing; then the API server's defaults and NodePorts. Throws ClusterRefusal as
 * the API server refuses a NodePort.
 */
export function applyService(cluster: Cluster, key: string, writer: string, applied: Props): void {
    const live = cluster.get(key);
    const spec: Props = { ...live?.spec };
    const owners = new Map(Object.entries(live?.owners ?? {}).map(([f, w]) => [f, new Set(w)]));
    const items: ServicePort[] = (applied.ports ?? []).map((p: ServicePort) => ({
        ...p,
        protocol: p.protocol ?? "TCP",
    }));
    const fields = new Set([...Object.keys(applied).filter((f) => f !== "ports"), ...items.map(portField)]);
    const dropped = new Set<string>();
    for (const [field, writers] of owners) {
        if (fields.has(field) || !writers.delete(writer) || writers.size > 0) continue;
        owners.delete(field);
        if (field.startsWith("port:")) dropped.add(field);
        else delete spec[field];
    }
    for (const [field, value] of Object.entries(applied)) if (field !== "ports") spec[field] = value;
    const ports: ServicePort[] = (spec.ports ?? []).filter((p: ServicePort) => !dropped.has(portField(p)));
    // A new item goes after the last live item the applier also applied (at first: the last item),
    // in the applier's order.
    const index = new Map(ports.map((p, i) => [portField(p), i]));
    const inserted = new Map<number, ServicePort[]>();
    let at = ports.length - 1;
    for (const item of items) {
        const i = index.get(portField(item));
        if (i !== undefined) ports[(at = i)] = { ...ports[i], ...item };
        else inserted.set(at, (inserted.get(at) ?? []).concat(item));
    }
    const merged = [...(inserted.get(-1) ?? []), ...ports.flatMap((p, i) => [p, ...(inserted.get(i) ?? [])])];
    for (const field of fields) owners.set(field, new Set([...(owners.get(field) ?? []), writer]));
    spec.type ??= "ClusterIP";
    spec.ports = merged.map((p) => ({ ...p, protocol: p.protocol ?? "TCP", targetPort: p.targetPort ?? p.port }));
    spec.ports = allocateNodePorts(cluster, key, spec);
    cluster.set(key, {
        metadata: metadataOf(key),
        spec,
        owners: Object.fromEntries([...owners].map(([f, w]) => [f, [...w]])),
    });
}

/**
 * The ports of Service `key` with their NodePorts, as the API server keeps them: only a NodePort or
 * LoadBalancer Service has them (a LoadBalancer one unless allocateLoadBalancerNodePorts is false).
 * A port that has one keeps it (an explicit one, or the one it got earlier: a server-side apply
 * that leaves nodePort out keeps the live item's); refused outside NODE_PORT_RANGE or when another
 * port holds it. Every other port gets the lowest NodePort free in the whole cluster: the API server
 * picks a random free one; the lowest is as valid and the same on every run.
 */
export function allocateNodePorts(
    cluster: ReadonlyMap<string, ClusterObject>,
    key: string,
    spec: Props,
): ServicePort[] {
    const ports: ServicePort[] = spec.ports ?? [];
    if (spec.type !== "NodePort" && spec.type !== "LoadBalancer") {
        return ports.map((p) => Object.fromEntries(Object.entries(p).filter(([f]) => f !== "nodePort")) as ServicePort);
    }
    const taken = new Set<number>();
    for (const [k, o] of cluster)
        if (k !== key) for (const p of o.spec?.ports ?? []) if (p.nodePort) taken.add(p.nodePort);
    for (const p of ports) {
        if (p.nodePort === undefined) continue;
        const { min, max } = NODE_PORT_RANGE;
        if (p.nodePort < min || p.nodePort > max || taken.has(p.nodePort)) {
            const why = taken.has(p.nodePort) ? "provided port is already allocated" : `not in ${min}-${max}`;
            throw new ClusterRefusal(
                `${key}: spec.ports[port ${p.port}].nodePort: Invalid value: ${p.nodePort}: ${why}`,
            );
        }
        taken.add(p.nodePort);
    }
    if (spec.type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts === false) return ports;
    let next = NODE_PORT_RANGE.min;
    return ports.map((p) => {
        if (p.nodePort !== undefined) return p;
        while (taken.has(next)) next++;
        if (next > NODE_PORT_RANGE.max) throw new ClusterRefusal(`${key}: range of valid NodePorts is full`);
        taken.add(next);
        return { ...p, nodePort: next };
    });
}

/**
 * Puts the pre-existing objects into the cluster: a key alone is an object with nothing but its name
 * (a Service of type ClusterIP with no ports); an ExistingObject's spec is applied by EXISTING_MANAGER.
 * An object already in the cluster (from an earlier run) stays as it is.
 */
export function addExisting(cluster: Cluster, existing: readonly (string | ExistingObject)[]): void {
    for (const entry of existing) {
        const { key, spec } = typeof entry === "string" ? { key: entry, spec: undefined } : entry;
        if (cluster.has(key)) continue;
        if (isService(key)) applyService(cluster, key, EXISTING_MANAGER, spec ?? {});
        else applyObject(cluster, key);
    }
}

/** An object as a read returns it (metadata, and a Service's spec); undefined when it is not there. */
export function readObject(cluster: ReadonlyMap<string, ClusterObject>, key: string): Props | undefined {
    const o = cluster.get(key);
    if (!o) return undefined;
    return structuredClone({ metadata: o.metadata, ...(o.spec ? { spec: o.spec } : {}) });
}
