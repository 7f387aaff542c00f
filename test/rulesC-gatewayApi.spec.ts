// Gateway API limits of the v1.2.1 CRDs: spec.infrastructure.annotations (at most 8, keys and values
// as the CEL rules say), releases before v1.2.0 (no infrastructure field), HTTPRoute hostnames (at
// most 16, no IPs), ReferenceGrant `to` (at most 16 entries).
import * as assert from "assert";
import { referenceGrants } from "../components/specs/gatewayApi";
import { problemsOf } from "./configHelpers";
import { runProgram } from "../scripts/offline/run";

const viaGatewayApi = { routing: "gateway-api", istio: { install: "helm", version: "1.28.0" } };
const backend = { host: "web.apps.svc.cluster.local", port: 80 };
const web = { name: "web", port: 30001, backend };

describe("Gateway API: spec.infrastructure.annotations", () => {
    const p = "service.beta.kubernetes.io/ncloud-load-balancer-";
    it("refuses more than 8, listing them", () => {
        const loadBalancer = {
            size: "DYNAMIC",
            subnetId: "452772",
            description: "shared",
            annotations: { "example.com/a": "1", "example.com/b": "2", "example.com/c": "3", "example.com/d": "4" },
        };
        assert.deepStrictEqual(problemsOf({ ...viaGatewayApi, apps: [web], loadBalancer }), [
            `ncp-ingress:loadBalancer: becomes 9 annotations in the Gateway's spec.infrastructure.annotations ` +
                `(${p}layer-type, ${p}internal, ${p}size, ${p}subnet-id, ${p}description, example.com/a, example.com/b, example.com/c, example.com/d), ` +
                'but Gateway API allows at most 8 there; set fewer options or annotations, or use routing "istio"',
        ]);
        const eight = {
            ...loadBalancer,
            annotations: { "example.com/a": "1", "example.com/b": "2", "example.com/c": "3" },
        };
        assert.deepStrictEqual(problemsOf({ ...viaGatewayApi, apps: [web], loadBalancer: eight }), []);
        assert.deepStrictEqual(
            problemsOf({ apps: [web], loadBalancer }),
            [],
            "routing istio: a Service takes them all",
        );
    });
    it("refuses keys and values its CEL rules refuse: upper case in the prefix, a 253-character prefix, over 4096 characters", () => {
        const long = "v".repeat(4097);
        const prefix = `${"p".repeat(249)}.com`;
        const loadBalancer = {
            annotations: { "Example.com/team": "x", [`${prefix}/a`]: "x", "example.com/long": long },
        };
        const cel =
            "is not a Gateway API infrastructure annotation key: an optional lower-case DNS subdomain prefix shorter than 253 characters, " +
            "then a name of at most 63 characters";
        assert.deepStrictEqual(problemsOf({ ...viaGatewayApi, apps: [web], loadBalancer }), [
            `ncp-ingress:loadBalancer.annotations["Example.com/team"]: ${cel}`,
            `ncp-ingress:loadBalancer.annotations["${prefix}/a"]: ${cel}`,
            'ncp-ingress:loadBalancer.annotations["example.com/long"]: is 4097 characters long; Gateway API infrastructure annotation values take at most 4096',
        ]);
        assert.deepStrictEqual(problemsOf({ apps: [web], loadBalancer }), [], "routing istio: Kubernetes' own rules");
    });
});

describe("Gateway API: gatewayApiCrds releases", () => {
    for (const release of ["v1.0.0", "v1.1.1", "v0.8.1"]) {
        it(`refuses ${release}, whose standard channel has no spec.infrastructure`, () => {
            assert.deepStrictEqual(problemsOf({ ...viaGatewayApi, apps: [web], gatewayApiCrds: release }), [
                `ncp-ingress:gatewayApiCrds: "${release}" is older than v1.2.0, the first release whose standard channel has the Gateway's ` +
                    "spec.infrastructure: the API server would prune it, the Service Istio provisions would lose its NCP annotations, " +
                    "and NCP would build a default public LB; use v1.2.0 or later",
            ]);
        });
    }
    it("accepts v1.2.0 and later, URLs and installed", () => {
        for (const gatewayApiCrds of [
            "v1.2.0",
            "v1.2.1",
            "v1.3.0",
            "v2.0.0",
            "installed",
            "https://mirror.example/x.yaml",
        ]) {
            assert.deepStrictEqual(problemsOf({ ...viaGatewayApi, apps: [web], gatewayApiCrds }), [], gatewayApiCrds);
        }
    });
});

describe("Gateway API: HTTPRoute hostnames", () => {
    it("refuses more than 16 on one app", () => {
        const hosts = Array.from({ length: 17 }, (_, i) => `h${i}.example.com`);
        assert.deepStrictEqual(problemsOf({ ...viaGatewayApi, apps: [{ name: "a", hosts, backend }] }), [
            'ncp-ingress:apps (a) hosts: 17 host names, but an HTTPRoute takes at most 16; split them over several apps, or use routing "istio"',
        ]);
        assert.deepStrictEqual(
            problemsOf({ apps: [{ name: "a", hosts, backend }] }),
            [],
            "routing istio: no such limit",
        );
    });
    it("refuses IP addresses", () => {
        const apps = [{ name: "a", hosts: ["a.example.com", "203.0.113.5"], backend }];
        assert.deepStrictEqual(problemsOf({ ...viaGatewayApi, apps }), [
            'ncp-ingress:apps (a) hosts: "203.0.113.5" is an IP address; Gateway API hostnames cannot be IPs: use a DNS name, or routing "istio"',
        ]);
        assert.deepStrictEqual(problemsOf({ apps }), [], "routing istio: a Gateway server may name an IP");
    });
});

describe("Gateway API: ReferenceGrants", () => {
    it("one per backend namespace and 16 Services, each Service once", () => {
        const refs = [
            ...Array.from({ length: 17 }, (_, i) => ({ name: `svc-${i}`, namespace: "apps" })),
            { name: "svc-0", namespace: "apps" },
            { name: "db", namespace: "data" },
            { name: "local", namespace: "istio-system" },
        ];
        assert.deepStrictEqual(referenceGrants("istio-gateway", "istio-system", refs), [
            {
                namespace: "apps",
                name: "istio-gateway-routes",
                suffix: "",
                services: Array.from({ length: 16 }, (_, i) => `svc-${i}`),
            },
            { namespace: "apps", name: "istio-gateway-routes-2", suffix: "-2", services: ["svc-16"] },
            { namespace: "data", name: "istio-gateway-routes", suffix: "", services: ["db"] },
        ]);
    });

    it("the program registers them so", async () => {
        const apps = [
            ...Array.from({ length: 17 }, (_, i) => ({
                name: `app-${i}`,
                port: 30000 + i,
                backend: { host: `svc-${i}.apps.svc.cluster.local`, port: 80 },
            })),
            { name: "again", port: 30100, backend: { host: "svc-0.apps", port: 8080 } },
        ];
        const run = await runProgram({ ...viaGatewayApi, apps });
        const grants = run.ofType("kubernetes:gateway.networking.k8s.io/v1beta1:ReferenceGrant");
        assert.deepStrictEqual(grants.map((g) => [g.name, g.inputs.metadata.name, g.inputs.spec.to.length]).sort(), [
            ["apps-grant-apps", "istio-gateway-routes", 16],
            ["apps-grant-apps-2", "istio-gateway-routes-2", 1],
        ]);
        const names = grants.flatMap((g) => g.inputs.spec.to.map((t: { name: string }) => t.name));
        assert.strictEqual(new Set(names).size, names.length, "no Service twice");
    });
});
