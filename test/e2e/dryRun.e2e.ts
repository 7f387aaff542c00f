// What preview accepts, the API server accepts: many generated stack configs that the program takes
// (every mode, app kind and option, edges included) are evaluated offline, and every object they
// would create goes through `kubectl apply --server-side --dry-run=server` on the harness, with the
// CRDs that the cluster would have (Istio's of the default release, the IstioOperator CRD the
// program installs, Gateway API v1.2.1). A config the program accepts but the API server or a CRD
// schema refuses fails here, not at a user's `pulumi up`. (Helm charts' own objects are left to
// the helm scenarios and the render test.)
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import * as YAML from "yaml";
import { ISTIO_VERSIONS } from "../../components/config/schema";
import { istioOperatorCrd } from "../../components/specs/operatorInstall";
import { kubeYaml } from "../../scripts/manifests";
import { runProgram } from "../../scripts/offline/run";
import { stackConfigArbitrary } from "../configArbitrary";
import { problemsOf } from "../configHelpers";
import { deleteNamespaces, E2E, harnessEnv, kubectl, show, timing } from "./harness";

const env = harnessEnv();
const CRDS = [
    path.join(env.E2E_ISTIO_CHARTS!, ISTIO_VERSIONS.helm, "base", "files", "crd-all.gen.yaml"),
    env.E2E_GATEWAY_API_CRDS!,
];

/** Not objects: charts, patches of existing objects, manifests fetched by URL, reads. */
const NOT_OBJECTS = /^kubernetes:(helm\.sh\/|yaml\/|kustomize\/)|Patch$/;

/** The objects a config's `pulumi up` would create, as the provider would send them (auto-names filled). */
async function objectsOf(config: Record<string, unknown>): Promise<Record<string, any>[]> {
    const run = await runProgram(config);
    return run.resources
        .filter((r) => r.custom && r.id === undefined && !NOT_OBJECTS.test(r.type) && r.inputs.kind)
        .map((r) => ({
            ...r.inputs,
            // The provider auto-names an object without a name: <logical name>-<random suffix>.
            metadata: { ...r.inputs.metadata, name: r.inputs.metadata?.name ?? `${r.name}-dryrun` },
        }));
}

describe("what preview accepts, the API server accepts (generated configs, server-side dry run)", function () {
    this.timeout(20 * 60 * 1000);
    const file = path.join(E2E, "run", "dry-run.yaml");
    const namespaces = new Set<string>();
    const crdFile = path.join(E2E, "run", "dry-run-crds.yaml");

    before(async () => {
        fs.writeFileSync(crdFile, YAML.stringify(istioOperatorCrd()));
        for (const crds of [...CRDS, crdFile]) {
            const r = await kubectl(["apply", "--server-side", "--field-manager", "e2e-dry-run", "-f", crds]);
            assert.equal(r.code, 0, show(r));
        }
        const r = await kubectl(["wait", "--for=condition=Established", "--timeout=60s", "crd", "--all"]);
        assert.equal(r.code, 0, show(r));
    });

    after(async () => {
        await deleteNamespaces(namespaces);
        for (const crds of [crdFile, ...CRDS]) await kubectl(["delete", "--ignore-not-found", "--wait", "-f", crds]);
    });

    it("every object of every accepted config passes kubectl apply --dry-run=server", async () => {
        const t0 = Date.now();
        let checked = 0;
        await fc.assert(
            fc.asyncProperty(stackConfigArbitrary, async (config) => {
                fc.pre(problemsOf(config).length === 0);
                checked++;
                const objects = await objectsOf(config);
                for (const o of objects) {
                    const ns = o.kind === "Namespace" ? o.metadata.name : o.metadata.namespace;
                    if (ns && !namespaces.has(ns)) {
                        namespaces.add(ns);
                        await kubectl(["create", "namespace", ns]); // dry run creates none; an existing one is fine
                    }
                }
                // As render writes them for kubectl (YAML 1.1: an app named "y" stays a string).
                fs.writeFileSync(file, objects.map(kubeYaml).join("---\n"));
                const r = await kubectl([
                    "apply",
                    "--server-side",
                    "--dry-run=server",
                    "--field-manager",
                    "e2e-dry-run",
                    "-f",
                    file,
                ]);
                assert.equal(r.code, 0, `${JSON.stringify(config)}\n${show(r)}`);
            }),
            { numRuns: 25, seed: 20261202, endOnFailure: true },
        );
        timing(`dry run: ${checked} generated configs`, (Date.now() - t0) / 1000);
        assert.ok(checked >= 20, `only ${checked} generated configs were valid`);
    });
});
