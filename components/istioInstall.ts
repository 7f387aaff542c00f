import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { InstallMode } from "./model";
import { waitForOwnWrite } from "./specs/await";
import { afterCheck } from "./specs/gate";
import { istioOperatorManifest } from "./specs/istioOperator";
import {
    istioOperatorCrd,
    operatorClusterRole,
    operatorClusterRoleBinding,
    operatorDeployment,
    OPERATOR_NAME,
    operatorNamespace,
    operatorServiceAccount,
} from "./specs/operatorInstall";
import { takeOverAll, takeOverCrds } from "./specs/crdTakeover";
import { baseChartValues, chartSource, gatewayChartValues, keepsOperatorGateway } from "./specs/helmValues";
import { OperatorHandover } from "./operatorHandover";
import { OPERATOR_NAMESPACE } from "./names";
import { gatewayServicePorts, Listener } from "./specs/ports";

export interface IstioInstallArgs {
    /**
     * operator: the Istio operator + an IstioOperator CR (Istio <= 1.23).
     * helm: Istio's base, istiod and gateway charts (any version; the only way from 1.24 on).
     * none: create nothing; Istio and its gateway are already there.
     */
    readonly mode: InstallMode;
    /** Istio version: the operator image tag, or the chart version. */
    readonly version: string;
    /** Control-plane namespace; created here (operator and helm modes). */
    readonly namespace: string;
    /** Chart repository (helm mode): an http(s) repository or an oci:// registry. */
    readonly chartRepository: string;
    /**
     * Whether to install the classic ingress gateway. false with Gateway API routing, where Istio
     * deploys a gateway per Gateway resource itself.
     */
    readonly ingressGateway: boolean;
    /** Name of the ingress gateway (its Deployment and Service). */
    readonly gatewayService: string;
    /** NCP annotations for the gateway Service. */
    readonly serviceAnnotations: Readonly<Record<string, string>>;
    /** Further gateway Service spec fields (loadBalancerSourceRanges, loadBalancerIP, externalTrafficPolicy). */
    readonly serviceExtras: Readonly<Record<string, unknown>>;
    /** Annotations for the gateway pods (PROXY protocol). */
    readonly podAnnotations: Readonly<Record<string, string>>;
    /** Apps that each get a port on the gateway Service (the demo app included). */
    readonly apps: readonly Listener[];
    /** How long to wait for the install to report healthy (and, in helm mode, for the gateway Service). */
    readonly timeoutSeconds: number;
    /**
     * A check that may fail (installSwitch.ts): the first object (the namespace) waits for it, so a
     * refused change registers nothing of Istio. Default: none.
     */
    readonly guard?: pulumi.Output<unknown>;
    /**
     * helm mode, "operator": take over what this stack's operator install made (docs/migrating-off-the-operator.md):
     * the operator is stopped and its IstioOperator released first (OperatorHandover), then the charts
     * take the objects over in place; the gateway stays the operator's until a version whose gateway
     * chart takes our values. Default: nothing to take over.
     */
    readonly adoptFrom?: "operator";
}

/** The IstioOperator CR's name (operator mode): also what the operator labelled its objects with. */
export const ISTIO_OPERATOR_NAME = "istio";

/**
 * Installs Istio with an ingress gateway whose LoadBalancer Service carries one port per app.
 * Depending on this component means: the gateway Service exists.
 */
export class IstioInstall extends pulumi.ComponentResource {
    /** Namespace and name of the ingress gateway Service. */
    readonly gatewayService: { readonly namespace: string; readonly name: string };

    constructor(name: string, args: IstioInstallArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ncp-ingress:istio:IstioInstall", name, {}, opts);
        this.gatewayService = { namespace: args.namespace, name: args.gatewayService };
        if (args.mode === "operator") this.installWithOperator(name, args);
        else if (args.mode === "helm") this.installWithHelm(name, args);
        this.registerOutputs({ gatewayService: this.gatewayService });
    }

    private installWithOperator(name: string, args: IstioInstallArgs): void {
        const parent = { parent: this };
        const crd = new k8s.apiextensions.v1.CustomResourceDefinition(
            `${name}-operator-crd`,
            istioOperatorCrd(),
            parent,
        );
        const operatorNs = new k8s.core.v1.Namespace(`${name}-operator-ns`, operatorNamespace(), parent);
        const inOperatorNs = { parent: this, dependsOn: [operatorNs] };
        const sa = new k8s.core.v1.ServiceAccount(`${name}-operator-sa`, operatorServiceAccount(), inOperatorNs);
        const role = new k8s.rbac.v1.ClusterRole(`${name}-operator-role`, operatorClusterRole(), parent);
        const binding = new k8s.rbac.v1.ClusterRoleBinding(`${name}-operator-binding`, operatorClusterRoleBinding(), {
            parent: this,
            dependsOn: [role, sa],
        });
        const operator = new k8s.apps.v1.Deployment(
            `${name}-operator`,
            operatorDeployment(args.version, args.namespace),
            {
                parent: this,
                dependsOn: [crd, binding, operatorNs],
            },
        );
        const controlPlaneNs = new k8s.core.v1.Namespace(`${name}-ns`, { metadata: { name: args.namespace } }, parent);
        const iop = istioOperatorManifest({
            name: ISTIO_OPERATOR_NAME,
            namespace: args.namespace,
            gatewayName: args.gatewayService,
            ingressGatewayEnabled: args.ingressGateway,
            serviceAnnotations: args.serviceAnnotations,
            serviceExtras: args.serviceExtras,
            podAnnotations: args.podAnnotations,
            ports: gatewayServicePorts(args.apps, "operator"),
        });
        new k8s.apiextensions.CustomResource(
            `${name}-operator-cr`,
            {
                ...iop,
                metadata: {
                    ...iop.metadata,
                    // The operator works asynchronously: wait until it reports every component
                    // healthy, so that the gateway Service exists before anyone reads it. On an
                    // update this holds at once (the 1.23.6 status keeps the previous HEALTHY for a
                    // moment and has no observedGeneration): what a change needs, the Service's
                    // ports, is waited for by LoadBalancerAddress (expectedPorts). Seen on the CR as
                    // this update left it (its spec in the digest), never on an older copy.
                    annotations: waitForOwnWrite(["jsonpath={.status.status}=HEALTHY"], args.timeoutSeconds, iop.spec),
                },
            },
            { parent: this, dependsOn: [operator, crd, controlPlaneNs] },
        );
    }

    /**
     * helm.v4.Chart, not helm.v3.Release: Chart renders the templates in the provider, so
     * `pulumi preview` in a PR lists every object each chart will create (a Release is one opaque
     * resource), its values are ordinary inputs that tests see under mocks, and each object gets
     * the provider's readiness waits (the gateway Service waits for its LB address).
     */
    private installWithHelm(name: string, args: IstioInstallArgs): void {
        const namespace = afterCheck(args.guard, args.namespace);
        const ns = new k8s.core.v1.Namespace(`${name}-ns`, { metadata: { name: namespace } }, { parent: this });
        // Taking over from the operator: stop it and release its CR before any chart touches its
        // objects; then the operator-mode resources this program no longer declares (the CR, the
        // operator, its RBAC and CRD) are deleted at the end of the run, and the CR goes alone.
        const handover =
            args.adoptFrom === "operator"
                ? new OperatorHandover(
                      `${name}-operator-handover`,
                      {
                          operator: { namespace: OPERATOR_NAMESPACE, name: OPERATOR_NAME },
                          istioOperator: { namespace: args.namespace, name: ISTIO_OPERATOR_NAME },
                          timeoutSeconds: args.timeoutSeconds,
                      },
                      { parent: this, dependsOn: [ns] },
                  )
                : undefined;
        const first = handover ? [ns, handover] : [ns];
        // The operator applied its objects with field manager istio-operator; the charts' applies
        // take them over (forced) instead of failing on conflicts.
        const takeOver = handover ? [takeOverAll] : [];
        const chart = (
            chartName: string,
            values: object,
            dependsOn: pulumi.Resource[],
            release = chartName,
            transforms: pulumi.ResourceTransform[] = [],
        ) =>
            new k8s.helm.v4.Chart(
                `${name}-${chartName}`,
                {
                    ...chartSource(args.chartRepository, chartName),
                    name: release,
                    version: args.version,
                    namespace: args.namespace,
                    values,
                },
                { parent: this, dependsOn, transforms },
            );
        // The CRDs of an earlier Istio install (kept on purpose by every installer) are taken over.
        const base = chart("base", baseChartValues(), first, "base", handover ? takeOver : [takeOverCrds]);
        const istiod = chart("istiod", {}, [base], "istiod", takeOver);
        if (args.ingressGateway && !keepsOperatorGateway(args.adoptFrom, args.version)) {
            const values = gatewayChartValues({
                annotations: args.serviceAnnotations,
                serviceExtras: args.serviceExtras,
                podAnnotations: args.podAnnotations,
                ports: gatewayServicePorts(args.apps, "helm"),
                timeoutSeconds: args.timeoutSeconds,
            });
            chart("gateway", values, [istiod], args.gatewayService, takeOver);
        }
    }
}
