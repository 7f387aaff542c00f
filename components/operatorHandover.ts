// The steps of leaving the Istio 1.23 operator that server-side apply cannot express, as a Pulumi
// dynamic resource (its provider runs in the engine on `pulumi up`, never in a preview):
// - create: stop the operator (its Deployment to 0 replicas, then wait until its pod is gone), then
//   remove its finalizer from the IstioOperator (a merge patch `metadata.finalizers: null`). Why this
//   order: deleting the CR while the operator runs makes it delete everything it made, the gateway
//   Service and so NCP's LB within a second; with the operator stopped, the CR waits on the
//   finalizer, and without it goes alone, leaving every object (../shared/istio-operator-1.23.6,
//   README.md). A finalizer is a list item another manager owns: an apply cannot remove it.
// - delete: delete what the operator made that nothing of Pulumi manages now (specs/operatorHandover.ts
//   isLeftover): once the charts have taken over, its own ServiceAccount and Roles of the old gateway;
//   on `pulumi destroy`, everything it made that the charts' deletion left. From what stays, take
//   the operator's field manager off (releaseOwnershipPatch says why). Not earlier: until the charts
//   have applied every field they set (the gateway chart from 1.25.5 on), the operator's ownership
//   is what keeps a field that only the program's patch set once that patch lets go of it.
// It talks to the cluster the kubernetes provider does: the stack's kubernetes:kubeconfig and
// kubernetes:context if set, else KUBECONFIG or ~/.kube/config (@kubernetes/client-node, which runs
// exec credential plugins such as ncp-iam-authenticator as kubectl does).
import * as pulumi from "@pulumi/pulumi";
import {
    isLeftover,
    OPERATOR_CRD_KIND,
    OPERATOR_KINDS,
    ownedBySelector,
    releaseOwnershipPatch,
} from "./specs/operatorHandover";

interface ObjectRef {
    readonly namespace: string;
    readonly name: string;
}

export interface OperatorHandoverArgs {
    /** The operator's Deployment. */
    readonly operator: ObjectRef;
    /** The IstioOperator CR whose finalizer is released and whose leftovers go on delete. */
    readonly istioOperator: ObjectRef;
    /** How long to wait for the operator's pod to be gone. */
    readonly timeoutSeconds: number;
}

type HandoverInputs = OperatorHandoverArgs;

/** The field manager of the handover's own writes. */
const FIELD_MANAGER = "ncp-ingress-handover";

/** Rethrows anything but the API server's 404: an object already gone is what a step wants. */
const ignoreNotFound = (e: unknown): void => {
    if ((e as { code?: number }).code !== 404) throw e;
};

class HandoverProvider implements pulumi.dynamic.ResourceProvider<HandoverInputs, HandoverInputs> {
    private kubeconfig?: string;
    private context?: string;

    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        this.kubeconfig = req.config.get("kubernetes:kubeconfig");
        this.context = req.config.get("kubernetes:context");
    }

    private async client() {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const k8s = require("@kubernetes/client-node") as typeof import("@kubernetes/client-node");
        const kc = new k8s.KubeConfig();
        if (this.kubeconfig?.trim().startsWith("{") || this.kubeconfig?.includes("\n"))
            kc.loadFromString(this.kubeconfig);
        else if (this.kubeconfig) kc.loadFromFile(this.kubeconfig);
        else kc.loadFromDefault();
        if (this.context) kc.setCurrentContext(this.context);
        return { api: k8s.KubernetesObjectApi.makeApiClient(kc), merge: k8s.PatchStrategy.MergePatch };
    }

    async create(inputs: HandoverInputs): Promise<pulumi.dynamic.CreateResult<HandoverInputs>> {
        const { api, merge } = await this.client();
        const { operator, istioOperator: cr } = inputs;
        const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { ...operator } };
        try {
            await api.patch(
                { ...deployment, spec: { replicas: 0 } },
                undefined,
                undefined,
                FIELD_MANAGER,
                undefined,
                merge,
            );
            const deadline = Date.now() + inputs.timeoutSeconds * 1000;
            for (;;) {
                const live = (await api.read(deployment)) as { status?: { replicas?: number } };
                if ((live.status?.replicas ?? 0) === 0) break;
                if (Date.now() > deadline)
                    throw new Error(
                        `the Istio operator (Deployment ${operator.namespace}/${operator.name}) still has ` +
                            `${live.status?.replicas} pod(s) after ${inputs.timeoutSeconds} s at 0 replicas; its ` +
                            "IstioOperator keeps its finalizer (run `pulumi up` again once the pod is gone)",
                    );
                await new Promise((resolve) => setTimeout(resolve, 500));
            }
        } catch (e) {
            ignoreNotFound(e);
        }
        try {
            const release = {
                apiVersion: "install.istio.io/v1alpha1",
                kind: "IstioOperator",
                metadata: { ...cr, finalizers: null },
            };
            await api.patch(release as never, undefined, undefined, FIELD_MANAGER, undefined, merge);
        } catch (e) {
            ignoreNotFound(e);
        }
        return { id: `${cr.namespace}/${cr.name}`, outs: inputs };
    }

    async diff(): Promise<pulumi.dynamic.DiffResult> {
        // Done once: a change of inputs (a longer timeout) has nothing to redo.
        return { changes: false };
    }

    async delete(_id: string, props: HandoverInputs): Promise<void> {
        const { api, merge } = await this.client();
        const list = (apiVersion: string, kind: string, namespace?: string, selector?: string) =>
            api.list(apiVersion, kind, namespace, undefined, undefined, undefined, undefined, selector);
        const cr = props.istioOperator;
        // The leftovers: still labelled as the CR's, and no Pulumi resource's.
        for (const { apiVersion, kind } of OPERATOR_KINDS) {
            for (const item of (await list(apiVersion, kind, undefined, ownedBySelector(cr))).items) {
                if (!isLeftover(item.metadata?.managedFields)) continue;
                const metadata = { name: item.metadata!.name!, namespace: item.metadata?.namespace };
                await api.delete({ apiVersion, kind, metadata }).catch(ignoreNotFound);
            }
        }
        // The operator's share of what stays. Not by its labels: Istio's charts set
        // install.operator.istio.io/owning-resource to "unknown" on what they render, so an object a
        // chart took over is no longer labelled as the CR's; by the operator's field manager instead,
        // in the CR's namespace and cluster-wide, where the operator put things.
        for (const { apiVersion, kind, namespaced } of [...OPERATOR_KINDS, OPERATOR_CRD_KIND]) {
            for (const item of (await list(apiVersion, kind, namespaced ? cr.namespace : undefined)).items) {
                const patch = releaseOwnershipPatch(item.metadata?.managedFields);
                if (!patch) continue;
                const metadata = { name: item.metadata!.name!, namespace: item.metadata?.namespace, ...patch.metadata };
                await api
                    .patch(
                        { apiVersion, kind, metadata } as never,
                        undefined,
                        undefined,
                        FIELD_MANAGER,
                        undefined,
                        merge,
                    )
                    .catch(ignoreNotFound);
            }
        }
    }
}

/**
 * Stops the Istio operator and releases its IstioOperator on create; deletes the operator's leftovers
 * on delete. Depend on it before taking the operator's objects over.
 */
export class OperatorHandover extends pulumi.dynamic.Resource {
    constructor(name: string, args: OperatorHandoverArgs, opts?: pulumi.CustomResourceOptions) {
        super(new HandoverProvider(), name, { ...args }, opts, "ncp-ingress", "OperatorHandover");
    }
}
