// npm run render's Helm charts: summarised with their values and listed for kustomize, or rendered by a
// renderer (helm template in the e2e run) with its arguments, the helm command found on PATH; --out's
// files and a missing --helm (every mode's objects: render-modes.spec.ts).
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { findCommand, helmTemplateArgs } from "../scripts/helmTemplate";
import { ChartRef, kustomization } from "../scripts/manifests";
import { render } from "../scripts/render";
import { Io } from "../scripts/cli";
import { dev, Obj, renderMode } from "./renderHelpers";

function capture(): Io & { stderr: string } {
    const io = { stderr: "", out: () => undefined, err: (t: string) => void (io.stderr += `${t}\n`) };
    return io;
}

describe("offline render", () => {
    it("helm without helm: each chart summarised with its values, and listed as kustomize helmCharts", async () => {
        const config = { ...dev, istio: { install: "helm", version: "1.28.0" } };
        const { rendered } = await renderMode(config);
        const gateway = rendered.objects.find((o) => o.file === "helm-istio-system-istio-ingressgateway.yaml");
        assert.ok(gateway);
        assert.match(
            gateway.yaml,
            /^# Helm chart gateway 1\.28\.0, release istio-ingressgateway in istio-system from https:\/\/istio-release\.storage\.googleapis\.com\/charts\n/,
        );
        const values = parse(gateway.yaml);
        assert.strictEqual(values.service.type, "LoadBalancer");
        assert.strictEqual(values.service.ports.length, 7);
        const k = parse(kustomization(rendered));
        assert.deepStrictEqual(
            k.helmCharts.map((c: Obj) => [c.name, c.repo, c.version, c.releaseName, c.namespace, c.includeCRDs]),
            ["base", "istiod", "gateway"].map((chart) => [
                chart,
                "https://istio-release.storage.googleapis.com/charts",
                "1.28.0",
                chart === "gateway" ? "istio-ingressgateway" : chart,
                "istio-system",
                true,
            ]),
        );
        assert.deepStrictEqual(k.helmCharts[2].valuesInline, values);
        assert.strictEqual(
            parse(kustomization({ ...rendered, chartsRendered: true })).helmCharts,
            undefined,
            "rendered charts are files",
        );
    });

    it("helm from an oci:// registry: kustomize gets the registry as repo, helm the whole reference", async () => {
        const config = { ...dev, istio: { install: "helm", chartRepository: "oci://registry.example/istio" } };
        const { rendered } = await renderMode(config);
        const base = parse(kustomization(rendered)).helmCharts[0];
        assert.deepStrictEqual([base.name, base.repo], ["base", "oci://registry.example/istio"]);
        assert.deepStrictEqual(helmTemplateArgs(rendered.charts[0], "v.yaml").slice(0, 4), [
            "template",
            "base",
            "oci://registry.example/istio/base",
            "--version",
        ]);
    });

    it("helm with a renderer: each chart's objects placed by kind, the renderer given release, version and values", async () => {
        const seen: ChartRef[] = [];
        const renderChart = (c: ChartRef) => {
            seen.push(c);
            const crd = {
                apiVersion: "apiextensions.k8s.io/v1",
                kind: "CustomResourceDefinition",
                metadata: { name: `${c.release}.example.io` },
            };
            const deploy = {
                apiVersion: "apps/v1",
                kind: "Deployment",
                metadata: { name: c.release, namespace: c.namespace },
            };
            return `---\n# Source: x\n${stringify(crd)}---\n${stringify(deploy)}---\n`;
        };
        const config = { ...dev, istio: { install: "helm", version: "1.28.0" } };
        const { rendered } = await renderMode(config, renderChart);
        assert.deepStrictEqual(
            seen.map((c) => [c.release, c.chart, c.version, c.namespace]),
            [
                ["base", "base", "1.28.0", "istio-system"],
                ["istiod", "istiod", "1.28.0", "istio-system"],
                ["istio-ingressgateway", "gateway", "1.28.0", "istio-system"],
            ],
        );
        const files = rendered.objects.map((o) => `${o.phase}/${o.file}`);
        assert.ok(files.includes("0-crds/customresourcedefinition-base.example.io.yaml"), files.join(" "));
        assert.ok(files.includes("1-objects/deployment-istio-system-istio-ingressgateway.yaml"), files.join(" "));
        assert.ok(!files.some((f) => f.includes("/helm-")), "no summaries once rendered");
    });

    it("helmTemplateArgs: the chart, repository, version, namespace, CRDs and values file", () => {
        const chart = {
            release: "istiod",
            chart: "istiod",
            repo: "https://r.example/charts",
            version: "1.28.0",
            namespace: "istio-system",
            values: {},
        };
        assert.deepStrictEqual(helmTemplateArgs(chart, "/tmp/v.yaml"), [
            "template",
            "istiod",
            "istiod",
            "--repo",
            "https://r.example/charts",
            "--version",
            "1.28.0",
            "--namespace",
            "istio-system",
            "--include-crds",
            "--values",
            "/tmp/v.yaml",
        ]);
    });

    it("findCommand: an executable on PATH or a path; nothing for a missing one", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "render-path-"));
        try {
            fs.writeFileSync(path.join(dir, "helm"), "#!/bin/sh\n", { mode: 0o755 });
            fs.writeFileSync(path.join(dir, "notexec"), "", { mode: 0o644 });
            assert.strictEqual(findCommand("helm", { PATH: `/nonexistent:${dir}` }), path.join(dir, "helm"));
            assert.strictEqual(findCommand(path.join(dir, "helm"), { PATH: "" }), path.join(dir, "helm"));
            assert.strictEqual(findCommand("notexec", { PATH: dir }), undefined);
            assert.strictEqual(findCommand("helm", { PATH: "/nonexistent" }), undefined);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("--out: a directory per phase (stale files removed) and kustomization.yaml; a missing --helm refused", async () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "render-out-"));
        try {
            fs.mkdirSync(path.join(out, "2-routes"));
            fs.writeFileSync(path.join(out, "2-routes", "virtualservice-istio-system-removed.yaml"), "stale");
            const io = capture();
            assert.strictEqual(await render(["--out", out, "--helm", "none"], io), 0);
            assert.ok(!fs.existsSync(path.join(out, "2-routes", "virtualservice-istio-system-removed.yaml")));
            const k = parse(fs.readFileSync(path.join(out, "kustomization.yaml"), "utf8"));
            for (const file of k.resources) assert.ok(fs.existsSync(path.join(out, file)), file);
            assert.ok(k.resources.includes("2-routes/virtualservice-istio-system-argocd.yaml"));
            assert.match(io.stderr, /^render: wrote \d+ files and kustomization\.yaml to /);
            await assert.rejects(render(["--helm", "/nonexistent/helm"], capture()), {
                message: 'render: --helm "/nonexistent/helm": no such executable',
            });
        } finally {
            fs.rmSync(out, { recursive: true, force: true });
        }
    });
});
