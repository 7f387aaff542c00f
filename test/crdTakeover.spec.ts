// The Istio base chart's CRDs are applied with force, taking over those an earlier install left;
// nothing else is.
import * as assert from "node:assert/strict";
import { takeOverCrds } from "../components/specs/crdTakeover";

const CRD = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";

describe("taking over the CRDs an earlier Istio install left", () => {
    it("forces the server-side apply of a CRD (pulumi.com/patchForce), keeping its other annotations", () => {
        const props = {
            metadata: { name: "gateways.networking.istio.io", annotations: { "helm.sh/resource-policy": "keep" } },
        };
        assert.deepEqual(takeOverCrds({ type: CRD, props, opts: {} }), {
            props: {
                metadata: {
                    name: "gateways.networking.istio.io",
                    annotations: { "helm.sh/resource-policy": "keep", "pulumi.com/patchForce": "true" },
                },
            },
            opts: {},
        });
        assert.deepEqual(takeOverCrds({ type: CRD, props: {}, opts: {} })?.props, {
            metadata: { annotations: { "pulumi.com/patchForce": "true" } },
        });
    });

    for (const type of [
        "kubernetes:core/v1:Service",
        "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
        "kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration",
    ]) {
        it(`leaves ${type.split(":").pop()} alone: conflicts there stay errors`, () => {
            assert.equal(takeOverCrds({ type, props: { metadata: { name: "x" } }, opts: {} }), undefined);
        });
    }
});
