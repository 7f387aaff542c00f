// The operator's Lease (istio-operator-lock), as client-go's leader election takes and renews it for
// the real operator: its name and timing (lease 20 s, as dev/lease.yaml; renew every 2 s, give up
// after 10 s without a renewal: controller-runtime's defaults), one step of tryAcquireOrRenew, and
// the candidate's identity. No API calls here: leaderElection.ts makes them.
import { randomUUID } from "node:crypto";
import * as os from "node:os";

/** The Lease the operator takes in LEADER_ELECTION_NAMESPACE. */
export const LEASE_NAME = "istio-operator-lock";
/** How long a lease holds without a renewal (dev/lease.yaml). */
export const LEASE_DURATION_SECONDS = 20;
/** How often a candidate retries, and a leader renews (controller-runtime's default). */
export const RETRY_PERIOD_MS = 2000;
/** How long a leader goes on without a renewal before it gives up (controller-runtime's default). */
export const RENEW_DEADLINE_MS = 10000;

/** The fields of a Lease's spec that leader election reads and writes. */
export interface LeaseSpec {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: Date | string;
    renewTime?: Date | string;
    leaseTransitions?: number;
}

/**
 * client-go's leader election (tryAcquireOrRenew) for one observation of the lease: "wait" while
 * another holder's lease is valid, measured from when this candidate last saw the record change
 * (`observedAt`, local time, as client-go does), else the spec to write (a renewal keeps acquireTime
 * and leaseTransitions, a takeover sets acquireTime and counts one transition).
 */
export function nextLease(
    current: LeaseSpec | undefined,
    identity: string,
    observedAt: number,
    now: Date,
): "wait" | LeaseSpec {
    const fresh = {
        holderIdentity: identity,
        leaseDurationSeconds: LEASE_DURATION_SECONDS,
        acquireTime: now,
        renewTime: now,
    };
    if (!current) return { ...fresh, leaseTransitions: 0 };
    const holder = current.holderIdentity ?? "";
    const duration = (current.leaseDurationSeconds ?? LEASE_DURATION_SECONDS) * 1000;
    if (holder && holder !== identity && observedAt + duration > now.getTime()) return "wait";
    if (holder === identity)
        return { ...current, holderIdentity: identity, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: now };
    return { ...fresh, leaseTransitions: (current.leaseTransitions ?? 0) + 1 };
}

/** controller-runtime's identity: the pod's name (here the host's) and a random suffix. */
export const newIdentity = (): string => `${os.hostname()}_${randomUUID()}`;
