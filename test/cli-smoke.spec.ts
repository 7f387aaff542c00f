// The smoke command line against a server on 127.0.0.1: its numbers refused with a message, empty or
// missing outputs, --json and its attempts, the table (--help and the stack files: cli-usage.spec.ts).
import * as assert from "assert";
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { UsageError } from "../scripts/cli";
import { smokeCommand } from "../scripts/smoke";
import { capture } from "./cliHelpers";

describe("command lines", () => {
    describe("smoke", () => {
        let server: http.Server;
        let outputsFile: string;
        before(async () => {
            server = http.createServer((_req, res) => res.writeHead(200).end());
            await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
            const port = (server.address() as AddressInfo).port;
            outputsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "smoke-")), "outputs.json");
            fs.writeFileSync(
                outputsFile,
                JSON.stringify({
                    loadBalancerAddress: "127.0.0.1",
                    appUrls: { web: `http://127.0.0.1:${port}/`, gone: "http://127.0.0.1:1/" },
                }),
            );
        });
        after(() => {
            server.close();
            fs.rmSync(path.dirname(outputsFile), { recursive: true, force: true });
        });

        it("refuses numbers that are not whole numbers in range, naming the option and the value", async () => {
            for (const [option, value, range] of [
                ["timeout-ms", "abc", "1 to 600000"],
                ["timeout-ms", "0", "1 to 600000"],
                ["timeout-ms", "1.5", "1 to 600000"],
                ["retries", "-1", "0 to 100"],
                ["retries", "", "0 to 100"],
                ["retry-delay-ms", "1e3", "0 to 600000"],
            ]) {
                await assert.rejects(
                    smokeCommand([`--${option}=${value}`, "--outputs", outputsFile], capture(), () => "{}"),
                    (e: Error) => {
                        assert.ok(e instanceof UsageError);
                        assert.strictEqual(
                            e.message,
                            `smoke: --${option} ${JSON.stringify(value)} is not a whole number from ${range}`,
                        );
                        return true;
                    },
                );
            }
        });

        it("says how to pass a negative number", async () => {
            await assert.rejects(smokeCommand(["--retries", "-1"], capture()), {
                message:
                    "smoke: Option '--retries' argument is ambiguous. Did you forget to specify the option argument for '--retries'? To specify an option argument starting with a dash use '--retries=-XYZ'; see `npm run -s smoke -- --help`",
            });
        });

        it("fails on empty appUrls (nothing was checked) and on an outputs file that is not there", async () => {
            await assert.rejects(
                smokeCommand([], capture(), () => '{"appUrls":{}}'),
                {
                    message: "smoke: appUrls is empty: the stack has no app URL, so there is nothing to check",
                },
            );
            await assert.rejects(smokeCommand(["--outputs", "/nonexistent/outputs.json"], capture()), (e: Error) => {
                assert.ok(e instanceof UsageError);
                assert.match(e.message, /^smoke: --outputs \/nonexistent\/outputs\.json: ENOENT/);
                return true;
            });
        });

        it("--json prints one report with each app's attempts and their latencies", async () => {
            const io = capture();
            const args = ["--outputs", outputsFile, "--json", "--timeout-ms", "1000", "--retries", "2"];
            assert.strictEqual(await smokeCommand([...args, "--retry-delay-ms", "0"], io), 1);
            const report = JSON.parse(io.stdout);
            assert.deepStrictEqual([report.ok, report.total, report.failed], [false, 2, 1]);
            const by = Object.fromEntries(
                (report.checks as { app: string }[]).map((c) => [c.app, c as Record<string, any>]),
            );
            assert.deepStrictEqual(
                by.web.attempts.map((a: { ok: boolean; result: string }) => [a.ok, a.result]),
                [[true, "200"]],
            );
            assert.strictEqual(by.gone.attempts.length, 3, "one attempt and two retries");
            for (const a of [...by.web.attempts, ...by.gone.attempts]) assert.strictEqual(typeof a.latencyMs, "number");
            assert.strictEqual(by.gone.latencyMs, by.gone.attempts[2].latencyMs);
            assert.match(by.gone.result, /ECONNREFUSED/);
        });

        it("prints the table and a summary without --json, exit 0 when every app answers", async () => {
            const io = capture();
            assert.strictEqual(
                await smokeCommand(["--stack", "prod"], io, (stack) => {
                    assert.strictEqual(stack, "prod");
                    return JSON.stringify({
                        appUrls: { web: JSON.parse(fs.readFileSync(outputsFile, "utf8")).appUrls.web },
                    });
                }),
                0,
            );
            assert.match(
                io.stdout,
                /^app\s+url\s+result\s+latency\nweb\s+http:\/\/127\.0\.0\.1:\d+\/\s+ok 200\s+\d+ ms\nall 1 apps answer\n$/,
            );
        });
    });
});
