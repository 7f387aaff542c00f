// `pulumi up` compiles the program with swc (tsconfig.pulumi.json "ts-node": { swc: true }), the unit
// tests with TypeScript's own emitter: both must give the same program. An offline `up` of every root
// stack file and of test/fixtures/Pulumi.mixed.yaml, once in a child process compiled as pulumi compiles it and once here, registers the
// same resources with the same inputs.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { registeredByStack } from "./fixtures/registeredOffline";

const ROOT = path.join(__dirname, "..");

describe("the program as pulumi compiles it (swc) registers what the tests' compile (tsc) does", function () {
    this.timeout(120_000);

    it("Pulumi.dev.yaml and Pulumi.mixed.yaml: the same resources, in the same order, with the same inputs", async () => {
        const child = JSON.parse(
            execFileSync(process.execPath, ["-r", "ts-node/register", "test/fixtures/registeredOffline.ts"], {
                cwd: ROOT,
                env: { ...process.env, TS_NODE_PROJECT: "tsconfig.pulumi.json" },
                encoding: "utf8",
                stdio: ["ignore", "pipe", "ignore"], // the program's warnings: the same in both runs
                maxBuffer: 64 * 1024 * 1024,
            }),
        );
        assert.equal(child.swc, true, "the child process was not compiled by swc");
        const here = JSON.parse(JSON.stringify(await registeredByStack()));
        assert.deepEqual(Object.keys(here).sort(), ["dev", "mixed"]);
        assert.deepEqual(child.byStack, here);
    });
});
