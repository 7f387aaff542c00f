// The one kubernetes provider every resource of the stack uses, configured from the stack's
// `kubernetes:*` keys (components/config/kubernetesProvider.ts). Pulumi.yaml disables the default
// provider, so a resource created without it fails at preview instead of reaching another cluster.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as semver from "semver";
import { KubernetesSettings } from "./config/kubernetesProvider";

/**
 * The name the engine gives the default provider of a package version: "default" and the version's
 * parts joined by "_" (pulumi pkg/resource/deploy/providers/provider.go, ProviderRequest.DefaultName).
 */
export function defaultProviderName(version: string): string {
    const v = semver.parse(version);
    if (!v) throw new Error(`not a semantic version: ${JSON.stringify(version)}`);
    return ["default", v.major, v.minor, v.patch, ...v.prerelease, ...v.build].join("_");
}

/** The @pulumi/kubernetes version this program is built with: its default provider's version. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SDK_VERSION: string = require("@pulumi/kubernetes/package.json").version;

/**
 * The stack's kubernetes provider. Stacks deployed before it used the engine's default provider:
 * the alias makes this provider that one (same URN history, no replacement of anything it manages;
 * the engine asks the provider's DiffConfig whether a changed configuration must replace anything,
 * pulumi/pulumi#18509, and only a change of cluster does). A kubeconfig from the stack is a secret.
 * Without one, "": the provider then loads the kubeconfig as kubectl does (KUBECONFIG, else
 * ~/.kube/config; pulumi-kubernetes provider.go Configure treats "" as unset), as the default
 * provider did. Left undefined, the SDK would put this machine's KUBECONFIG path into the provider's
 * inputs (@pulumi/kubernetes provider.js), and a run from another machine or as another user would
 * show the provider as changed (`--expect-no-changes` fails).
 */
export function stackProvider(settings: KubernetesSettings): k8s.Provider {
    const { kubeconfig, ...rest } = settings;
    return new k8s.Provider(
        "kubernetes",
        { ...rest, kubeconfig: kubeconfig === undefined ? "" : pulumi.secret(kubeconfig) },
        { aliases: [{ name: defaultProviderName(SDK_VERSION) }] },
    );
}
