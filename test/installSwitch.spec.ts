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

describe("installSwitchProblem: leaving operator mode is refused unless it is the migration", () => {
    const helm = (version: string, adoptFrom?: "operator") => ({ install: "helm" as const, version, adoptFrom });
    for (const previous of [undefined, ...MODES])
        for (const current of MODES) {
            const refused = previous === "operator" && current !== "operator";
            it(`${previous ?? "new stack"} -> ${current}: ${refused ? "refused" : "allowed"}`, () => {
                const outputs = previous ? { istioInstall: previous, istioVersion: "1.23.6" } : undefined;
                const problem = installSwitchProblem(outputs, { install: current, version: "1.28.10" });
                assert.equal(problem !== undefined, refused);
                if (problem) {
                    assert.ok(problem.startsWith(`ncp-ingress:istio.install: "${current}"`), problem);
                    assert.match(problem, /new hostname/);
                    assert.match(problem, /adoptFrom "operator"/);
                }
            });
        }

    const operatorStack = { istioInstall: "operator", istioVersion: "1.23.6" };
    const adopting = { istioInstall: "helm", istioVersion: "1.23.6", istioAdoptedFrom: "operator" };
    const cases: [string, object | undefined, ReturnType<typeof helm>, RegExp | undefined][] = [
        [
            "operator -> helm with adoptFrom at the operator's version",
            operatorStack,
            helm("1.23.6", "operator"),
            undefined,
        ],
        [
            "operator -> helm with adoptFrom at another version",
            operatorStack,
            helm("1.28.10", "operator"),
            /^ncp-ingress:istio\.version: "1\.28\.10", but the operator installed 1\.23\.6/,
        ],
        ["adopting -> the next version, still adopting", adopting, helm("1.28.10", "operator"), undefined],
        [
            "adopting at 1.28.10 -> adoptFrom unset at 1.28.10",
            { ...adopting, istioVersion: "1.28.10" },
            helm("1.28.10"),
            undefined,
        ],
        [
            "adopting at 1.28.10 -> adoptFrom unset with a new version",
            { ...adopting, istioVersion: "1.28.10" },
            helm("1.30.3"),
            /^ncp-ingress:istio\.version: "1\.30\.3", with ncp-ingress:istio\.adoptFrom unset in the same run: unset adoptFrom at 1\.28\.10 first/,
        ],
        [
            "adoption over -> a new version",
            { istioInstall: "helm", istioVersion: "1.28.10" },
            helm("1.30.3"),
            undefined,
        ],
        [
            "a helm stack -> adoptFrom",
            { istioInstall: "helm" },
            helm("1.28.10", "operator"),
            /was deployed with install "helm"/,
        ],
        ["a new stack -> adoptFrom", undefined, helm("1.23.6", "operator"), /has no deployment/],
        ["an install none stack -> adoptFrom", { istioInstall: "none" }, helm("1.23.6", "operator"), /install "none"/],
    ];
    for (const [what, outputs, current, refusal] of cases)
        it(`${what}: ${refusal ? "refused" : "allowed"}`, () => {
            const problem = installSwitchProblem(outputs, current);
            if (!refusal) assert.equal(problem, undefined);
            else assert.match(problem ?? "", refusal);
        });
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
