// ncp-ingress: many apps behind one NCP load balancer through Istio's ingress gateway.
// Wiring only: config -> Istio install -> LB address -> routes. Rules live in config.ts and components/.
import * as pulumi from "@pulumi/pulumi";
import { readStackConfig } from "./config";
import { AppRoutes } from "./components/appRoutes";
import { DemoBackend } from "./components/demoBackend";
import { IstioInstall } from "./components/istioInstall";
import { LoadBalancerAddress } from "./components/loadBalancerAddress";
import { DEMO_APP_NAME, GATEWAY_NAME } from "./components/model";
import { loadBalancerAnnotations } from "./components/specs/annotations";
import { RoutedApp, sortByName } from "./components/specs/appUrls";

// Throws, listing every problem, before any resource is registered.
const model = readStackConfig();

const demo = model.demo.enabled ? new DemoBackend("demo", { namespace: model.demo.namespace }) : undefined;
const apps: RoutedApp[] = sortByName([
    ...model.apps,
    ...(demo ? [{ name: DEMO_APP_NAME, port: model.demo.port, backend: { host: demo.host, port: demo.port } }] : []),
]);

const istio = new IstioInstall("istio", {
    mode: model.istio.install,
    version: model.istio.version,
    namespace: model.istio.namespace,
    gatewayService: model.istio.gatewayService,
    serviceAnnotations: loadBalancerAnnotations(model.loadBalancer),
    apps,
    timeoutSeconds: model.loadBalancer.addressTimeoutSeconds,
});

const lb = new LoadBalancerAddress(
    "ingress-lb",
    {
        namespace: istio.gatewayService.namespace,
        serviceName: istio.gatewayService.name,
        timeoutSeconds: model.loadBalancer.addressTimeoutSeconds,
    },
    { dependsOn: [istio] },
);

const routes = new AppRoutes(
    "apps",
    { apps, namespace: model.istio.namespace, gatewayName: GATEWAY_NAME, address: lb.address },
    { dependsOn: [istio] },
);

/** The LB hostname (or IP). */
export const loadBalancerAddress: pulumi.Output<string> = lb.address;
/** app name -> http://<address>:<port> */
export const appUrls: pulumi.Output<Record<string, string>> = routes.urls;
