// Validates emitted objects against the upstream OpenAPI schemas shipped by kubernetes-models 5
// (Kubernetes), @kubernetes-models/istio 3 (Istio 1.29 CRDs) and @kubernetes-models/gateway-api 2
// (Gateway API v1.5 types), and Gateway API objects also, with ajv, against the fields of the v1.2.1
// CRDs that the stack installs by default (gatewayApiSchemas.ts), refusing unknown fields.
/* eslint-disable @typescript-eslint/no-require-imports */
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import * as fs from "fs";
import * as path from "path";
import { GATEWAY_API_V1_2_1 } from "./gatewayApiSchemas";
import { Registered } from "../scripts/offline/engine";

const GATEWAY_API_GROUP = "gateway.networking.k8s.io";

type ModelClass = new (data: object) => { validate(): void };

const packageDirs = new Map<string, { dir: string; exports: Record<string, { import?: string }> }>();

/** An installed package's folder and "exports" map. */
function installed(name: string) {
    let found = packageDirs.get(name);
    if (!found) {
        const dir = (require.resolve.paths(name) ?? [])
            .map((nodeModules) => path.join(nodeModules, name))
            .find((d) => fs.existsSync(path.join(d, "package.json")));
        if (!dir) throw new Error(`${name} is not installed (npm ci)`);
        found = { dir, exports: JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).exports };
        packageDirs.set(name, found);
    }
    return found;
}

/**
 * The model class for `kind` in `<name>/<subpath>/<kind>`. These packages are ESM only and export
 * under the "import" condition alone, which require() does not match, so the file is resolved from
 * the exports map here and required by path (Node >= 22 loads ES modules through require()).
 */
function modelClass(name: string, subpath: string, kind: string): ModelClass | undefined {
    const { dir, exports } = installed(name);
    const target = exports[`./${subpath}/${kind}`]?.import ?? exports[`./${subpath}/*`]?.import?.replace("*", kind);
    if (!target || !fs.existsSync(path.join(dir, target))) return undefined;
    return (require(path.join(dir, target)) as Record<string, ModelClass>)[kind];
}

/** apiVersion + kind -> the model class. */
function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    if (group === "") return modelClass("kubernetes-models", version, kind);
    if (group.endsWith(".istio.io")) return modelClass("@kubernetes-models/istio", `${group}/${version}`, kind);
    if (group === GATEWAY_API_GROUP) return modelClass("@kubernetes-models/gateway-api", `${group}/${version}`, kind);
    return modelClass("kubernetes-models", `${group}/${version}`, kind);
}

const ajv = new Ajv({ allErrors: true, strict: true });
const strict = new Map<string, ValidateFunction>();

function ajvErrors(errors: readonly ErrorObject[]): string {
    return errors
        .map((e) => {
            const field = (e.params as { additionalProperty?: string }).additionalProperty;
            return `${e.instancePath || "/"} ${e.message}${field ? `: ${field}` : ""}`;
        })
        .join("; ");
}

/** Throws unless a Gateway API object has only fields of the v1.2.1 CRDs, within their limits. */
export function validateGatewayApiV1_2_1(obj: { apiVersion: string; kind: string }): void {
    const key = `${obj.apiVersion} ${obj.kind}`;
    let validate = strict.get(key);
    if (!validate) {
        const schema = GATEWAY_API_V1_2_1[key];
        if (!schema) throw new Error(`no Gateway API v1.2.1 schema for ${key}`);
        validate = ajv.compile(schema);
        strict.set(key, validate);
    }
    if (!validate(obj)) throw new Error(`not a Gateway API v1.2.1 ${key}: ${ajvErrors(validate.errors ?? [])}`);
}

/** Throws if the object does not validate, or if no schema is known for its kind. */
export function validateObject(obj: { apiVersion: string; kind: string } & Record<string, unknown>): void {
    const cls = modelFor(obj.apiVersion, obj.kind);
    if (!cls) throw new Error(`no schema for ${obj.apiVersion} ${obj.kind}`);
    new cls(obj).validate();
    if (obj.apiVersion.startsWith(`${GATEWAY_API_GROUP}/`)) validateGatewayApiV1_2_1(obj);
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
