// install none: allow lists against the layer type of the existing gateway Service's LB, read from
// that Service (not the stack's loadBalancer.layerType). The offline mocks' Service carries no
// annotations, not even the patch's pulumi.com/waitFor: no live read, so the program runs check
// nothing there; AppRoutes is run with the layer types a live read gives.
import { RunError } from "@pulumi/pulumi";
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { LAYER_TYPE_ANNOTATION, ncpKey } from "../components/ncp/annotations";
import { LayerType } from "../components/ncp/rules";
import { AppRoutes } from "../components/appRoutes";
import { WAIT_FOR } from "../components/specs/await";
import {
    allowListLayerProblems,
    checkAllowListLayer,
    effectiveLayerType,
    liveLayerType,
} from "../components/specs/clientIps";
import { parseStackConfig } from "../config";
import { ClusterMismatchError } from "../components/config/problems";
import { mockState } from "../scripts/offline/engine";
import * as pulumi from "@pulumi/pulumi";
import { runInline, runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";

describe("effectiveLayerType: the layer type NCP made for a Service", () => {
    const cases: [what: string, annotations: Record<string, string> | undefined, expected: LayerType][] = [
        ["no annotations at all", undefined, "nplb"],
        ["no layer-type annotation: NCP's default", {}, "nplb"],
        ["other annotations only", { "example.com/team": "platform", [ncpKey("internal")]: "false" }, "nplb"],
        ["nlb", { [LAYER_TYPE_ANNOTATION]: "nlb" }, "nlb"],
        ["nplb", { [LAYER_TYPE_ANNOTATION]: "nplb" }, "nplb"],
        ["a value NCP does not list, by case", { [LAYER_TYPE_ANNOTATION]: "NLB" }, "nplb"],
        ["a value NCP does not list", { [LAYER_TYPE_ANNOTATION]: "alb" }, "nplb"],
        ["the key in another case", { [LAYER_TYPE_ANNOTATION.toUpperCase()]: "nlb" }, "nplb"],
    ];
    for (const [what, annotations, expected] of cases) {
        it(`${what}: ${expected}`, () => assert.equal(effectiveLayerType(annotations), expected));
    }
});

describe("liveLayerType: only a read that shows the stack's patch says anything", () => {
    const patched = { [WAIT_FOR]: "jsonpath={.status.loadBalancer.ingress}" };
    const cases: [what: string, annotations: Record<string, string> | undefined, expected: LayerType | undefined][] = [
        ["no annotations (the offline mocks' read)", undefined, undefined],
        ["an nlb annotation but no sign of the patch", { [LAYER_TYPE_ANNOTATION]: "nlb" }, undefined],
        ["patched, no layer type: NCP's default", patched, "nplb"],
        ["patched, nlb", { ...patched, [LAYER_TYPE_ANNOTATION]: "nlb" }, "nlb"],
        ["patched, nplb", { ...patched, [LAYER_TYPE_ANNOTATION]: "nplb" }, "nplb"],
    ];
    for (const [what, annotations, expected] of cases) {
        it(`${what}: ${expected}`, () => assert.equal(liveLayerType(annotations), expected));
    }
});

const SERVICE = "mesh/my-gateway";
const app = fc.record({
    name: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
    allow: fc.array(fc.constantFrom("10.0.0.0/8", "203.0.113.0/24", "2001:db8::/32"), { maxLength: 2 }),
});
const apps = fc.uniqueArray(app, { maxLength: 6, selector: (a) => a.name });
/** How the mocks receive an input that is unknown in a preview. */
const isUnknown = (value: unknown) => JSON.stringify(value) === JSON.stringify({ __pulumiUnknown: true });
const where = (problem: string) => problem.slice(0, problem.indexOf(": "));

describe("allow lists behind the existing Service's LB", () => {
    it("nlb: no problem; nplb: one per app with an allow list, naming key, app and field, in app order", () =>
        fc.assert(
            fc.property(apps, (list) => {
                assert.deepEqual(allowListLayerProblems(list, "nlb", SERVICE), []);
                const problems = allowListLayerProblems(list, "nplb", SERVICE);
                const refused = list.filter((a) => a.allow.length > 0);
                assert.deepEqual(
                    problems.map(where),
                    refused.map((a) => `ncp-ingress:apps (${a.name}) allow`),
                );
                for (const p of problems) assert.ok(p.includes(SERVICE) && p.includes(LAYER_TYPE_ANNOTATION), p);
            }),
        ));

    it("checkAllowListLayer returns the layer, or throws every problem at once as a RunError", () =>
        fc.assert(
            fc.property(apps, fc.constantFrom<LayerType>("nlb", "nplb"), (list, layer) => {
                const problems = allowListLayerProblems(list, layer, SERVICE);
                if (problems.length === 0) return assert.equal(checkAllowListLayer(list, layer, SERVICE), layer);
                assert.throws(
                    () => checkAllowListLayer(list, layer, SERVICE),
                    (e: unknown) =>
                        RunError.isInstance(e) &&
                        e instanceof ClusterMismatchError &&
                        problems.every((p) => e.message.includes(`  - ${p}`)) &&
                        assert.deepEqual(e.problems, problems) === undefined,
                );
            }),
        ));

    it("the refusal names the stack config key, the app and the field", () => {
        const list = [
            { name: "grafana", allow: ["10.0.0.0/8"] },
            { name: "web", allow: [] },
        ];
        assert.throws(() => checkAllowListLayer(list, "nplb", SERVICE), {
            name: "ClusterMismatchError",
            problems: [allowListLayerProblems(list, "nplb", SERVICE)[0]],
        });
        assert.ok(allowListLayerProblems(list, "nplb", SERVICE)[0].startsWith("ncp-ingress:apps (grafana) allow: "));
    });
});

describe("AppRoutes with an existing LB: an allow-list app's routes and policy wait for its layer type", () => {
    const dev = stackConfig("dev");
    // The seed's apps, argocd with an allow list.
    const withAllow = (dev.apps as { name: string }[]).map((a) =>
        a.name === "argocd" ? { ...a, allow: ["10.0.0.0/8"] } : a,
    );
    const { apps } = parseStackConfig({ ...dev, apps: withAllow }).model;
    const routes = (layerType: LayerType | undefined) =>
        runInline(() => {
            const r = new AppRoutes("apps", {
                apps,
                namespace: "istio-system",
                gatewayName: "ncp-ingress-gateway",
                address: "lb.example.com",
                existingLb: { layerType: pulumi.output(layerType), service: "istio-system/istio-ingressgateway" },
            });
            return { checked: r.allowListsChecked };
        }, {});
    const names = () => mockState.registered.map((r) => r.name);

    it("behind an nplb: refuses with every problem; neither the app's route nor its policy is registered", async () => {
        const expected = allowListLayerProblems(apps, "nplb", "istio-system/istio-ingressgateway");
        assert.equal(expected.length, 1);
        await assert.rejects(
            routes("nplb"),
            (e: unknown) => e instanceof ClusterMismatchError && assert.deepEqual(e.problems, expected) === undefined,
        );
        assert.ok(!names().includes("apps-argocd") && !names().includes("apps-argocd-allow"), names().join());
        assert.ok(names().includes("apps-grafana"), names().join());
    });

    for (const layer of ["nlb", undefined] as const) {
        it(`${layer ?? "no live read"}: every route and the policy, as without the check`, async () => {
            await routes(layer);
            for (const name of ["apps-argocd", "apps-argocd-allow", "apps-grafana"])
                assert.ok(names().includes(name), name);
        });
    }
});

describe("install none through the program, offline", () => {
    const dev = stackConfig("dev");
    const none = { install: "none" };
    const withAllow = (dev.apps as { name: string }[]).map((a) =>
        a.name === "argocd" ? { ...a, allow: ["10.0.0.0/8"] } : a,
    );

    it("up: the mocks' Service is no live read, so the allow list's policy is created as before", async () => {
        const run = await runProgram({ ...dev, istio: none, apps: withAllow });
        assert.deepEqual(run.named("apps-argocd-allow").inputs.spec.rules[0].from, [
            { source: { notRemoteIpBlocks: ["10.0.0.0/8"] } },
        ]);
    });

    it("a first preview (the Service not read yet): no error; the app's route and policy wait, unknown", async () => {
        const run = await runProgram({ ...dev, istio: none, apps: withAllow }, { preview: true });
        for (const name of ["apps-argocd", "apps-argocd-allow"])
            assert.ok(isUnknown(run.named(name).inputs.spec), name);
        assert.equal(run.named("apps-grafana").inputs.spec.http[0].route[0].destination.port.number, 80);
    });

    it("without allow lists nothing waits for the layer type: every route's spec is known at a first preview", async () => {
        const run = await runProgram({ ...dev, istio: none }, { preview: true });
        const routes = run.ofType("kubernetes:networking.istio.io/v1beta1:VirtualService");
        assert.equal(routes.length, 4);
        for (const r of routes) assert.ok(!isUnknown(r.inputs.spec), r.name);
    });
});
