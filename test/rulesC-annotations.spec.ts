// loadBalancer.annotations keys must be Kubernetes annotation keys, or the API server refuses the
// gateway Service (or the IstioOperator / Gateway carrying them) at deploy time.
import * as assert from "assert";
import { problemsOf } from "./configHelpers";

const apps = [{ name: "web", port: 30001, backend: { host: "web.apps.svc.cluster.local", port: 80 } }];
const withAnnotations = (annotations: Record<string, string>) => ({ apps, loadBalancer: { annotations } });
const KEY_RULE =
    "is not an annotation key: [prefix/]name, the optional prefix a DNS subdomain (lower-case labels, at most 253 characters), " +
    "the name at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit";

describe("loadBalancer.annotations keys", () => {
    const bad = [
        "-team",
        "team-",
        "a b",
        "example.com/",
        "/team",
        "a/b/c",
        "example_com/team",
        "-example.com/team",
        `example.com/${"n".repeat(64)}`,
        `${"p".repeat(254)}/team`,
        "",
        "ümlaut",
    ];
    for (const key of bad) {
        it(`refuses ${JSON.stringify(key.length > 40 ? key.slice(0, 40) + "…" : key)}`, () => {
            const raw = withAnnotations({ [key]: "v" });
            assert.deepStrictEqual(problemsOf(raw), [`ncp-ingress:loadBalancer.annotations["${key}"]: ${KEY_RULE}`]);
        });
    }
    it("refuses __proto__ (from JSON, as Pulumi hands config over)", () => {
        const raw = JSON.parse(
            `{"apps": ${JSON.stringify(apps)}, "loadBalancer": {"annotations": {"__proto__": "v"}}}`,
        );
        assert.deepStrictEqual(problemsOf(raw), [`ncp-ingress:loadBalancer.annotations["__proto__"]: ${KEY_RULE}`]);
    });
    it("accepts names, prefixed names, upper case (keys are compared in lower case) and the length limits", () => {
        const good = {
            team: "platform",
            "example.com/team": "platform",
            "Example.COM/Team_Name.v2": "x",
            "a.b_c-d": "x",
            [`example.com/${"n".repeat(63)}`]: "x",
            [`${"p".repeat(253)}/team`]: "x",
            a: "x",
        };
        assert.deepStrictEqual(problemsOf(withAnnotations(good)), []);
    });
});
