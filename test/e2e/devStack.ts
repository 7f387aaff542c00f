// Pulumi.dev.yaml and what the Istio 1.23.6 operator made for it: the names the operator and
// migration scenarios both check (the capture in ../shared/istio-operator-1.23.6).
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { E2eApp } from "./expect";
import { ROOT } from "./harness";

export const NS = "istio-system";
export const OPERATOR_NS = "istio-operator";
export const SERVICE = "istio-ingressgateway";
/** The IstioOperator's name: also what the operator labels its objects with. */
export const CR = "istio";
export const STACK = "dev";
export const IOP = "istiooperators.install.istio.io";
/** The selector of everything the operator labels as the CR's (the capture's 41 objects, CRDs included). */
export const OWNED = `install.operator.istio.io/owning-resource=${CR},install.operator.istio.io/owning-resource-namespace=${NS}`;
/** The kinds the operator made for the dev stack, CRDs left out (kubectl's plural names). */
export const OWNED_KINDS_BUT_CRDS = [
    "clusterroles",
    "clusterrolebindings",
    "validatingwebhookconfigurations",
    "mutatingwebhookconfigurations",
    "serviceaccounts",
    "configmaps",
    "roles",
    "rolebindings",
    "services",
    "deployments",
    "horizontalpodautoscalers",
    "poddisruptionbudgets",
].join(",");
export const OWNED_KINDS = `customresourcedefinitions,${OWNED_KINDS_BUT_CRDS}`;

export const DEV_FILE = path.join(ROOT, "Pulumi.dev.yaml");
export const DEV_CONFIG = YAML.parse(fs.readFileSync(DEV_FILE, "utf8")).config as Record<string, any>;
export const DEV_APPS: E2eApp[] = DEV_CONFIG["ncp-ingress:apps"];
/** The Istio version of Pulumi.dev.yaml: the operator's. */
export const ISTIO_VERSION: string = DEV_CONFIG["ncp-ingress:istio"].version;
