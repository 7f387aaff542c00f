// The operator's writes of an IstioOperator CR (field manager "operator"): Updates of the CR (its
// finalizer) and of its status subresource, each status written also recorded on the timeline.
import * as k8s from "@kubernetes/client-node";
import { clone } from "./captures";
import { GROUP, PLURAL, UPDATE_MANAGER, VERSION } from "./constants";
import { codeOf } from "./rawApi";
import { keyOf } from "./runs";
import { RecordEvent } from "./timeline";

/** Updates of IstioOperator CRs as the operator makes them. */
export class CrUpdates {
    constructor(
        private readonly custom: k8s.CustomObjectsApi,
        private readonly record: RecordEvent,
    ) {}

    /** The CR's coordinates for the custom objects API. */
    private crApi(cr: any) {
        return {
            group: GROUP,
            version: VERSION,
            plural: PLURAL,
            namespace: cr.metadata.namespace,
            name: cr.metadata.name,
        };
    }

    /** GET, change, PUT (manager "operator"); again on a conflict. */
    async update(cr: any, change: (fresh: any) => boolean, subresource?: "status"): Promise<any> {
        for (let attempt = 0; ; attempt++) {
            const fresh = await this.custom.getNamespacedCustomObject(this.crApi(cr));
            if (!change(fresh)) return fresh;
            try {
                const req = { ...this.crApi(cr), body: fresh, fieldManager: UPDATE_MANAGER };
                return subresource
                    ? await this.custom.replaceNamespacedCustomObjectStatus(req)
                    : await this.custom.replaceNamespacedCustomObject(req);
            } catch (e) {
                if (codeOf(e) !== 409 || attempt >= 5) throw e;
            }
        }
    }

    /** Writes the CR's status (status subresource) and records it on the timeline. */
    async writeStatus(cr: any, generation: number, status: Record<string, unknown>): Promise<void> {
        await this.update(
            cr,
            (fresh) => {
                fresh.status = clone(status);
                return true;
            },
            "status",
        );
        this.record({
            cr: keyOf(cr),
            generation,
            what: "status",
            status: String(status.status),
            message: status.message as string,
        });
    }
}
