// Leaving operator mode by changing istio.install deletes the IstioOperator CR; the operator, still
// running, then deletes everything it made, the gateway Service included (the capture in
// ../shared/istio-operator-1.23.6: within a second), so NCP deletes the LB and the next one gets a
// new hostname. The stack's own last outputs say which mode it was deployed with; a switch away
// from the operator is refused before anything is registered that would let it happen, unless it
// is the migration (istio.adoptFrom "operator", docs/migrating-off-the-operator.md).
import * as semver from "semver";
import { InstallMode, IstioSettings } from "../model";
import { LAST_OPERATOR_MINOR } from "../limits";

/** What the stack's last `up` exported that tells its install mode (older releases: istioVersion only). */
export interface PreviousOutputs {
    readonly istioInstall?: unknown;
    readonly istioVersion?: unknown;
    /** "operator" while a helm stack holds what its operator install made (the adoptFrom output). */
    readonly istioAdoptedFrom?: unknown;
}

/**
 * The install mode the stack was last deployed with: its istioInstall output, else (releases
 * before that output) operator when its istioVersion is 1.23 or older (helm mode refuses those
 * versions), helm for a later one; undefined for a new stack or install none (no istioVersion).
 */
export function previousInstall(outputs: PreviousOutputs | undefined): InstallMode | undefined {
    const mode = outputs?.istioInstall;
    if (mode === "operator" || mode === "helm" || mode === "none") return mode;
    const version = typeof outputs?.istioVersion === "string" ? /^1\.(\d+)\./.exec(outputs.istioVersion) : null;
    if (!version) return undefined;
    return Number(version[1]) <= LAST_OPERATOR_MINOR ? "operator" : "helm";
}

const MIGRATE =
    'see docs/migrating-off-the-operator.md: set ncp-ingress:istio.install "helm" with ncp-ingress:istio.adoptFrom "operator"';

/** Why going from the previous deployment to `current` is refused; undefined when it is not. */
export function installSwitchProblem(
    outputs: PreviousOutputs | undefined,
    current: Pick<IstioSettings, "install" | "version" | "adoptFrom">,
): string | undefined {
    const previous = previousInstall(outputs);
    const adopting = outputs?.istioAdoptedFrom === "operator";
    /** The Istio version of the last `up`, when it says one. */
    const was =
        typeof outputs?.istioVersion === "string" && semver.valid(outputs.istioVersion)
            ? outputs.istioVersion
            : undefined;
    if (current.adoptFrom === "operator") {
        if (previous === "operator") {
            // Istio's upgrades are made one installer or one version step at a time: the charts take
            // over at the operator's own version first.
            if (was && was !== current.version)
                return (
                    `ncp-ingress:istio.version: "${current.version}", but the operator installed ${was}: take the ` +
                    `install over at ${was} first (set ncp-ingress:istio.version "${was}"), then upgrade in Istio's supported steps`
                );
            return undefined;
        }
        if (previous === "helm" && adopting) return undefined;
        return (
            'ncp-ingress:istio.adoptFrom: "operator", but this stack ' +
            (previous === undefined ? "has no deployment" : `was deployed with install "${previous}"`) +
            ", not with an operator to take over; unset ncp-ingress:istio.adoptFrom"
        );
    }
    if (adopting && previous === "helm" && current.install === "helm") {
        // Ending the adoption releases the stopped operator's share of every field (the handover's
        // delete); until then a chart change without the adoption's force would conflict with it.
        if (was && was !== current.version)
            return (
                `ncp-ingress:istio.version: "${current.version}", with ncp-ingress:istio.adoptFrom unset in the same run: ` +
                `unset adoptFrom at ${was} first (set ncp-ingress:istio.version "${was}"), then change the version ` +
                "(docs/migrating-off-the-operator.md, step 3)"
            );
    }
    if (previous === "operator" && current.install !== "operator")
        return (
            `ncp-ingress:istio.install: "${current.install}", but this stack was deployed with "operator": the switch ` +
            "would delete the IstioOperator, and the running operator would then delete the gateway Service it made; " +
            "NCP deletes its load balancer and the next one gets a new hostname, so every app URL and DNS record " +
            `breaks. To keep the load balancer, migrate (${MIGRATE}); to accept a new one, run \`pulumi destroy\` ` +
            "first and then `pulumi up` with the new mode"
        );
    return undefined;
}
