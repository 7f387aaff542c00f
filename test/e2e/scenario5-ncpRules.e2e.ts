// NCP's rules through the LB stand-in (test/e2e/ncpRules.ts): a Service whose annotations NCP's
// documented rules refuse (an nlb with PROXY protocol) gets no address and a Warning Event naming
// the annotation, while a good one gets its address.
import * as assert from "node:assert/strict";
import * as YAML from "yaml";
import { seedAnnotations } from "./expect";
import { deleteNamespaces, eventually, kubectl, kubectlList, lbSeen, setLbControl } from "./harness";
import { lbAddress, ok } from "./steps";

describe("NCP's rules: a Service NCP would refuse gets no address (the LB stand-in, test/e2e/ncpRules.ts)", function () {
    this.timeout(3 * 60 * 1000);
    const ns = "e2e-ncp-rules";
    before(async () => {
        setLbControl({ mode: "hostname", delayMs: 0 });
        ok(await kubectl(["create", "namespace", ns]), "create namespace");
    });
    after(() => deleteNamespaces([ns]));

    const service = (name: string, annotations: Record<string, string>) =>
        YAML.stringify({
            apiVersion: "v1",
            kind: "Service",
            metadata: { name, namespace: ns, annotations },
            spec: { type: "LoadBalancer", selector: { app: name }, ports: [{ name: "http", port: 30001 }] },
        });

    it("an nlb with PROXY protocol: no address, a Warning Event naming the annotation", async () => {
        const bad = { ...seedAnnotations(), "service.beta.kubernetes.io/ncloud-load-balancer-proxy-protocol": "true" };
        ok(await kubectl(["apply"], service("bad", bad)), "apply the bad Service");
        ok(await kubectl(["apply"], service("good", seedAnnotations())), "apply a good Service");
        const good = await eventually("the good Service's address", 30, () => lbAddress(ns, "good"));
        assert.match(good, /\.kr\.lb\.naverncp\.com$/);
        const event = await eventually("the refusal Event", 30, async () =>
            (await kubectlList("events", ns)).find(
                (e) => e.involvedObject?.name === "bad" && e.reason === "NcpLoadBalancerRefused",
            ),
        );
        assert.equal(event.type, "Warning");
        assert.match(event.message, /ncloud-load-balancer-proxy-protocol/);
        assert.equal(await lbAddress(ns, "bad"), undefined, "NCP would create no LB for it");
        assert.deepEqual(lbSeen()[`${ns}/bad`].address, null);
        assert.ok(lbSeen()[`${ns}/bad`].refused.length > 0);
    });
});
