// Taking Istio over from the operator (istio.adoptFrom "operator", docs/migrating-off-the-operator.md):
// the config rules, and what the program registers for each step, run offline after an operator
// deployment (its outputs as the StackReference to itself returns them).
import * as assert from "node:assert/strict";
import { RawStackConfig } from "../config";
import { isLeftover, ownedBySelector, releaseOwnershipPatch } from "../components/specs/operatorHandover";
import { keepsOperatorGateway } from "../components/specs/helmValues";
import { runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";
import { problemsOf } from "./configHelpers";

const dev = stackConfig("dev");
const withIstio = (istio: object): RawStackConfig => ({ ...dev, istio: { ...(dev.istio as object), ...istio } });

describe("adoptFrom: the config rules", () => {
    it("is refused with install operator, naming the key", () => {
        assert.deepEqual(problemsOf(withIstio({ install: "operator", adoptFrom: "operator" })), [
            'ncp-ingress:istio.adoptFrom: "operator" takes the operator\'s install over with Istio\'s charts: set ncp-ingress:istio.install to "helm" (it is "operator")',
        ]);
    });
    it("is refused with Gateway API routing", () => {
        const problems = problemsOf({
            ...withIstio({ install: "helm", adoptFrom: "operator" }),
            routing: "gateway-api",
        });
        assert.ok(
            problems.some((p) => p.startsWith('ncp-ingress:istio.adoptFrom: "operator" keeps the operator\'s classic')),
            problems.join("\n"),
        );
    });
    it("lets install helm run Istio 1.23.6, whose gateway chart helm refuses, while the operator's gateway stays", () => {
        assert.deepEqual(problemsOf(withIstio({ install: "helm", version: "1.23.6", adoptFrom: "operator" })), []);
        assert.ok(
            problemsOf(withIstio({ install: "helm", version: "1.23.6" }))[0].startsWith("ncp-ingress:istio.version"),
        );
    });
    it("is no value other than operator", () => {
        assert.ok(
            problemsOf(withIstio({ install: "helm", adoptFrom: "istioctl" }))[0].startsWith(
                "ncp-ingress:istio.adoptFrom",
            ),
        );
    });
});

describe("keepsOperatorGateway: the operator's gateway stays until the gateway chart takes our values", () => {
    const cases: ["operator" | undefined, string, boolean][] = [
        ["operator", "1.23.6", true],
        ["operator", "1.25.4", true],
        ["operator", "1.25.5", false],
        ["operator", "1.28.10", false],
        [undefined, "1.23.6", false],
        [undefined, "1.28.10", false],
    ];
    for (const [adoptFrom, version, keeps] of cases)
        it(`${adoptFrom ?? "no adoptFrom"} at ${version}: ${keeps}`, () =>
            assert.equal(keepsOperatorGateway(adoptFrom, version), keeps));
});

describe("isLeftover: an object the operator made that no Pulumi resource manages", () => {
    const cases: [string, { manager?: string }[] | undefined, boolean][] = [
        ["the operator's alone", [{ manager: "istio-operator" }, { manager: "kube-controller-manager" }], true],
        ["no managedFields", undefined, true],
        [
            "taken over by a chart (a provider field manager)",
            [{ manager: "istio-operator" }, { manager: "pulumi-kubernetes-4f3a9c1e" }],
            false,
        ],
        ["client-side apply", [{ manager: "pulumi-kubernetes" }], false],
        ["a look-alike", [{ manager: "pulumi-kubernetesx" }], true],
    ];
    for (const [what, fields, leftover] of cases) it(what, () => assert.equal(isLeftover(fields), leftover));
    it("selects by the operator's owning-resource labels", () =>
        assert.equal(
            ownedBySelector({ namespace: "istio-system", name: "istio" }),
            "install.operator.istio.io/owning-resource=istio,install.operator.istio.io/owning-resource-namespace=istio-system",
        ));
});

describe("releaseOwnershipPatch: the stopped operator's field manager comes off, nothing else", () => {
    // Entries as the capture's managers.json shows them: the operator's Apply, then others' Updates.
    const operator = { manager: "istio-operator", operation: "Apply", fieldsV1: { "f:spec": {} } };
    const lbController = { manager: "node-fetch", operation: "Update", subresource: "status" };
    const chart = { manager: "pulumi-kubernetes-4f3a9c1e", operation: "Apply" };
    const cases: [string, object[] | undefined, object | undefined][] = [
        [
            "the operator's alone: cleared, as [{}] (an empty list would change nothing)",
            [operator],
            { metadata: { managedFields: [{}] } },
        ],
        [
            "beside the LB controller's status: that stays, as it was",
            [operator, lbController],
            { metadata: { managedFields: [lbController] } },
        ],
        ["beside a chart's apply: the chart's stays", [chart, operator], { metadata: { managedFields: [chart] } }],
        ["not the operator's: no patch", [chart, lbController], undefined],
        ["no managedFields: no patch", undefined, undefined],
        ["a look-alike manager is not the operator", [{ manager: "istio-operator-2", operation: "Apply" }], undefined],
    ];
    for (const [what, fields, patch] of cases) it(what, () => assert.deepEqual(releaseOwnershipPatch(fields), patch));
});

describe("adoptFrom: what the program registers after an operator deployment", () => {
    const operatorOutputs = { istioInstall: "operator", istioVersion: "1.23.6" };
    const typesOf = (run: Awaited<ReturnType<typeof runProgram>>) => run.resources.map((r) => r.type);

    it("at 1.23.6: the handover, the base and istiod charts, no gateway chart, the app ports patched onto the operator's Service", async () => {
        const run = await runProgram(withIstio({ install: "helm", version: "1.23.6", adoptFrom: "operator" }), {
            preview: true,
            stackOutputs: operatorOutputs,
        });
        const handover = run.named("istio-operator-handover");
        assert.deepEqual(handover.inputs.operator, { namespace: "istio-operator", name: "istio-operator" });
        assert.deepEqual(handover.inputs.istioOperator, { namespace: "istio-system", name: "istio" });
        const charts = run.ofType("kubernetes:helm.sh/v4:Chart").map((c) => c.name);
        assert.deepEqual(charts.sort(), ["istio-base", "istio-istiod"]);
        assert.ok(!typesOf(run).includes("kubernetes:install.istio.io/v1alpha1:IstioOperator"));
        const patch = run.named("ingress-lb-wait").inputs as { spec?: { ports?: { port: number }[] } };
        assert.deepEqual(
            patch.spec?.ports?.map((p) => p.port),
            // by port, as the operator laid them out (a patch in another order reads as a change every run)
            [15021, 80, 443, 30001, 30002, 30003, 30004],
        );
    });
    it("at 1.28.10, still adopting: the gateway chart comes back, setting the patch's app ports exactly as the patch does", async () => {
        const run = await runProgram(withIstio({ install: "helm", version: "1.28.10", adoptFrom: "operator" }), {
            preview: true,
            stackOutputs: { istioInstall: "helm", istioVersion: "1.23.6", istioAdoptedFrom: "operator" },
        });
        const charts = run.ofType("kubernetes:helm.sh/v4:Chart").map((c) => c.name);
        assert.deepEqual(charts.sort(), ["istio-base", "istio-gateway", "istio-istiod"]);
        // Two managers applying the same field with different values would conflict: every app port
        // the patch keeps owning is the chart's own, field for field.
        type Port = { port: number; name?: string; targetPort?: number; protocol?: string };
        const patchPorts = (run.named("ingress-lb-wait").inputs as { spec: { ports: Port[] } }).spec.ports;
        const gateway = run.named("istio-gateway").inputs as { values: { service: { ports: Port[] } } };
        const appPorts = patchPorts.filter((p) => p.name);
        assert.equal(appPorts.length, 4);
        for (const p of appPorts) {
            const chart = gateway.values.service.ports.find((c) => c.port === p.port);
            assert.deepEqual({ ...chart, protocol: chart?.protocol ?? "TCP" }, p);
        }
    });
    it("at 1.28.10, adoption done: the patch lets go of the ports, which the gateway chart alone sets", async () => {
        const run = await runProgram(withIstio({ install: "helm", version: "1.28.10" }), {
            preview: true,
            stackOutputs: { istioInstall: "helm", istioVersion: "1.28.10", istioAdoptedFrom: "operator" },
        });
        assert.equal((run.named("ingress-lb-wait").inputs as { spec?: object }).spec, undefined);
        assert.ok(!run.resources.some((r) => r.name === "istio-operator-handover"));
    });
});
