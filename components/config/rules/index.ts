// Every rule across fields, apps and sections of the stack config, over the parsed model, in the
// order its problems are listed; each rule lives in the file of its feature (a field's own type and
// range is the schema's, ../schema.ts). config.ts calls checkStackRules once the schema has parsed.
import { StackModel } from "../../model";
import { Findings } from "../problems";
import { checkAdoption } from "./adoption";
import { checkClientIps, warnAdminUis } from "./allowLists";
import { checkNodePorts, checkNotEmpty, checkUniqueness } from "./apps";
import {
    checkGatewayApiApps,
    checkGatewayApiInfrastructure,
    checkGatewayApiListeners,
    checkGatewayApiLoadBalancer,
} from "./gatewayApi";
import { checkGatewayChartVersion } from "./helm";
import { checkInstallNone } from "./installNone";
import { checkLoadBalancer, warnLoadBalancer } from "./loadBalancer";
import { checkGatewayServiceName, checkNamespaces, checkPortNames } from "./naming";
import { checkOperatorPorts, checkOperatorVersion } from "./operator";
import { checkTlsPorts } from "./tls";

/** Runs every rule on the parsed sections (apps in the order given), adding problems and warnings to `f`. */
export function checkStackRules(f: Findings, model: StackModel): void {
    const { istio, loadBalancer: lb, apps, demo, routing } = model;
    const gatewayApi = routing === "gateway-api";
    checkOperatorVersion(f, istio);
    checkLoadBalancer(f, lb);
    warnLoadBalancer(f, lb);
    checkAdoption(f, istio, routing);
    // Taking over from the operator, the gateway stays the operator's until a version whose chart takes our values.
    if (istio.install === "helm" && routing === "istio" && !istio.adoptFrom) checkGatewayChartVersion(f, istio.version);
    checkUniqueness(f, apps, demo);
    checkNodePorts(f, apps, demo);
    if (gatewayApi) checkGatewayApiListeners(f, apps, demo);
    // checkNotEmpty stays quiet when an app was refused already, by the schema or a rule above.
    checkNotEmpty(f, model);
    checkClientIps(f, model);
    if (istio.install === "none" && routing === "istio") checkInstallNone(f, model);
    checkPortNames(f, model);
    checkNamespaces(f, model);
    checkGatewayServiceName(f, model);
    if (gatewayApi) checkGatewayApiInfrastructure(f, model);
    if (istio.install === "operator" && routing === "istio") checkOperatorPorts(f, model);
    checkTlsPorts(f, apps, lb);
    if (gatewayApi) {
        checkGatewayApiApps(f, apps);
        checkGatewayApiLoadBalancer(f, lb);
    }
    if (!lb.internal) warnAdminUis(f, apps);
}
