// The end-to-end LB stand-in's table of NCP's annotation rules (test/e2e/ncpRules.ts): each rule
// refuses what it should, and what NCP accepts passes. No cluster needed.
import * as assert from "node:assert/strict";
import { NCP_ANNOTATION_PREFIX, NCP_RULES, ncpLayer, ncpRefusals } from "./e2e/ncpRules";

const a = (short: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(short).map(([k, v]) => [NCP_ANNOTATION_PREFIX + k, v]));
const PORTS = [{ port: 15021 }, { port: 30001 }];

describe("ncpRules: the LB stand-in's table of NCP's rules", () => {
    const refused: [rule: string, annotations: Record<string, string>, ports?: { port: number }[]][] = [
        ["unknown-annotation", { "layer-type": "nlb", "backend-protocol": "tcp" }],
        ["layer-type", { "layer-type": "alb" }],
        ["size-nplb", { "layer-type": "nplb", size: "DYNAMIC" }],
        ["size-nplb", { size: "HUGE" }], // no layer type: nplb by default
        ["size-nlb", { "layer-type": "nlb", size: "SMALL" }],
        ["idle-timeout-range", { "layer-type": "nplb", "idle-timeout": "0" }],
        ["idle-timeout-range", { "idle-timeout": "3601" }],
        ["idle-timeout-range", { "idle-timeout": "60s" }],
        ["idle-timeout-on-nlb", { "layer-type": "nlb", "idle-timeout": "60" }],
        ["description-bytes", { description: "설".repeat(334) }], // 1,002 bytes
        ["proxy-protocol-on-nlb", { "layer-type": "nlb", "proxy-protocol": "true" }],
        ["ssl-certificate-no-on-nlb", { "layer-type": "nlb", "ssl-certificate-no": "1234" }],
        ["tls-ports-on-nlb", { "layer-type": "nlb", "tls-ports": "443" }],
        ["tls-min-version-on-nlb", { "layer-type": "nlb", "tls-min-version": "TLSV12" }],
        ["tls-min-version-value", { "ssl-certificate-no": "1234", "tls-ports": "443", "tls-min-version": "TLSV13" }],
        ["tls-ports-without-certificate", { "layer-type": "nplb", "tls-ports": "443" }],
        ["internal-boolean", { "layer-type": "nlb", internal: "yes" }],
        ["retain-public-ip-on-internal", { internal: "true", "retain-public-ip-on-termination": "true" }],
        ["port-range", { "layer-type": "nlb" }, [{ port: 80 }, { port: 65535 }]],
        ["port-range", { "layer-type": "nlb" }, [{ port: 0 }]],
    ];

    describe("refuses, one case per rule (annotation keys without their prefix)", () => {
        for (const [rule, annotations, ports = PORTS] of refused) {
            const shown = `${JSON.stringify(annotations).slice(0, 90)} ports ${ports.map((p) => p.port).join(",")}`;
            it(`${rule}: ${shown}`, () => {
                const refusals = ncpRefusals(a(annotations), ports);
                assert.equal(refusals.length, 1, refusals.join("\n"));
                assert.ok(refusals[0].startsWith(`${rule}: `), refusals[0]);
            });
        }
        it("covers every rule of the table", () =>
            assert.deepEqual(new Set(refused.map(([rule]) => rule)), new Set(NCP_RULES.map((r) => r.id))));
    });

    describe("accepts", () => {
        for (const [what, annotations, ports] of [
            ["the seed's Service", a({ "layer-type": "nlb", internal: "false" }), PORTS],
            ["no annotations at all (nplb by default)", {}, PORTS],
            [
                "a full nplb with TLS",
                a({
                    "layer-type": "nplb",
                    internal: "false",
                    size: "XLARGE",
                    "subnet-id": "452772",
                    "proxy-protocol": "true",
                    "ssl-certificate-no": "8857",
                    "tls-ports": "443",
                    "tls-min-version": "TLSV12",
                    "idle-timeout": "3600",
                    description: "설".repeat(333),
                    "retain-public-ip-on-termination": "true",
                }),
                [{ port: 1 }, { port: 443 }, { port: 65534 }],
            ],
            [
                "the edges: idle timeout 1, a description of 1,000 bytes",
                a({ "idle-timeout": "1", description: "x".repeat(1000) }),
                PORTS,
            ],
            ["a private nlb of size DYNAMIC", a({ "layer-type": "nlb", internal: "true", size: "DYNAMIC" }), PORTS],
            ["other annotations than NCP's", { "example.com/anything": "x" }, PORTS],
        ] as const) {
            it(what, () => assert.deepEqual(ncpRefusals({ ...annotations }, [...ports]), []));
        }
    });

    it("a missing layer type is nplb (the guide's default); an invalid one is neither", () => {
        assert.equal(ncpLayer({}), "nplb");
        assert.equal(ncpLayer(a({ "layer-type": "nlb" })), "nlb");
        assert.equal(ncpLayer(a({ "layer-type": "NLB" })), undefined);
    });

    it("gives every refusal, naming the annotation", () => {
        const refusals = ncpRefusals(a({ "layer-type": "nlb", "idle-timeout": "60", typo: "x" }), [{ port: 70000 }]);
        assert.deepEqual(
            refusals.map((r) => r.split(":")[0]),
            ["unknown-annotation", "idle-timeout-on-nlb", "port-range"],
        );
        assert.ok(refusals[1].includes(`${NCP_ANNOTATION_PREFIX}idle-timeout: "60"`), refusals[1]);
    });

    it("every rule has an id of its own and a source with a URL", () => {
        assert.equal(new Set(NCP_RULES.map((r) => r.id)).size, NCP_RULES.length);
        for (const rule of NCP_RULES) assert.match(rule.source, /https:\/\/[a-z-]+\.ncloud-docs\.com\//, rule.id);
    });
});
