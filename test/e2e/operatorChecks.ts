// The operator e2e's (operator.e2e.ts) longer checks, as they were in its describe: what a preview
// plans for the IstioOperator's ports, that an up waited for the operator (replayed), and what the
// first up left as the capture has it. Each takes the dev stack (operatorStack.ts) it checks.
import * as assert from "node:assert/strict";
import { kubectlGet, Result } from "./harness";
import { FINALIZER, LEASE_DURATION_SECONDS, LEASE_NAME, refKey, refOf, TIMING } from "./operatorReplay";
import { CR, NS, OPERATOR_NS, SERVICE } from "./devStack";
import { OperatorStack } from "./operatorStack";
import { Run } from "./replayProcess";

/** The paths of the IstioOperator's gateway Service ports in a preview's detailed diff. */
export const CR_PORTS = "spec.components.ingressGateways[0].k8s.service.ports";

/** The IstioOperator's port paths in a preview's detailed diff: path -> kind of change. */
export function crPortDiff(r: Result): Record<string, string> {
    const step = JSON.parse(r.stdout).steps.find((s: any) => /IstioOperator::istio-operator-cr$/.test(s.urn));
    assert.ok(step, `no IstioOperator step in the preview: ${r.stdout.slice(0, 3000)}`);
    return Object.fromEntries(
        Object.entries<{ kind: string }>(step.detailedDiff ?? {})
            .filter(([p]) => p.startsWith(CR_PORTS))
            .map(([p, d]) => [p, d.kind]),
    );
}

/**
 * An up after a change of the CR returned only once the replay had applied the objects of the
 * CR's new generation; the replay kept the capture's timing (stale HEALTHY, RECONCILING ~50 ms,
 * objects ~0.5 s, HEALTHY ~5 s).
 */
export async function assertUpWaitedForTheOperator(dev: OperatorStack, r: Run): Promise<number> {
    const { replay, cr, healthy } = dev;
    const generation: number = (await cr()).metadata.generation;
    const mine = replay.events(r.t0).filter((e) => e.cr === `${NS}/${CR}` && e.generation === generation);
    const seen = mine.find((e) => e.what === "seen");
    const applied = mine.find((e) => e.what === "applied");
    assert.ok(seen, `the replay never saw generation ${generation}: ${JSON.stringify(mine)}`);
    assert.equal(seen.status, "HEALTHY", "the CR's status when the change arrived (the stale HEALTHY)");
    assert.ok(applied, `the replay did not apply generation ${generation} during the up: ${JSON.stringify(mine)}`);
    const serviceAt = applied.at?.[`Service:${NS}:${SERVICE}`];
    assert.ok(serviceAt, `the replay did not apply the gateway Service: ${JSON.stringify(applied)}`);
    assert.ok(
        serviceAt <= r.t1,
        `pulumi up returned ${serviceAt - r.t1} ms before the operator had applied the gateway Service of generation ${generation}`,
    );
    const reconciling = mine.find((e) => e.what === "status" && e.status === "RECONCILING");
    assert.ok(reconciling && reconciling.t - seen.t >= TIMING.updateReconcilingMs - 5, JSON.stringify(mine));
    assert.ok(applied.t - seen.t >= TIMING.updateAppliedMs - 5, JSON.stringify(mine));
    const done = await healthy(generation);
    assert.ok(done.t - seen.t >= TIMING.updateHealthyMs - 5, JSON.stringify(mine));
    console.log(
        `      generation ${generation}, ms after the replay saw it: RECONCILING +${reconciling.t - seen.t}, ` +
            `gateway Service applied +${serviceAt - seen.t}, pulumi up returned +${r.t1 - seen.t}, HEALTHY +${done.t - seen.t}`,
    );
    return generation;
}

/** The first up as the replay saw it (its events from r.t0 on) and the operator's lease. */
export async function assertFirstInstallReplayed(dev: OperatorStack, r: Run): Promise<void> {
    const { replay } = dev;
    // The replay ran as the operator's ServiceAccount and took its lease first.
    const events = replay.events(r.t0);
    const leader = events.find((e) => e.what === "leader");
    assert.ok(leader, `the replay never took the lease: ${replay.logTail()}`);
    assert.match(replay.logTail(), /running as system:serviceaccount:istio-operator:istio-operator/);
    const lease = await kubectlGet("leases.coordination.k8s.io", LEASE_NAME, OPERATOR_NS);
    assert.equal(lease.spec.leaseDurationSeconds, LEASE_DURATION_SECONDS);
    assert.equal(`${OPERATOR_NS}/${LEASE_NAME} as ${lease.spec.holderIdentity}`, leader.message);
    const mine = events.filter((e) => e.cr === `${NS}/${CR}`).map((e) => `${e.what}${e.status ? ` ${e.status}` : ""}`);
    assert.deepEqual(
        mine,
        ["seen (none)", "finalizer-added", "status RECONCILING", "applied", "status HEALTHY"],
        "what the replay did for the first install",
    );
    assert.ok(leader.t <= events.find((e) => e.what === "seen")!.t, "the lease is taken before anything else");
}

/** After the first up, the CR and every object the operator made, as the dev capture has them. */
export async function assertInstalledAsCaptured(dev: OperatorStack): Promise<void> {
    const { cr, capture, owned } = dev;
    // The CR: the capture's finalizer and status, written by manager "operator".
    const iop = await cr();
    assert.deepEqual(iop.metadata.finalizers, [FINALIZER]);
    assert.deepEqual(iop.status, capture("dev").status);
    const managers = iop.metadata.managedFields.map((f: any) => `${f.manager}/${f.operation}/${f.subresource ?? ""}`);
    for (const m of ["operator/Update/", "operator/Update/status"])
        assert.ok(managers.includes(m), `${m}: ${managers}`);

    // Every captured object, server-side applied by field manager istio-operator.
    const objects = await owned();
    assert.deepEqual(
        [...objects.keys()].sort(),
        capture("dev")
            .objects.map((o) => refKey(refOf(o)))
            .sort(),
    );
    for (const [key, m] of objects) assert.ok(m.includes("istio-operator/Apply"), `${key}: managers ${m}`);
}
