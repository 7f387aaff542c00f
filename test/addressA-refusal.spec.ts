// A refusal reaches the Pulumi CLI as one message: a RunError, printed without stack or properties.
import { RunError } from "@pulumi/pulumi";
import * as assert from "assert";
import { inspect } from "util";
import { parseStackConfig } from "../config";
import { runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";

const bad = {
    apps: [
        { name: "web", port: 65535, backend: { host: "web.ns.svc.cluster.local", port: 80 } },
        { name: "Shop", port: 30002, backend: { host: "shop.ns.svc.cluster.local", port: 80 } },
    ],
    loadBalancer: { layerType: "alb" },
};

/** What the CLI's language host prints for an uncaught error (@pulumi/pulumi cmd/run/run.js). */
function printed(e: Error): string {
    return RunError.isInstance(e) ? e.message : inspect(e);
}

function refusal(): Error & { problems: readonly string[] } {
    try {
        parseStackConfig(bad);
    } catch (e) {
        return e as Error & { problems: readonly string[] };
    }
    throw new Error("expected a refusal");
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe("a config refusal as the Pulumi CLI shows it", () => {
    it("is a RunError (the CLI hides its stack) that still names itself ConfigError", () => {
        const e = refusal();
        assert.ok(e instanceof RunError);
        assert.ok(RunError.isInstance(e));
        assert.strictEqual(e.name, "ConfigError");
    });

    it("prints one message listing each problem exactly once, and no stack frames", () => {
        const e = refusal();
        assert.strictEqual(e.problems.length, 3);
        const out = printed(e);
        assert.match(out, /^ncp-ingress: the stack configuration has 3 problems; nothing was deployed\.\n/);
        for (const p of e.problems) assert.strictEqual(count(out, p), 1, `${p}\nin\n${out}`);
        assert.strictEqual(count(out, "\n  - "), 3);
        assert.doesNotMatch(out, /\n\s+at /);
    });

    it("the program's refusal is that RunError", async () => {
        await assert.rejects(runProgram({ ...stackConfig("dev"), ...bad }), (e: Error) => {
            assert.ok(RunError.isInstance(e));
            assert.strictEqual(count(printed(e), "\n  - "), 3);
            return true;
        });
    });
});
