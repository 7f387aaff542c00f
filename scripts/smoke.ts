// npm run -s smoke -- --stack dev [--outputs file|-] [--timeout-ms 5000] [--retries 3] [--ca ca.pem] [--json]
// After `pulumi up`: sends a request to every app URL in the stack outputs (a connection for tcp://
// URLs) and prints app, URL, status or error, and the latency of each attempt. Exits 1 if any app
// fails, 2 on a bad command line or unusable outputs.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as tls from "tls";
import { integerOption, Io, parseCommandLine, processIo, runMain, UsageError } from "./cli";

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

export function table(checks: readonly Check[]): string {
    const rows = [
        ["app", "url", "result", "latency"],
        ...checks.map((c) => [
            c.app,
            c.url,
            `${c.ok ? "ok" : "FAIL"} ${c.result}`,
            `${c.attempts.map((a) => a.latencyMs.toFixed(0)).join(", ")} ms`,
        ]),
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

function stackOutputs(stack: string): string {
    try {
        return execFileSync("pulumi", ["stack", "output", "--json", "--stack", stack], { encoding: "utf8" });
    } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === "ENOENT")
            throw new Error("the Pulumi CLI is not on PATH; pass --outputs <file> (or - for stdin)");
        throw new Error(`pulumi stack output --json --stack ${stack} failed: ${err.message}`);
    }
}

/** The JSON report of `--json`: one object, latencies rounded to 0.1 ms. */
export function report(checks: readonly Check[]) {
    const ms = (n: number) => Math.round(n * 10) / 10;
    const failed = checks.filter((c) => !c.ok).length;
    return {
        ok: failed === 0,
        total: checks.length,
        failed,
        checks: checks.map((c) => ({
            app: c.app,
            url: c.url,
            ok: c.ok,
            result: c.result,
            latencyMs: ms(c.latencyMs),
            attempts: c.attempts.map((a) => ({ ok: a.ok, result: a.result, latencyMs: ms(a.latencyMs) })),
        })),
    };
}

export const SMOKE = {
    name: "smoke",
    usage: `Usage: npm run -s smoke -- [--stack <stack> | --outputs <file>|-] [--timeout-ms <ms>] [--retries <n>]
                           [--retry-delay-ms <ms>] [--ca <pem>] [--json]

After \`pulumi up\`, requests every app URL of the stack outputs through the load balancer (a TCP
connection for tcp:// URLs) and prints app, URL, result and the latency of each attempt. A 404 is
a failure (no route matched). Exit code: 0 all apps answer, 1 some failed, 2 bad arguments or
outputs.

  --stack <stack>        read \`pulumi stack output --json --stack <stack>\` (default: dev)
  --outputs <file>|-     read the outputs from a file, or from stdin with -
  --timeout-ms <ms>      per attempt, 1 to 600000 (default: 5000)
  --retries <n>          further attempts after a failure, 0 to 100 (default: 3)
  --retry-delay-ms <ms>  between attempts, 0 to 600000 (default: 1000)
  --ca <pem>             extra CA certificates to trust for https:// URLs
  --json                 print one JSON report on stdout instead of the table
  -h, --help             this text`,
    options: {
        stack: { type: "string", default: "dev" },
        outputs: { type: "string" },
        "timeout-ms": { type: "string", default: "5000" },
        retries: { type: "string", default: "3" },
        "retry-delay-ms": { type: "string", default: "1000" },
        ca: { type: "string" },
        json: { type: "boolean", default: false },
    },
} as const;

/** The smoke command: 0 when every app answers, 1 when one fails; throws on bad arguments or outputs. */
export async function smokeCommand(
    args: readonly string[],
    io: Io = processIo,
    readOutputs: (stack: string) => string = stackOutputs,
): Promise<number> {
    const values = parseCommandLine(SMOKE, args);
    if (values === "help") {
        io.out(SMOKE.usage);
        return 0;
    }
    const options: SmokeOptions = {
        timeoutMs: integerOption("smoke", "timeout-ms", values["timeout-ms"]!, 1, 600_000),
        retries: integerOption("smoke", "retries", values.retries!, 0, 100),
        retryDelayMs: integerOption("smoke", "retry-delay-ms", values["retry-delay-ms"]!, 0, 600_000),
        ...(values.ca ? { ca: readFile("ca", values.ca) } : {}),
    };
    const text =
        values.outputs === "-"
            ? fs.readFileSync(0, "utf8")
            : values.outputs
              ? readFile("outputs", values.outputs)
              : readOutputs(values.stack!);
    let outputs: StackOutputs;
    try {
        outputs = parseOutputs(text);
    } catch (e) {
        throw new UsageError(`smoke: ${(e as Error).message}`);
    }
    const checks = await smoke(outputs, options);
    const failed = checks.filter((c) => !c.ok).length;
    if (values.json) {
        io.out(JSON.stringify(report(checks), null, 2));
    } else {
        io.out(table(checks));
        io.out(failed ? `${failed} of ${checks.length} apps failed` : `all ${checks.length} apps answer`);
    }
    return failed ? 1 : 0;
}

function readFile(option: string, file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new UsageError(`smoke: --${option} ${file}: ${(e as Error).message}`);
    }
}

if (require.main === module) runMain("smoke", () => smokeCommand(process.argv.slice(2)), 2);
