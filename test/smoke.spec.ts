// The smoke check against real servers on 127.0.0.1: no mocks of the network.
import * as assert from "assert";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as path from "path";
import * as net from "net";
import { AddressInfo } from "net";
import { parseOutputs, smoke, table } from "../scripts/smoke";

function listen(server: net.Server): Promise<number> {
    return new Promise((resolve) =>
        server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
    );
}

describe("smoke check", () => {
    const servers: net.Server[] = [];
    const urls: Record<string, string> = {};
    let hits = 0;

    before(async () => {
        // Like the gateway: 200 only for the exact authority the app's URL names, else 404.
        const answering = http.createServer((req, res) => {
            hits++;
            const port = (answering.address() as AddressInfo).port;
            const known = [`127.0.0.1:${port}`, `shop.example.test:${port}`];
            res.writeHead(known.includes(req.headers.host ?? "") ? 200 : 404).end("ok");
        });
        const unavailable = http.createServer((_req, res) => res.writeHead(503).end());
        const slow = http.createServer((_req, res) => setTimeout(() => res.writeHead(200).end(), 2000));
        const tcp = net.createServer((socket) => socket.end());
        servers.push(answering, unavailable, slow, tcp);
        const answeringPort = await listen(answering);
        urls.web = `http://127.0.0.1:${answeringPort}/`;
        // Routed by host name: connects to the LB address, sends the host name as Host.
        urls.shop = `http://shop.example.test:${answeringPort}/`;
        urls.wrong = `http://elsewhere.example.test:${answeringPort}/`;
        urls.broken = `http://127.0.0.1:${await listen(unavailable)}/`;
        urls.slow = `http://127.0.0.1:${await listen(slow)}/`;
        urls.db = `tcp://127.0.0.1:${await listen(tcp)}`;
        const closed = net.createServer();
        const closedPort = await listen(closed);
        await new Promise((r) => closed.close(r));
        urls.gone = `http://127.0.0.1:${closedPort}/`;
    });
    after(() => servers.forEach((s) => s.close()));

    it("passes answering apps (by address or by host name), fails 404, 503, closed ports and timeouts, retrying each failure", async () => {
        // A 1 s timeout: a passing app must not time out on a loaded CI machine; the slow one answers after 2 s.
        // Latencies are measured with performance.now, which may read a hair under the timer's 1000 ms.
        const checks = await smoke({ address: "127.0.0.1", urls }, { timeoutMs: 1000, retries: 2, retryDelayMs: 10 });
        const by = Object.fromEntries(checks.map((c) => [c.app, c]));
        assert.deepStrictEqual(Object.fromEntries(checks.map((c) => [c.app, [c.ok, c.result]])), {
            web: [true, "200"],
            shop: [true, "200"],
            wrong: [false, "404"],
            broken: [false, "503"],
            slow: [false, "timeout after 1000 ms"],
            db: [true, "connected"],
            gone: [false, "connect ECONNREFUSED " + urls.gone.slice(7, -1)],
        });
        assert.strictEqual(hits, 2 + 3, "a passing app is asked once, a failing one 1 + 2 retries");
        assert.ok(by.slow.latencyMs >= 990 && by.slow.latencyMs < 5000, `slow latency ${by.slow.latencyMs}`);
        const printed = table(checks);
        assert.match(printed, /^app\s+url\s+result\s+latency\n/);
        // The latency of each attempt: the failing app was tried three times, the passing one once.
        assert.match(printed, /\nbroken\s+http:\/\/127\.0\.0\.1:\d+\/\s+FAIL 503\s+\d+, \d+, \d+ ms\n/);
        assert.match(printed, /\nweb\s+http:\/\/127\.0\.0\.1:\d+\/\s+ok 200\s+\d+ ms\n/);
        assert.deepStrictEqual(
            by.slow.attempts.map((a) => a.result),
            ["timeout after 1000 ms", "timeout after 1000 ms", "timeout after 1000 ms"],
        );
        for (const a of by.slow.attempts) assert.ok(a.latencyMs >= 990 && a.latencyMs < 5000, `${a.latencyMs}`);
        assert.strictEqual(by.slow.latencyMs, by.slow.attempts[2].latencyMs);
        assert.deepStrictEqual(
            by.web.attempts.map((a) => [a.ok, a.result]),
            [[true, "200"]],
        );
    });

    it("checks https:// apps with the URL's host name as SNI and Host, trusting --ca", async () => {
        const tls = path.join(__dirname, "fixtures", "tls");
        const cert = fs.readFileSync(path.join(tls, "shop.example.test.crt"), "utf8");
        const server = https.createServer(
            { cert, key: fs.readFileSync(path.join(tls, "shop.example.test.key")) },
            (req, res) => res.writeHead(req.headers.host?.startsWith("shop.example.test:") ? 200 : 404).end(),
        );
        servers.push(server);
        const url = `https://shop.example.test:${await listen(server)}/`;
        const options = { timeoutMs: 1000, retries: 0, retryDelayMs: 0 };
        const [trusted] = await smoke({ address: "127.0.0.1", urls: { shop: url } }, { ...options, ca: cert });
        assert.deepStrictEqual([trusted.ok, trusted.result], [true, "200"]);
        const [untrusted] = await smoke({ address: "127.0.0.1", urls: { shop: url } }, options);
        // Node 24 appends a hint ("; if the root CA is installed locally, try ...") to the message.
        assert.equal(untrusted.ok, false);
        assert.match(untrusted.result, /^self-signed certificate/);
    });

    it("connects to an IPv6 address without the URL's brackets, sending them in Host (and no SNI for an IP)", async () => {
        // Without loadBalancerAddress in the outputs, every request connects to its URL's own host.
        const web = http.createServer((req, res) => {
            const port = (web.address() as AddressInfo).port;
            res.writeHead(req.headers.host === `[::1]:${port}` ? 200 : 404).end();
        });
        const tls = path.join(__dirname, "fixtures", "tls");
        const cert = fs.readFileSync(path.join(tls, "ipv6-loopback.crt"), "utf8");
        let sni: string | false | null | undefined;
        const secure = https.createServer(
            { cert, key: fs.readFileSync(path.join(tls, "ipv6-loopback.key")) },
            (req, res) => {
                sni = (req.socket as import("tls").TLSSocket).servername;
                res.writeHead(200).end();
            },
        );
        const db = net.createServer((socket) => socket.end());
        servers.push(web, secure, db);
        const on6 = (server: net.Server) =>
            new Promise<number>((resolve) =>
                server.listen(0, "::1", () => resolve((server.address() as AddressInfo).port)),
            );
        const urls6 = {
            web: `http://[::1]:${await on6(web)}/`,
            shop: `https://[::1]:${await on6(secure)}/`,
            db: `tcp://[::1]:${await on6(db)}`,
        };
        const checks = await smoke({ urls: urls6 }, { timeoutMs: 1000, retries: 0, retryDelayMs: 0, ca: cert });
        assert.deepStrictEqual(Object.fromEntries(checks.map((c) => [c.app, [c.ok, c.result]])), {
            web: [true, "200"],
            shop: [true, "200"],
            db: [true, "connected"],
        });
        assert.strictEqual(sni, false, "an IP address is not a TLS server name (RFC 6066 3)");
    });

    it("reads appUrls from stack outputs and says clearly when they are missing or malformed", () => {
        assert.deepStrictEqual(parseOutputs('{"loadBalancerAddress":"x","appUrls":{"a":"http://x:30001"}}'), {
            address: "x",
            urls: { a: "http://x:30001" },
        });
        assert.throws(() => parseOutputs('{"appUrls":{}}'), {
            message: "appUrls is empty: the stack has no app URL, so there is nothing to check",
        });
        assert.throws(() => parseOutputs("not json"), {
            message: "stack outputs are not JSON: pass the output of `pulumi stack output --json`",
        });
        assert.throws(() => parseOutputs("{}"), {
            message: "stack outputs have no appUrls map: has `pulumi up` run for this stack?",
        });
        assert.throws(() => parseOutputs('{"appUrls":{"a":"x:1"}}'), {
            message: 'appUrls.a is "x:1"; expected an http://, https:// or tcp:// URL',
        });
    });
});
