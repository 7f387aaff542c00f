// NCP counts the LB description in bytes (UTF-8), not characters.
import * as assert from "assert";
import { problemsOf } from "./configHelpers";

const apps = [{ name: "web", port: 30001, backend: { host: "web.apps.svc.cluster.local", port: 80 } }];

describe("loadBalancer.description in bytes", () => {
    it("refuses 334 Korean characters: 1002 bytes", () => {
        const description = "설".repeat(334);
        assert.deepStrictEqual(problemsOf({ apps, loadBalancer: { description } }), [
            `ncp-ingress:loadBalancer.description: "${"설".repeat(40)}…" is 1002 bytes long (UTF-8); NCP allows at most 1000 bytes`,
        ]);
    });
    it("accepts 333 Korean characters and 1000 ASCII ones", () => {
        assert.deepStrictEqual(problemsOf({ apps, loadBalancer: { description: "설".repeat(333) } }), []);
        assert.deepStrictEqual(problemsOf({ apps, loadBalancer: { description: "x".repeat(1000) } }), []);
    });
});
