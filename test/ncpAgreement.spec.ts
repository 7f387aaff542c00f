// The program's NCP rules against the e2e LB stand-in's (test/e2e/ncpRules.ts), two tables written
// apart from NCP's documentation: over many generated load balancer settings, whatever the program
// accepts NCP accepts too (no stack passes preview and then gets no LB), and whatever NCP would
// refuse the program refuses first. A disagreement is settled by NCP's documentation, never by
// copying one table into the other.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { parseStackConfig } from "../config";
import { loadBalancerAnnotations } from "../components/specs/annotations";
import { gatewayServicePorts } from "../components/specs/ports";
import { NCP_ANNOTATION_PREFIX, NCP_ANNOTATIONS } from "../components/ncp/annotations";
import { effectiveLayerType } from "../components/specs/clientIps";
import * as standIn from "./e2e/ncpRules";
import { ncpRefusals } from "./e2e/ncpRules";
import { LoadBalancerSettings } from "../components/model";
import { plainLb, problemsOf } from "./configHelpers";

const backend = { host: "web.web.svc.cluster.local", port: 80 };

/** A field set in one stack of four: most generated stacks then break at most one rule. */
const sometimes = <T>(arb: fc.Arbitrary<T>) =>
    fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: arb, weight: 1 });

/** Stack-file load balancer settings, valid and not: every typed field, each set or not. */
const loadBalancer = fc
    .record({
        layerType: sometimes(fc.constantFrom("nlb", "nplb")),
        internal: sometimes(fc.boolean()),
        size: sometimes(fc.constantFrom("SMALL", "MEDIUM", "LARGE", "XLARGE", "DYNAMIC")),
        proxyProtocol: sometimes(fc.boolean()),
        sslCertificateNo: sometimes(fc.constantFrom("6789", "1")),
        tlsPorts: sometimes(fc.subarray([80, 30001])),
        tlsMinVersion: sometimes(fc.constantFrom("TLSV10", "TLSV11", "TLSV12")),
        idleTimeoutSeconds: sometimes(fc.integer({ min: 1, max: 3600 })),
        description: sometimes(fc.oneof(fc.string({ maxLength: 40 }), fc.constant("설명".repeat(200)))),
        retainPublicIpOnTermination: sometimes(fc.boolean()),
    })
    .map((lb) => Object.fromEntries(Object.entries(lb).filter(([, v]) => v !== undefined)) as Partial<typeof lb>);

describe("the program's NCP rules agree with NCP's (the e2e stand-in's independent table)", () => {
    it("a stack the program accepts gets an LB from NCP; one NCP would refuse, the program refuses", () => {
        let accepted = 0;
        let refused = 0;
        fc.assert(
            fc.property(loadBalancer, (lb) => {
                const raw = { apps: [{ name: "web", port: 30001, backend }], loadBalancer: lb };
                const problems = problemsOf(raw);
                // What the settings would write, unvalidated: NCP's verdict on them.
                const written = loadBalancerAnnotations({ ...plainLb, ...lb } as LoadBalancerSettings);
                const ncp = ncpRefusals(written, [{ port: 30001 }, ...(lb.tlsPorts?.map((port) => ({ port })) ?? [])]);
                if (ncp.length)
                    assert.notDeepEqual(
                        problems,
                        [],
                        `NCP refuses (${ncp}), the program accepts ${JSON.stringify(lb)}`,
                    );
                if (problems.length === 0) {
                    accepted++;
                    const { model } = parseStackConfig(raw);
                    const annotations = loadBalancerAnnotations(model.loadBalancer);
                    const ports = gatewayServicePorts(model.apps, "helm");
                    assert.deepEqual(ncpRefusals(annotations, ports), [], JSON.stringify(lb));
                } else {
                    refused++;
                }
            }),
            { numRuns: 1000, seed: 20261202 },
        );
        // Both sides of the property were exercised.
        assert.ok(accepted > 20 && refused > 20, `accepted ${accepted}, refused ${refused}`);
    });

    it("writes an NCP-valid floor when the LB terminates TLS and the stack names none: TLSV12", () => {
        const raw = {
            apps: [{ name: "web", port: 30001, backend }],
            loadBalancer: { layerType: "nplb", sslCertificateNo: "6789", tlsPorts: [30001] },
        };
        const annotations = loadBalancerAnnotations(parseStackConfig(raw).model.loadBalancer);
        assert.equal(annotations["service.beta.kubernetes.io/ncloud-load-balancer-tls-min-version"], "TLSV12");
        assert.deepEqual(ncpRefusals(annotations, [{ port: 30001 }]), []);
        const plain = loadBalancerAnnotations(parseStackConfig({ apps: raw.apps }).model.loadBalancer);
        assert.equal(plain["service.beta.kubernetes.io/ncloud-load-balancer-tls-min-version"], undefined);
    });

    it("both tables know the same annotation keys under the same prefix", () => {
        assert.equal(NCP_ANNOTATION_PREFIX, standIn.NCP_ANNOTATION_PREFIX);
        assert.deepEqual(Object.keys(NCP_ANNOTATIONS).sort(), [...standIn.NCP_KNOWN_KEYS].sort());
    });

    it("both read a Service's layer type alike: the annotation's, nplb (NCP's default) without one", () => {
        const layerType = `${NCP_ANNOTATION_PREFIX}layer-type`;
        const cases: Record<string, string>[] = [
            {},
            { "example.com/x": "y" },
            { [layerType]: "nlb" },
            { [layerType]: "nplb" },
        ];
        for (const annotations of cases)
            assert.equal(effectiveLayerType(annotations), standIn.ncpLayer(annotations), JSON.stringify(annotations));
    });
});
