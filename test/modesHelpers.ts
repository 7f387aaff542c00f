// Shared by the mode specs (modes-install.spec.ts, modes-gatewayApi.spec.ts): the dev stack, the
// resource types they look for and the seed's gateway.
import { stackConfig } from "../scripts/offline/stack";
import { seed } from "./seed";

export const dev = stackConfig("dev");
export const VS = "kubernetes:networking.istio.io/v1beta1:VirtualService";
export const CHART = "kubernetes:helm.sh/v4:Chart";
export const seedGateway = seed.istioOperator.spec.components.ingressGateways[0].k8s;
