// Leaving operator mode is refused before Istio or the LB is touched: the stack's own last outputs
// (a StackReference to itself) say how it was deployed.
import * as assert from "node:assert/strict";
import { InstallMode } from "../components/model";
import { installSwitchProblem, previousInstall } from "../components/specs/installSwitch";
import { runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";

const MODES: readonly InstallMode[] = ["operator", "helm", "none"];

describe("previousInstall: the mode a stack's last outputs say it was deployed with", () => {
    const cases: [string, Parameters<typeof previousInstall>[0], InstallMode | undefined][] = [
        ["a new stack", undefined, undefined],
        ["no outputs", {}, undefined],
        ["istioInstall operator", { istioInstall: "operator", istioVersion: "1.28.10" }, "operator"],
        ["istioInstall helm", { istioInstall: "helm" }, "helm"],
        ["istioInstall none", { istioInstall: "none" }, "none"],
        // Releases before the istioInstall output: the version tells (helm refuses 1.23 and older).
        ["an older release's operator stack", { istioVersion: "1.23.6" }, "operator"],
        ["an older release's operator stack on 1.20", { istioVersion: "1.20.8" }, "operator"],
        ["an older release's helm stack", { istioVersion: "1.28.10" }, "helm"],
        ["an older release's install none stack", { appUrls: {} } as object, undefined],
        ["an unknown mode", { istioInstall: "kustomize" }, undefined],
    ];
    for (const [what, outputs, expected] of cases) it(what, () => assert.equal(previousInstall(outputs), expected));
});

describe("installSwitchProblem: only leaving operator mode is refused", () => {
    for (const previous of [undefined, ...MODES])
        for (const current of MODES) {
            const refused = previous === "operator" && current !== "operator";
            it(`${previous ?? "new stack"} -> ${current}: ${refused ? "refused" : "allowed"}`, () => {
                const problem = installSwitchProblem(previous, current);
                assert.equal(problem !== undefined, refused);
                if (problem) {
                    assert.ok(problem.startsWith(`ncp-ingress:istio.install: "${current}"`), problem);
                    assert.match(problem, /new hostname/);
                }
            });
        }
});

// The refusal itself runs on the real engine (test/e2e/operator.e2e.ts): under the SDK's mocks a
// resource whose input fails never settles, so the offline runner cannot report it.
describe("the program after a deployment in the same mode", () => {
    const dev = stackConfig("dev");
    const helm = { ...dev, istio: { ...(dev.istio as object), install: "helm", version: undefined } };
    const none = { ...dev, istio: { install: "none" } };

    for (const [mode, config] of [
        ["helm", helm],
        ["none", none],
    ] as const) {
        it(`to ${mode}, after a ${mode} deployment: runs`, async () => {
            const run = await runProgram(config, { preview: true, stackOutputs: { istioInstall: mode } });
            assert.ok(run.resources.some((r) => r.type.startsWith("kubernetes:core/v1")));
        });
    }
});
