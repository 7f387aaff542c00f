import * as assert from "assert";
import { parseAllDocuments } from "yaml";
import { ADDRESS_PLACEHOLDER, toManifests } from "../scripts/render";
import { runProgram, stackConfig } from "./program";
import { isKubernetesObject, validateObject } from "./schemas";

describe("offline render", () => {
    it("emits exactly the objects the program registers, as YAML that parses back to the same inputs", async () => {
        const run = await runProgram(stackConfig("dev"), { lbIngress: [{ hostname: ADDRESS_PLACEHOLDER }] });
        const rendered = toManifests(run.resources);
        const objects = rendered.map(
            (o) => parseAllDocuments(o.yaml)[0].toJS() as { apiVersion: string; kind: string } & Record<string, any>,
        );
        assert.deepStrictEqual(
            objects,
            run.resources.filter(isKubernetesObject).map((r) => r.inputs),
        );
        for (const o of objects) validateObject(o);
        const files = rendered.map((o) => o.file);
        assert.strictEqual(new Set(files).size, files.length, "one file per object");
        assert.ok(files.includes("virtualservice-istio-system-argocd.yaml"));
        const argocd = objects.find((o) => o.kind === "VirtualService" && o.metadata.name === "argocd");
        assert.ok(argocd);
        assert.strictEqual(argocd.spec.http[0].match[0].authority.exact, `${ADDRESS_PLACEHOLDER}:30001`);
    });

    it("summarises Helm charts with their release, version, repository and values", async () => {
        const run = await runProgram({ ...stackConfig("dev"), istio: { install: "helm", version: "1.28.0" } });
        const gateway = toManifests(run.resources).find(
            (o) => o.file === "helm-istio-system-istio-ingressgateway.yaml",
        );
        assert.ok(gateway);
        assert.match(
            gateway.yaml,
            /^# Helm chart gateway 1\.28\.0, release istio-ingressgateway in istio-system from https:\/\/istio-release\.storage\.googleapis\.com\/charts\n/,
        );
        const values = parseAllDocuments(gateway.yaml)[0].toJS();
        assert.strictEqual(values.service.type, "LoadBalancer");
        assert.strictEqual(values.service.ports.length, 7);
    });
});
