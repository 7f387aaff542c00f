// The pulumi.com/waitFor expressions the program writes, held to what the kubernetes provider parses
// (pulumi-kubernetes provider/pkg/jsonpath Parse: a "jsonpath=" prefix, the path in one pair of
// braces, no single "=" but the one before a value; a JSON array of such strings means "all").
import * as assert from "assert";
import { exactServicePorts, waitForAnnotations } from "../components/specs/await";

/** The provider's split: "==" kept, any other "=" separates a value (which these expressions never have). */
function providerParts(expr: string): { path: string; value?: string } {
    assert.ok(expr.startsWith("jsonpath="), expr);
    const placeholder = "\ufffd"; // as the provider: "==" kept whole
    const parts = expr.slice("jsonpath=".length).split("==").join(placeholder).split("=");
    assert.ok(parts.length <= 2, `more than one "=" in ${expr}`);
    const [path, value] = parts.map((p) => p.split(placeholder).join("=="));
    const braces = /\{\s*(.*?)\s*\}/.exec(path);
    assert.ok(braces && braces[0] === path, `${path} is not one {...}`);
    return { path: braces[1], value };
}

describe("waitFor expressions", () => {
    it("one condition stays a string; a list becomes the JSON array the provider reads as all of them", () => {
        assert.deepStrictEqual(waitForAnnotations("jsonpath={.status.x}", 60), {
            "pulumi.com/waitFor": "jsonpath={.status.x}",
            "pulumi.com/timeoutSeconds": "60",
        });
        assert.strictEqual(
            waitForAnnotations(["jsonpath={.a}", "jsonpath={.b}"], 60)["pulumi.com/waitFor"],
            '["jsonpath={.a}","jsonpath={.b}"]',
        );
    });

    it("exactly these ports: each present (a missing one named first), then their count; valueless, provider-parsable", () => {
        const exprs = exactServicePorts([15021, 80, 30005]);
        assert.deepStrictEqual(exprs, [
            "jsonpath={.spec.ports[?@.port==15021]}",
            "jsonpath={.spec.ports[?@.port==80]}",
            "jsonpath={.spec.ports[?@.port==30005]}",
            "jsonpath={$[?length(@.ports)==3].ports}",
        ]);
        for (const e of exprs) assert.strictEqual(providerParts(e).value, undefined, e);
    });
});
