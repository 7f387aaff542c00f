// Offline evaluation of the real program (index.ts) under Pulumi's mocks: no CLI, no cluster. The
// tests, `npm run render` and `npm run bench` all run the program through here, so the objects the
// program registers are the same in all three (what the provider adds at `up`, such as a chart's
// objects, is not: see docs/render.md). This is the ONE place that registers mocks (mocha loads every spec file before
// any hook runs, so a second setMocks elsewhere would silently win).
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
//   IstioOperator, of the gateway chart, of a Gateway API Gateway).
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as fs from "fs";
import { isDeepStrictEqual } from "util";
import * as path from "path";
import { isMap, isNode, LineCounter, parseDocument } from "yaml";
import { DEFAULTS } from "../config";
// waitForRPCs is internal to the SDK but is what `pulumi` itself awaits before exiting.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

export const PROJECT = "ncp-ingress";
export const STACK = "dev";

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
}

/** A resource in the stack's state, as the engine keeps it from one run to the next. */
export interface StateEntry {
    readonly id: string;
    readonly inputs: Props;
    readonly outputs: Props;
}

/** One run's view of the world; a fresh one per run, so that a stopped run's late calls touch only its own. */
interface RunState {
    /** What the cloud reports in every LoadBalancer Service's status.loadBalancer.ingress. */
    lbIngress: { hostname?: string; ip?: string }[];
    preview: boolean;
    /** Every resource registered (or read) since the run began. */
    registered: Registered[];
    /** The stack's state before this run, by `<type>::<name>`. */
    previous: Map<string, StateEntry>;
    /** The stack's state as this run leaves it (an `up` only; a preview changes nothing). */
    state: Map<string, StateEntry>;
    /** The objects in the cluster, as objectKey writes them. */
    cluster: Set<string>;
}

/** The current run's state (tests read `registered`). */
export const mockState: RunState = {
    lbIngress: [{ hostname: SEED_HOSTNAME }],
    preview: false,
    registered: [],
    previous: new Map(),
    state: new Map(),
    cluster: new Set(),
};

/** Kubernetes auto-names objects without metadata.name: name + "-" + a stable suffix, as the provider does. */
function autoName(name: string): string {
    return `${name}-${createHash("sha256").update(name).digest("hex").slice(0, 8)}`;
}

/**
 * An object's key in the cluster, in kubectl's notation: `Service istio-system/istio-ingressgateway`,
 * `Gateway.gateway.networking.k8s.io istio-system/istio-gateway`, `Namespace istio-system`.
 * A `*Patch` type names the object it patches.
 */
export function objectKey(type: string, id: string): string {
    const [, groupVersion, kind] = type.split(":");
    const group = groupVersion.split("/")[0];
    const k = kind.replace(/Patch$/, "");
    return `${group === "core" ? k : `${k}.${group}`} ${id}`;
}

const serviceKey = (namespace: string, name: string) => objectKey("kubernetes:core/v1:Service", `${namespace}/${name}`);

/** The provider's ID of an object: `<namespace>/<name>`, or `<name>` when cluster-scoped. */
function objectId(metadata: Props | undefined, fallback: string): string {
    if (!metadata?.name) return fallback;
    return metadata.namespace ? `${metadata.namespace}/${metadata.name}` : metadata.name;
}

/** The Services controllers create for an object the program applied (those this program relies on). */
function createdByControllers(type: string, inputs: Props): string[] {
    if (type === "kubernetes:install.istio.io/v1alpha1:IstioOperator") {
        const c = inputs.spec?.components ?? {};
        return [...(c.ingressGateways ?? []), ...(c.egressGateways ?? [])]
            .filter((g: Props) => g.enabled)
            .map((g: Props) => serviceKey(g.namespace ?? inputs.metadata.namespace, g.name));
    }
    if (type === "kubernetes:helm.sh/v4:Chart" && String(inputs.chart).split("/").pop() === "gateway") {
        // The gateway chart names its Service after the release unless values.name says otherwise.
        return [serviceKey(inputs.namespace, inputs.values?.name ?? inputs.name)];
    }
    if (type === "kubernetes:gateway.networking.k8s.io/v1:Gateway") {
        // Istio's deployment controller: <gateway>-<class> beside the Gateway.
        return [serviceKey(inputs.metadata.namespace, `${inputs.metadata.name}-${inputs.spec.gatewayClassName}`)];
    }
    return [];
}

/** A step failed: the engine reports it and stops the program, whose dependents never get an answer. */
class StepFailed extends Error {}

/** `.get`: the engine's ReadStep, then the provider's Read. */
function read(run: RunState, type: string, name: string, id: string, inputs: Props): MockResult {
    if (id === pulumi.runtime.unknownValue) {
        // Only in preview: the engine skips the read and the outputs stay unknown.
        return { id: "", state: {} };
    }
    if (!run.cluster.has(objectKey(type, id))) {
        // The provider answers the API server's 404 with no object; the engine then fails the read.
        throw new StepFailed(`${type} (${name}): resource '${id}' does not exist`);
    }
    const [namespace, objName] = id.includes("/") ? id.split("/") : [undefined, id];
    const state: Props = { ...inputs, metadata: { ...(namespace ? { namespace } : {}), name: objName } };
    if (type === "kubernetes:core/v1:Service") state.status = { loadBalancer: { ingress: run.lbIngress } };
    return { id, state };
}

/** A create or update in `up`: applied to the cluster after the provider's waits; returns the ID. */
function apply(run: RunState, type: string, name: string, custom: boolean, inputs: Props): string {
    if (!custom || !type.startsWith("kubernetes:")) {
        // Components; the provider's own components (charts, manifests) apply their objects.
        for (const key of createdByControllers(type, inputs)) run.cluster.add(key);
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
    run.cluster.add(key);
    for (const k of createdByControllers(type, inputs)) run.cluster.add(k);
    return id;
}

type MockResult = { id: string; state: Props };

/** The mocks for one run; `failed` hears of the first failed step. */
function mocksFor(run: RunState, failed: (e: Error) => void): pulumi.runtime.Mocks {
    const step = (args: pulumi.runtime.MockResourceArgs): MockResult => {
        const custom = args.custom ?? true;
        // Only reads pass an ID here (the program imports nothing).
        run.registered.push({
            type: args.type,
            name: args.name,
            inputs: args.inputs,
            custom,
            id: args.id || undefined,
        });
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

/**
 * The SDK's mock monitor says it supports no resource `transforms` (@pulumi/pulumi runtime/mocks.js
 * setMocks), and a resource registered with one then never resolves; the real engine supports them,
 * and the program gives one to the Istio base chart (components/specs/crdTakeover.ts). Under mocks it
 * never runs (a chart's children are the provider's, not registered here), but the chart registers.
 */
// getStore is internal to the SDK (not in its type declarations).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { getStore } = require("@pulumi/pulumi/runtime/state") as { getStore(): { supportsTransforms: boolean } };
function setMocks(mocks: pulumi.runtime.Mocks, preview: boolean): void {
    void pulumi.runtime.setMocks(mocks, PROJECT, STACK, preview);
    getStore().supportsTransforms = true;
}

// Mocks from the moment this module loads, for anything that registers resources outside runProgram.
setMocks(
    mocksFor(mockState, () => undefined),
    false,
);

const ROOT = path.join(__dirname, "..");
// "index" resolves to index.ts under ts-node and to the compiled index.js under bin/.
const INDEX = require.resolve(path.join(ROOT, "index"));

/** The stacks that have a stack file (Pulumi.<stack>.yaml) in `dir`, sorted. */
export function stackNames(dir = ROOT): string[] {
    return fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/**
 * `config:` of Pulumi.<stack>.yaml, keys without the project prefix. A stack without a file (the
 * message lists those that have one), YAML that does not parse, or a file without a `config:` map
 * throws an Error naming the file (and the line, where there is one).
 */
export function stackConfig(stack: string, dir = ROOT): Record<string, unknown> {
    const where = (file: string) => path.relative(process.cwd(), file) || file;
    if (!/^[A-Za-z0-9_.-]+$/.test(stack)) {
        throw new Error(`stack name ${JSON.stringify(stack)}: a stack name has only letters, digits, "-", "_" and "."`);
    }
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        const stacks = stackNames(dir);
        const folder = path.relative(process.cwd(), dir) || ".";
        throw new Error(
            `no stack "${stack}": ${where(file)} does not exist; ` +
                (stacks.length
                    ? `stack files in ${folder}: ${stacks.map((s) => `Pulumi.${s}.yaml (${s})`).join(", ")}`
                    : `there is no Pulumi.<stack>.yaml in ${folder}`),
        );
    }
    const lines = new LineCounter();
    const doc = parseDocument(fs.readFileSync(file, "utf8"), { lineCounter: lines, prettyErrors: false });
    const problem = doc.errors[0];
    if (problem) {
        const at = problem.linePos?.[0] ?? lines.linePos(problem.pos[0]);
        throw new Error(`${where(file)}:${at.line}:${at.col}: not valid YAML: ${problem.message.split("\n")[0]}`);
    }
    const root = doc.contents;
    const config = isMap(root) ? root.get("config", true) : undefined;
    if (!isMap(config)) {
        const at = lines.linePos((isNode(config) ? config.range?.[0] : root?.range?.[0]) ?? 0);
        throw new Error(
            `${where(file)}:${at.line}: ` +
                (config === undefined
                    ? "no top-level `config:` map; a stack file holds the stack's settings under `config:` (see Pulumi.dev.yaml)"
                    : "`config:` is not a map of settings"),
        );
    }
    const values = config.toJSON() as Record<string, unknown>;
    return { ...projectDefaults(dir), ...withoutProjectPrefix(values) };
}

const withoutProjectPrefix = (values: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [k.replace(new RegExp(`^${PROJECT}:`), ""), v]));

/**
 * What Pulumi.yaml in `dir` gives every stack under `config:` (nothing without a Pulumi.yaml): the
 * declared `default`s and plain values. The engine gives the program these for keys the stack file
 * leaves out, and so does stackConfig.
 */
export function projectDefaults(dir = ROOT): Record<string, unknown> {
    const file = path.join(dir, "Pulumi.yaml");
    if (!fs.existsSync(file)) return {};
    const declared = (parseDocument(fs.readFileSync(file, "utf8")).toJSON()?.config ?? {}) as Record<string, unknown>;
    // A declaration is {type, default, description}; a plain value is the value for every stack.
    const isDeclaration = (d: unknown): d is { default?: unknown } =>
        d !== null && typeof d === "object" && !Array.isArray(d) && ("type" in d || "default" in d);
    const defaults = Object.entries(declared).flatMap(([key, d]) =>
        !isDeclaration(d) ? [[key, d]] : "default" in d ? [[key, d.default]] : [],
    );
    return withoutProjectPrefix(Object.fromEntries(defaults));
}

export interface Settled<T> {
    readonly known: boolean;
    readonly value: T | undefined;
}

/** An Output's value and whether it is known (unknown during preview). */
export async function settle<T>(output: pulumi.Output<T>): Promise<Settled<T>> {
    const o = output as unknown as { isKnown: Promise<boolean>; promise(): Promise<T> };
    const known = await o.isKnown;
    return { known, value: known ? await o.promise() : undefined };
}

/** What a run leaves behind for the next one. */
export interface Deployment {
    /** The stack's state after the run (unchanged by a preview). */
    readonly stack: ReadonlyMap<string, StateEntry>;
    /** The cluster's objects after the run. */
    readonly cluster: ReadonlySet<string>;
}

export interface Run extends Deployment {
    readonly resources: Registered[];
    readonly loadBalancerAddress: Settled<string>;
    readonly appUrls: Settled<Record<string, string>>;
    /** Custom resources of one type token, e.g. "kubernetes:networking.istio.io/v1beta1:VirtualService". */
    ofType(type: string): Registered[];
    /** The one custom resource with this logical name. */
    named(name: string): Registered;
}

export interface RunOptions {
    readonly preview?: boolean;
    readonly lbIngress?: { hostname?: string; ip?: string }[];
    /**
     * Objects already in the cluster that the program does not create, as objectKey writes them
     * (`Service istio-system/istio-ingressgateway`). Default: the gateway Service the config names
     * when istio.install is "none" (that mode's premise), else nothing.
     */
    readonly existing?: readonly string[];
    /** An earlier `up` of the same stack that this run follows. Default: none, a new stack. */
    readonly after?: Deployment;
}

/** What runProgram assumes is in the cluster before the program runs, unless told otherwise. */
export function expectedExisting(config: Record<string, unknown>): string[] {
    const istio = (config.istio ?? {}) as { install?: string; namespace?: string; gatewayService?: string };
    if (istio.install !== "none") return [];
    const namespace = istio.namespace ?? DEFAULTS.istio.namespace;
    const name = istio.gatewayService ?? DEFAULTS.istio.gatewayService;
    return [objectKey("kubernetes:core/v1:Service", `${namespace}/${name}`)];
}

/**
 * Runs `program` (which registers resources and returns its stack outputs) under the mocks with
 * `config` (keys without "ncp-ingress:"; values as the YAML holds them).
 */
export async function runInline<T extends Record<string, pulumi.Output<unknown>>>(
    program: () => T,
    config: Record<string, unknown>,
    options: RunOptions = {},
): Promise<Deployment & { resources: Registered[]; outputs: { [K in keyof T]: Settled<pulumi.Unwrap<T[K]>> } }> {
    const run: RunState = {
        lbIngress: options.lbIngress ?? [{ hostname: SEED_HOSTNAME }],
        preview: options.preview ?? false,
        registered: [],
        previous: new Map(options.after?.stack ?? []),
        state: new Map(),
        cluster: new Set([...(options.after?.cluster ?? []), ...(options.existing ?? expectedExisting(config))]),
    };
    Object.assign(mockState, run);
    let failure: Error | undefined;
    const stopped = new Promise<undefined>((resolve) => {
        setMocks(
            mocksFor(run, (e) => {
                failure ??= e;
                resolve(undefined);
            }),
            run.preview,
        );
    });
    pulumi.runtime.setAllConfig(
        Object.fromEntries(
            Object.entries(config).map(([k, v]) => [`ncp-ingress:${k}`, typeof v === "string" ? v : JSON.stringify(v)]),
        ),
    );
    const stackOutputs = program();
    const names = Object.keys(stackOutputs) as (keyof T)[];
    // Every output and every pending RPC settles before the run reports, so that nothing of it leaks
    // into the next run; unless a step fails, which stops the run as the engine stops the program.
    const finished = (async () => {
        const settled = await Promise.allSettled(names.map((n) => settle(stackOutputs[n])));
        await waitForRPCs();
        return settled;
    })();
    const settled = await Promise.race([finished, stopped]);
    if (failure || !settled) throw failure;
    const rejected = settled.find((s) => s.status === "rejected");
    if (rejected) throw rejected.reason;
    const outputs = Object.fromEntries(
        names.map((n, i) => [n, (settled[i] as PromiseFulfilledResult<Settled<unknown>>).value]),
    ) as { [K in keyof T]: Settled<pulumi.Unwrap<T[K]>> };
    return {
        resources: [...run.registered],
        outputs,
        stack: run.preview ? run.previous : run.state,
        cluster: new Set(run.cluster),
    };
}

/** Runs the program with `config` (keys without "ncp-ingress:"); values are what the YAML holds. */
export async function runProgram(config: Record<string, unknown>, options: RunOptions = {}): Promise<Run> {
    delete require.cache[INDEX];
    try {
        const { resources, outputs, stack, cluster } = await runInline(
            () => {
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                const program = require(INDEX) as {
                    loadBalancerAddress: pulumi.Output<string>;
                    appUrls: pulumi.Output<Record<string, string>>;
                };
                return { loadBalancerAddress: program.loadBalancerAddress, appUrls: program.appUrls };
            },
            config,
            options,
        );
        return {
            resources,
            loadBalancerAddress: outputs.loadBalancerAddress,
            appUrls: outputs.appUrls,
            stack,
            cluster,
            ofType: (type) => resources.filter((r) => r.type === type),
            named(name) {
                const found = resources.filter((r) => r.name === name);
                if (found.length !== 1) throw new Error(`expected one resource named ${name}, found ${found.length}`);
                return found[0];
            },
        };
    } finally {
        delete require.cache[INDEX];
    }
}
