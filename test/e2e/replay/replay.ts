// The replay process: its parts wired together (the operator's Deployment, leader election, the
// controller with its reconciles and deletions, the timeline), what a stop and a resume of the
// operator do to them, and main(), which test/e2e/operatorReplay.ts runs as a program.
import * as k8s from "@kubernetes/client-node";
import { Captures, loadCaptures } from "./captures";
import { Controller } from "./controller";
import { CrUpdates } from "./crUpdates";
import { DeletionHandler } from "./deletion";
import { LeaderElection } from "./leaderElection";
import { OperatorDeployment } from "./operatorDeployment";
import { RawApi } from "./rawApi";
import { Reconciler } from "./reconcile";
import { RecordEvent, timelineRecorder } from "./timeline";

/** A replay of the operator against one cluster: see the top of test/e2e/operatorReplay.ts. */
export class Replay {
    private readonly record: RecordEvent;
    private readonly deployment: OperatorDeployment;
    private readonly election: LeaderElection;
    private readonly reconciler: Reconciler;
    private readonly controller: Controller;

    constructor(
        private readonly kc: k8s.KubeConfig,
        captures: Captures,
        watchNamespace: string,
        leaseNamespace: string,
        timelineFile: string | undefined,
    ) {
        this.record = timelineRecorder(timelineFile);
        const custom = kc.makeApiClient(k8s.CustomObjectsApi);
        const objects = new RawApi(kc);
        const crs = new CrUpdates(custom, this.record);
        this.deployment = new OperatorDeployment(kc, {
            stopped: (message) => this.onStopped(message),
            resumed: (message) => this.onResumed(message),
        });
        this.election = new LeaderElection(kc, leaseNamespace, this.deployment, this.record);
        this.reconciler = new Reconciler(captures, objects, crs, this.record);
        this.controller = new Controller(
            kc,
            custom,
            watchNamespace,
            this.deployment,
            this.election,
            this.reconciler,
            new DeletionHandler(captures, objects, crs, this.record),
            this.record,
        );
    }

    /** Records the start on the timeline. */
    started(): void {
        this.record({ cr: "", what: "started", message: `pid ${process.pid}` });
    }

    /** Who the API server says we are (SelfSubjectReview); refuses another user than expected. */
    async checkIdentity(expected: string): Promise<void> {
        const auth = this.kc.makeApiClient(k8s.AuthenticationV1Api);
        const review = await auth.createSelfSubjectReview({
            body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" },
        });
        const user = review.status?.userInfo?.username ?? "(unknown)";
        console.log(`operator-replay: running as ${user} (groups ${review.status?.userInfo?.groups?.join(", ")})`);
        if (expected && user !== expected)
            throw new Error(`operator replay: running as ${user}, not ${expected}: give it the operator's token`);
    }

    /**
     * Lists the operator's Deployment once (so that a replay started with it stopped takes no lease),
     * then watches it in the background.
     */
    async watchDeployment(): Promise<void> {
        await this.deployment.watch();
    }

    /** Blocks until this replay holds the lease, then renews it in the background (leaderElection.ts). */
    async leaderElection(): Promise<void> {
        await this.election.acquire();
    }

    /** The controller loop (controller.ts); never returns. */
    async run(): Promise<void> {
        await this.controller.run();
    }

    private onStopped(message: string): void {
        // The operator's process is gone: every run stops at its next step, the lease is no
        // longer renewed, the IstioOperator watch ends and nothing is done until it runs again.
        this.election.onOperatorStopped();
        this.controller.stop();
        this.record({ cr: "", what: "stopped", message });
    }

    private onResumed(message: string): void {
        this.record({ cr: "", what: "resumed", message });
        // As a new operator pod: a new identity (so it waits out the lease the stopped one held), an
        // empty cache, and (run) a re-list of the CRs once it holds the lease.
        this.election.newPod();
        this.reconciler.clearCache();
        void this.election.acquire();
    }
}

/** The replay as a program: the captures, the kubeconfig and the environment (see operatorReplay.ts). */
export async function main(): Promise<void> {
    const captures = loadCaptures();
    const kc = new k8s.KubeConfig();
    kc.loadFromDefault();
    const timeline = process.env.REPLAY_TIMELINE || undefined;
    const replay = new Replay(
        kc,
        captures,
        process.env.WATCH_NAMESPACE || "istio-system",
        process.env.LEADER_ELECTION_NAMESPACE || "istio-operator",
        timeline,
    );
    console.log(
        `operator-replay: a replay of the Istio 1.23.6 operator's capture ${captures.dir} ` +
            `(${captures.captures.map((c) => `${c.name}: ${c.objects.length} objects`).join(", ")}; ` +
            `${captures.deletedWhenCrDeleted.length} objects deleted with the CR)`,
    );
    console.log(
        "operator-replay: not replayed: the real operator's Update (manager operator) of MutatingWebhookConfiguration " +
            "istio-sidecar-injector (managers.json names no fields)",
    );
    replay.started();
    await replay.checkIdentity(process.env.REPLAY_EXPECT_USER ?? "system:serviceaccount:istio-operator:istio-operator");
    await replay.watchDeployment();
    await replay.leaderElection();
    await replay.run();
}
