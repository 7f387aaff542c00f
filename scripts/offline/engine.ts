// The engine emulator: Pulumi's mocks, answering as the Pulumi engine and the pulumi-kubernetes
// provider do, over one run's state and a cluster of objects (cluster.ts). run.ts gives each run its
// own state and registers these mocks for it (nothing is registered when this module loads).
//
// The mocks answer as the pulumi-kubernetes provider and the Pulumi engine do (when a real run
// disagrees with them, fix them first, then the code):
// - preview: a create returns its inputs as outputs with an EMPTY ID (provider.go Create), so the
//   program sees the ID as unknown; an update keeps its ID; nothing changes in the cluster;
// - a read (`X.get`) with an unknown ID is skipped and its outputs stay unknown (engine ReadStep);
//   with a known ID it reads the cluster, and fails as the engine does when the object is not there
//   ("resource '<id>' does not exist"), in preview too;
// - up: a create or update is applied to the cluster and gets the ID `<namespace>/<name>`; a patch
//   of a missing object fails; a `pulumi.com/waitFor` on `.status.loadBalancer.ingress` fails, as the
//   provider's wait times out, while the LB has no address;
// - a resource whose inputs equal the previous run's (RunOptions.after) is not sent to the provider
//   at all (the engine's "same" step): no wait, its old ID and outputs;
// - a failed step stops the run, as the engine stops the program: runProgram rejects with its error;
// - the cluster holds the objects listed as pre-existing (RunOptions.existing), those of earlier
//   runs, and those this run creates, with what controllers make of them (the gateway Service of an
//   IstioOperator, of the gateway chart, of a Gateway API Gateway: controllers.ts);
// - a Service is an object (cluster.ts): the program's Service or `*Patch` and its controller each
//   apply to it server-side (spec.ports merged by port and protocol); the API server gives its ports
//   NodePorts, and a NodePort it refuses fails the step that wrote it; a read returns its metadata,
//   its spec, and status.loadBalancer as the cloud reports it. Any other object is its name alone,
//   and none carries labels or annotations.
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { isDeepStrictEqual } from "util";
import { applyObject, applyService, Cluster, ClusterRefusal, objectKey, readObject } from "./cluster";
import { createdByControllers } from "./controllers";

export { objectKey } from "./cluster";

/** The project the mocks run the program as (its config keys' namespace). */
export const PROJECT = "ncp-ingress";
/** The stack the mocks run the program as. */
export const STACK = "dev";
/** The local backend's organization name. */
export const ORGANIZATION = "organization";

/** The seed's LB hostname, as NCP reported it. */
export const SEED_HOSTNAME = "istio-syste-istio-ingres-86eca-16974564-ed4c34960e26.kr.lb.naverncp.com";

// Inputs and outputs as the provider sees them: untyped JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Props = Record<string, any>;

export interface Registered {
    readonly type: string;
    readonly name: string;
    /** Inputs as the provider would receive them. */
    readonly inputs: Props;
    readonly custom: boolean;
    /** Set for resources read with `.get`: the ID asked for (`pulumi.runtime.unknownValue` if unknown). */
    readonly id?: string;
    /** The provider reference ("<urn>::<id>") the SDK sent; none means the engine's default provider. */
    readonly provider?: string;
}

/** A resource in the stack's state, as the engine keeps it from one run to the next. */
export interface StateEntry {
    readonly id: string;
    readonly inputs: Props;
    readonly outputs: Props;
}

/** One run's view of the world; a fresh one per run, so that a stopped run's late calls touch only its own. */
export interface RunState {
    /** What the cloud reports in every LoadBalancer Service's status.loadBalancer.ingress. */
    lbIngress: { hostname?: string; ip?: string }[];
    preview: boolean;
    /** Every resource registered (or read) since the run began. */
    registered: Registered[];
    /** The stack's state before this run, by `<type>::<name>`. */
    previous: Map<string, StateEntry>;
    /** The stack's state as this run leaves it (an `up` only; a preview changes nothing). */
    state: Map<string, StateEntry>;
    /** The objects in the cluster, by objectKey. */
    cluster: Cluster;
    /** The stack's outputs from its last `up`, as a StackReference to itself reads them. */
    stackOutputs: Record<string, unknown>;
}

/** The current run's state (tests read `registered`). */
export const mockState: RunState = {
    lbIngress: [{ hostname: SEED_HOSTNAME }],
    preview: false,
    registered: [],
    previous: new Map(),
    state: new Map(),
    cluster: new Map(),
    stackOutputs: {},
};

/** Kubernetes auto-names objects without metadata.name: name + "-" + a stable suffix, as the provider does. */
function autoName(name: string): string {
    return `${name}-${createHash("sha256").update(name).digest("hex").slice(0, 8)}`;
}

/** The provider's ID of an object: `<namespace>/<name>`, or `<name>` when cluster-scoped. */
function objectId(metadata: Props | undefined, fallback: string): string {
    if (!metadata?.name) return fallback;
    return metadata.namespace ? `${metadata.namespace}/${metadata.name}` : metadata.name;
}

/** A step failed: the engine reports it and stops the program, whose dependents never get an answer. */
class StepFailed extends Error {}

/** `.get`: the engine's ReadStep, then the provider's Read. */
function read(run: RunState, type: string, name: string, id: string, inputs: Props): MockResult {
    if (id === pulumi.runtime.unknownValue) {
        // Only in preview: the engine skips the read and the outputs stay unknown.
        return { id: "", state: {} };
    }
    const object = readObject(run.cluster, objectKey(type, id));
    if (!object) {
        // The provider answers the API server's 404 with no object; the engine then fails the read.
        throw new StepFailed(`${type} (${name}): resource '${id}' does not exist`);
    }
    const state: Props = { ...inputs, ...object };
    if (type === "kubernetes:core/v1:Service") state.status = { loadBalancer: { ingress: run.lbIngress } };
    return { id, state };
}

/** A create or update in `up`: applied to the cluster after the provider's waits; returns the ID. */
function apply(run: RunState, type: string, name: string, custom: boolean, inputs: Props): string {
    if (!custom || !type.startsWith("kubernetes:")) {
        // Components; the provider's own components (charts, manifests) apply their objects.
        applyControlled(run, type, name, inputs);
        return "";
    }
    const id = objectId(inputs.metadata, `${name}-id`);
    const key = objectKey(type, id);
    if (type.endsWith("Patch") && !run.cluster.has(key)) {
        // The API server either refuses the apply as an incomplete object, or creates one that no
        // controller serves, whose wait then times out. Either way the step fails.
        throw new StepFailed(`${type} (${name}): ${key} does not exist, so there is nothing to patch`);
    }
    const waitFor = String(inputs.metadata?.annotations?.["pulumi.com/waitFor"] ?? "");
    if (waitFor.includes(".status.loadBalancer.ingress") && run.lbIngress.length === 0) {
        throw new StepFailed(
            `${type} (${name}): resource "${name}" was successfully created, but the Kubernetes API server ` +
                `reported that it failed to fully initialize or become live: timed out waiting for the condition`,
        );
    }
    refusedAsStep(type, name, () => {
        if (key.startsWith("Service ")) applyService(run.cluster, key, `${type}::${name}`, inputs.spec ?? {});
        else applyObject(run.cluster, key);
    });
    applyControlled(run, type, name, inputs);
    return id;
}

/** What the API server refuses fails the step that wrote it. */
function refusedAsStep(type: string, name: string, write: () => void): void {
    try {
        write();
    } catch (e) {
        if (e instanceof ClusterRefusal) throw new StepFailed(`${type} (${name}): ${e.message}`);
        throw e;
    }
}

/** The Services controllers apply for an object the program applied; what the API refuses them fails its step. */
function applyControlled(run: RunState, type: string, name: string, inputs: Props): void {
    for (const s of createdByControllers(type, inputs)) {
        refusedAsStep(type, name, () => applyService(run.cluster, s.key, s.writer, s.spec));
    }
}

type MockResult = { id: string; state: Props };

/** The mocks for one run; `failed` hears of the first failed step. */
export function mocksFor(run: RunState, failed: (e: Error) => void): pulumi.runtime.Mocks {
    const step = (args: pulumi.runtime.MockResourceArgs): MockResult => {
        const custom = args.custom ?? true;
        // Only reads pass an ID here (the program imports nothing).
        run.registered.push({
            type: args.type,
            name: args.name,
            inputs: args.inputs,
            custom,
            id: args.id || undefined,
            provider: args.provider || undefined,
        });
        // The engine answers a StackReference with that stack's last outputs (here: only this stack's).
        if (args.type === "pulumi:pulumi:StackReference")
            return {
                id: args.inputs.name,
                state: { ...args.inputs, outputs: run.stackOutputs, secretOutputNames: [] },
            };
        if (args.id) return read(run, args.type, args.name, args.id, args.inputs);

        const inputs: Props = { ...args.inputs };
        if (args.type.startsWith("kubernetes:") && inputs.metadata !== undefined && !inputs.metadata.name) {
            inputs.metadata = { ...inputs.metadata, name: autoName(args.name) };
        }
        const key = `${args.type}::${args.name}`;
        const prior = run.previous.get(key);
        if (prior && isDeepStrictEqual(prior.inputs, inputs)) {
            // The engine's same step: no provider call (so no wait); the old ID and outputs.
            if (!run.preview) run.state.set(key, prior);
            return { id: prior.id, state: prior.outputs };
        }
        if (run.preview) {
            // The provider's preview: inputs as outputs; a create has no ID yet, an update keeps its own.
            return { id: prior?.id ?? "", state: inputs };
        }
        const id = apply(run, args.type, args.name, custom, inputs);
        run.state.set(key, { id, inputs, outputs: inputs });
        return { id, state: inputs };
    };
    return {
        newResource(args) {
            try {
                return step(args);
            } catch (e) {
                if (!(e instanceof StepFailed)) throw e;
                failed(e);
                return new Promise<never>(() => {});
            }
        },
        call(args) {
            return args.inputs;
        },
    };
}

// getStore is internal to the SDK (not in its type declarations).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { getStore } = require("@pulumi/pulumi/runtime/state") as { getStore(): { supportsTransforms: boolean } };

/**
 * Registers `mocks` as the engine and provider of the runs to come, in preview or not.
 * The SDK's mock monitor says it supports no resource `transforms` (@pulumi/pulumi runtime/mocks.js
 * setMocks), and a resource registered with one then never resolves; the real engine supports them,
 * and the program gives one to the Istio base chart (components/specs/crdTakeover.ts). Under mocks it
 * never runs (a chart's children are the provider's, not registered here), but the chart registers.
 */
export function setMocks(mocks: pulumi.runtime.Mocks, preview: boolean): void {
    void pulumi.runtime.setMocks(mocks, PROJECT, STACK, preview, ORGANIZATION);
    getStore().supportsTransforms = true;
}
