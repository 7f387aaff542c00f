// install "operator": the in-cluster Istio operator, which Istio removed in 1.24, and the ports its
// 1.23 gateway can listen on.
import * as semver from "semver";
import { LAST_OPERATOR_MINOR } from "../../limits";
import { IstioSettings, StackModel } from "../../model";
import { BUILT_IN_TARGETS, NS } from "../../names";
import { Findings } from "../problems";

/** The in-cluster Istio operator was removed in Istio 1.24. */
export function checkOperatorVersion(f: Findings, { install, version }: IstioSettings): void {
    // Not a release (the schema says so already), or one that still had the operator (pre-releases of 1.24 did not).
    if (install !== "operator" || !semver.valid(version) || semver.lt(version, `1.${LAST_OPERATOR_MINOR + 1}.0-0`))
        return;
    f.error(
        `${NS}:istio.version`,
        `${version} has no in-cluster operator (Istio removed it in 1.24); ` +
            `set ${NS}:istio.install to "helm" for Istio 1.24 and later, or pick a version up to 1.${LAST_OPERATOR_MINOR}.x`,
    );
}

/**
 * The operator's 1.23 gateway runs unprivileged (ISTIO_META_UNPRIVILEGED_POD), and istiod builds no
 * listener for a gateway port below 1024 there (istio/istio 1.23.6 pilot/pkg/networking/core/gateway.go,
 * "skipping privileged gateway port"); its built-in 80/443 listeners take container ports 8080/8443.
 * An app's container port is its port. (80 and 443 themselves are reserved for every mode.)
 */
export function checkOperatorPorts(f: Findings, { apps, demo }: StackModel): void {
    const targets = BUILT_IN_TARGETS.operator;
    const builtIn = new Map([
        [targets.http, "HTTP listener (port 80)"],
        [targets.https, "HTTPS listener (port 443)"],
    ]);
    const ported = [
        ...apps.flatMap((app) =>
            app.port === undefined ? [] : [{ where: `${NS}:apps (${app.name}) port`, port: app.port }],
        ),
        ...(demo.enabled ? [{ where: `${NS}:demo.port`, port: demo.port }] : []),
    ];
    for (const { where, port } of ported) {
        const listener = builtIn.get(port);
        if (port < 1024) {
            f.error(
                where,
                `${port}: install "operator" runs the Istio 1.23 gateway unprivileged, and istiod skips gateway ports below 1024 (no listener); ` +
                    'pick a port from 1024 up (e.g. 30000-32767), or use install "helm"',
            );
        } else if (listener) {
            f.error(
                where,
                `${port} is the container port of the gateway's built-in ${listener} with install "operator"; pick another port (e.g. 30000-32767)`,
            );
        }
    }
}
