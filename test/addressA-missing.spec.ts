// A LB without an address: what each kind of run says about it.
import { RunError } from "@pulumi/pulumi";
import * as assert from "assert";
import { addressFromStatus } from "../components/specs/loadBalancerStatus";
import { Run, runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";

const dev = stackConfig("dev");
const svc = { namespace: "istio-system", name: "istio-ingressgateway" };

/** Every part of the message, whether this run waited for the address or not. */
function assertHonest(message: string, timeoutSeconds: number): void {
    // The SDK prefixes it with the properties it travelled through ("error serializing property …").
    assert.match(message, /(^|: )Service istio-system\/istio-ingressgateway has no load balancer address yet/);
    // True whether or not this run waited: the wait happens only when the patch is created or changed.
    assert.ok(
        message.includes(
            `\`pulumi up\` waits for it (up to ${timeoutSeconds}s) only on a run that creates or changes the patch adding pulumi.com/waitFor to the Service; ` +
                "a run that leaves that patch unchanged reads the Service once, without waiting.",
        ),
        message,
    );
    assert.doesNotMatch(message, /after waiting/);
    assert.ok(message.includes("kubectl -n istio-system describe service istio-ingressgateway"), message);
    assert.ok(message.includes("ncp-ingress:loadBalancer.addressTimeoutSeconds"), message);
    assert.ok(message.includes("run `pulumi up` again"), message);
}

describe("addressFromStatus without an address", () => {
    for (const status of [undefined, {}, { loadBalancer: {} }, { loadBalancer: { ingress: [] } }]) {
        it(`${JSON.stringify(status)}: says the ingress list is empty, and when up waits`, () => {
            assert.throws(
                () => addressFromStatus(status, svc, 42),
                (e: Error) => {
                    assertHonest(e.message, 42);
                    assert.ok(e.message.includes("(status.loadBalancer.ingress is empty)"), e.message);
                    return true;
                },
            );
        });
    }

    it("ingress entries without a hostname or IP are named as such", () => {
        assert.throws(
            () => addressFromStatus({ loadBalancer: { ingress: [{}, {}] } }, svc, 600),
            (e: Error) => {
                assertHonest(e.message, 600);
                assert.ok(
                    e.message.includes("(status.loadBalancer.ingress has 2 entries, none with a hostname or IP)"),
                );
                return true;
            },
        );
    });
});

describe("a later up whose patch is unchanged, the LB without an address", () => {
    let first: Run;
    before(async () => {
        first = await runProgram(dev);
    });

    it("does not wait (the patch is a same step) and fails on the read with the honest message", async () => {
        await assert.rejects(runProgram(dev, { after: first, lbIngress: [] }), (e: Error) => {
            assertHonest(e.message, 600);
            assert.ok(RunError.isInstance(e), "a RunError: the CLI shows the message without a stack trace");
            return true;
        });
    });

    it("a later timeout change updates the patch, so that up waits again (and times out here)", async () => {
        await assert.rejects(
            runProgram(
                { ...dev, loadBalancer: { ...(dev.loadBalancer as object), addressTimeoutSeconds: 900 } },
                { after: first, lbIngress: [] },
            ),
            /ServicePatch \(ingress-lb-wait\).*timed out waiting for the condition/,
        );
    });

    it("once the LB has an address again, the next up reads it", async () => {
        const next = await runProgram(dev, { after: first, lbIngress: [{ ip: "198.51.100.7" }] });
        assert.strictEqual(next.loadBalancerAddress.value, "198.51.100.7");
    });
});
