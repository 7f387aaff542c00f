// The package's provider: serves the schema (schema.ts) and constructs an Ingress for a program in any
// language (Pulumi YAML, Python, Go, ...). provider/index.ts starts it; the engine runs that directory
// through the Node.js language host's RunPlugin (provider/PulumiPlugin.yaml).
import * as pulumi from "@pulumi/pulumi";
import { Ingress, INGRESS_TYPE } from "../ingress";
import { RawStackConfig } from "../../config";
import { parseIngressInputs } from "./inputs";
import { packageSchema } from "./schema";

/** What an Output holds once settled (sdk/nodejs/output.ts OutputImpl: isKnown and promise are internal). */
interface Settling<T> {
    readonly isKnown: Promise<boolean>;
    promise(): Promise<T>;
}

/**
 * The inputs as plain values, or undefined while any is unknown (a preview whose inputs come from
 * resources not created yet). Awaited before any child is registered, so that checks come first.
 */
export async function settledInputs(inputs: pulumi.Inputs): Promise<RawStackConfig | undefined> {
    const all = pulumi.output(inputs) as unknown as Settling<RawStackConfig>;
    return (await all.isKnown) ? await all.promise() : undefined;
}

/** An Ingress whose inputs are unknown at preview: the component alone. */
class PendingIngress extends pulumi.ComponentResource {
    constructor(name: string, opts: pulumi.ComponentResourceOptions) {
        super(INGRESS_TYPE, name, {}, opts);
        this.registerOutputs({});
    }
}

export class IngressProvider implements pulumi.provider.Provider {
    readonly schema: string;

    constructor(readonly version: string) {
        this.schema = JSON.stringify(packageSchema(version));
    }

    async construct(
        name: string,
        type: string,
        inputs: pulumi.Inputs,
        options: pulumi.ComponentResourceOptions,
    ): Promise<pulumi.provider.ConstructResult> {
        if (type !== INGRESS_TYPE) throw new Error(`unknown resource type ${type}; this package has ${INGRESS_TYPE}`);
        const raw = await settledInputs(inputs);
        if (raw === undefined) {
            // Nothing can be checked or planned from unknown inputs: they are checked when they resolve
            // (at up), before any child is registered.
            const pending = new PendingIngress(name, options);
            void pulumi.log.warn(
                "the inputs are not known until up: they are checked, and the children shown, then",
                pending,
            );
            return { urn: pending.urn, state: {} };
        }
        const { model, warnings } = parseIngressInputs(name, raw);
        const ingress = new Ingress(name, { model }, options);
        for (const w of warnings) void pulumi.log.warn(w, ingress);
        return {
            urn: ingress.urn,
            state: {
                loadBalancerAddress: ingress.loadBalancerAddress,
                appUrls: ingress.appUrls,
                gatewayService: ingress.gatewayService,
                gatewayNodePorts: ingress.gatewayNodePorts,
            },
        };
    }
}
