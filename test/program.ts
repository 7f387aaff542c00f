// Runs index.ts in-process under the mocks with a given stack config, and collects what it did.
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { mockState, Registered, SEED_HOSTNAME, usePreview } from "./mocks";
// waitForRPCs is internal to the SDK but is what `pulumi` itself awaits before exiting.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

const ROOT = path.join(__dirname, "..");
const INDEX = require.resolve(path.join(ROOT, "index.ts"));

/** `config:` of Pulumi.<stack>.yaml, keys without the project prefix. */
export function stackConfig(stack: string): Record<string, unknown> {
    const doc = parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as {
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
