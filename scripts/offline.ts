// Offline evaluation of the real program (index.ts) under Pulumi's mocks: no CLI, no cluster. The
// tests, `npm run render` and `npm run bench` all run the program through here, so they can never
// disagree with it. This is the ONE place that registers mocks (mocha loads every spec file before
// any hook runs, so a second setMocks elsewhere would silently win).
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
// waitForRPCs is internal to the SDK but is what `pulumi` itself awaits before exiting.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

export const PROJECT = "ncp-ingress";
export const STACK = "dev";

/** The seed's LB hostname, as NCP reported it. */
export const SEED_HOSTNAME = "istio-syste-istio-ingres-86eca-16974564-ed4c34960e26.kr.lb.naverncp.com";

export interface Registered {
    readonly type: string;
    readonly name: string;
    // Inputs as the provider would receive them: untyped JSON.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
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
        const state: Registered["inputs"] = { ...args.inputs };
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

const ROOT = path.join(__dirname, "..");
// "index" resolves to index.ts under ts-node and to the compiled index.js under bin/.
const INDEX = require.resolve(path.join(ROOT, "index"));

/** `config:` of Pulumi.<stack>.yaml, keys without the project prefix. */
export function stackConfig(stack: string, dir = ROOT): Record<string, unknown> {
    const doc = parse(fs.readFileSync(path.join(dir, `Pulumi.${stack}.yaml`), "utf8")) as {
        config: Record<string, unknown>;
    };
    return Object.fromEntries(Object.entries(doc.config).map(([k, v]) => [k.replace(/^ncp-ingress:/, ""), v]));
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

export interface Run {
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
}

/** Runs the program with `config` (keys without "ncp-ingress:"); values are what the YAML holds. */
export async function runProgram(config: Record<string, unknown>, options: RunOptions = {}): Promise<Run> {
    usePreview(options.preview ?? false);
    mockState.lbIngress = options.lbIngress ?? [{ hostname: SEED_HOSTNAME }];
    mockState.registered = [];
    pulumi.runtime.setAllConfig(
        Object.fromEntries(
            Object.entries(config).map(([k, v]) => [`ncp-ingress:${k}`, typeof v === "string" ? v : JSON.stringify(v)]),
        ),
    );
    delete require.cache[INDEX];
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const program = require(INDEX) as {
            loadBalancerAddress: pulumi.Output<string>;
            appUrls: pulumi.Output<Record<string, string>>;
        };
        const [loadBalancerAddress, appUrls] = await Promise.all([
            settle(program.loadBalancerAddress),
            settle(program.appUrls),
        ]);
        await waitForRPCs();
        const resources = [...mockState.registered];
        return {
            resources,
            loadBalancerAddress,
            appUrls,
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
