// The seed's routing guarantees hold in every install mode (routing: istio); helm and none specifics.
// Gateway API routing: modes-gatewayApi.spec.ts.
import * as assert from "assert";
import { SEED_HOSTNAME } from "../scripts/offline/engine";
import { Run, runProgram } from "../scripts/offline/run";
import { validateAll, validateObject } from "./schemas";
import { seed } from "./seed";
import { CHART, dev, seedGateway, VS } from "./modesHelpers";

const byPort = (a: { port: number }, b: { port: number }) => a.port - b.port;

const modes = [
    { install: "operator", istio: { install: "operator", version: "1.23.6" }, objects: 13 },
    { install: "helm", istio: { install: "helm", version: "1.28.0" }, objects: 6 },
    { install: "none", istio: { install: "none" }, objects: 5 },
];

for (const mode of modes) {
    describe(`install: ${mode.install}, routing: istio`, () => {
        let run: Run;
        before(async () => {
            run = await runProgram({ ...dev, istio: mode.istio });
        });

        it("the seed's Gateway servers and its four routes with its exact authority strings", () => {
            const servers = run.named("apps-gateway").inputs.spec.servers;
            const n = (s: { port: { number: number } }[]) => [...s].sort((a, b) => a.port.number - b.port.number);
            assert.deepStrictEqual(n(servers), n(seed.gateway.spec.servers));
            const routes = run
                .ofType(VS)
                .map((r) => ({ match: r.inputs.spec.http[0].match, route: r.inputs.spec.http[0].route }));
            const key = (r: { match: { port: number }[] }) => r.match[0].port;
            assert.deepStrictEqual(
                routes.sort((a, b) => key(a) - key(b)),
                [...seed.virtualService.spec.http].sort((a, b) => key(a) - key(b)),
            );
        });

        it("reads the address from the gateway Service and exports it", () => {
            assert.strictEqual(run.named("ingress-lb-service").id, "istio-system/istio-ingressgateway");
            assert.deepStrictEqual(run.loadBalancerAddress, { known: true, value: SEED_HOSTNAME });
            assert.strictEqual(run.appUrls.value?.kibana, `http://${SEED_HOSTNAME}:30003`);
        });

        it("every emitted object validates", () => {
            assert.strictEqual(validateAll(run.resources), mode.objects);
        });

        it("preview: every VirtualService, address unknown, no error", async () => {
            const preview = await runProgram({ ...dev, istio: mode.istio }, { preview: true });
            assert.strictEqual(preview.ofType(VS).length, 4);
            assert.strictEqual(preview.loadBalancerAddress.known, false);
        });
    });
}

describe("install: helm", () => {
    let run: Run;
    before(async () => {
        run = await runProgram({ ...dev, istio: { install: "helm", version: "1.28.0" } });
    });

    it("installs base, istiod and gateway charts of istio.version from Istio's repository", () => {
        const charts = run.ofType(CHART).map((r) => ({ ...r.inputs, values: undefined }));
        const common = {
            namespace: "istio-system",
            version: "1.28.0",
            repositoryOpts: { repo: "https://istio-release.storage.googleapis.com/charts" },
            values: undefined,
        };
        assert.deepStrictEqual(charts, [
            { chart: "base", name: "base", ...common },
            { chart: "istiod", name: "istiod", ...common },
            { chart: "gateway", name: "istio-ingressgateway", ...common },
        ]);
    });

    it("gateway values: LoadBalancer, the seed's annotations and the wait, 15021/80/443 on the chart's own targets, one port per app", () => {
        const values = run.ofType(CHART).find((r) => r.inputs.chart === "gateway")!.inputs.values;
        assert.deepStrictEqual(values.labels, { istio: "ingressgateway" });
        assert.strictEqual(values.service.type, "LoadBalancer");
        assert.deepStrictEqual(values.service.annotations, {
            ...seedGateway.serviceAnnotations,
            "pulumi.com/timeoutSeconds": "600",
        });
        const apps = seedGateway.service.ports.filter((p: { port: number }) => p.port > 443);
        const expected = [
            { name: "status-port", port: 15021, targetPort: 15021 },
            { name: "http2", port: 80, targetPort: 80 },
            { name: "https", port: 443, targetPort: 443 },
            ...apps,
        ].map((p) => ({ ...p, protocol: "TCP" }));
        assert.deepStrictEqual([...values.service.ports].sort(byPort), expected.sort(byPort));
        validateObject({ apiVersion: "v1", kind: "Service", metadata: { name: "gw" }, spec: values.service });
    });

    it("takes charts from an OCI registry when the repository is oci://", async () => {
        const oci = await runProgram({
            ...dev,
            istio: { install: "helm", version: "1.28.0", chartRepository: "oci://registry.example/istio/" },
        });
        const charts = oci.ofType(CHART).map((r) => [r.inputs.chart, r.inputs.repositoryOpts]);
        assert.deepStrictEqual(charts, [
            ["oci://registry.example/istio/base", undefined],
            ["oci://registry.example/istio/istiod", undefined],
            ["oci://registry.example/istio/gateway", undefined],
        ]);
    });

    it("creates no operator resources", () => {
        assert.deepStrictEqual(
            run.resources.filter((r) => r.name.includes("operator")),
            [],
        );
    });
});

describe("install: none", () => {
    it("creates nothing of Istio; adds the app ports to the existing gateway Service", async () => {
        const run = await runProgram({
            ...dev,
            istio: { install: "none", gatewayService: "my-gateway", namespace: "mesh" },
        });
        const ours = (r: { name: string }) => r.name.startsWith("apps-") || r.name.startsWith("ingress-lb-");
        assert.deepStrictEqual(
            run.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && !ours(r)),
            [],
        );
        const patch = run.named("ingress-lb-wait").inputs;
        assert.deepStrictEqual([patch.metadata.namespace, patch.metadata.name], ["mesh", "my-gateway"]);
        assert.deepStrictEqual(patch.spec.ports, [
            { port: 15021, protocol: "TCP" },
            { port: 80, protocol: "TCP" },
            { port: 443, protocol: "TCP" },
            { name: "argocd", port: 30001, targetPort: 30001, protocol: "TCP" },
            { name: "grafana", port: 30004, targetPort: 30004, protocol: "TCP" },
            { name: "kibana", port: 30003, targetPort: 30003, protocol: "TCP" },
            { name: "nginx", port: 30002, targetPort: 30002, protocol: "TCP" },
        ]);
        assert.strictEqual(run.named("ingress-lb-service").id, "mesh/my-gateway");
    });
});
