// ncp-ingress: many apps behind one NCP load balancer through Istio's ingress gateway.
// Wiring only: config -> Istio install -> routes and LB address. Rules live in config.ts and components/.
import * as pulumi from "@pulumi/pulumi";
import { readStackConfig } from "./config";
import { AppRoutes } from "./components/appRoutes";
import { DemoBackend } from "./components/demoBackend";
import { GatewayApiCrds } from "./components/gatewayApiCrds";
import { GatewayApiRoutes } from "./components/gatewayApiRoutes";
import { IstioInstall } from "./components/istioInstall";
import { LoadBalancerAddress } from "./components/loadBalancerAddress";
import { stackProvider } from "./components/provider";
import { DEMO_APP_NAME, GATEWAY_NAME } from "./components/names";
import { loadBalancerAnnotations } from "./components/specs/annotations";
import { appUrls as urlsFor, RoutedApp, sortByName } from "./components/specs/appUrls";
import { gatewayApiCrdsManifest, gatewayApiServiceName } from "./components/specs/gatewayApi";
import { gatewayPodAnnotations, gatewayServiceExtras } from "./components/specs/gatewayService";
import { afterCheck } from "./components/specs/gate";
import { installSwitchProblem } from "./components/specs/installSwitch";
import { existingGatewayPatchPorts, gatewayServicePorts } from "./components/specs/ports";
import { rememberStackTraces } from "./components/stackTraces";

rememberStackTraces();

// Throws, listing every problem, before any resource is registered.
const { model, kubernetes } = readStackConfig();
// Every component, and so every resource in it, uses the stack's one kubernetes provider.
const providers = [stackProvider(kubernetes)];
const annotations = loadBalancerAnnotations(model.loadBalancer);
const timeoutSeconds = model.loadBalancer.addressTimeoutSeconds;
const namespace = model.istio.namespace;

const demo = model.demo.enabled
    ? new DemoBackend("demo", { namespace: model.demo.namespace }, { providers })
    : undefined;
const apps: RoutedApp[] = sortByName([...model.apps, ...(demo ? [demo.asApp(DEMO_APP_NAME, model.demo.port)] : [])]);
const serviceExtras = gatewayServiceExtras(model.loadBalancer, apps);

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

const istio = new IstioInstall(
    "istio",
    {
        mode: model.istio.install,
        version: model.istio.version,
        namespace,
        chartRepository: model.istio.chartRepository,
        gatewayService: model.istio.gatewayService,
        ingressGateway: model.routing === "istio",
        serviceAnnotations: annotations,
        serviceExtras,
        podAnnotations: gatewayPodAnnotations(model.loadBalancer),
        apps,
        timeoutSeconds,
        guard: installGuard,
        adoptFrom: model.istio.adoptFrom,
    },
    { providers },
);
// Taking over from the operator: its gateway Service gets the app ports as with install none, for as
// long as adoptFrom is set. From the version whose gateway chart takes the gateway over (1.25.5) the
// chart sets the same ports too, and only once it owns them may this patch let go of them (unsetting
// adoptFrom): a patch dropping ports nobody else owns would empty spec.ports, which the API refuses.
const operatorGateway = model.istio.install === "helm" && model.istio.adoptFrom === "operator";

let lb: LoadBalancerAddress;
let gatewayServiceName: string;
let allowListsChecked: pulumi.Output<unknown> = pulumi.output(true);
if (model.routing === "istio") {
    gatewayServiceName = model.istio.gatewayService;
    lb = new LoadBalancerAddress(
        "ingress-lb",
        {
            namespace,
            serviceName: gatewayServiceName,
            timeoutSeconds,
            guard: installGuard,
            // install: operator: the operator applies the Service's ports after the CR changes, while
            // its HEALTHY from before the change still stands: wait for the ports this change needs.
            expectedPorts:
                model.istio.install === "operator"
                    ? gatewayServicePorts(apps, "operator").map((p) => p.port)
                    : undefined,
            // install: none: someone else owns the Service; add what the app list needs to it.
            patch:
                model.istio.install === "none" || operatorGateway
                    ? { ports: existingGatewayPatchPorts(apps, operatorGateway ? "port" : "apps"), ...serviceExtras }
                    : undefined,
        },
        { dependsOn: [istio], providers },
    );
    // install: none: the LB is someone else's; its Service's own layer type decides about allow lists.
    const existingLb =
        model.istio.install === "none"
            ? { layerType: lb.layerType, service: `${namespace}/${gatewayServiceName}` }
            : undefined;
    const routes = new AppRoutes(
        "apps",
        { apps, namespace, gatewayName: GATEWAY_NAME, address: lb.address, existingLb },
        { dependsOn: [istio], providers },
    );
    allowListsChecked = routes.allowListsChecked;
} else {
    const manifest = gatewayApiCrdsManifest(model.gatewayApiCrds);
    const crds = manifest ? [new GatewayApiCrds("gateway-api-crds", { manifest }, { providers })] : [];
    const routes = new GatewayApiRoutes(
        "apps",
        { apps, namespace, gatewayName: GATEWAY_NAME, serviceAnnotations: annotations, timeoutSeconds },
        { dependsOn: [istio, ...crds], providers },
    );
    gatewayServiceName = gatewayApiServiceName(GATEWAY_NAME);
    lb = new LoadBalancerAddress(
        "ingress-lb",
        { namespace, serviceName: gatewayServiceName, timeoutSeconds },
        { dependsOn: [routes.gateway], providers },
    );
}

// The outputs fail with the guard too: a refused switch reports its reason, not a missing address.
const address = pulumi.output(afterCheck(installGuard, lb.address));
/** The LB hostname (or IP). */
export const loadBalancerAddress: pulumi.Output<string> = address;
/**
 * app name -> URL: http(s)/tcp://<address>:<port>, or http(s)://<host> for apps with host names only.
 * Fails as the routes of refused allow-list apps do (install none behind an nplb).
 */
export const appUrls: pulumi.Output<Record<string, string>> = pulumi
    .output(afterCheck(allowListsChecked, address))
    .apply((a) => urlsFor(apps, a));
/** The gateway's LoadBalancer Service, for kubectl and NCP's console. */
export const gatewayService = { namespace, name: gatewayServiceName };
/** Service port -> NodePort: the worker nodes' ACG must allow these from the LB's subnet. */
export const gatewayNodePorts: pulumi.Output<Record<string, number>> = lb.nodePorts;
/** The Istio version this stack installs (none: Istio is not this stack's, so no output). */
export const istioVersion: string | undefined = model.istio.install === "none" ? undefined : model.istio.version;
/** How this stack installs Istio: what the next run reads to refuse leaving operator mode (installSwitch.ts). */
export const istioInstall: string = model.istio.install;
/** "operator" while the stack takes over what its operator install made (installSwitch.ts reads it). */
export const istioAdoptedFrom: string | undefined = model.istio.adoptFrom;
