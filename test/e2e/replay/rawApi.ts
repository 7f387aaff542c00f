// The replay's calls to the API server below the client library: plain HTTPS for the capture's
// objects (RawApi), a watch from a list's resourceVersion (watchFrom), and how an API error reads.
import * as k8s from "@kubernetes/client-node";
import * as https from "node:https";
import { K8sObject } from "./captures";

/** An API error as one line: the HTTP code and the server's message. */
export const errText = (e: unknown): string => {
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
/** The HTTP code of an API error, if any. */
export const codeOf = (e: unknown): number | undefined => (e as { code?: number }).code;

/**
 * Watches `urlPath` from a list's resourceVersion until the watch ends, `abort` is called, or 30 s
 * pass: the caller's re-list then catches anything a dropped watch missed.
 */
export function watchFrom(
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
export class ApiError extends Error {
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
export class RawApi {
    private readonly resources = new Map<string, Promise<Map<string, { name: string; namespaced: boolean }>>>();

    constructor(private readonly kc: k8s.KubeConfig) {}

    /** One call; the answer parsed as JSON, an ApiError for a code of 400 or more. */
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

    /** The objects of a kind that match a label selector, in all namespaces. */
    async list(apiVersion: string, kind: string, labelSelector: string): Promise<K8sObject[]> {
        const p = await this.path({ apiVersion, kind, metadata: {} }, false);
        const list = await this.request("GET", `${p}?labelSelector=${encodeURIComponent(labelSelector)}`);
        return (list.items ?? []).map((i: K8sObject) => ({ ...i, apiVersion, kind }));
    }

    /** Deletes the object. */
    async delete(o: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }) {
        await this.request("DELETE", await this.path(o));
    }
}
