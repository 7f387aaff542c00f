// The capture of the real Istio 1.23.6 operator that the replay plays back: where it lies
// (../shared/istio-operator-1.23.6 beside the project, or OPERATOR_CAPTURE_DIR), its types, and
// loading it (each folder's input CR, objects and status; the list of what went with the CR).
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";

/** The project's root folder (three levels above this file). */
export const PROJECT_ROOT = path.resolve(__dirname, "../../..");
/** Where the capture lies unless OPERATOR_CAPTURE_DIR says otherwise. */
export const DEFAULT_CAPTURE_DIR = path.resolve(PROJECT_ROOT, "../shared/istio-operator-1.23.6");

/** A Kubernetes object as the capture holds it. */
export interface K8sObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
    [k: string]: unknown;
}

/** Which object: kind, namespace ("" when cluster-scoped) and name. */
export interface ObjectRef {
    readonly kind: string;
    readonly namespace: string;
    readonly name: string;
}

/** What the real operator was given and did for one CR. */
export interface Capture {
    /** The folder's name: dev, dev-plus-echo. */
    readonly name: string;
    /** The input CR (istiooperator.yaml). */
    readonly input: K8sObject & { spec: unknown };
    /** The objects it applied (objects.yaml), in the file's order. */
    readonly objects: readonly K8sObject[];
    /** The status it wrote (istiooperator-after.yaml). */
    readonly status: Record<string, unknown>;
}

export interface Captures {
    readonly dir: string;
    readonly captures: readonly Capture[];
    /** What it deleted when the CR was deleted (dev/deleted-when-cr-deleted.txt), in that order. */
    readonly deletedWhenCrDeleted: readonly ObjectRef[];
}

/** The reference of an object. */
export const refOf = (o: { kind: string; metadata: { name: string; namespace?: string } }): ObjectRef => ({
    kind: o.kind,
    namespace: o.metadata.namespace ?? "",
    name: o.metadata.name,
});
/** A reference as one string, Kind:namespace:name. */
export const refKey = (r: ObjectRef): string => `${r.kind}:${r.namespace}:${r.name}`;

/** "Removed Kind:namespace:name." lines (the namespace empty for cluster-scoped objects). */
export function parseDeletedList(text: string): ObjectRef[] {
    const out: ObjectRef[] = [];
    for (const line of text.split("\n").map((l) => l.trim())) {
        if (!line) continue;
        const m = /^Removed ([A-Za-z]+):([^:]*):(.+)\.$/.exec(line);
        if (!m) throw new Error(`not a "Removed Kind:namespace:name." line: ${JSON.stringify(line)}`);
        out.push({ kind: m[1], namespace: m[2], name: m[3] });
    }
    return out;
}

function readYaml(file: string): any {
    return YAML.parse(fs.readFileSync(file, "utf8"));
}

/** One capture folder: istiooperator.yaml, objects.yaml, istiooperator-after.yaml. */
export function loadCapture(dir: string): Capture {
    const need = ["istiooperator.yaml", "objects.yaml", "istiooperator-after.yaml"];
    const missing = need.filter((f) => !fs.existsSync(path.join(dir, f)));
    if (missing.length) throw new Error(`operator replay: ${dir} lacks ${missing.join(", ")}`);
    const objects = YAML.parseAllDocuments(fs.readFileSync(path.join(dir, "objects.yaml"), "utf8"))
        .map((d) => d.toJS() as K8sObject)
        .filter((o) => o?.kind);
    const after = readYaml(path.join(dir, "istiooperator-after.yaml"));
    return {
        name: path.basename(dir),
        input: readYaml(path.join(dir, "istiooperator.yaml")),
        objects,
        status: after.status,
    };
}

/** The captures under `root` (dev and dev-plus-echo), with a clear error when they are not there. */
export function loadCaptures(root = process.env.OPERATOR_CAPTURE_DIR || DEFAULT_CAPTURE_DIR): Captures {
    if (!fs.existsSync(path.join(root, "dev", "istiooperator.yaml")))
        throw new Error(
            `operator replay: no capture of the Istio 1.23.6 operator at ${root} (expected dev/istiooperator.yaml ` +
                "and dev-plus-echo/ there): lay ../shared/istio-operator-1.23.6 beside the project, or set " +
                "OPERATOR_CAPTURE_DIR to the folder",
        );
    const names = ["dev", "dev-plus-echo"].filter((n) => fs.existsSync(path.join(root, n)));
    const deleted = path.join(root, "dev", "deleted-when-cr-deleted.txt");
    if (!fs.existsSync(deleted)) throw new Error(`operator replay: ${deleted} is missing`);
    return {
        dir: root,
        captures: names.map((n) => loadCapture(path.join(root, n))),
        deletedWhenCrDeleted: parseDeletedList(fs.readFileSync(deleted, "utf8")),
    };
}

/** A deep copy: the captured objects and specs are never changed in place. */
export const clone = <T>(v: T): T => structuredClone(v);
