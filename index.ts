// ncp-ingress: many apps behind one NCP load balancer through Istio's ingress gateway.
// Wiring only: stack config -> one Ingress component (components/ingress.ts) -> the stack's outputs.
import * as pulumi from "@pulumi/pulumi";
import { readStackConfig } from "./config";
import { Ingress } from "./components/ingress";
import { stackProvider } from "./components/provider";
import { installSwitchProblem } from "./components/specs/installSwitch";
import { rememberStackTraces } from "./components/stackTraces";

rememberStackTraces();

// Throws, listing every problem, before any resource is registered.
const { model, kubernetes } = readStackConfig();

// Leaving operator mode would delete the gateway Service with the IstioOperator: the stack's own
// last outputs say how it was deployed, and such a switch fails before Istio or the LB is touched.
const installGuard =
    model.istio.install === "operator"
        ? undefined
        : new pulumi.StackReference("previous-deployment", {
              name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`,
          }).outputs.apply((outputs) => {
              const problem = installSwitchProblem(outputs, model.istio);
              if (problem) throw new pulumi.RunError(problem);
          });

// Every resource uses the stack's one kubernetes provider. The stack's resources were top-level
// children before the Ingress component held them: topLevelNames keeps their names and URNs.
const ingress = new Ingress(
    "ncp-ingress",
    { model, guard: installGuard, topLevelNames: true },
    { providers: [stackProvider(kubernetes)] },
);

/** The LB hostname (or IP). */
export const loadBalancerAddress: pulumi.Output<string> = ingress.loadBalancerAddress;
/**
 * app name -> URL: http(s)/tcp://<address>:<port>, or http(s)://<host> for apps with host names only.
 * Fails as the routes of refused allow-list apps do (install none behind an nplb).
 */
export const appUrls: pulumi.Output<Record<string, string>> = ingress.appUrls;
/** The gateway's LoadBalancer Service, for kubectl and NCP's console. */
export const gatewayService = ingress.gatewayService;
/** Service port -> NodePort: the worker nodes' ACG must allow these from the LB's subnet. */
export const gatewayNodePorts: pulumi.Output<Record<string, number>> = ingress.gatewayNodePorts;
/** The Istio version this stack installs (none: Istio is not this stack's, so no output). */
export const istioVersion: string | undefined = model.istio.install === "none" ? undefined : model.istio.version;
/** How this stack installs Istio: what the next run reads to refuse leaving operator mode (installSwitch.ts). */
export const istioInstall: string = model.istio.install;
/** "operator" while the stack takes over what its operator install made (installSwitch.ts reads it). */
export const istioAdoptedFrom: string | undefined = model.istio.adoptFrom;
