// npm run render's output meets the real tools a GitOps user would give it: the helm CLI renders the
// charts (`--helm`), kubectl applies the phase directories server-side, kustomize --enable-helm renders
// kustomization.yaml's charts, and the install-none patch merges into an existing Service.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { helmRenderer } from "../../scripts/helmTemplate";
import { PHASES, toManifests } from "../../scripts/manifests";
import { runProgram } from "../../scripts/offline/run";
import { writeDirectory } from "../../scripts/render";
import {
    deleteNamespaces,
    E2E,
    existingGatewayService,
    harnessEnv,
    kubectl,
    kubectlGet,
    Result,
    show,
} from "./harness";

const env = harnessEnv();
const versions = JSON.parse(fs.readFileSync(path.join(__dirname, "versions.json"), "utf8"));
const HELM = path.join(process.env.E2E_BIN ?? path.join(E2E, "bin"), `helm-${versions.go.helm.version}`, "helm");
const APPS = [
    { name: "argocd", port: 30001, backend: { host: "argocd-server.argocd.svc.cluster.local", port: 80 } },
    { name: "grafana", port: 30004, backend: { host: "grafana.monitoring.svc.cluster.local", port: 80 } },
];
const ADDRESS = "render-test.kr.lb.naverncp.com";

function ok(r: Result, what: string): Result {
    assert.equal(r.code, 0, `${what} failed: ${show(r)}`);
    return r;
}

/** render --out <dir> [--helm HELM | --helm none] for a config, as the CLI does it. */
async function renderTo(config: Record<string, unknown>, withHelm: boolean): Promise<string> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "render-e2e-"));
    const result = await runProgram(config, { lbIngress: [{ hostname: ADDRESS }] });
    writeDirectory(dir, toManifests(result.resources, withHelm ? helmRenderer(HELM) : undefined));
    return dir;
}

/** kind/namespace/name of each object in a multi-document YAML text. */
function ids(yaml: string): string[] {
    return parseAllDocuments(yaml)
        .map((d) => d.toJS())
        .filter((o) => o?.kind)
        .map((o) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`)
        .sort();
}

describe("render: kubectl, helm and kustomize take what npm run render writes", function () {
    this.timeout(10 * 60 * 1000);
    const helmConfig = {
        istio: { install: "helm", chartRepository: env.E2E_CHART_REPO },
        apps: APPS,
    };
    let rendered: string;

    after(async () => {
        // Everything the applies created, cluster-scoped objects and Istio's CRDs (0-crds/) included.
        // Phase by phase, last first: a custom resource deleted in the same command as its CRD keeps
        // kubectl waiting for minutes.
        for (const phase of [...PHASES].reverse())
            if (rendered) await kubectl(["delete", "--ignore-not-found", "-f", path.join(rendered, phase)]);
        await deleteNamespaces(["render-none"]);
    });

    it("helm mode, charts rendered by helm: 0-crds applied first, then the whole tree creates every object", async () => {
        rendered = await renderTo(helmConfig, true);
        const crds = fs.readdirSync(path.join(rendered, "0-crds"));
        assert.ok(crds.filter((f) => f.startsWith("customresourcedefinition-")).length > 10, crds.join(" "));
        // As docs/render.md says: the CRDs with --force-conflicts, taking over those an earlier install left.
        ok(
            await kubectl(["apply", "--server-side", "--force-conflicts", "-f", path.join(rendered, "0-crds")]),
            "apply 0-crds",
        );
        ok(
            await kubectl(["wait", "--for", "condition=established", "--timeout", "60s", "crd", "--all"]),
            "CRDs established",
        );
        // The phase directories, as docs/render.md says: not -R -f rendered/, which takes kustomization.yaml for an object.
        const phases = PHASES.flatMap((phase) => ["-f", path.join(rendered, phase)]);
        ok(await kubectl(["apply", "--server-side", "--field-manager", "ncp-ingress", ...phases]), "apply the phases");
        const listed = ok(await kubectl(["get", ...phases, "-o", "name"]), "get every object");
        const files = fs.readdirSync(rendered, { recursive: true }).filter((f) => String(f).endsWith(".yaml"));
        assert.equal(listed.stdout.trim().split("\n").length, files.length - 1, "one object per file"); // kustomization.yaml
        const vs = await kubectlGet("virtualservices.networking.istio.io", "argocd", "istio-system");
        assert.equal(vs.spec.http[0].match[0].authority.exact, `${ADDRESS}:30001`);
        const svc = await kubectlGet("service", "istio-ingressgateway", "istio-system");
        assert.ok(
            svc.spec.ports.some((p: { port: number }) => p.port === 30004),
            "the app port is on the Service",
        );
        assert.equal(svc.metadata.annotations["service.beta.kubernetes.io/ncloud-load-balancer-layer-type"], "nlb");
    });

    it("helm mode without helm: kustomize --enable-helm renders the same objects from kustomization.yaml", async () => {
        const dir = await renderTo(helmConfig, false);
        try {
            const built = ok(
                await kubectl(["kustomize", "--enable-helm", "--helm-command", HELM, dir]),
                "kubectl kustomize --enable-helm",
            );
            const fromFiles = fs
                .readdirSync(rendered, { recursive: true })
                .filter((f) => /^\d-.*\.yaml$/.test(String(f)))
                .flatMap((f) => ids(fs.readFileSync(path.join(rendered, String(f)), "utf8")));
            assert.deepEqual(ids(built.stdout), fromFiles.sort());
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("install none: the partial Service, applied server-side, adds the app ports to a Service that is not ours", async () => {
        const ns = "render-none";
        ok(await kubectl(["create", "namespace", ns]), "namespace");
        const existing = existingGatewayService(ns);
        ok(await kubectl(["apply", "--server-side", "--field-manager", "istioctl"], existing), "existing Service");
        const dir = await renderTo({ istio: { install: "none", namespace: ns }, apps: APPS }, false);
        try {
            const patches = path.join(dir, "3-patches");
            assert.deepEqual(fs.readdirSync(patches), ["service-render-none-istio-ingressgateway.yaml"]);
            ok(
                await kubectl(["apply", "--server-side", "--field-manager", "ncp-ingress", "-f", patches]),
                "apply the patch",
            );
            const svc = await kubectlGet("service", "istio-ingressgateway", ns);
            assert.deepEqual(
                svc.spec.ports.map((p: { port: number }) => p.port).sort((a: number, b: number) => a - b),
                [80, 443, 15021, 30001, 30004],
            );
            assert.deepEqual(svc.spec.selector, { istio: "ingressgateway" });
            assert.equal(svc.spec.type, "LoadBalancer");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
