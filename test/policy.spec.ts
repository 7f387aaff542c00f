// The CrossGuard policies, called directly on the resources the program registers.
import * as assert from "assert";
import * as path from "path";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import {
    gatewayPortsUnique,
    loadBalancerIsNlb,
    policies,
    publicAdminAppsRestricted,
    virtualServicesBindExistingGateways,
} from "../policy/policies";
import { Registered } from "../scripts/offline/engine";
import { runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";

const dev = stackConfig("dev");

function asPolicyResources(resources: readonly Registered[]): PolicyResource[] {
    return resources
        .filter((r) => r.custom)
        .map(
            (r) =>
                ({
                    type: r.type,
                    name: r.name,
                    urn: `urn:pulumi:dev::ncp-ingress::${r.type}::${r.name}`,
                    props: r.inputs,
                }) as unknown as PolicyResource,
        );
}

async function violations(policy: StackValidationPolicy, resources: PolicyResource[]): Promise<string[]> {
    const found: string[] = [];
    await policy.validateStack({ resources, stackTags: new Map(), getConfig: () => ({}) } as never, (message) =>
        found.push(message),
    );
    return found;
}

const gateway = (name: string, ports: number[]): PolicyResource =>
    ({
        type: "kubernetes:networking.istio.io/v1beta1:Gateway",
        urn: `urn:${name}`,
        name,
        props: {
            metadata: { name, namespace: "istio-system" },
            spec: {
                selector: { istio: "ingressgateway" },
                servers: ports.map((p) => ({ port: { number: p, name: `p${p}`, protocol: "HTTP" }, hosts: ["*"] })),
            },
        },
    }) as unknown as PolicyResource;

describe("policy pack", () => {
    let dev4: PolicyResource[];
    before(async () => {
        dev4 = asPolicyResources((await runProgram(dev)).resources);
    });

    it("the dev stack passes every mandatory policy", async () => {
        for (const p of policies.filter((p) => p.enforcementLevel === "mandatory")) {
            assert.deepStrictEqual(await violations(p, dev4), [], p.name);
        }
        assert.deepStrictEqual(await violations(loadBalancerIsNlb, dev4), []);
    });

    it("flags the dev stack's public admin UIs (advisory)", async () => {
        assert.deepStrictEqual(await violations(publicAdminAppsRestricted, dev4), [
            "istio-system/argocd routes an admin UI from a public load balancer to anyone; give the app an allow list or make the LB internal",
            "istio-system/grafana routes an admin UI from a public load balancer to anyone; give the app an allow list or make the LB internal",
            "istio-system/kibana routes an admin UI from a public load balancer to anyone; give the app an allow list or make the LB internal",
        ]);
        const internal = asPolicyResources((await runProgram({ ...dev, loadBalancer: { internal: true } })).resources);
        assert.deepStrictEqual(await violations(publicAdminAppsRestricted, internal), []);
        const office = ["203.0.113.0/24"];
        const allowListed = (dev.apps as { name: string }[]).map((a) => ({
            ...a,
            allow: a.name === "nginx" ? undefined : office,
        }));
        const restricted = asPolicyResources((await runProgram({ ...dev, apps: allowListed })).resources);
        assert.deepStrictEqual(await violations(publicAdminAppsRestricted, restricted), []);
    });

    it("refuses a VirtualService bound to a Gateway the stack does not create", async () => {
        const withoutGateway = dev4.filter((r) => !r.type.endsWith(":Gateway"));
        const found = await violations(virtualServicesBindExistingGateways, withoutGateway);
        assert.strictEqual(found.length, 4);
        assert.strictEqual(
            found[0],
            'VirtualService istio-system/argocd binds gateway "istio-system/istio-gateway", which this stack does not create',
        );
    });

    it("refuses two Gateway servers on one port", async () => {
        assert.deepStrictEqual(
            await violations(gatewayPortsUnique, [gateway("a", [30001, 30002]), gateway("b", [30003])]),
            [],
        );
        assert.deepStrictEqual(
            await violations(gatewayPortsUnique, [gateway("a", [30001, 30002]), gateway("b", [30002])]),
            [
                "port 30002: istio-system/b server p30002 and istio-system/a server p30002 both listen on it for the same hosts",
            ],
        );
    });

    it("lets servers share a port for different hosts (the mixed stack's 443), not for overlapping ones", async () => {
        const mixed = asPolicyResources(
            (await runProgram(stackConfig("mixed", path.join(__dirname, "fixtures")))).resources,
        );
        for (const p of policies.filter((p) => p.enforcementLevel === "mandatory")) {
            assert.deepStrictEqual(await violations(p, mixed), [], p.name);
        }
        const hosts = (name: string, list: string[]) => {
            const g = gateway(name, [443]);
            g.props.spec.servers[0].hosts = list;
            return g;
        };
        assert.deepStrictEqual(
            await violations(gatewayPortsUnique, [hosts("a", ["a.example.com"]), hosts("b", ["b.example.com"])]),
            [],
        );
        assert.deepStrictEqual(
            await violations(gatewayPortsUnique, [hosts("a", ["a.example.com"]), hosts("b", ["*"])]),
            [
                "port 443: istio-system/b server p443 and istio-system/a server p443 both listen on it for the same hosts",
            ],
        );
    });

    it("flags an nplb load balancer, in operator and Gateway API modes", async () => {
        const nplb = asPolicyResources((await runProgram({ ...dev, loadBalancer: { layerType: "nplb" } })).resources);
        assert.deepStrictEqual(await violations(loadBalancerIsNlb, nplb), [
            'IstioOperator istio-system/istio gateway istio-ingressgateway: service.beta.kubernetes.io/ncloud-load-balancer-layer-type is "nplb", not "nlb"',
        ]);
        const api = asPolicyResources(
            (
                await runProgram({
                    ...dev,
                    routing: "gateway-api",
                    istio: { install: "helm", version: "1.28.0" },
                    loadBalancer: { layerType: "nplb" },
                })
            ).resources,
        );
        assert.deepStrictEqual(await violations(loadBalancerIsNlb, api), [
            'Gateway istio-system/istio-gateway: service.beta.kubernetes.io/ncloud-load-balancer-layer-type is "nplb", not "nlb"',
        ]);
    });
});
