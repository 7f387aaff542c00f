// Validates emitted objects against the upstream OpenAPI schemas shipped by kubernetes-models,
// @kubernetes-models/istio and @kubernetes-models/gateway-api.
/* eslint-disable @typescript-eslint/no-require-imports */
import { Registered } from "./mocks";

type ModelClass = new (data: object) => { validate(): void };

/** apiVersion -> module that exports one class per kind. */
function moduleFor(apiVersion: string): Record<string, ModelClass> {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    if (group === "") return require(`kubernetes-models/${version}`);
    if (group.endsWith(".istio.io")) return require(`@kubernetes-models/istio/${group}/${version}`);
    if (group === "gateway.networking.k8s.io") return require(`@kubernetes-models/gateway-api/${group}/${version}`);
    return require(`kubernetes-models/${group}/${version}`);
}

/** Throws if the object does not validate, or if no schema is known for its kind. */
export function validateObject(obj: { apiVersion: string; kind: string } & Record<string, unknown>): void {
    const cls = moduleFor(obj.apiVersion)[obj.kind];
    if (!cls) throw new Error(`no schema for ${obj.apiVersion} ${obj.kind}`);
    new cls(obj).validate();
}

/** Resource types that are not Kubernetes objects of their own (components, patches, reads, charts). */
export function isKubernetesObject(r: Registered): boolean {
    return (
        r.custom &&
        r.type.startsWith("kubernetes:") &&
        r.id === undefined &&
        !r.type.endsWith("Patch") &&
        !r.type.startsWith("kubernetes:helm.sh/")
    );
}

/** Validates every Kubernetes object a run registered; returns how many were validated. */
export function validateAll(resources: readonly Registered[]): number {
    let n = 0;
    for (const r of resources.filter(isKubernetesObject)) {
        try {
            validateObject(r.inputs as { apiVersion: string; kind: string });
        } catch (e) {
            throw new Error(`${r.type} "${r.name}" does not validate: ${(e as Error).message}`);
        }
        n++;
    }
    return n;
}
