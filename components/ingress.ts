// The whole ingress as one component: Istio, the LB address and a route per app, from one validated
// model. The stack program (index.ts) and the package's provider (components/package/) both make one.
import * as pulumi from "@pulumi/pulumi";
import { AppRoutes } from "./appRoutes";
import { DemoBackend } from "./demoBackend";
import { GatewayApiCrds } from "./gatewayApiCrds";
import { GatewayApiRoutes } from "./gatewayApiRoutes";
import { IstioInstall } from "./istioInstall";
import { LoadBalancerAddress } from "./loadBalancerAddress";
import { StackModel } from "./model";
import { DEMO_APP_NAME, GATEWAY_NAME } from "./names";
import { loadBalancerAnnotations } from "./specs/annotations";
import { appUrls as urlsFor, RoutedApp, sortByName } from "./specs/appUrls";
import { afterCheck } from "./specs/gate";
import { gatewayApiCrdsManifest, gatewayApiServiceName } from "./specs/gatewayApi";
import { gatewayPodAnnotations, gatewayServiceExtras } from "./specs/gatewayService";
import { existingGatewayPatchPorts, gatewayServicePorts } from "./specs/ports";

/** The component's type token: also the package's resource type (components/package/schema.ts). */
export const INGRESS_TYPE = "ncp-ingress:index:Ingress";

/** The children's names before 0.2, when the stack program made them at the top level. */
export const TOP_LEVEL_NAMES = {
    demo: "demo",
    istio: "istio",
    lb: "ingress-lb",
    routes: "apps",
    crds: "gateway-api-crds",
} as const;

export interface IngressArgs {
    /** The validated settings (config.ts parseStackConfig, or the package's inputs). */
    readonly model: StackModel;
    /**
     * A check that may fail (installSwitch.ts): Istio and the LB wait for it, and the outputs fail with
     * it. The stack program passes its refusal of leaving operator mode. Default: none.
     */
    readonly guard?: pulumi.Output<unknown>;
    /**
     * true for the stack program, whose stacks made the children at the top level: they keep those
     * names (TOP_LEVEL_NAMES) and get aliases for their move under this component, so that their URNs,
     * and so the gateway Service and its LB, stay. Default: false, child names derived from `name`.
     */
    readonly topLevelNames?: boolean;
}

/** A child's name: derived from the ingress's, so that two ingresses in a stack do not collide. */
export const childName = (name: string, child: keyof typeof TOP_LEVEL_NAMES, topLevelNames = false): string =>
    topLevelNames ? TOP_LEVEL_NAMES[child] : `${name}-${TOP_LEVEL_NAMES[child]}`;

/** One NCP load balancer for many apps: Istio (or Gateway API) with one gateway port per app. */
export class Ingress extends pulumi.ComponentResource {
    /** The LB hostname (or IP). */
    readonly loadBalancerAddress: pulumi.Output<string>;
    /** app name -> URL: http(s)/tcp://<address>:<port>, or http(s)://<host> for apps with host names only. */
    readonly appUrls: pulumi.Output<Record<string, string>>;
    /** The gateway's LoadBalancer Service. */
    readonly gatewayService: { readonly namespace: string; readonly name: string };
    /** Service port -> NodePort: the worker nodes' ACG must allow these from the LB's subnet. */
    readonly gatewayNodePorts: pulumi.Output<Record<string, number>>;
    /** The child components, for a program's dependsOn (each hands out its own resources in turn). */
    readonly istio: IstioInstall;
    readonly loadBalancer: LoadBalancerAddress;
    readonly routes: AppRoutes | GatewayApiRoutes;
    readonly demo?: DemoBackend;

    constructor(name: string, args: IngressArgs, opts?: pulumi.ComponentResourceOptions) {
        super(INGRESS_TYPE, name, {}, opts);
        const { model, guard } = args;
        const topLevel = args.topLevelNames ?? false;
        const nameOf = (key: keyof typeof TOP_LEVEL_NAMES) => childName(name, key, topLevel);
        const child = (more: pulumi.ComponentResourceOptions = {}) => ({
            parent: this,
            ...more,
            aliases: topLevel ? [{ parent: pulumi.rootStackResource }] : [],
        });
        const annotations = loadBalancerAnnotations(model.loadBalancer);
        const timeoutSeconds = model.loadBalancer.addressTimeoutSeconds;
        const namespace = model.istio.namespace;

        const demo = model.demo.enabled
            ? new DemoBackend(nameOf("demo"), { namespace: model.demo.namespace }, child())
            : undefined;
        const apps: RoutedApp[] = sortByName([
            ...model.apps,
            ...(demo ? [demo.asApp(DEMO_APP_NAME, model.demo.port)] : []),
        ]);
        const serviceExtras = gatewayServiceExtras(model.loadBalancer, apps);

        const istio = new IstioInstall(
            nameOf("istio"),
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
                guard,
                adoptFrom: model.istio.adoptFrom,
            },
            child(),
        );
        // Taking over from the operator: its gateway Service gets the app ports as with install none, for as
        // long as adoptFrom is set. From the version whose gateway chart takes the gateway over (1.25.5) the
        // chart sets the same ports too, and only once it owns them may this patch let go of them (unsetting
        // adoptFrom): a patch dropping ports nobody else owns would empty spec.ports, which the API refuses.
        const operatorGateway = model.istio.install === "helm" && model.istio.adoptFrom === "operator";

        let lb: LoadBalancerAddress;
        let routes: AppRoutes | GatewayApiRoutes;
        let gatewayServiceName: string;
        let allowListsChecked: pulumi.Output<unknown> = pulumi.output(true);
        if (model.routing === "istio") {
            gatewayServiceName = model.istio.gatewayService;
            lb = new LoadBalancerAddress(
                nameOf("lb"),
                {
                    namespace,
                    serviceName: gatewayServiceName,
                    timeoutSeconds,
                    guard,
                    // install: operator: the operator applies the Service's ports after the CR changes, while
                    // its HEALTHY from before the change still stands: wait for the ports this change needs.
                    expectedPorts:
                        model.istio.install === "operator"
                            ? gatewayServicePorts(apps, "operator").map((p) => p.port)
                            : undefined,
                    // install: none: someone else owns the Service; add what the app list needs to it.
                    patch:
                        model.istio.install === "none" || operatorGateway
                            ? {
                                  ports: existingGatewayPatchPorts(apps, operatorGateway ? "port" : "apps"),
                                  ...serviceExtras,
                              }
                            : undefined,
                },
                child({ dependsOn: [istio] }),
            );
            // install: none: the LB is someone else's; its Service's own layer type decides about allow lists.
            const existingLb =
                model.istio.install === "none"
                    ? { layerType: lb.layerType, service: `${namespace}/${gatewayServiceName}` }
                    : undefined;
            const appRoutes = new AppRoutes(
                nameOf("routes"),
                { apps, namespace, gatewayName: GATEWAY_NAME, address: lb.address, existingLb },
                child({ dependsOn: [istio] }),
            );
            allowListsChecked = appRoutes.allowListsChecked;
            routes = appRoutes;
        } else {
            const manifest = gatewayApiCrdsManifest(model.gatewayApiCrds);
            const crds = manifest ? [new GatewayApiCrds(nameOf("crds"), { manifest }, child())] : [];
            const apiRoutes = new GatewayApiRoutes(
                nameOf("routes"),
                { apps, namespace, gatewayName: GATEWAY_NAME, serviceAnnotations: annotations, timeoutSeconds },
                child({ dependsOn: [istio, ...crds] }),
            );
            routes = apiRoutes;
            gatewayServiceName = gatewayApiServiceName(GATEWAY_NAME);
            lb = new LoadBalancerAddress(
                nameOf("lb"),
                { namespace, serviceName: gatewayServiceName, timeoutSeconds },
                child({ dependsOn: [apiRoutes.gateway] }),
            );
        }

        // The outputs fail with the guard too: a refused switch reports its reason, not a missing address.
        this.loadBalancerAddress = pulumi.output(afterCheck(guard, lb.address));
        // Fails as the routes of refused allow-list apps do (install none behind an nplb).
        this.appUrls = pulumi
            .output(afterCheck(allowListsChecked, this.loadBalancerAddress))
            .apply((a) => urlsFor(apps, a));
        this.gatewayService = { namespace, name: gatewayServiceName };
        this.gatewayNodePorts = lb.nodePorts;
        this.istio = istio;
        this.loadBalancer = lb;
        this.routes = routes;
        this.demo = demo;
        this.registerOutputs({
            loadBalancerAddress: this.loadBalancerAddress,
            appUrls: this.appUrls,
            gatewayService: this.gatewayService,
            gatewayNodePorts: this.gatewayNodePorts,
        });
    }
}
