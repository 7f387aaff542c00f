// The run harness: offline evaluation of the real program (index.ts), or of an inline one, under the
// engine emulator (engine.ts): no CLI, no cluster. The tests, `npm run render` and `npm run bench` all
// run the program through here, so the objects the program registers are the same in all three (what
// the provider adds at `up`, such as a chart's objects, is not: see docs/render.md). A run is a
// preview or an up, after an earlier run or not; it reports what was registered, the stack outputs,
// and the state and cluster it leaves. runInline is the ONE place that registers mocks, afresh for
// each run (mocha loads every spec file before any hook runs, so a setMocks elsewhere would win).
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { DEFAULTS } from "../../components/config/schema";
import { addExisting, ClusterObject, ExistingObject, serviceKey } from "./cluster";
import { ISTIO_INGRESS_SERVICE } from "./controllers";
import { mocksFor, mockState, Registered, RunState, SEED_HOSTNAME, setMocks, StateEntry } from "./engine";
// waitForRPCs is internal to the SDK but is what `pulumi` itself awaits before exiting.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

const ROOT = path.join(__dirname, "..", "..");
// "index" resolves to index.ts under ts-node and to the compiled index.js under bin/.
const INDEX = require.resolve(path.join(ROOT, "index"));

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
    /** The cluster's objects after the run, by key (cluster.ts objectKey). */
    readonly cluster: ReadonlyMap<string, ClusterObject>;
}

export interface Run extends Deployment {
    readonly resources: Registered[];
    readonly loadBalancerAddress: Settled<string>;
    readonly appUrls: Settled<Record<string, string>>;
    /** The program's gatewayNodePorts output: Service port -> NodePort of the gateway Service as read. */
    readonly gatewayNodePorts: Settled<Record<string, number>>;
    /** Custom resources of one type token, e.g. "kubernetes:networking.istio.io/v1beta1:VirtualService". */
    ofType(type: string): Registered[];
    /** The one custom resource with this logical name. */
    named(name: string): Registered;
}

export interface RunOptions {
    readonly preview?: boolean;
    readonly lbIngress?: { hostname?: string; ip?: string }[];
    /**
     * Objects already in the cluster that the program does not create: a key as objectKey writes it
     * (`Service istio-system/istio-ingressgateway`), an object with nothing but its name; or the key
     * with a Service's spec (its type and ports, NodePorts optional). Default: the gateway Service the
     * config names when istio.install is "none" (that mode's premise; expectedExisting), else nothing.
     */
    readonly existing?: readonly (string | ExistingObject)[];
    /** An earlier `up` of the same stack that this run follows. Default: none, a new stack. */
    readonly after?: Deployment;
    /** The stack outputs of that earlier `up` (what the program reads of its own last run). Default: none. */
    readonly stackOutputs?: Record<string, unknown>;
}

/**
 * What runProgram assumes is in the cluster before the program runs, unless told otherwise: with
 * install "none", the gateway Service the config names as an istioctl install leaves it (Istio's
 * ingress gateway template: LoadBalancer, ports 15021, 80 and 443), with no NodePorts given.
 */
export function expectedExisting(config: Record<string, unknown>): ExistingObject[] {
    const istio = (config.istio ?? {}) as { install?: string; namespace?: string; gatewayService?: string };
    if (istio.install !== "none") return [];
    const namespace = istio.namespace ?? DEFAULTS.istio.namespace;
    const name = istio.gatewayService ?? DEFAULTS.istio.gatewayService;
    return [{ key: serviceKey(namespace, name), spec: ISTIO_INGRESS_SERVICE }];
}

/**
 * Runs `program` (which registers resources and returns its stack outputs) under the mocks with
 * `config` (keys without "ncp-ingress:", other namespaces' keys whole; values as the YAML holds them).
 */
export async function runInline<T extends Record<string, pulumi.Output<unknown>>>(
    program: () => T,
    config: Record<string, unknown>,
    options: RunOptions = {},
): Promise<Deployment & { resources: Registered[]; outputs: { [K in keyof T]: Settled<pulumi.Unwrap<T[K]>> } }> {
    const cluster = new Map(options.after?.cluster ?? []);
    addExisting(cluster, options.existing ?? expectedExisting(config));
    const run: RunState = {
        lbIngress: options.lbIngress ?? [{ hostname: SEED_HOSTNAME }],
        preview: options.preview ?? false,
        registered: [],
        previous: new Map(options.after?.stack ?? []),
        state: new Map(),
        cluster,
        stackOutputs: options.stackOutputs ?? {},
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
            Object.entries(config).map(([k, v]) => [
                k.includes(":") ? k : `ncp-ingress:${k}`,
                typeof v === "string" ? v : JSON.stringify(v),
            ]),
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
        cluster: new Map(run.cluster),
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
                    gatewayNodePorts: pulumi.Output<Record<string, number>>;
                };
                const { loadBalancerAddress, appUrls, gatewayNodePorts } = program;
                return { loadBalancerAddress, appUrls, gatewayNodePorts };
            },
            config,
            options,
        );
        return {
            resources,
            loadBalancerAddress: outputs.loadBalancerAddress,
            appUrls: outputs.appUrls,
            gatewayNodePorts: outputs.gatewayNodePorts,
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
