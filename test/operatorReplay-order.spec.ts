// The e2e's operator replay (test/e2e/replay/ordering.ts) rendering the capture's objects as the
// operator would for a CR: the gateway's ports in the CR's order, the components in install order,
// and what it prunes. Small inline objects (operatorReplayFixtures.ts): no capture folder (../shared)
// and no cluster needed.
import * as assert from "node:assert/strict";
import { applyOrder, orderLikeCr, toPrune } from "./e2e/replay/ordering";
import { BUILT_IN, capture, obj, port, spec } from "./operatorReplayFixtures";

describe("operator replay: objects as the operator renders them", () => {
    const crSpec = spec([...BUILT_IN, port("nginx", 30002), port("argocd", 30001)]);
    const service = obj("Service", "istio-ingressgateway", "istio-system", "IngressGateways", {
        spec: {
            ports: [...BUILT_IN, port("argocd", 30001), port("nginx", 30002)].map((p) => ({ ...p, protocol: "TCP" })),
        },
    });
    const deployment = obj("Deployment", "istio-ingressgateway", "istio-system", "IngressGateways", {
        spec: {
            template: {
                spec: {
                    containers: [
                        {
                            name: "istio-proxy",
                            ports: [15021, 8080, 30001, 30002, 15090].map((containerPort) => ({ containerPort })),
                        },
                    ],
                },
            },
        },
    });

    it("the gateway Service's and container's ports follow the CR's order; other ports keep their place", () => {
        const [svc, dep, other] = orderLikeCr([service, deployment, obj("Service", "istiod", "istio-system")], crSpec);
        assert.deepEqual(
            (svc as any).spec.ports.map((p: any) => p.name),
            ["status-port", "http2", "nginx", "argocd"],
        );
        assert.deepEqual(
            (dep as any).spec.template.spec.containers[0].ports.map((p: any) => p.containerPort),
            [15021, 8080, 30002, 30001, 15090],
        );
        assert.deepEqual(other, obj("Service", "istiod", "istio-system"));
        assert.deepEqual((service as any).spec.ports[2].name, "argocd", "the capture is not changed");
    });

    it("applies Base, then Pilot, then IngressGateways, keeping the file's order within each", () => {
        const objects = [
            obj("Service", "gw", "ns", "IngressGateways"),
            obj("ClusterRole", "pilot-1", undefined, "Pilot"),
            obj("CustomResourceDefinition", "crd", undefined, "Base"),
            obj("ConfigMap", "pilot-2", "ns", "Pilot"),
        ];
        assert.deepEqual(
            applyOrder(objects).map((o) => o.metadata.name),
            ["crd", "pilot-1", "pilot-2", "gw"],
        );
    });

    it("prunes what is labelled as the CR's and not in the capture, never CRDs", () => {
        const c = capture("dev", [], [obj("Service", "keep", "ns")]);
        assert.deepEqual(
            toPrune(
                [
                    { kind: "Service", namespace: "ns", name: "keep" },
                    { kind: "Service", namespace: "ns", name: "gone" },
                    { kind: "CustomResourceDefinition", namespace: "", name: "x.istio.io" },
                ],
                c,
            ),
            [{ kind: "Service", namespace: "ns", name: "gone" }],
        );
    });
});
