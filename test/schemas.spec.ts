// The validators of test/schemas.ts refuse what the API server would. With the models these tests
// used before (@kubernetes-models/istio 2: Istio 1.18 CRDs; @kubernetes-models/gateway-api 0.5:
// Gateway API v1.0, unknown fields allowed) every refusal below but two (the ninth infrastructure
// annotation, the ReferenceGrant without spec.to) passed, and the v1 Istio APIs had no schema.
import * as assert from "assert";
import { gatewayApiGatewaySpec, httpRouteSpec, referenceGrantSpec } from "../components/specs/gatewayApi";
import { istioGatewaySpec, virtualServiceSpec } from "../components/specs/istioRouting";
import { validateObject } from "./schemas";

type K8sObject = { apiVersion: string; kind: string } & Record<string, unknown>;

const app = {
    name: "argocd",
    port: 30001,
    protocol: "HTTP" as const,
    hosts: [],
    allow: [],
    backend: { host: "argocd-server.argocd.svc.cluster.local", port: 80 },
};
const metadata = { name: "argocd", namespace: "istio-system" };
const gatewayApi = (kind: string, spec: object, version = "v1"): K8sObject => ({
    apiVersion: `gateway.networking.k8s.io/${version}`,
    kind,
    metadata,
    spec,
});
const gateway = () => gatewayApi("Gateway", gatewayApiGatewaySpec([app], { "example.com/team": "platform" }));
const route = () =>
    gatewayApi(
        "HTTPRoute",
        httpRouteSpec(
            ["argocd"],
            { name: "ncp-ingress", namespace: "istio-system" },
            {
                name: "argocd-server",
                namespace: "argocd",
                port: 80,
            },
        ),
    );
const grant = () => gatewayApi("ReferenceGrant", referenceGrantSpec("istio-system", ["argocd-server"]), "v1beta1");
const istio = (kind: string, spec: object, group = "networking", version = "v1beta1"): K8sObject => ({
    apiVersion: `${group}.istio.io/${version}`,
    kind,
    metadata,
    spec,
});
const istioGateway = () => istio("Gateway", istioGatewaySpec([app]));
const virtualService = () => istio("VirtualService", virtualServiceSpec(app, "ncp-ingress", "lb.example:30001"));

/** `obj` after `edit`, on a deep copy. */
function edited(obj: K8sObject, edit: (o: Record<string, any>) => void): K8sObject {
    const copy = structuredClone(obj);
    edit(copy);
    return copy;
}

describe("schema validation", () => {
    it("accepts the builders' Gateway, HTTPRoute, ReferenceGrant, Istio Gateway and VirtualService", () => {
        for (const o of [gateway(), route(), grant(), istioGateway(), virtualService()]) validateObject(o);
    });

    describe("Gateway API: the fields of the v1.2.1 CRDs and nothing else", () => {
        const refusals: [string, () => K8sObject, RegExp][] = [
            [
                "an unknown field in an HTTPRoute rule (timeout for timeouts)",
                () => edited(route(), (o) => (o.spec.rules[0].timeout = { request: "10s" })),
                /\/spec\/rules\/0 must NOT have additional properties: timeout/,
            ],
            [
                "an HTTPRoute rule name (not in v1.2.1's standard channel; the v1.5 model allows it)",
                () => edited(route(), (o) => (o.spec.rules[0].name = "web")),
                /\/spec\/rules\/0 must NOT have additional properties: name/,
            ],
            [
                "a misspelt parentRef field",
                () => edited(route(), (o) => (o.spec.parentRefs[0].section = "argocd")),
                /\/spec\/parentRefs\/0 must NOT have additional properties: section/,
            ],
            [
                "an unknown top-level field of a Gateway listener",
                () => edited(gateway(), (o) => (o.spec.listeners[0].targetPort = 30001)),
                /\/spec\/listeners\/0 must NOT have additional properties: targetPort/,
            ],
            [
                "more than 8 spec.infrastructure.annotations",
                () =>
                    edited(gateway(), (o) => {
                        for (let i = 0; i < 9; i++) o.spec.infrastructure.annotations[`example.com/a${i}`] = "x";
                    }),
                /\/spec\/infrastructure\/annotations must NOT have more than 8 properties/,
            ],
            [
                "a status written by us",
                () => edited(route(), (o) => (o.status = { parents: [] })),
                /must NOT have additional properties: status/,
            ],
            [
                "a ReferenceGrant without spec.to",
                () => edited(grant(), (o) => delete o.spec.to),
                /\/spec must have required property '?to'?/,
            ],
            [
                "a Gateway API kind the v1.2.1 standard CRDs do not have",
                () => gatewayApi("TCPRoute", { rules: [{ backendRefs: [{ name: "db", port: 5432 }] }] }, "v1alpha2"),
                /no Gateway API v1\.2\.1 schema for gateway\.networking\.k8s\.io\/v1alpha2 TCPRoute/,
            ],
        ];
        for (const [what, obj, message] of refusals)
            it(`refuses ${what}`, () => assert.throws(() => validateObject(obj()), message));
    });

    describe("Istio: the 1.29 CRDs' required fields", () => {
        const refusals: [string, () => K8sObject, RegExp][] = [
            [
                "a Gateway server without a port",
                () => edited(istioGateway(), (o) => delete o.spec.servers[0].port),
                /servers\/0 must have required property '?port'?/,
            ],
            [
                "a VirtualService route destination without a host",
                () => edited(virtualService(), (o) => delete o.spec.http[0].route[0].destination.host),
                /destination must have required property '?host'?/,
            ],
            [
                "a port number over 2^32-1",
                () => edited(virtualService(), (o) => (o.spec.http[0].route[0].destination.port.number = 2 ** 32)),
                /port\/number must be <= 4294967295/,
            ],
        ];
        for (const [what, obj, message] of refusals)
            it(`refuses ${what}`, () => assert.throws(() => validateObject(obj()), message));

        it("knows the v1 APIs of Istio >= 1.22", () => {
            validateObject({ ...virtualService(), apiVersion: "networking.istio.io/v1" });
            validateObject({ ...istioGateway(), apiVersion: "networking.istio.io/v1" });
        });
    });

    it("refuses an object whose kind has no schema", () => {
        assert.throws(() => validateObject({ apiVersion: "v1", kind: "NoSuchKind" }), /no schema for v1 NoSuchKind/);
    });
});
