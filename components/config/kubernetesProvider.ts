// The stack's `kubernetes:*` settings, for the one explicit kubernetes provider that every resource
// uses. Until it, the engine's default provider read these keys itself; an explicit provider reads
// nothing, so the program hands each on, typed as the provider takes it (@pulumi/kubernetes
// provider.d.ts, ProviderArgs). Values come as `pulumi config set` stores them: text ("true", a
// kubeconfig's YAML or path, a map as JSON text).
import type * as k8s from "@pulumi/kubernetes";
import { z } from "zod";
import { Findings, quote } from "./problems";

/** The provider settings a stack may give, and the value each takes (its message: what it expects). */
const flag = z.enum(["true", "false"], { error: "true or false" }).transform((v) => v === "true");
const text = z.string().min(1, { error: "a non-empty string" });
const map = z.string().transform((v, ctx) => {
    try {
        const parsed: unknown = JSON.parse(v);
        if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as object;
    } catch {
        // reported below
    }
    ctx.addIssue({ code: "custom", message: "a map (pulumi config set --path kubernetes:<key>.<field> <value>)" });
    return z.NEVER;
});
const SETTINGS = {
    kubeconfig: text,
    context: text,
    cluster: text,
    clusterIdentifier: text,
    namespace: text,
    renderYamlToDirectory: text,
    alwaysRender: flag,
    deleteUnreachable: flag,
    enableConfigMapMutable: flag,
    enablePatchForce: flag,
    enableSecretMutable: flag,
    enableServerSideApply: flag,
    skipUpdateUnreachable: flag,
    suppressDeprecationWarnings: flag,
    suppressHelmHookWarnings: flag,
    upsertExistingObjects: flag,
    kubeClientSettings: map,
    helmReleaseSettings: map,
} satisfies { [K in keyof k8s.ProviderArgs]-?: z.ZodType };

/** The provider's arguments from the stack (kubeconfig stays plain text here; the program makes it a secret). */
export type KubernetesSettings = { -readonly [K in keyof typeof SETTINGS]?: z.output<(typeof SETTINGS)[K]> };

/**
 * What ncp-ingress needs of the provider, whatever the stack says, and why. ConfigMaps updated in
 * place: the provider replaces a ConfigMap whose data changes (pulumi-kubernetes #1567; the option is
 * PR #1926's), and for a fixed name the replacement's delete removes the object the create had just
 * updated.
 */
const NEEDED = {
    enableServerSideApply: {
        value: true,
        why: "its patches of the gateway Service are Patch resources, which only server-side apply has",
    },
    enableConfigMapMutable: {
        value: true,
        why: "without it an Istio upgrade in helm mode deletes istiod's istio-sidecar-injector ConfigMap",
    },
} as const;

/** The settings ncp-ingress always gives the provider (NEEDED's values). */
export const REQUIRED_SETTINGS = {
    enableServerSideApply: NEEDED.enableServerSideApply.value,
    enableConfigMapMutable: NEEDED.enableConfigMapMutable.value,
} as const;

/**
 * The provider settings from the stack's `kubernetes:*` keys (given without the prefix), with
 * REQUIRED_SETTINGS; a key the provider does not take, a bad value or a required setting turned off
 * is added to `f`, named by its key.
 */
export function parseKubernetesSettings(f: Findings, raw: Readonly<Record<string, string>>): KubernetesSettings {
    const settings: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
        const at = `kubernetes:${key}`;
        const schema = (SETTINGS as Record<string, z.ZodType>)[key];
        if (!schema) {
            f.error(
                at,
                `the kubernetes provider has no setting ${quote(key)} (it takes ${Object.keys(SETTINGS).join(", ")})`,
            );
            continue;
        }
        const parsed = schema.safeParse(value);
        if (!parsed.success) {
            f.error(at, `${quote(value)} is not ${parsed.error.issues[0].message}`);
            continue;
        }
        settings[key] = parsed.data;
    }
    for (const [key, { value, why }] of Object.entries(NEEDED)) {
        if (settings[key] === false) f.error(`kubernetes:${key}`, `ncp-ingress needs ${value}: ${why}; remove the key`);
        settings[key] = value;
    }
    return settings as KubernetesSettings;
}
