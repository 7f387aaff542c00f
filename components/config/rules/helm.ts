// install "helm": the Istio releases whose gateway chart takes the values ncp-ingress passes it
// (which releases those are is specs/helmValues.ts's). The release name's length is naming.ts's.
import { LAST_OPERATOR_MINOR } from "../../limits";
import { NS } from "../../names";
import { GATEWAY_CHART_ALLOWED, GATEWAY_CHART_BROKEN, gatewayChartRefusal } from "../../specs/helmValues";
import { Findings } from "../problems";
import { DEFAULTS } from "../schema";

/**
 * Helm mode installs the gateway chart with labels, service and podAnnotations values, which the
 * chart's values.schema.json of some Istio releases rejects (see gatewayChartRefusal).
 */
export function checkGatewayChartVersion(f: Findings, version: string): void {
    const refusal = gatewayChartRefusal(version);
    if (!refusal) return;
    const helm = `${NS}:istio.install "helm"`;
    const why =
        refusal === "schema"
            ? `cannot be installed with ${helm}: the gateway chart's values.schema.json of Istio ${GATEWAY_CHART_BROKEN} ` +
              "rejects the values ncp-ingress passes it (labels, service, podAnnotations), and Helm 3.18.5 and later " +
              "(inside the Kubernetes provider) enforce that schema"
            : `is older than ${helm} supports (its charts are end of life and untested here)`;
    const minor = Number(version.split(".")[1]);
    const operator =
        minor <= LAST_OPERATOR_MINOR
            ? `; or set ${NS}:istio.install to "operator" for Istio 1.${LAST_OPERATOR_MINOR}.x and earlier; ` +
              `to take over a stack's operator install at its version, set ${NS}:istio.adoptFrom "operator" ` +
              "(docs/migrating-off-the-operator.md)"
            : "";
    f.error(
        `${NS}:istio.version`,
        `${version} ${why}; allowed: ${GATEWAY_CHART_ALLOWED} (default ${DEFAULTS.istio.helmVersion})${operator}`,
    );
}
