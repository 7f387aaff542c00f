// Helm mode: which Istio versions' gateway chart takes our values, the default version, and the
// gateway Service's wait.
import * as assert from "assert";
import { parseStackConfig } from "../config";
import { backend, problemsOf } from "./configHelpers";
import { mockState } from "../scripts/offline/engine";
import { runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";

const apps = [{ name: "web", port: 30001, backend }];
const helm = (version?: string) => ({ install: "helm", ...(version === undefined ? {} : { version }) });
const CHART = "kubernetes:helm.sh/v4:Chart";
const DEFAULT_HELM_VERSION = "1.28.10";
const ALLOWED =
    "allowed: 1.25.5 or a later 1.25.x, 1.26.4 or a later 1.26.x, 1.27.1 or a later 1.27.x, 1.28.0 and later " +
    `(default ${DEFAULT_HELM_VERSION})`;

describe("helm mode: Istio version", () => {
    it(`defaults to ${DEFAULT_HELM_VERSION}; operator mode still defaults to 1.23.6`, () => {
        assert.strictEqual(parseStackConfig({ apps, istio: helm() }).model.istio.version, DEFAULT_HELM_VERSION);
        assert.strictEqual(parseStackConfig({ apps }).model.istio.version, "1.23.6");
    });

    for (const version of ["1.24.0", "1.24.6", "1.25.0", "1.25.4", "1.26.0", "1.26.3", "1.27.0", "1.25.0-rc.1"]) {
        it(`refuses ${version}: the gateway chart's schema rejects our values`, () => {
            assert.deepStrictEqual(problemsOf({ apps, istio: helm(version) }), [
                `ncp-ingress:istio.version: ${version} cannot be installed with ncp-ingress:istio.install "helm": ` +
                    "the gateway chart's values.schema.json of Istio 1.21.0 to 1.25.4, 1.26.0 to 1.26.3 and 1.27.0 " +
                    "rejects the values ncp-ingress passes it (labels, service, podAnnotations), and Helm 3.18.5 and " +
                    `later (inside the Kubernetes provider) enforce that schema; ${ALLOWED}`,
            ]);
        });
    }

    it("refuses 1.21-1.23 the same way, pointing to operator mode", () => {
        assert.deepStrictEqual(problemsOf({ apps, istio: helm("1.23.6") }), [
            'ncp-ingress:istio.version: 1.23.6 cannot be installed with ncp-ingress:istio.install "helm": ' +
                "the gateway chart's values.schema.json of Istio 1.21.0 to 1.25.4, 1.26.0 to 1.26.3 and 1.27.0 " +
                "rejects the values ncp-ingress passes it (labels, service, podAnnotations), and Helm 3.18.5 and " +
                `later (inside the Kubernetes provider) enforce that schema; ${ALLOWED}; ` +
                'or set ncp-ingress:istio.install to "operator" for Istio 1.23.x and earlier; ' +
                'to take over a stack\'s operator install at its version, set ncp-ingress:istio.adoptFrom "operator" ' +
                "(docs/migrating-off-the-operator.md)",
        ]);
    });

    it("refuses releases older than the gateway chart's schema (1.20 and earlier)", () => {
        assert.deepStrictEqual(problemsOf({ apps, istio: helm("1.20.8") }), [
            'ncp-ingress:istio.version: 1.20.8 is older than ncp-ingress:istio.install "helm" supports ' +
                `(its charts are end of life and untested here); ${ALLOWED}; ` +
                'or set ncp-ingress:istio.install to "operator" for Istio 1.23.x and earlier; ' +
                'to take over a stack\'s operator install at its version, set ncp-ingress:istio.adoptFrom "operator" ' +
                "(docs/migrating-off-the-operator.md)",
        ]);
    });

    for (const version of ["1.25.5", "1.26.4", "1.27.1", "1.27.9", "1.28.0", "1.28.0-rc.1", "1.29.1", "1.30.0"]) {
        it(`accepts ${version}`, () => assert.deepStrictEqual(problemsOf({ apps, istio: helm(version) }), []));
    }

    it("accepts any chart version with gateway-api routing, which installs no gateway chart", () => {
        assert.deepStrictEqual(problemsOf({ apps, istio: helm("1.24.0"), routing: "gateway-api" }), []);
    });

    it("lists the version problem with the others, before any resource is registered", async () => {
        const bad = { ...stackConfig("dev"), istio: helm("1.26.2"), apps: [{ ...apps[0], port: 65535 }] };
        await assert.rejects(runProgram(bad), (e: Error) => {
            assert.strictEqual(e.name, "ConfigError");
            assert.match(e.message, /has 2 problems/);
            assert.match(e.message, /ncp-ingress:istio\.version: 1\.26\.2 cannot be installed/);
            return true;
        });
        assert.deepStrictEqual(mockState.registered, []);
    });

    it(`the program installs the charts at ${DEFAULT_HELM_VERSION} when no version is set`, async () => {
        const run = await runProgram({ ...stackConfig("dev"), istio: helm() });
        assert.deepStrictEqual(
            run.ofType(CHART).map((r) => [r.inputs.chart, r.inputs.version]),
            [
                ["base", DEFAULT_HELM_VERSION],
                ["istiod", DEFAULT_HELM_VERSION],
                ["gateway", DEFAULT_HELM_VERSION],
            ],
        );
    });
});

describe("helm mode: the gateway chart's Service waits as long as configured", () => {
    it("passes pulumi.com/timeoutSeconds = loadBalancer.addressTimeoutSeconds through service.annotations", async () => {
        const run = await runProgram({
            ...stackConfig("dev"),
            istio: helm("1.28.0"),
            loadBalancer: { layerType: "nlb", addressTimeoutSeconds: 1200 },
        });
        const values = run.ofType(CHART).find((r) => r.inputs.chart === "gateway")!.inputs.values;
        assert.strictEqual(values.service.annotations["pulumi.com/timeoutSeconds"], "1200");
        assert.strictEqual(
            values.service.annotations["service.beta.kubernetes.io/ncloud-load-balancer-layer-type"],
            "nlb",
        );
        assert.ok(!("pulumi.com/waitFor" in values.service.annotations), "keeps the provider's own Service await");
    });
});
