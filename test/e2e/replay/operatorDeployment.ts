// Whether the operator runs: the replay watches the operator's Deployment (OPERATOR_DEPLOYMENT) and
// counts it as stopped while it is scaled to zero with its pod gone (spec.replicas 0, status.replicas
// 0) or, once seen, deleted; it then does nothing, as the real operator whose pod is gone. Each
// change is handed to the replay (replay.ts: what a stop and a resume do).
import * as k8s from "@kubernetes/client-node";
import { OPERATOR_DEPLOYMENT } from "./constants";
import { codeOf, errText, watchFrom } from "./rawApi";
import { sleep } from "./runs";

/**
 * Whether the operator is stopped, and a count of its stops and resumes (a lease or watch loop of an
 * earlier epoch ends).
 */
export interface OperatorRunning {
    readonly stopped: boolean;
    readonly epoch: number;
}

/** What to do when the operator stops or runs again (`message`: the Deployment's replicas, or deleted). */
export interface OnOperatorChange {
    stopped(message: string): void;
    resumed(message: string): void;
}

/** The operator's Deployment, running or stopped. */
export class OperatorDeployment implements OperatorRunning {
    /** While the operator's Deployment is stopped the replay does nothing (top of test/e2e/operatorReplay.ts). */
    stopped = false;
    /** Whether the Deployment has been seen at all; until then it counts as running (onDeployment). */
    private deploymentSeen = false;
    /** Counts stops and resumes: a lease election or renewal loop of an earlier epoch ends. */
    epoch = 0;

    constructor(
        private readonly kc: k8s.KubeConfig,
        private readonly on: OnOperatorChange,
    ) {}

    /**
     * Lists the operator's Deployment once (so that a replay started with it stopped takes no lease),
     * then watches it in the background.
     */
    async watch(): Promise<void> {
        await new Promise<void>((listed) => void this.deploymentLoop(listed));
    }

    private async deploymentLoop(listed: () => void): Promise<void> {
        const { namespace, name } = OPERATOR_DEPLOYMENT;
        const apps = this.kc.makeApiClient(k8s.AppsV1Api);
        const fieldSelector = `metadata.name=${name}`;
        let said = "";
        for (;;) {
            try {
                const list = await apps.listNamespacedDeployment({ namespace, fieldSelector });
                said = "";
                this.onDeployment(list.items[0]);
                listed();
                await watchFrom(
                    this.kc,
                    `/apis/apps/v1/namespaces/${namespace}/deployments`,
                    { fieldSelector, resourceVersion: list.metadata?.resourceVersion },
                    (type, d) => {
                        if (type === "ADDED" || type === "MODIFIED") this.onDeployment(d);
                        else if (type === "DELETED") this.onDeployment(undefined);
                    },
                    `Deployment ${namespace}/${name}`,
                ).ended;
            } catch (e) {
                // Said once per kind of failure (a 401 once the program deleted the ServiceAccount).
                const why = String(codeOf(e) ?? errText(e));
                if (why !== said)
                    console.error(
                        `operator-replay: reading the operator's Deployment ${namespace}/${name} ` +
                            `(still counted as ${this.stopped ? "stopped" : "running"}): ${errText(e)}`,
                    );
                said = why;
                listed();
                await sleep(1000);
            }
        }
    }

    private onDeployment(d: { spec?: { replicas?: number }; status?: { replicas?: number } } | undefined): void {
        // A Deployment not there (yet) counts as running until it has been seen once: the e2e starts
        // the replay as soon as the program has created the operator's ServiceAccount, which can be
        // before the program creates the Deployment. Only once seen does its absence mean stopped.
        if (d) this.deploymentSeen = true;
        else if (!this.deploymentSeen) return;
        const stopped = !d || (d.spec?.replicas === 0 && (d.status?.replicas ?? 0) === 0);
        if (stopped === this.stopped) return;
        this.stopped = stopped;
        this.epoch++;
        const { namespace, name } = OPERATOR_DEPLOYMENT;
        const message = d
            ? `Deployment ${namespace}/${name}: replicas ${d.spec?.replicas}, status.replicas ${d.status?.replicas ?? 0}`
            : `Deployment ${namespace}/${name} deleted`;
        if (stopped) {
            this.on.stopped(message);
            return;
        }
        this.on.resumed(message);
    }
}
