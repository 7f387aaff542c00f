// The stack's one explicit kubernetes provider: configured from the stack's kubernetes:* keys, used by
// every Kubernetes resource the program registers, and named so that it takes over the engine's
// default provider of stacks deployed before it (the e2e upgrade scenario proves no replacement).
import * as assert from "assert";
import { parseStackConfig } from "../config";
import { parseKubernetesSettings, REQUIRED_SETTINGS } from "../components/config/kubernetesProvider";
import { Findings } from "../components/config/problems";
import { defaultProviderName } from "../components/provider";
import { mockState } from "../scripts/offline/engine";
import { runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";

const PROVIDER_TYPE = "pulumi:providers:kubernetes";

/** The settings and the problems parseKubernetesSettings makes of `raw`. */
function parse(raw: Record<string, string>) {
    const f = new Findings();
    return { settings: parseKubernetesSettings(f, raw), problems: f.problems };
}

describe("the default provider's name, as the engine derives it from the package version", () => {
    // pulumi pkg/resource/deploy/providers/provider.go, ProviderRequest.DefaultName: "default", then
    // _major_minor_patch, then each prerelease and build identifier after "_".
    const cases: [string, string][] = [
        ["4.34.2", "default_4_34_2"],
        ["4.0.0", "default_4_0_0"],
        ["4.35.0-alpha.1", "default_4_35_0_alpha_1"],
        ["1.2.3-rc.1+build.7", "default_1_2_3_rc_1_build_7"],
    ];
    for (const [version, name] of cases)
        it(`${version} -> ${name}`, () => assert.strictEqual(defaultProviderName(version), name));
    it("refuses what is no version", () => assert.throws(() => defaultProviderName("4.34")));
});

describe("kubernetes:* stack keys -> the provider's arguments", () => {
    it("passes each setting on, typed as the provider takes it, with what ncp-ingress needs", () => {
        const raw = {
            context: "nks-dev",
            kubeconfig: "/home/me/.kube/nks.yaml",
            namespace: "apps",
            suppressDeprecationWarnings: "true",
            deleteUnreachable: "false",
            kubeClientSettings: '{"qps":50,"burst":100}',
        };
        assert.deepStrictEqual(parse(raw), {
            settings: {
                context: "nks-dev",
                kubeconfig: "/home/me/.kube/nks.yaml",
                namespace: "apps",
                suppressDeprecationWarnings: true,
                deleteUnreachable: false,
                kubeClientSettings: { qps: 50, burst: 100 },
                enableServerSideApply: true,
                enableConfigMapMutable: true,
            },
            problems: [],
        });
    });

    it("nothing set: only what ncp-ingress needs (the provider finds the cluster as kubectl does)", () => {
        assert.deepStrictEqual(parse({}), { settings: { ...REQUIRED_SETTINGS }, problems: [] });
    });

    it("a kubeconfig's YAML text stays text", () => {
        const kubeconfig = "apiVersion: v1\nkind: Config\nclusters: []\n";
        assert.strictEqual(parse({ kubeconfig }).settings.kubeconfig, kubeconfig);
    });

    const refused: [string, Record<string, string>, string][] = [
        ["an unknown key", { contxt: "a" }, 'kubernetes:contxt: the kubernetes provider has no setting "contxt"'],
        [
            "a flag that is no boolean",
            { enableSecretMutable: "yes" },
            'kubernetes:enableSecretMutable: "yes" is not true or false',
        ],
        ["an empty context", { context: "" }, 'kubernetes:context: "" is not a non-empty string'],
        ["a map that is no map", { kubeClientSettings: "[1]" }, 'kubernetes:kubeClientSettings: "[1]" is not a map'],
        [
            "server-side apply off",
            { enableServerSideApply: "false" },
            "kubernetes:enableServerSideApply: ncp-ingress needs true",
        ],
        [
            "ConfigMaps replaced",
            { enableConfigMapMutable: "false" },
            "kubernetes:enableConfigMapMutable: ncp-ingress needs true",
        ],
    ];
    for (const [what, raw, start] of refused)
        it(`refuses ${what}, naming the key`, () => {
            const { problems } = parse(raw);
            assert.strictEqual(problems.length, 1, problems.join("\n"));
            assert.ok(problems[0].startsWith(start), problems[0]);
        });

    it("its problems come with the stack's others, in one error", () => {
        assert.throws(
            () => parseStackConfig({ routing: "nginx" }, { enableServerSideApply: "false" }),
            (e: Error & { problems?: string[] }) =>
                e.name === "ConfigError" &&
                e.problems!.some((p) => p.startsWith("kubernetes:enableServerSideApply:")) &&
                e.problems!.some((p) => p.startsWith("ncp-ingress:routing")),
        );
    });
});

describe("every Kubernetes resource uses the stack's provider", () => {
    const stacks: [string, Record<string, unknown>][] = [
        ["the dev stack (operator)", stackConfig("dev")],
        ["helm", { ...stackConfig("dev"), istio: { install: "helm", version: "1.28.10" } }],
        ["install none", { ...stackConfig("dev"), istio: { install: "none" } }],
        [
            "Gateway API",
            { ...stackConfig("dev"), istio: { install: "helm", version: "1.28.10" }, routing: "gateway-api" },
        ],
        ["the demo backend", { ...stackConfig("dev"), demo: true }],
    ];
    for (const [what, config] of stacks)
        it(`${what}: one provider, and no resource without it`, async () => {
            const run = await runProgram({ ...config, "kubernetes:context": "nks-dev" });
            const providers = run.resources.filter((r) => r.type === PROVIDER_TYPE);
            // No kubeconfig in the stack: "" (the provider's own lookup), never this machine's KUBECONFIG path.
            assert.deepStrictEqual(
                providers.map((p) => [
                    p.name,
                    p.inputs.context,
                    p.inputs.kubeconfig,
                    p.inputs.enableServerSideApply,
                    p.inputs.enableConfigMapMutable,
                ]),
                [["kubernetes", "nks-dev", "", "true", "true"]],
            );
            const kube = run.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
            assert.ok(kube.length >= 5, `${kube.length} Kubernetes resources`);
            const without = kube.filter(
                (r) => !r.provider?.startsWith(`urn:pulumi:dev::ncp-ingress::${PROVIDER_TYPE}::kubernetes::`),
            );
            assert.deepStrictEqual(
                without.map((r) => `${r.type} ${r.name} (${r.provider})`),
                [],
            );
        });

    it("a refused provider setting stops the program before any resource", async () => {
        await assert.rejects(runProgram({ ...stackConfig("dev"), "kubernetes:enableServerSideApply": "false" }), {
            name: "ConfigError",
        });
        assert.deepStrictEqual(mockState.registered, []);
    });
});
