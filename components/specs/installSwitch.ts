// Leaving operator mode by changing istio.install deletes the IstioOperator CR; the operator, still
// running, then deletes everything it made, the gateway Service included (the capture in
// ../shared/istio-operator-1.23.6: within a second), so NCP deletes the LB and the next one gets a
// new hostname. The stack's own last outputs say which mode it was deployed with; a switch away
// from the operator is refused before anything is registered that would let it happen.
import { InstallMode } from "../model";
import { LAST_OPERATOR_MINOR } from "../limits";

/** What the stack's last `up` exported that tells its install mode (older releases: istioVersion only). */
export interface PreviousOutputs {
    readonly istioInstall?: unknown;
    readonly istioVersion?: unknown;
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

/** Why switching from `previous` to `current` is refused; undefined when it is not. */
export function installSwitchProblem(previous: InstallMode | undefined, current: InstallMode): string | undefined {
    if (previous !== "operator" || current === "operator") return undefined;
    return (
        `ncp-ingress:istio.install: "${current}", but this stack was deployed with "operator": the switch would delete ` +
        "the IstioOperator, and the running operator would then delete the gateway Service it made; NCP deletes its " +
        "load balancer and the next one gets a new hostname, so every app URL and DNS record breaks. Keep " +
        'install "operator" (see docs/troubleshooting.md, "Leaving operator mode"), or, to accept a new load balancer, ' +
        "run `pulumi destroy` first and then `pulumi up` with the new mode"
    );
}
