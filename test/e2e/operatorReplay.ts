// OURS, A REPLAY: not Istio's operator, and no Istio code. A stand-in for the Istio 1.23.6 in-cluster
// operator on the end-to-end cluster, which replays what the real operator was captured doing for the
// dev stack's IstioOperator (../shared/istio-operator-1.23.6: README.md, dev/, dev-plus-echo/).
//
// It watches IstioOperator CRs (WATCH_NAMESPACE, default istio-system) and, for a CR whose name,
// namespace and spec equal a captured input (dev/istiooperator.yaml or dev-plus-echo/istiooperator.yaml,
// compared as objects), does what that capture shows:
//   1. adds the finalizer istio-finalizer.install.istio.io (an Update by field manager "operator");
//   2. writes status RECONCILING (Istio's HelmReconciler.SetStatusBegin: the overall status and every
//      component status RECONCILING);
//   3. server-side applies every object of the capture's objects.yaml with field manager
//      "istio-operator" and force (as the operator, whose cache skips what it applied unchanged
//      before: dev/operator.log, "differ between generated manifest and cache", so an update
//      applies what changed only), then prunes objects it labelled for this CR that the capture
//      does not have (never CRDs);
//   4. writes the captured status (istiooperator-after.yaml: HEALTHY) on the status subresource.
// with the timing of the capture's README ("Timing of an update"): on a change of the CR's generation
// the old status stays ~50 ms, then RECONCILING, the objects ~0.5 s after the change, HEALTHY ~5 s
// after it. A first install (a CR without status) becomes HEALTHY ~3 s after it is seen: the real
// operator took ~10 s (it waited for the Deployments); scaled down to keep the e2e short, nothing in
// the program depends on that length.
// Any other CR gets status ERROR with a message naming the first differences (paths) from the nearest
// capture. On deletion (deletionTimestamp) it deletes the objects listed in
// dev/deleted-when-cr-deleted.txt (the CRDs stay), then removes its finalizer.
// Before anything it takes the Lease istio-operator-lock in LEADER_ELECTION_NAMESPACE (default
// istio-operator) as client-go's leader election does for the real operator (lease 20 s, as
// dev/lease.yaml; renew every 2 s, give up after 10 s without a renewal: controller-runtime's defaults).
// When the operator is stopped, it does nothing, as the real one, whose pod is then gone: the capture's
// README ("With the operator stopped instead": deleting the CR left it waiting on the finalizer with
// every object in place; removing the finalizer then deleted the CR and left the Service untouched),
// which is what a migration off the operator relies on. So the replay watches the operator's
// Deployment (OPERATOR_DEPLOYMENT, as components/specs/operatorInstall.ts operatorDeployment names it)
// and counts as stopped while it is scaled to zero with its pod gone (spec.replicas 0, status.replicas
// 0) or, once seen, deleted. While stopped it reconciles nothing, handles no deletion, adds or removes
// no finalizer, writes no status and no longer renews the Lease (left to expire, not deleted); a run
// under way is cancelled at its next step (an API call under way finishes). When the Deployment runs
// again it starts over as a new operator pod would: a new identity that waits out the old lease, an
// empty cache, and a re-list of the CRs, so that what changed meanwhile (a CR updated, or deleted and
// waiting on the finalizer) is handled then. The timeline says "stopped" and "resumed".
//
// It runs with whatever KUBECONFIG gives it: the e2e gives it a token of the ServiceAccount
// istio-operator/istio-operator that the program creates, so that every call here is checked against
// the program's operator RBAC. It refuses to run as another user (REPLAY_EXPECT_USER, "" = any).
// Every failure (an object the ServiceAccount may not apply, a lease it may not take) is logged and,
// where a CR is concerned, written into the CR's status as ERROR: nothing is skipped silently.
// What the capture shows but the replay does not do: the real operator also made one Update (manager
// "operator") of MutatingWebhookConfiguration istio-sidecar-injector (managers.json); the capture does
// not say which fields, so it is not replayed (logged at start). And objects.yaml holds the objects
// as read back from the API server (defaults such as a Service's ipFamilies included), so the replay's
// applies own a few defaulted fields the operator's own manifests left to the server.
//
// Environment: KUBECONFIG; OPERATOR_CAPTURE_DIR (default ../shared/istio-operator-1.23.6 beside the
// project root); WATCH_NAMESPACE; LEADER_ELECTION_NAMESPACE; REPLAY_TIMELINE (a JSON-lines file of
// what it did and when, read by test/e2e/operator.e2e.ts); REPLAY_EXPECT_USER.
// Run: node node_modules/.bin/ts-node --transpile-only test/e2e/operatorReplay.ts
import * as k8s from "@kubernetes/client-node";
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";

export const FINALIZER = "istio-finalizer.install.istio.io";
/** The field manager of every object the operator applies (managers.json). */
export const APPLY_MANAGER = "istio-operator";
/** The field manager of the operator's Updates of the CR and its status (istiooperator-after.yaml). */
export const UPDATE_MANAGER = "operator";
export const LEASE_NAME = "istio-operator-lock";
export const LEASE_DURATION_SECONDS = 20;
const RETRY_PERIOD_MS = 2000;
const RENEW_DEADLINE_MS = 10000;
/**
 * The operator's Deployment, as the program names it (components/specs/operatorInstall.ts
 * operatorDeployment, in OPERATOR_NAMESPACE): the replay does nothing while it is stopped.
 */
export const OPERATOR_DEPLOYMENT = { namespace: "istio-operator", name: "istio-operator" } as const;

/** README "Timing of an update" (ms after the replay sees the new generation). */
export const TIMING = {
    updateReconcilingMs: 50,
    updateAppliedMs: 500,
    updateHealthyMs: 5000,
    /** Scaled down from the capture's ~10 s (see the top of this file). */
    firstInstallHealthyMs: 3000,
} as const;

const GROUP = "install.istio.io";
const VERSION = "v1alpha1";
const PLURAL = "istiooperators";
/** The operator's components in the order it installs them (dev/operator.log). */
const COMPONENT_ORDER = ["Base", "Pilot", "IngressGateways"];
const OWNING_RESOURCE = "install.operator.istio.io/owning-resource";
const OWNING_RESOURCE_NS = "install.operator.istio.io/owning-resource-namespace";

export const PROJECT_ROOT = path.resolve(__dirname, "../..");
export const DEFAULT_CAPTURE_DIR = path.resolve(PROJECT_ROOT, "../shared/istio-operator-1.23.6");

export interface K8sObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
    [k: string]: unknown;
}

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

export const refOf = (o: { kind: string; metadata: { name: string; namespace?: string } }): ObjectRef => ({
    kind: o.kind,
    namespace: o.metadata.namespace ?? "",
    name: o.metadata.name,
});
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

const clone = <T>(v: T): T => structuredClone(v);

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

export interface LeaseSpec {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: Date | string;
    renewTime?: Date | string;
    leaseTransitions?: number;
}

/**
 * client-go's leader election (tryAcquireOrRenew) for one observation of the lease: "wait" while
 * another holder's lease is valid, measured from when this candidate last saw the record change
 * (`observedAt`, local time, as client-go does), else the spec to write (a renewal keeps acquireTime
 * and leaseTransitions, a takeover sets acquireTime and counts one transition).
 */
export function nextLease(
    current: LeaseSpec | undefined,
    identity: string,
    observedAt: number,
    now: Date,
): "wait" | LeaseSpec {
    const fresh = {
        holderIdentity: identity,
        leaseDurationSeconds: LEASE_DURATION_SECONDS,
        acquireTime: now,
        renewTime: now,
    };
    if (!current) return { ...fresh, leaseTransitions: 0 };
    const holder = current.holderIdentity ?? "";
    const duration = (current.leaseDurationSeconds ?? LEASE_DURATION_SECONDS) * 1000;
    if (holder && holder !== identity && observedAt + duration > now.getTime()) return "wait";
    if (holder === identity)
        return { ...current, holderIdentity: identity, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: now };
    return { ...fresh, leaseTransitions: (current.leaseTransitions ?? 0) + 1 };
}

/** One line of the replay's timeline (REPLAY_TIMELINE). */
export interface ReplayEvent {
    /** ms since the epoch */
    t: number;
    /** namespace/name of the CR, or "" for the replay itself */
    cr: string;
    generation?: number;
    what:
        | "started"
        | "leader"
        | "seen"
        | "finalizer-added"
        | "status"
        | "applied"
        | "pruned"
        | "deletion-seen"
        | "deleted"
        | "finalizer-removed"
        | "failure"
        /** the operator's Deployment is stopped (message: why); nothing is done until "resumed" */
        | "stopped"
        /** it runs again; the replay starts over ("leader" follows once it holds the lease) */
        | "resumed";
    status?: string;
    capture?: string;
    count?: number;
    message?: string;
    /** "applied": when each object's apply returned (Kind:namespace:name -> ms since the epoch) */
    at?: Record<string, number>;
}

/** Reads a timeline file (missing: none; a line still being written is left for the next read). */
export function readTimeline(file: string): ReplayEvent[] {
    if (!fs.existsSync(file)) return [];
    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines.pop(); // after the last newline: empty, or a line not yet complete
    return lines.filter((l) => l.trim()).map((l) => JSON.parse(l));
}

// ---------------------------------------------------------------------------------------------
// The process: everything below talks to the API server.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** One reconcile (or deletion) of a CR; `cancelled` once a newer one is queued behind it or the operator stops. */
interface Run {
    generation: number;
    cancelled: boolean;
    deleting: boolean;
    /** settles when this run has finished */
    done: Promise<void>;
}

/** Sleeps up to `ms`, less once the run is cancelled. */
async function pause(run: Run, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!run.cancelled && Date.now() < until) await sleep(Math.min(50, until - Date.now()));
}
const errText = (e: unknown): string => {
    const err = e as { code?: number; body?: unknown; message?: string };
    let body = err.body;
    if (typeof body === "string") {
        try {
            body = JSON.parse(body);
        } catch {
            /* keep the text */
        }
    }
    const msg = (body as { message?: string })?.message ?? (typeof body === "string" ? body : err.message);
    return err.code ? `${err.code} ${msg}` : String(msg);
};
const codeOf = (e: unknown): number | undefined => (e as { code?: number }).code;
/** controller-runtime's identity: the pod's name (here the host's) and a random suffix. */
const newIdentity = (): string => `${os.hostname()}_${randomUUID()}`;

/**
 * Watches `urlPath` from a list's resourceVersion until the watch ends, `abort` is called, or 30 s
 * pass: the caller's re-list then catches anything a dropped watch missed.
 */
function watchFrom(
    kc: k8s.KubeConfig,
    urlPath: string,
    query: Record<string, string | undefined>,
    onEvent: (type: string, obj: any) => void,
    what: string,
): { ended: Promise<void>; abort: () => void } {
    let abort = (): void => undefined;
    const ended = new Promise<void>((resolve) => {
        const controller = new k8s.Watch(kc)
            .watch(urlPath, { ...query, allowWatchBookmarks: true }, onEvent, () => {
                clearTimeout(timer);
                resolve();
            })
            .catch((e) => {
                clearTimeout(timer);
                console.error(`operator-replay: watching ${what}: ${errText(e)}`);
                resolve();
                return undefined;
            });
        abort = () => void controller.then((c) => c?.abort());
        const timer = setTimeout(abort, 30000);
    });
    return { ended, abort };
}

/** An error the API server answered with. */
class ApiError extends Error {
    constructor(
        readonly code: number,
        message: string,
    ) {
        super(message);
    }
}

/**
 * Plain HTTPS calls with the kubeconfig's credentials, for the objects of the capture: the client
 * library's typed serializer would drop fields it has no model for (in CRDs' schemas, e.g.
 * x-kubernetes-preserve-unknown-fields), and the replay must send each object as captured.
 */
class RawApi {
    private readonly resources = new Map<string, Promise<Map<string, { name: string; namespaced: boolean }>>>();

    constructor(private readonly kc: k8s.KubeConfig) {}

    async request(method: string, urlPath: string, body?: unknown, contentType = "application/json"): Promise<any> {
        const opts: https.RequestOptions = { method, headers: { Accept: "application/json" } };
        await this.kc.applyToHTTPSOptions(opts);
        const data = body === undefined ? undefined : JSON.stringify(body);
        if (data !== undefined) opts.headers = { ...opts.headers, "Content-Type": contentType };
        const url = new URL(this.kc.getCurrentCluster()!.server.replace(/\/$/, "") + urlPath);
        return new Promise((resolve, reject) => {
            const req = https.request(url, opts, (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c: Buffer) => chunks.push(c));
                res.on("end", () => {
                    const text = Buffer.concat(chunks).toString("utf8");
                    let json: any;
                    try {
                        json = text ? JSON.parse(text) : undefined;
                    } catch {
                        json = undefined;
                    }
                    const code = res.statusCode ?? 0;
                    if (code >= 400) reject(new ApiError(code, json?.message ?? text.slice(0, 300)));
                    else resolve(json);
                });
            });
            req.on("error", reject);
            if (data !== undefined) req.write(data);
            req.end();
        });
    }

    private async resource(apiVersion: string, kind: string): Promise<{ name: string; namespaced: boolean }> {
        let group = this.resources.get(apiVersion);
        if (!group) {
            group = this.request("GET", `/${apiVersion.includes("/") ? "apis" : "api"}/${apiVersion}`).then(
                (list) =>
                    new Map(
                        (list.resources as { name: string; kind: string; namespaced: boolean }[])
                            .filter((r) => !r.name.includes("/"))
                            .map((r) => [r.kind, { name: r.name, namespaced: r.namespaced }]),
                    ),
            );
            this.resources.set(apiVersion, group);
            group.catch(() => this.resources.delete(apiVersion));
        }
        const found = (await group).get(kind);
        if (!found) throw new Error(`the API server serves no ${kind} in ${apiVersion}`);
        return found;
    }

    /** The object's URL path; without the name for a collection (namespace "" = all namespaces). */
    async path(o: { apiVersion: string; kind: string; metadata: { name?: string; namespace?: string } }, named = true) {
        const r = await this.resource(o.apiVersion, o.kind);
        const base = `/${o.apiVersion.includes("/") ? "apis" : "api"}/${o.apiVersion}`;
        const ns = r.namespaced && o.metadata.namespace ? `/namespaces/${o.metadata.namespace}` : "";
        return `${base}${ns}/${r.name}${named ? `/${o.metadata.name}` : ""}`;
    }

    /** Server-side apply with a field manager and force. */
    async apply(o: K8sObject, fieldManager: string): Promise<void> {
        const q = `?fieldManager=${encodeURIComponent(fieldManager)}&force=true`;
        await this.request("PATCH", (await this.path(o)) + q, o, "application/apply-patch+yaml");
    }

    async list(apiVersion: string, kind: string, labelSelector: string): Promise<K8sObject[]> {
        const p = await this.path({ apiVersion, kind, metadata: {} }, false);
        const list = await this.request("GET", `${p}?labelSelector=${encodeURIComponent(labelSelector)}`);
        return (list.items ?? []).map((i: K8sObject) => ({ ...i, apiVersion, kind }));
    }

    async delete(o: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }) {
        await this.request("DELETE", await this.path(o));
    }
}

class Replay {
    private readonly custom: k8s.CustomObjectsApi;
    private readonly objects: RawApi;
    private readonly leases: k8s.CoordinationV1Api;
    /** a new one when the operator runs again after a stop, as a new pod's */
    private identity = newIdentity();
    /** per CR uid: the generation being (or last) reconciled and a cancel flag for that run */
    private readonly runs = new Map<string, Run>();
    /** per CR uid: what this process applied, Kind:namespace:name -> the object as sent (the operator's cache) */
    private readonly applied = new Map<string, Map<string, string>>();
    private leader = false;

    constructor(
        private readonly kc: k8s.KubeConfig,
        private readonly captures: Captures,
        private readonly watchNamespace: string,
        private readonly leaseNamespace: string,
        private readonly timelineFile: string | undefined,
    ) {
        this.custom = kc.makeApiClient(k8s.CustomObjectsApi);
        this.objects = new RawApi(kc);
        this.leases = kc.makeApiClient(k8s.CoordinationV1Api);
    }

    private record(e: Omit<ReplayEvent, "t">): void {
        const line: ReplayEvent = { t: Date.now(), ...e };
        const what = [e.what, e.status, e.capture, e.count, e.message].filter((x) => x !== undefined).join(" ");
        console.log(
            `operator-replay: ${new Date(line.t).toISOString()} ${e.cr || "-"} gen ${e.generation ?? "-"}: ${what}`,
        );
        if (this.timelineFile) fs.appendFileSync(this.timelineFile, JSON.stringify(line) + "\n");
    }

    started(): void {
        this.record({ cr: "", what: "started", message: `pid ${process.pid}` });
    }

    /** Who the API server says we are (SelfSubjectReview); refuses another user than expected. */
    async checkIdentity(expected: string): Promise<void> {
        const auth = this.kc.makeApiClient(k8s.AuthenticationV1Api);
        const review = await auth.createSelfSubjectReview({
            body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" },
        });
        const user = review.status?.userInfo?.username ?? "(unknown)";
        console.log(`operator-replay: running as ${user} (groups ${review.status?.userInfo?.groups?.join(", ")})`);
        if (expected && user !== expected)
            throw new Error(`operator replay: running as ${user}, not ${expected}: give it the operator's token`);
    }

    // --- leader election -------------------------------------------------------------------------

    private observed?: { raw: string; at: number };

    private async tryAcquireOrRenew(): Promise<boolean> {
        const namespace = this.leaseNamespace;
        let lease: k8s.V1Lease | undefined;
        try {
            lease = await this.leases.readNamespacedLease({ name: LEASE_NAME, namespace });
        } catch (e) {
            if (codeOf(e) !== 404) throw e;
        }
        const raw = JSON.stringify(lease?.spec ?? null);
        if (this.observed?.raw !== raw) this.observed = { raw, at: Date.now() };
        const next = nextLease(lease?.spec, this.identity, this.observed.at, new k8s.V1MicroTime());
        if (next === "wait") return false;
        const spec = {
            ...next,
            acquireTime: new k8s.V1MicroTime(next.acquireTime as Date),
            renewTime: new k8s.V1MicroTime(next.renewTime as Date),
        } as k8s.V1LeaseSpec;
        if (!lease) {
            await this.leases.createNamespacedLease({
                namespace,
                body: {
                    apiVersion: "coordination.k8s.io/v1",
                    kind: "Lease",
                    metadata: { name: LEASE_NAME, namespace },
                    spec,
                },
            });
        } else {
            await this.leases.replaceNamespacedLease({ name: LEASE_NAME, namespace, body: { ...lease, spec } });
        }
        this.observed = { raw: JSON.stringify(spec), at: Date.now() };
        return true;
    }

    /**
     * Blocks until this replay holds the lease, then renews it in the background; gives up when the
     * operator is stopped (its Deployment), to start again when it runs again.
     */
    async leaderElection(): Promise<void> {
        const epoch = this.epoch;
        if (this.stopped) return;
        console.log(`operator-replay: attempting to acquire leader lease ${this.leaseNamespace}/${LEASE_NAME}...`);
        let said = "";
        while (!this.leader) {
            let taken = false;
            try {
                taken = await this.tryAcquireOrRenew();
            } catch (e) {
                const why = errText(e);
                if (why !== said) console.error(`operator-replay: taking the lease: ${why}`);
                said = why;
            }
            if (this.epoch !== epoch) return; // stopped meanwhile: a lease just taken is left to expire
            this.leader = taken;
            if (!this.leader) await sleep(RETRY_PERIOD_MS);
            if (this.epoch !== epoch) return;
        }
        this.record({ cr: "", what: "leader", message: `${this.leaseNamespace}/${LEASE_NAME} as ${this.identity}` });
        void this.renewLoop(epoch);
    }

    private async renewLoop(epoch: number): Promise<void> {
        let lastRenew = Date.now();
        for (;;) {
            await sleep(RETRY_PERIOD_MS);
            // Stopped: the operator's process is gone, so nothing renews its lease (nor deletes it).
            if (this.epoch !== epoch) return;
            try {
                if (await this.tryAcquireOrRenew()) lastRenew = Date.now();
            } catch (e) {
                console.error(`operator-replay: renewing the lease: ${errText(e)}`);
            }
            if (this.epoch !== epoch) return;
            if (Date.now() - lastRenew > RENEW_DEADLINE_MS) {
                // controller-runtime exits when it loses the lease; so does the replay.
                this.record({ cr: "", what: "failure", message: "leader election lost" });
                process.exit(1);
            }
        }
    }

    // --- the operator's Deployment: running or stopped ------------------------------------------

    /** While the operator's Deployment is stopped the replay does nothing (see the top of this file). */
    private stopped = false;
    /** Whether the Deployment has been seen at all; until then it counts as running (onDeployment). */
    private deploymentSeen = false;
    /** Counts stops and resumes: a lease election or renewal loop of an earlier epoch ends. */
    private epoch = 0;
    /** Ends the IstioOperator watch under way (on a stop). */
    private abortWatch?: () => void;

    /**
     * Lists the operator's Deployment once (so that a replay started with it stopped takes no lease),
     * then watches it in the background.
     */
    async watchDeployment(): Promise<void> {
        await new Promise<void>((listed) => void this.deploymentLoop(listed));
    }

    private async deploymentLoop(listed: () => void): Promise<void> {
        const { namespace, name } = OPERATOR_DEPLOYMENT;
        const apps = this.kc.makeApiClient(k8s.AppsV1Api);
        const fieldSelector = `metadata.name=${name}`;
        let said = "";
        for (;;) {
            try {
                const list = await apps.listNamespacedDeployment({ namespace, fieldSelector });
                said = "";
                this.onDeployment(list.items[0]);
                listed();
                await watchFrom(
                    this.kc,
                    `/apis/apps/v1/namespaces/${namespace}/deployments`,
                    { fieldSelector, resourceVersion: list.metadata?.resourceVersion },
                    (type, d) => {
                        if (type === "ADDED" || type === "MODIFIED") this.onDeployment(d);
                        else if (type === "DELETED") this.onDeployment(undefined);
                    },
                    `Deployment ${namespace}/${name}`,
                ).ended;
            } catch (e) {
                // Said once per kind of failure (a 401 once the program deleted the ServiceAccount).
                const why = String(codeOf(e) ?? errText(e));
                if (why !== said)
                    console.error(
                        `operator-replay: reading the operator's Deployment ${namespace}/${name} ` +
                            `(still counted as ${this.stopped ? "stopped" : "running"}): ${errText(e)}`,
                    );
                said = why;
                listed();
                await sleep(1000);
            }
        }
    }

    private onDeployment(d: { spec?: { replicas?: number }; status?: { replicas?: number } } | undefined): void {
        // A Deployment not there (yet) counts as running until it has been seen once: the e2e starts
        // the replay as soon as the program has created the operator's ServiceAccount, which can be
        // before the program creates the Deployment. Only once seen does its absence mean stopped.
        if (d) this.deploymentSeen = true;
        else if (!this.deploymentSeen) return;
        const stopped = !d || (d.spec?.replicas === 0 && (d.status?.replicas ?? 0) === 0);
        if (stopped === this.stopped) return;
        this.stopped = stopped;
        this.epoch++;
        const { namespace, name } = OPERATOR_DEPLOYMENT;
        const message = d
            ? `Deployment ${namespace}/${name}: replicas ${d.spec?.replicas}, status.replicas ${d.status?.replicas ?? 0}`
            : `Deployment ${namespace}/${name} deleted`;
        if (stopped) {
            // The operator's process is gone: every run stops at its next step, the lease is no
            // longer renewed, the IstioOperator watch ends and nothing is done until it runs again.
            this.leader = false;
            for (const run of this.runs.values()) run.cancelled = true;
            this.abortWatch?.();
            this.record({ cr: "", what: "stopped", message });
            return;
        }
        this.record({ cr: "", what: "resumed", message });
        // As a new operator pod: a new identity (so it waits out the lease the stopped one held), an
        // empty cache, and (run) a re-list of the CRs once it holds the lease.
        this.identity = newIdentity();
        this.observed = undefined;
        this.applied.clear();
        void this.leaderElection();
    }

    // --- the controller ------------------------------------------------------------------------

    async run(): Promise<void> {
        const pathOf = `/apis/${GROUP}/${VERSION}/namespaces/${this.watchNamespace}/${PLURAL}`;
        let said = "";
        for (;;) {
            // Nothing while the operator is stopped, nor until it holds the lease (again).
            while (this.stopped || !this.leader) await sleep(200);
            const epoch = this.epoch;
            try {
                const list = await this.custom.listNamespacedCustomObject({
                    group: GROUP,
                    version: VERSION,
                    namespace: this.watchNamespace,
                    plural: PLURAL,
                });
                said = "";
                if (this.epoch !== epoch) continue; // stopped meanwhile
                const uids = new Set<string>();
                for (const cr of list.items ?? []) {
                    uids.add(cr.metadata.uid);
                    this.onEvent("ADDED", cr);
                }
                for (const uid of [...this.runs.keys()]) if (!uids.has(uid)) this.runs.delete(uid);
                // Watch from the list, until a re-list (every 30 s, or after a stop).
                const watch = watchFrom(
                    this.kc,
                    pathOf,
                    { resourceVersion: list.metadata?.resourceVersion },
                    (type, obj) => this.onEvent(type, obj),
                    "IstioOperators",
                );
                this.abortWatch = watch.abort;
                await watch.ended;
            } catch (e) {
                const why = errText(e); // e.g. 404 until the program has created the IstioOperator CRD
                if (why !== said) console.error(`operator-replay: listing IstioOperators: ${why}`);
                said = why;
                await sleep(1000);
            }
        }
    }

    private onEvent(type: string, cr: any): void {
        if (this.stopped || !this.leader) return; // a re-list once it runs again catches up
        if (type === "BOOKMARK" || !cr?.metadata?.uid) return;
        const uid = cr.metadata.uid as string;
        if (type === "DELETED") {
            const run = this.runs.get(uid);
            if (run) run.cancelled = true;
            this.runs.delete(uid);
            this.applied.delete(uid);
            return;
        }
        const run = this.runs.get(uid);
        const deleting = !!cr.metadata.deletionTimestamp;
        // A run cancelled by a stop counts as not done: the re-list after it does it again.
        const current = run && !run.cancelled ? run : undefined;
        if (deleting && (current?.deleting || !(cr.metadata.finalizers ?? []).includes(FINALIZER))) return;
        if (!deleting && current && current.generation === cr.metadata.generation) return; // our own writes, a resync
        // One reconcile at a time per CR, as controller-runtime's queue: the previous one is told to
        // stop at its next step (an apply under way finishes) and the next one starts after it.
        if (run) run.cancelled = true;
        const next: Run = { generation: cr.metadata.generation, cancelled: false, deleting, done: Promise.resolve() };
        this.runs.set(uid, next);
        const previous = run?.done ?? Promise.resolve();
        next.done = previous.then(() =>
            (deleting ? this.deletion(cr, next) : this.reconcile(cr, next)).catch((e) =>
                this.record({ cr: keyOf(cr), generation: next.generation, what: "failure", message: errText(e) }),
            ),
        );
    }

    private crApi(cr: any) {
        return {
            group: GROUP,
            version: VERSION,
            plural: PLURAL,
            namespace: cr.metadata.namespace,
            name: cr.metadata.name,
        };
    }

    /** GET, change, PUT (manager "operator"); again on a conflict. */
    private async update(cr: any, change: (fresh: any) => boolean, subresource?: "status"): Promise<any> {
        for (let attempt = 0; ; attempt++) {
            const fresh = await this.custom.getNamespacedCustomObject(this.crApi(cr));
            if (!change(fresh)) return fresh;
            try {
                const req = { ...this.crApi(cr), body: fresh, fieldManager: UPDATE_MANAGER };
                return subresource
                    ? await this.custom.replaceNamespacedCustomObjectStatus(req)
                    : await this.custom.replaceNamespacedCustomObject(req);
            } catch (e) {
                if (codeOf(e) !== 409 || attempt >= 5) throw e;
            }
        }
    }

    private async writeStatus(cr: any, generation: number, status: Record<string, unknown>): Promise<void> {
        await this.update(
            cr,
            (fresh) => {
                fresh.status = clone(status);
                return true;
            },
            "status",
        );
        this.record({
            cr: keyOf(cr),
            generation,
            what: "status",
            status: String(status.status),
            message: status.message as string,
        });
    }

    private async reconcile(cr: any, run: Run): Promise<void> {
        const t0 = Date.now();
        const key = keyOf(cr);
        const generation = run.generation;
        const firstInstall = !cr.status?.status;
        // Each API call below is a step: a run cancelled (a newer one queued, or the operator stopped)
        // makes no further call; one under way finishes.
        if (run.cancelled) return;
        this.record({ cr: key, generation, what: "seen", status: cr.status?.status ?? "(none)" });
        if (!(cr.metadata.finalizers ?? []).includes(FINALIZER)) {
            await this.update(cr, (fresh) => {
                if ((fresh.metadata.finalizers ?? []).includes(FINALIZER)) return false;
                fresh.metadata.finalizers = [...(fresh.metadata.finalizers ?? []), FINALIZER];
                return true;
            });
            this.record({ cr: key, generation, what: "finalizer-added" });
        }
        const match = matchCapture(cr, this.captures.captures);
        if (run.cancelled) return;
        if (!match.capture) {
            await this.writeStatus(cr, generation, mismatchStatus(match));
            return;
        }
        const capture = match.capture;
        if (!firstInstall) await pause(run, t0 + TIMING.updateReconcilingMs - Date.now());
        if (run.cancelled) return;
        await this.writeStatus(cr, generation, reconcilingStatus(cr.status));
        if (!firstInstall) await pause(run, t0 + TIMING.updateAppliedMs - Date.now());
        if (run.cancelled) return;

        const failures: string[] = [];
        const rendered = applyOrder(orderLikeCr(capture.objects, cr.spec));
        // As the operator's cache: only what differs from what this process last applied for the CR
        // (everything on a first reconcile; on dev -> dev-plus-echo the gateway Service and Deployment).
        const cache = this.applied.get(cr.metadata.uid) ?? new Map<string, string>();
        this.applied.set(cr.metadata.uid, cache);
        const objects = rendered.filter((o) => cache.get(refKey(refOf(o))) !== JSON.stringify(o));
        const at: Record<string, number> = {};
        let tried = 0;
        for (const o of objects) {
            if (run.cancelled) break;
            tried++;
            try {
                await this.objects.apply(o, APPLY_MANAGER);
                at[refKey(refOf(o))] = Date.now();
                cache.set(refKey(refOf(o)), JSON.stringify(o));
            } catch (e) {
                failures.push(`${refKey(refOf(o))}: ${errText(e)}`);
            }
        }
        if (tried === 0 && run.cancelled) return;
        this.record({
            cr: key,
            generation,
            what: "applied",
            capture: capture.name,
            count: tried - failures.length,
            message:
                `${rendered.length - objects.length} unchanged since this replay last applied them` +
                (tried < objects.length ? `; cancelled after ${tried} of ${objects.length}` : ""),
            at,
        });
        if (run.cancelled) return;
        const pruned = await this.prune(cr, capture, failures, run);
        if (pruned.length)
            this.record({ cr: key, generation, what: "pruned", count: pruned.length, message: pruned.join(", ") });
        if (run.cancelled) return;
        if (failures.length) {
            // A finding, not something to skip: the program's operator RBAC does not allow what the
            // real operator did.
            const message = `operator replay: ${failures.length} of the capture's calls failed with the operator's ServiceAccount: ${failures.join("; ")}`;
            console.error(message);
            await this.writeStatus(cr, generation, { status: "ERROR", message });
            return;
        }
        await pause(run, t0 + (firstInstall ? TIMING.firstInstallHealthyMs : TIMING.updateHealthyMs) - Date.now());
        if (run.cancelled) return;
        await this.writeStatus(cr, generation, capture.status);
    }

    /** Lists what carries this CR's owning-resource labels (kinds of the capture, not CRDs); deletes what the capture lacks. */
    private async prune(cr: any, capture: Capture, failures: string[], run: Run): Promise<string[]> {
        const selector = `${OWNING_RESOURCE}=${cr.metadata.name},${OWNING_RESOURCE_NS}=${cr.metadata.namespace}`;
        const kinds = new Map<string, { apiVersion: string; kind: string }>();
        for (const o of capture.objects)
            if (o.kind !== "CustomResourceDefinition") kinds.set(`${o.apiVersion}/${o.kind}`, o);
        const live: K8sObject[] = [];
        for (const { apiVersion, kind } of kinds.values()) {
            if (run.cancelled) return [];
            try {
                live.push(...(await this.objects.list(apiVersion, kind, selector)));
            } catch (e) {
                failures.push(`list ${kind} -l ${selector}: ${errText(e)}`);
            }
        }
        const prune = new Set(toPrune(live.map(refOf), capture).map(refKey));
        const done: string[] = [];
        for (const o of live.filter((x) => prune.has(refKey(refOf(x))))) {
            if (run.cancelled) break;
            try {
                await this.objects.delete(o);
                done.push(refKey(refOf(o)));
            } catch (e) {
                if (codeOf(e) !== 404) failures.push(`prune ${refKey(refOf(o))}: ${errText(e)}`);
            }
        }
        return done;
    }

    /** As the capture shows: delete the listed objects (CRDs stay), then remove the finalizer. */
    private async deletion(cr: any, run: Run): Promise<void> {
        const key = keyOf(cr);
        if (run.cancelled) return;
        this.record({ cr: key, generation: run.generation, what: "deletion-seen" });
        const known = new Map<string, K8sObject>();
        for (const c of this.captures.captures) for (const o of c.objects) known.set(refKey(refOf(o)), o);
        for (let attempt = 0; !run.cancelled; attempt++) {
            const failures: string[] = [];
            let deleted = 0;
            for (const ref of this.captures.deletedWhenCrDeleted) {
                if (run.cancelled) break; // the operator stopped: the delete under way finished, no more
                const o = known.get(refKey(ref));
                if (!o) {
                    failures.push(`${refKey(ref)}: in deleted-when-cr-deleted.txt but in no objects.yaml`);
                    continue;
                }
                const target = {
                    apiVersion: o.apiVersion,
                    kind: o.kind,
                    metadata: { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) },
                };
                try {
                    await this.objects.delete(target);
                    deleted++;
                } catch (e) {
                    if (codeOf(e) !== 404) failures.push(`${refKey(ref)}: ${errText(e)}`);
                }
            }
            if (run.cancelled && !deleted && !failures.length) break;
            this.record({
                cr: key,
                generation: run.generation,
                what: "deleted",
                count: deleted,
                message:
                    [...failures, ...(run.cancelled ? ["cancelled: the operator stopped"] : [])].join("; ") ||
                    undefined,
            });
            if (!failures.length || run.cancelled) break;
            console.error(`operator-replay: deleting for ${key} (attempt ${attempt + 1}): ${failures.join("; ")}`);
            await pause(run, 5000); // the real operator requeues; the CR keeps its finalizer meanwhile
        }
        if (run.cancelled) return;
        try {
            await this.update(cr, (fresh) => {
                const finalizers: string[] = fresh.metadata.finalizers ?? [];
                if (!finalizers.includes(FINALIZER)) return false;
                fresh.metadata.finalizers = finalizers.filter((f) => f !== FINALIZER);
                return true;
            });
            this.record({ cr: key, generation: run.generation, what: "finalizer-removed" });
        } catch (e) {
            if (codeOf(e) !== 404)
                this.record({
                    cr: key,
                    generation: run.generation,
                    what: "failure",
                    message: `removing the finalizer: ${errText(e)}`,
                });
        }
    }
}

const keyOf = (cr: any): string => `${cr.metadata.namespace}/${cr.metadata.name}`;

async function main(): Promise<void> {
    const captures = loadCaptures();
    const kc = new k8s.KubeConfig();
    kc.loadFromDefault();
    const timeline = process.env.REPLAY_TIMELINE || undefined;
    const replay = new Replay(
        kc,
        captures,
        process.env.WATCH_NAMESPACE || "istio-system",
        process.env.LEADER_ELECTION_NAMESPACE || "istio-operator",
        timeline,
    );
    console.log(
        `operator-replay: a replay of the Istio 1.23.6 operator's capture ${captures.dir} ` +
            `(${captures.captures.map((c) => `${c.name}: ${c.objects.length} objects`).join(", ")}; ` +
            `${captures.deletedWhenCrDeleted.length} objects deleted with the CR)`,
    );
    console.log(
        "operator-replay: not replayed: the real operator's Update (manager operator) of MutatingWebhookConfiguration " +
            "istio-sidecar-injector (managers.json names no fields)",
    );
    replay.started();
    await replay.checkIdentity(process.env.REPLAY_EXPECT_USER ?? "system:serviceaccount:istio-operator:istio-operator");
    await replay.watchDeployment();
    await replay.leaderElection();
    await replay.run();
}

if (require.main === module) {
    main().catch((e) => {
        console.error(`operator-replay: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(2);
    });
}
