// The LB address read as a real run does it: a first preview, later runs, install: none.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as assert from "assert";
import { waitForAnnotations } from "../components/specs/await";
import { SEED_HOSTNAME } from "../scripts/offline/engine";
import { runInline, runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";

const dev = stackConfig("dev");
const READ = "ingress-lb-service";

const modes = [
    { title: "install: operator", config: { ...dev, istio: { install: "operator", version: "1.23.6" } } },
    { title: "install: helm", config: { ...dev, istio: { install: "helm", version: "1.28.0" } } },
    {
        title: "routing: gateway-api (install: helm)",
        config: { ...dev, istio: { install: "helm", version: "1.28.0" }, routing: "gateway-api" },
    },
    {
        title: "routing: gateway-api (install: operator)",
        config: { ...dev, istio: { install: "operator", version: "1.23.6" }, routing: "gateway-api" },
    },
    { title: "install: none", config: { ...dev, istio: { install: "none" } } },
];

for (const mode of modes) {
    describe(`the LB address, ${mode.title}`, () => {
        it("a first preview succeeds, the address unknown and the Service not read", async () => {
            const run = await runProgram(mode.config, { preview: true });
            assert.deepStrictEqual(run.loadBalancerAddress, { known: false, value: undefined });
            assert.strictEqual(run.appUrls.known, false);
            assert.strictEqual(run.named(READ).id, pulumi.runtime.unknownValue);
        });

        it("the first up reads it; a later preview reads it again and knows it", async () => {
            const up = await runProgram(mode.config);
            assert.deepStrictEqual(up.loadBalancerAddress, { known: true, value: SEED_HOSTNAME });
            const preview = await runProgram(mode.config, { preview: true, after: up });
            assert.deepStrictEqual(preview.loadBalancerAddress, { known: true, value: SEED_HOSTNAME });
            assert.strictEqual(preview.named(READ).id, up.named(READ).id);
        });
    });
}

describe("install: none without the gateway Service it expects", () => {
    it("the first preview still succeeds (nothing is read yet)", async () => {
        const run = await runProgram({ ...dev, istio: { install: "none" } }, { preview: true, existing: [] });
        assert.strictEqual(run.loadBalancerAddress.known, false);
    });

    it("up fails at the patch, naming the missing Service", async () => {
        await assert.rejects(runProgram({ ...dev, istio: { install: "none" } }, { existing: [] }), {
            message:
                "kubernetes:core/v1:ServicePatch (ingress-lb-wait): Service istio-system/istio-ingressgateway does not exist, so there is nothing to patch",
        });
    });
});

/** The two steps of LoadBalancerAddress, with the read's ID taken from `id`. */
function waitThenRead(id: (wait: k8s.core.v1.ServicePatch) => pulumi.Input<string>) {
    return () => {
        const wait = new k8s.core.v1.ServicePatch("lb-wait", {
            metadata: {
                name: "istio-ingressgateway",
                namespace: "istio-system",
                annotations: waitForAnnotations("jsonpath={.status.loadBalancer.ingress}", 600),
            },
        });
        const service = k8s.core.v1.Service.get("lb-service", id(wait), { dependsOn: [wait] });
        return { ingress: service.status.loadBalancer.ingress };
    };
}

describe("the mocks answer a first preview as the provider and engine do", () => {
    it("the old read, its ID built from the patch's metadata, fails: the provider echoes it, known", async () => {
        const fromMetadata = waitThenRead(
            (wait) => pulumi.interpolate`${wait.metadata.namespace}/${wait.metadata.name}`,
        );
        await assert.rejects(runInline(fromMetadata, dev, { preview: true }), {
            message:
                "kubernetes:core/v1:Service (lb-service): resource 'istio-system/istio-ingressgateway' does not exist",
        });
    });

    it("the read with the patch's own ID (empty in preview, hence unknown) is skipped", async () => {
        const run = await runInline(
            waitThenRead((wait) => wait.id),
            dev,
            { preview: true },
        );
        assert.strictEqual(run.outputs.ingress.known, false);
    });

    it("in up, with the Service there, both read it", async () => {
        const existing = ["Service istio-system/istio-ingressgateway"];
        const fromMetadata = waitThenRead(
            (wait) => pulumi.interpolate`${wait.metadata.namespace}/${wait.metadata.name}`,
        );
        for (const program of [fromMetadata, waitThenRead((wait) => wait.id)]) {
            const run = await runInline(program, dev, { existing });
            assert.deepStrictEqual(run.outputs.ingress.value, [{ hostname: SEED_HOSTNAME }]);
        }
    });
});
