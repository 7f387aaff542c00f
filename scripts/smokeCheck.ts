// The smoke check itself: the stack outputs it reads (LB address, app URLs) and one request per app
// URL through the load balancer (a TCP connection for tcp:// URLs), retried, each attempt timed.
// The command line around it: smoke.ts; its table and JSON report: smokeReport.ts.
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as tls from "tls";

export interface Attempt {
    readonly ok: boolean;
    /** HTTP status, "connected", or the error. */
    readonly result: string;
    readonly latencyMs: number;
}

export interface Check extends Attempt {
    readonly app: string;
    readonly url: string;
    /** Every attempt, the first one first; the check's ok, result and latency are the last one's. */
    readonly attempts: readonly Attempt[];
}

export interface SmokeOptions {
    readonly timeoutMs: number;
    readonly retries: number;
    readonly retryDelayMs: number;
    /** Extra CA certificates (PEM) to trust for https:// URLs, e.g. a private CA's. */
    readonly ca?: string;
}

export interface StackOutputs {
    /** The LB address: every request connects there, whatever host name its URL has. */
    readonly address?: string;
    readonly urls: Record<string, string>;
}

/** The LB address and app URLs out of `pulumi stack output --json`; a clear message when they are missing. */
export function parseOutputs(text: string): StackOutputs {
    let outputs: unknown;
    try {
        outputs = JSON.parse(text);
    } catch {
        throw new Error("stack outputs are not JSON: pass the output of `pulumi stack output --json`");
    }
    const urls = (outputs as { appUrls?: unknown } | null)?.appUrls;
    if (typeof urls !== "object" || urls === null || Array.isArray(urls)) {
        throw new Error("stack outputs have no appUrls map: has `pulumi up` run for this stack?");
    }
    if (Object.keys(urls).length === 0) {
        throw new Error("appUrls is empty: the stack has no app URL, so there is nothing to check");
    }
    for (const [app, url] of Object.entries(urls)) {
        if (typeof url !== "string" || !/^(https?|tcp):\/\/[^/]+/.test(url)) {
            throw new Error(`appUrls.${app} is ${JSON.stringify(url)}; expected an http://, https:// or tcp:// URL`);
        }
    }
    const address = (outputs as { loadBalancerAddress?: unknown }).loadBalancerAddress;
    return { ...(typeof address === "string" && address ? { address } : {}), urls: urls as Record<string, string> };
}

/** A 404 is the gateway saying no route matched (a wrong authority); 5xx is a broken backend. */
function httpOk(status: number): boolean {
    return status < 400 || status === 401 || status === 403;
}

/**
 * One attempt. `via` is where to connect instead of the URL's host (the LB address, for apps routed
 * by host name before DNS points at the LB); the request still carries the URL's authority as Host
 * (and as TLS SNI), which is what the gateway routes on.
 */
async function once(url: string, o: SmokeOptions, via?: string): Promise<{ ok: boolean; result: string }> {
    const timeoutMs = o.timeoutMs;
    const target = new URL(url.replace(/^tcp:/, "http:"));
    // URL keeps an IPv6 address in brackets ([2001:db8::1]), which only the Host header wants.
    const name = target.hostname.replace(/^\[(.*)\]$/, "$1");
    const host = via ?? name;
    return new Promise((resolve) => {
        let settled = false;
        const finish = (ok: boolean, result: string) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({ ok, result });
        };
        const timer = setTimeout(() => {
            finish(false, `timeout after ${timeoutMs} ms`);
            cleanup();
        }, timeoutMs);
        let cleanup = () => {};
        if (url.startsWith("tcp://")) {
            const socket = net.connect({ host, port: Number(target.port) });
            cleanup = () => socket.destroy();
            socket.once("connect", () => {
                finish(true, "connected");
                socket.destroy();
            });
            socket.once("error", (e) => finish(false, e.message));
            return;
        }
        const secure = target.protocol === "https:";
        const request = (secure ? https : http).request({
            host,
            port: target.port || (secure ? 443 : 80),
            path: `${target.pathname}${target.search}`,
            method: "GET",
            headers: { Host: target.host },
            ...(secure
                ? {
                      // No SNI for an IP address (RFC 6066 3); the certificate is checked against the
                      // URL's host either way, wherever the request connects.
                      servername: net.isIP(name) ? "" : name,
                      checkServerIdentity: (_: string, cert: tls.PeerCertificate) =>
                          tls.checkServerIdentity(name, cert),
                      ...(o.ca ? { ca: o.ca } : {}),
                  }
                : {}),
        });
        cleanup = () => request.destroy();
        request.once("response", (response) => {
            response.resume();
            finish(httpOk(response.statusCode ?? 0), String(response.statusCode));
        });
        request.once("error", (e) => finish(false, e.message));
        request.end();
    });
}

export async function checkApp(app: string, url: string, o: SmokeOptions, via?: string): Promise<Check> {
    const attempts: Attempt[] = [];
    for (let attempt = 0; attempt <= o.retries; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, o.retryDelayMs));
        const start = performance.now();
        const { ok, result } = await once(url, o, via);
        attempts.push({ ok, result, latencyMs: performance.now() - start });
        if (ok) break;
    }
    return { app, url, ...attempts[attempts.length - 1], attempts };
}

export async function smoke(outputs: StackOutputs, o: SmokeOptions): Promise<Check[]> {
    return Promise.all(Object.entries(outputs.urls).map(([app, url]) => checkApp(app, url, o, outputs.address)));
}
