// npm run smoke -- --stack dev [--outputs file|-] [--timeout-ms 5000] [--retries 3]
// After `pulumi up`: sends a request to every app URL in the stack outputs (a connection for tcp://
// URLs) and prints app, URL, status or error, latency. Exits 1 if any app fails.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import { parseArgs } from "util";

export interface Check {
    readonly app: string;
    readonly url: string;
    readonly ok: boolean;
    /** HTTP status, "connected", or the error. */
    readonly result: string;
    readonly latencyMs: number;
}

export interface SmokeOptions {
    readonly timeoutMs: number;
    readonly retries: number;
    readonly retryDelayMs: number;
}

/** The app URLs out of `pulumi stack output --json`; throws a clear message when they are not there. */
export function appUrlsFromOutputs(text: string): Record<string, string> {
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
    for (const [app, url] of Object.entries(urls)) {
        if (typeof url !== "string" || !/^(https?|tcp):\/\/[^/]+/.test(url)) {
            throw new Error(`appUrls.${app} is ${JSON.stringify(url)}; expected an http://, https:// or tcp:// URL`);
        }
    }
    return urls as Record<string, string>;
}

/** A 404 is the gateway saying no route matched (a wrong authority); 5xx is a broken backend. */
function httpOk(status: number): boolean {
    return status < 400 || status === 401 || status === 403;
}

async function once(url: string, timeoutMs: number): Promise<{ ok: boolean; result: string }> {
    if (url.startsWith("tcp://")) {
        const { hostname, port } = new URL(url.replace(/^tcp:/, "http:"));
        return new Promise((resolve) => {
            const socket = net.connect({ host: hostname, port: Number(port), timeout: timeoutMs });
            const done = (ok: boolean, result: string) => {
                socket.destroy();
                resolve({ ok, result });
            };
            socket.once("connect", () => done(true, "connected"));
            socket.once("timeout", () => done(false, `timeout after ${timeoutMs} ms`));
            socket.once("error", (e) => done(false, e.message));
        });
    }
    try {
        const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
        await response.body?.cancel();
        return { ok: httpOk(response.status), result: String(response.status) };
    } catch (e) {
        const err = e as Error & { cause?: Error };
        if (err.name === "TimeoutError") return { ok: false, result: `timeout after ${timeoutMs} ms` };
        return { ok: false, result: err.cause?.message ?? err.message };
    }
}

export async function checkApp(app: string, url: string, o: SmokeOptions): Promise<Check> {
    let last = { ok: false, result: "not tried" };
    let latencyMs = 0;
    for (let attempt = 0; attempt <= o.retries; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, o.retryDelayMs));
        const start = performance.now();
        last = await once(url, o.timeoutMs);
        latencyMs = performance.now() - start;
        if (last.ok) break;
    }
    return { app, url, ...last, latencyMs };
}

export async function smoke(urls: Record<string, string>, o: SmokeOptions): Promise<Check[]> {
    return Promise.all(Object.entries(urls).map(([app, url]) => checkApp(app, url, o)));
}

export function table(checks: readonly Check[]): string {
    const rows = [
        ["app", "url", "result", "latency"],
        ...checks.map((c) => [c.app, c.url, `${c.ok ? "ok" : "FAIL"} ${c.result}`, `${c.latencyMs.toFixed(0)} ms`]),
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows
        .map((r) =>
            r
                .map((cell, i) => cell.padEnd(widths[i]))
                .join("  ")
                .trimEnd(),
        )
        .join("\n");
}

async function main(): Promise<number> {
    const { values } = parseArgs({
        options: {
            stack: { type: "string", default: "dev" },
            outputs: { type: "string" },
            "timeout-ms": { type: "string", default: "5000" },
            retries: { type: "string", default: "3" },
        },
    });
    const text =
        values.outputs === "-"
            ? fs.readFileSync(0, "utf8")
            : values.outputs
              ? fs.readFileSync(values.outputs, "utf8")
              : execFileSync("pulumi", ["stack", "output", "--json", "--stack", values.stack!], { encoding: "utf8" });
    const checks = await smoke(appUrlsFromOutputs(text), {
        timeoutMs: Number(values["timeout-ms"]),
        retries: Number(values.retries),
        retryDelayMs: 1000,
    });
    console.log(table(checks));
    const failed = checks.filter((c) => !c.ok).length;
    console.log(failed ? `${failed} of ${checks.length} apps failed` : `all ${checks.length} apps answer`);
    return failed ? 1 : 0;
}

if (require.main === module) {
    main().then(
        (code) => process.exit(code),
        (e: Error) => {
            console.error(`smoke: ${e.message}`);
            process.exit(2);
        },
    );
}
