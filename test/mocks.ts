// The ONE place that registers Pulumi mocks (mocha loads every spec file before any hook runs, so a
// second setMocks elsewhere would silently win). Specs drive it through `mockState` and `usePreview`.
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";

export const PROJECT = "ncp-ingress";
export const STACK = "dev";

/** The seed's LB hostname, as NCP reported it. */
export const SEED_HOSTNAME = "istio-syste-istio-ingres-86eca-16974564-ed4c34960e26.kr.lb.naverncp.com";

export interface Registered {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
    readonly custom: boolean;
    /** Set for resources read with `.get`. */
    readonly id?: string;
}

export const mockState = {
    /** What the cloud reports in the gateway Service's status.loadBalancer.ingress. */
    lbIngress: [{ hostname: SEED_HOSTNAME }] as { hostname?: string; ip?: string }[],
    preview: false,
    /** Every resource registered (or read) since the last reset. */
    registered: [] as Registered[],
};

/** Kubernetes auto-names objects without metadata.name: name + "-" + a stable suffix, as the provider does. */
function autoName(name: string): string {
    return `${name}-${createHash("sha256").update(name).digest("hex").slice(0, 8)}`;
}

const mocks: pulumi.runtime.Mocks = {
    newResource(args) {
        mockState.registered.push({
            type: args.type,
            name: args.name,
            inputs: args.inputs,
            custom: args.custom ?? true,
            id: args.id || undefined,
        });
        const state: Record<string, any> = { ...args.inputs };
        if (args.type.startsWith("kubernetes:") && state.metadata !== undefined && !state.metadata.name) {
            state.metadata = { ...state.metadata, name: autoName(args.name) };
        }
        const isGatewayService = args.type === "kubernetes:core/v1:Service" && Boolean(args.id);
        if (mockState.preview && (isGatewayService || args.type === "kubernetes:core/v1:ServicePatch")) {
            // A first preview: the patch is yet to be created, so its outputs (and the read) are unknown.
            return { id: undefined as unknown as string, state: {} };
        }
        if (isGatewayService) {
            const [namespace, name] = String(args.id).split("/");
            state.metadata = { namespace, name };
            state.status = { loadBalancer: { ingress: mockState.lbIngress } };
        }
        return { id: args.id || `${args.name}-id`, state };
    },
    call(args) {
        return args.inputs;
    },
};

/** Switches between `pulumi up` (false) and `pulumi preview` (true); same mocks object each time. */
export function usePreview(preview: boolean): void {
    mockState.preview = preview;
    void pulumi.runtime.setMocks(mocks, PROJECT, STACK, preview);
}

usePreview(false);
