// npm run render in every mode: the program's own objects exactly as registered, in apply phases; the
// Gateway API CRDs listed; the install-none Service patch as a partial Service; kustomization.yaml naming
// it all. Helm charts, helm template and --out: render-helm.spec.ts.
import * as assert from "assert";
import * as path from "path";
import { parse, parseAllDocuments, stringify } from "yaml";
import { kustomization, PHASES, phaseOf, Rendered } from "../scripts/manifests";
import { ADDRESS_PLACEHOLDER } from "../scripts/render";
import { stackConfig } from "../scripts/offline/stack";
import { isKubernetesObject, validateObject } from "./schemas";
import { dev, Obj, renderMode } from "./renderHelpers";

const ROOT = path.join(__dirname, "..");
const MODES: { title: string; config: Record<string, unknown> }[] = [
    { title: "the dev stack (operator)", config: dev },
    { title: "test/fixtures/Pulumi.mixed.yaml", config: stackConfig("mixed", path.join(ROOT, "test", "fixtures")) },
    { title: "examples/Pulumi.helm-istio.yaml", config: stackConfig("helm-istio", path.join(ROOT, "examples")) },
    {
        title: "examples/Pulumi.helm-gateway-api.yaml",
        config: stackConfig("helm-gateway-api", path.join(ROOT, "examples")),
    },
    { title: "helm", config: { ...dev, istio: { install: "helm" } } },
    { title: "none", config: { ...dev, istio: { install: "none" } } },
    { title: "gateway-api", config: { ...dev, istio: { install: "helm" }, routing: "gateway-api" } },
];
const objectsOf = (r: Rendered): Obj[] =>
    // The program's own objects: not the summaries, not the partial Service of install none (a patch).
    r.objects.filter((o) => !o.summary && o.phase !== "3-patches").map((o) => parseAllDocuments(o.yaml)[0].toJS());

describe("offline render", () => {
    for (const { title, config } of MODES) {
        it(`${title}: every object the program registers, as registered, in apply order, named in kustomization.yaml`, async () => {
            const { run, rendered } = await renderMode(config);
            assert.deepStrictEqual(
                objectsOf(rendered).sort((a, b) => stringify(a).localeCompare(stringify(b))),
                run.resources
                    .filter(isKubernetesObject)
                    .map((r) => r.inputs)
                    .sort((a, b) => stringify(a).localeCompare(stringify(b))),
            );
            for (const o of objectsOf(rendered))
                if (o.kind !== "Service" || o.spec?.selector) validateObject(o as never);
            const phases = rendered.objects.map((o) => PHASES.indexOf(o.phase));
            assert.deepStrictEqual(phases, [...phases].sort(), "phases in order");
            const paths = rendered.objects.map((o) => `${o.phase}/${o.file}`);
            assert.strictEqual(new Set(paths).size, paths.length, "one file per object");
            const k = parse(kustomization(rendered));
            assert.deepStrictEqual(k.resources, [
                ...rendered.remote.map((m) => m.url),
                ...paths.filter((_, i) => !rendered.objects[i].summary),
            ]);
            assert.strictEqual(k.helmCharts?.length ?? 0, rendered.charts.length);
        });
    }

    it("puts namespaces and CRDs first, Istio and Gateway API objects after the rest", () => {
        const cases: [string, string, string][] = [
            ["v1", "Namespace", "0-crds"],
            ["apiextensions.k8s.io/v1", "CustomResourceDefinition", "0-crds"],
            ["v1", "ServiceAccount", "1-objects"],
            ["apps/v1", "Deployment", "1-objects"],
            ["rbac.authorization.k8s.io/v1", "ClusterRole", "1-objects"],
            ["admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", "1-objects"],
            ["install.istio.io/v1alpha1", "IstioOperator", "2-routes"],
            ["networking.istio.io/v1", "VirtualService", "2-routes"],
            ["security.istio.io/v1", "AuthorizationPolicy", "2-routes"],
            ["gateway.networking.k8s.io/v1", "HTTPRoute", "2-routes"],
            ["networking.k8s.io/v1", "Ingress", "1-objects"],
        ];
        for (const [apiVersion, kind, phase] of cases) assert.strictEqual(phaseOf({ apiVersion, kind }), phase, kind);
    });

    it("names YAML 1.1 reads as booleans stay strings for kubectl, helm and kustomize (an app named y)", async () => {
        const apps = ["y", "no", "on"].map((name, i) => ({
            name,
            port: 30001 + i,
            backend: { host: `${name}.web.svc.cluster.local`, port: 80 },
        }));
        const { rendered } = await renderMode({ istio: { install: "helm" }, apps });
        const routes = rendered.objects.filter((o) => o.file.startsWith("virtualservice-"));
        // Kubernetes tools decode YAML 1.1 (sigs.k8s.io/yaml), where a plain y/no/on is a boolean.
        const names = routes.map((o) => parse(o.yaml, { version: "1.1" }).metadata.name).sort();
        assert.deepStrictEqual(names, ["no", "on", "y"]);
    });

    it("dev: the routes match the address given", async () => {
        const { rendered } = await renderMode(dev);
        const argocd = rendered.objects.find((o) => o.file === "virtualservice-istio-system-argocd.yaml");
        assert.strictEqual(argocd?.phase, "2-routes");
        assert.strictEqual(parse(argocd.yaml).spec.http[0].match[0].authority.exact, `${ADDRESS_PLACEHOLDER}:30001`);
    });

    it("none: the app ports as a partial Service to apply server-side; no Pulumi wait annotation", async () => {
        const { rendered } = await renderMode({ ...dev, istio: { install: "none" } });
        const patch = rendered.objects.find((o) => o.phase === "3-patches");
        assert.ok(patch, rendered.objects.map((o) => o.file).join(" "));
        assert.strictEqual(patch.file, "service-istio-system-istio-ingressgateway.yaml");
        assert.match(
            patch.yaml,
            /^# A patch of a Service that is not ours: apply it with `kubectl apply --server-side/,
        );
        const svc = parse(patch.yaml);
        assert.deepStrictEqual(Object.keys(svc), ["apiVersion", "kind", "metadata", "spec"]);
        assert.deepStrictEqual(svc.metadata, { name: "istio-ingressgateway", namespace: "istio-system" });
        assert.deepStrictEqual(Object.keys(svc.spec), ["ports"]);
        assert.ok(svc.spec.ports.some((p: Obj) => p.port === 30001 && p.name === "argocd"));
        assert.ok(
            parse(kustomization(rendered)).resources.includes(
                "3-patches/service-istio-system-istio-ingressgateway.yaml",
            ),
            "kustomization.yaml names the patch too",
        );
        const others = await renderMode(dev);
        assert.ok(!others.rendered.objects.some((o) => o.phase === "3-patches"), "the wait alone is no patch");
    });

    it("gateway-api: the CRD manifest listed first (in kustomization.yaml, and as a comment)", async () => {
        const { rendered } = await renderMode({ ...dev, istio: { install: "helm" }, routing: "gateway-api" });
        assert.strictEqual(rendered.remote.length, 1);
        const url = rendered.remote[0].url;
        assert.match(
            url,
            /^https:\/\/github\.com\/kubernetes-sigs\/gateway-api\/releases\/download\/v1\.2\.1\/standard-install\.yaml$/,
        );
        assert.strictEqual(rendered.objects[0].yaml, `# apply first: ${url}\n`);
        assert.strictEqual(parse(kustomization(rendered)).resources[0], url);
    });
});
