// The command lines of render, smoke and bench: --help, refusals with a message, the stack file's
// errors by file and line, render's stdout (smoke's own options, --json and attempts: cli-smoke.spec.ts).
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments } from "yaml";
import { BENCH, bench } from "../scripts/bench";
import { Io, UsageError } from "../scripts/cli";
import { stackConfig, stackNames } from "../scripts/offline/stack";
import { render, RENDER } from "../scripts/render";
import { SMOKE, smokeCommand } from "../scripts/smoke";
import { capture } from "./cliHelpers";

const ROOT = path.join(__dirname, "..");

/** A folder with these stack files, removed afterwards. */
function withStacks<T>(files: Record<string, string>, f: (dir: string) => T): T {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
    try {
        for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
        return f(dir);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

const rel = (dir: string, file: string) => path.relative(process.cwd(), path.join(dir, file));

describe("command lines", () => {
    describe("--help and refused options", () => {
        const commands = [
            { name: "render", usage: RENDER.usage, run: (args: string[], io: Io) => render(args, io) },
            { name: "smoke", usage: SMOKE.usage, run: (args: string[], io: Io) => smokeCommand(args, io) },
            { name: "bench", usage: BENCH.usage, run: (args: string[], io: Io) => bench(args, io) },
        ];
        for (const c of commands) {
            it(`${c.name}: --help and -h print the usage and exit 0; an unknown option or argument is refused`, async () => {
                for (const flag of ["--help", "-h"]) {
                    const io = capture();
                    assert.strictEqual(await c.run([flag], io), 0);
                    assert.strictEqual(io.stdout, `${c.usage}\n`);
                    assert.match(io.stdout, new RegExp(`^Usage: npm run -s ${c.name}`));
                }
                await assert.rejects(c.run(["--stak", "dev"], capture()), {
                    name: "Error",
                    message: `${c.name}: Unknown option '--stak'; see \`npm run -s ${c.name} -- --help\``,
                });
                await assert.rejects(c.run(["dev"], capture()), (e: Error) => {
                    assert.ok(e instanceof UsageError);
                    assert.match(e.message, new RegExp(`^${c.name}: Unexpected argument 'dev'`));
                    return true;
                });
            });
        }

        it("render: an option without its value is refused", async () => {
            await assert.rejects(render(["--stack"], capture()), {
                message: "render: Option '--stack <value>' argument missing; see `npm run -s render -- --help`",
            });
        });
    });

    describe("stack files", () => {
        it("an unknown stack lists the stack files that exist", async () => {
            assert.deepStrictEqual(stackNames(ROOT).includes("dev"), true);
            const listed = stackNames(ROOT)
                .map((s) => `Pulumi.${s}.yaml (${s})`)
                .join(", ");
            await assert.rejects(render(["--stack", "prod"], capture()), {
                message: `no stack "prod": ${rel(ROOT, "Pulumi.prod.yaml")} does not exist; stack files in ${path.relative(process.cwd(), ROOT) || "."}: ${listed}`,
            });
            withStacks(
                { "Pulumi.yaml": "name: x\n", "Pulumi.b.yaml": "config: {}\n", "Pulumi.a.yaml": "config: {}\n" },
                (dir) => {
                    assert.deepStrictEqual(stackNames(dir), ["a", "b"]);
                    assert.throws(() => stackConfig("c", dir), {
                        message: `no stack "c": ${rel(dir, "Pulumi.c.yaml")} does not exist; stack files in ${path.relative(process.cwd(), dir)}: Pulumi.a.yaml (a), Pulumi.b.yaml (b)`,
                    });
                },
            );
            withStacks({ "Pulumi.yaml": "name: x\n" }, (dir) =>
                assert.throws(() => stackConfig("dev", dir), {
                    message: `no stack "dev": ${rel(dir, "Pulumi.dev.yaml")} does not exist; there is no Pulumi.<stack>.yaml in ${path.relative(process.cwd(), dir)}`,
                }),
            );
        });

        it("a key the stack file leaves out takes Pulumi.yaml's value, as the engine gives it; the stack file's wins; the kubernetes provider's keys pass whole, the engine's (pulumi:*) do not", () => {
            const project = [
                "name: ncp-ingress",
                "config:",
                "  routing: {type: string, default: gateway-api, description: d}",
                "  ncp-ingress:gatewayApiCrds: {type: string, default: installed}",
                "  ncp-ingress:demo: true",
                "  noDefault: {type: string}",
                "  kubernetes:enableConfigMapMutable: true",
                "  pulumi:disable-default-providers: [kubernetes]",
                "",
            ].join("\n");
            withStacks(
                {
                    "Pulumi.yaml": project,
                    "Pulumi.a.yaml": "config:\n  ncp-ingress:apps: []\n",
                    "Pulumi.b.yaml":
                        "config:\n  ncp-ingress:routing: istio\n  ncp-ingress:demo: false\n  kubernetes:context: c\n",
                },
                (dir) => {
                    assert.deepStrictEqual(stackConfig("a", dir), {
                        routing: "gateway-api",
                        gatewayApiCrds: "installed",
                        demo: true,
                        apps: [],
                        "kubernetes:enableConfigMapMutable": true,
                    });
                    assert.deepStrictEqual(stackConfig("b", dir), {
                        routing: "istio",
                        gatewayApiCrds: "installed",
                        demo: false,
                        "kubernetes:enableConfigMapMutable": true,
                        "kubernetes:context": "c",
                    });
                },
            );
            // This project's own defaults, for a stack that sets nothing.
            withStacks(
                {
                    "Pulumi.yaml": fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"),
                    "Pulumi.e.yaml": "config: {}\n",
                },
                (dir) => assert.deepStrictEqual(stackConfig("e", dir), { routing: "istio", gatewayApiCrds: "v1.2.1" }),
            );
        });

        it("a stack file with broken YAML, without config or with a config that is not a map names the file and the line", () => {
            const files = {
                "Pulumi.broken.yaml": "config:\n  ncp-ingress:apps:\n    - name: a\n   port: 1\n",
                "Pulumi.tabs.yaml": 'config:\n  ncp-ingress:routing: "istio\n',
                "Pulumi.none.yaml": "# comment\nencryptionsalt: v1:abc\n",
                "Pulumi.empty.yaml": "",
                "Pulumi.list.yaml": "encryptionsalt: x\nconfig:\n  - a\n",
            };
            withStacks(files, (dir) => {
                const at = (stack: string) => {
                    try {
                        stackConfig(stack, dir);
                    } catch (e) {
                        return (e as Error).message;
                    }
                    return "no error";
                };
                assert.match(
                    at("broken"),
                    new RegExp(`^${rel(dir, "Pulumi.broken.yaml").replace(/\./g, "\\.")}:4:\\d+: not valid YAML: `),
                );
                assert.match(at("tabs"), /Pulumi\.tabs\.yaml:\d+:\d+: not valid YAML: /);
                assert.strictEqual(
                    at("none"),
                    `${rel(dir, "Pulumi.none.yaml")}:2: no top-level \`config:\` map; a stack file holds the stack's settings under \`config:\` (see Pulumi.dev.yaml)`,
                );
                assert.match(at("empty"), /Pulumi\.empty\.yaml:1: no top-level `config:` map/);
                assert.strictEqual(
                    at("list"),
                    `${rel(dir, "Pulumi.list.yaml")}:3: \`config:\` is not a map of settings`,
                );
            });
        });

        it("a stack name with a path in it is refused", () => {
            assert.throws(() => stackConfig("../dev"), {
                message: 'stack name "../dev": a stack name has only letters, digits, "-", "_" and "."',
            });
        });
    });

    describe("render", () => {
        it("`npm run -s render` prints YAML and nothing else on stdout (what the docs' examples pipe)", function () {
            this.timeout(60_000);
            const stdout = execFileSync("npm", ["run", "-s", "render", "--", "--address", "lb.example.com"], {
                cwd: ROOT,
                encoding: "utf8",
                stdio: ["ignore", "pipe", "ignore"],
            });
            assert.match(stdout, /^# ncp-ingress render: stack dev, load balancer address lb\.example\.com\n/);
            const docs = parseAllDocuments(stdout);
            assert.ok(Array.isArray(docs) && docs.length > 10);
            for (const d of docs) assert.deepStrictEqual(d.errors, []);
        });
    });
});
