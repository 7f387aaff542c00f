// istio.adoptFrom "operator": install helm takes over what this stack's install operator made
// (docs/migrating-off-the-operator.md). What the stack's previous run was is known at run time only
// (specs/installSwitch.ts); these are the rules on the config alone.
import { IstioSettings, RoutingMode } from "../../model";
import { NS } from "../../names";
import { Findings } from "../problems";

export function checkAdoption(f: Findings, istio: IstioSettings, routing: RoutingMode): void {
    if (istio.adoptFrom !== "operator") return;
    if (istio.install !== "helm") {
        f.error(
            `${NS}:istio.adoptFrom`,
            `"operator" takes the operator's install over with Istio's charts: set ${NS}:istio.install to "helm" ` +
                `(it is "${istio.install}")`,
        );
    } else if (routing !== "istio") {
        f.error(
            `${NS}:istio.adoptFrom`,
            '"operator" keeps the operator\'s classic ingress gateway and its Service: take it over with Istio routing ' +
                `first (unset ${NS}:routing), then switch routing`,
        );
    }
}
