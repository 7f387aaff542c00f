// The replay's leader election: before it reconciles anything it takes the Lease istio-operator-lock
// in LEADER_ELECTION_NAMESPACE as client-go's leader election does for the real operator (lease.ts),
// then renews it in the background; it exits when it can no longer renew it, as controller-runtime
// does. While the operator is stopped it neither takes nor renews the lease (left to expire).
import * as k8s from "@kubernetes/client-node";
import { LEASE_NAME, newIdentity, nextLease, RENEW_DEADLINE_MS, RETRY_PERIOD_MS } from "./lease";
import { OperatorRunning } from "./operatorDeployment";
import { codeOf, errText } from "./rawApi";
import { sleep } from "./runs";
import { RecordEvent } from "./timeline";

/** The operator pod's hold on the Lease. */
export class LeaderElection {
    /** Whether this replay holds the lease (false again once the operator is stopped). */
    leader = false;
    /** a new one when the operator runs again after a stop, as a new pod's */
    private identity = newIdentity();
    private observed?: { raw: string; at: number };
    private readonly leases: k8s.CoordinationV1Api;

    constructor(
        kc: k8s.KubeConfig,
        private readonly leaseNamespace: string,
        private readonly operator: OperatorRunning,
        private readonly record: RecordEvent,
    ) {
        this.leases = kc.makeApiClient(k8s.CoordinationV1Api);
    }

    /** The operator stopped: its process is gone and with it its hold on the lease (not deleted). */
    onOperatorStopped(): void {
        this.leader = false;
    }

    /** As a new operator pod: a new identity, so that it waits out the lease the stopped one held. */
    newPod(): void {
        this.identity = newIdentity();
        this.observed = undefined;
    }

    private async tryAcquireOrRenew(): Promise<boolean> {
        const namespace = this.leaseNamespace;
        let lease: k8s.V1Lease | undefined;
        try {
            lease = await this.leases.readNamespacedLease({ name: LEASE_NAME, namespace });
        } catch (e) {
            if (codeOf(e) !== 404) throw e;
        }
        const raw = JSON.stringify(lease?.spec ?? null);
        if (this.observed?.raw !== raw) this.observed = { raw, at: Date.now() };
        const next = nextLease(lease?.spec, this.identity, this.observed.at, new k8s.V1MicroTime());
        if (next === "wait") return false;
        const spec = {
            ...next,
            acquireTime: new k8s.V1MicroTime(next.acquireTime as Date),
            renewTime: new k8s.V1MicroTime(next.renewTime as Date),
        } as k8s.V1LeaseSpec;
        if (!lease) {
            await this.leases.createNamespacedLease({
                namespace,
                body: {
                    apiVersion: "coordination.k8s.io/v1",
                    kind: "Lease",
                    metadata: { name: LEASE_NAME, namespace },
                    spec,
                },
            });
        } else {
            await this.leases.replaceNamespacedLease({ name: LEASE_NAME, namespace, body: { ...lease, spec } });
        }
        this.observed = { raw: JSON.stringify(spec), at: Date.now() };
        return true;
    }

    /**
     * Blocks until this replay holds the lease, then renews it in the background; gives up when the
     * operator is stopped (its Deployment), to start again when it runs again.
     */
    async acquire(): Promise<void> {
        const epoch = this.operator.epoch;
        if (this.operator.stopped) return;
        console.log(`operator-replay: attempting to acquire leader lease ${this.leaseNamespace}/${LEASE_NAME}...`);
        let said = "";
        while (!this.leader) {
            let taken = false;
            try {
                taken = await this.tryAcquireOrRenew();
            } catch (e) {
                const why = errText(e);
                if (why !== said) console.error(`operator-replay: taking the lease: ${why}`);
                said = why;
            }
            if (this.operator.epoch !== epoch) return; // stopped meanwhile: a lease just taken is left to expire
            this.leader = taken;
            if (!this.leader) await sleep(RETRY_PERIOD_MS);
            if (this.operator.epoch !== epoch) return;
        }
        this.record({ cr: "", what: "leader", message: `${this.leaseNamespace}/${LEASE_NAME} as ${this.identity}` });
        void this.renewLoop(epoch);
    }

    private async renewLoop(epoch: number): Promise<void> {
        let lastRenew = Date.now();
        for (;;) {
            await sleep(RETRY_PERIOD_MS);
            // Stopped: the operator's process is gone, so nothing renews its lease (nor deletes it).
            if (this.operator.epoch !== epoch) return;
            try {
                if (await this.tryAcquireOrRenew()) lastRenew = Date.now();
            } catch (e) {
                console.error(`operator-replay: renewing the lease: ${errText(e)}`);
            }
            if (this.operator.epoch !== epoch) return;
            if (Date.now() - lastRenew > RENEW_DEADLINE_MS) {
                // controller-runtime exits when it loses the lease; so does the replay.
                this.record({ cr: "", what: "failure", message: "leader election lost" });
                process.exit(1);
            }
        }
    }
}
