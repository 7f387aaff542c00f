// The pulumi.com/waitFor expressions the program writes, held to what the kubernetes provider parses
// (pulumi-kubernetes provider/pkg/jsonpath Parse: a "jsonpath=" prefix, the path in one pair of
// braces, no single "=" but the one before a value; a JSON array of such strings means "all").
import * as assert from "assert";
import fc from "fast-check";
import { query } from "jsonpath-rfc9535";
import { APPLIED, exactServicePorts, waitForAnnotations, waitForOwnWrite } from "../components/specs/await";

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

/**
 * Whether the object meets one expression, as the provider decides it (pulumi-kubernetes
 * provider/pkg/jsonpath Matches: the first selected value, compared as text when a value is given),
 * with an RFC 9535 evaluator standing in for github.com/theory/jsonpath.
 */
function meets(obj: Parameters<typeof query>[0], expr: string): boolean {
    const { path, value } = providerParts(expr);
    const selected = query(obj, path.startsWith("$") ? path : `$${path}`);
    if (selected.length === 0) return false;
    return value === undefined || String(selected[0]) === value;
}

const portSets = fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 12 });

/** The Service as a controller made it: these ports, an LB address, and whatever annotations it has. */
function service(ports: readonly number[], annotations: Record<string, string>) {
    return {
        metadata: { name: "istio-ingressgateway", annotations: { "other/annotation": "x", ...annotations } },
        spec: { type: "LoadBalancer", ports: ports.map((port) => ({ port, protocol: "TCP" })) },
        status: { loadBalancer: { ingress: [{ hostname: "lb.example" }] } },
    };
}

describe("a patch's wait holds on the object as the patch left it, never on an older copy", () => {
    const conditionsOf = (annotations: Record<string, string>): string[] =>
        JSON.parse(annotations["pulumi.com/waitFor"]);
    const hasAddressAndPorts = (ports: readonly number[]) => [
        "jsonpath={.status.loadBalancer.ingress}",
        ...exactServicePorts(ports),
    ];

    it("the patched Service meets every condition; the copy from before the patch fails only the first", () => {
        fc.assert(
            fc.property(portSets, fc.integer({ min: 1, max: 3600 }), (ports, timeout) => {
                const annotations = waitForOwnWrite(hasAddressAndPorts(ports), timeout);
                const conditions = conditionsOf(annotations);
                for (const c of conditions) assert.ok(meets(service(ports, annotations), c), c);
                const before = conditions.map((c) => meets(service(ports, {}), c));
                assert.deepStrictEqual(before, [false, ...conditions.slice(1).map(() => true)]);
            }),
        );
    });

    it("a copy carrying the annotations of a different patch (ports or timeout) fails the first condition", () => {
        const patch = fc.record({ ports: portSets, timeout: fc.integer({ min: 1, max: 3600 }) });
        // The older patch differs from the new one in one part at most (else a change of both parts
        // at once would hide one the digest misses).
        const older = (p: { ports: number[]; timeout: number }) =>
            fc.oneof(
                fc.constant(p),
                portSets.map((ports) => ({ ...p, ports })),
                fc.integer({ min: 1, max: 3600 }).map((timeout) => ({ ...p, timeout })),
            );
        fc.assert(
            fc.property(
                patch.chain((p) => fc.tuple(fc.constant(p), older(p))),
                ([now, old]) => {
                    const annotations = waitForOwnWrite(hasAddressAndPorts(now.ports), now.timeout);
                    const oldAnnotations = waitForOwnWrite(hasAddressAndPorts(old.ports), old.timeout);
                    const same = JSON.stringify(now) === JSON.stringify(old);
                    const [first] = conditionsOf(annotations);
                    assert.strictEqual(meets(service(now.ports, oldAnnotations), first), same);
                },
            ),
        );
    });

    it("with content (an object only this stack writes), a copy of another content fails the first condition", () => {
        fc.assert(
            fc.property(fc.jsonValue(), fc.jsonValue(), (content, oldContent) => {
                const conditions = ["jsonpath={.status.status}=HEALTHY"];
                const [first] = conditionsOf(waitForOwnWrite(conditions, 600, content));
                const old = waitForOwnWrite(conditions, 600, oldContent);
                const same = JSON.stringify(content) === JSON.stringify(oldContent);
                assert.strictEqual(
                    meets({ metadata: { annotations: old }, status: { status: "HEALTHY" } }, first),
                    same,
                );
            }),
        );
    });

    it("two patches with the same conditions and timeout (two stacks on one Service) write the same annotations", () => {
        // Server-side apply shares a field between field managers only while their values agree.
        fc.assert(
            fc.property(fc.array(fc.string()), fc.integer({ min: 1, max: 3600 }), (conditions, timeout) => {
                assert.deepStrictEqual(waitForOwnWrite(conditions, timeout), waitForOwnWrite([...conditions], timeout));
            }),
        );
    });

    it("the marker is a valid annotation key, and every expression is one the provider parses", () => {
        assert.match(
            APPLIED,
            /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/,
        );
        const conditions = conditionsOf(waitForOwnWrite(hasAddressAndPorts([80, 443]), 60));
        for (const c of conditions) providerParts(c);
        assert.ok(providerParts(conditions[0]).value, "the first compares a value");
    });
});
