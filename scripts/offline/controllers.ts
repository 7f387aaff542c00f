// What the controllers of the objects this program applies make of them: the Services they create
// and keep applying (those the program reads), each as its controller renders it. Their defaults are
// taken from upstream, not from the program's own specs, so that the two can disagree.
// Pure functions; nothing happens when this module loads.
import { serviceKey } from "./cluster";

// Inputs as the provider sees them: untyped JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Props = Record<string, any>;

/** A Service a controller applies: its key, the controller (its field manager) and the spec it applies. */
export interface ControlledService {
    readonly key: string;
    readonly writer: string;
    readonly spec: Props;
}

const port = (name: string, number: number, targetPort: number) => ({
    name,
    port: number,
    protocol: "TCP",
    targetPort,
});

/**
 * The ingress gateway Service of the operator's (and istioctl's) `istio-ingress` template:
 * manifests/charts/gateways/istio-ingress/values.yaml, gateways.istio-ingressgateway `type` and `ports`
 * (read in Istio 1.28.10's; the e2e harness creates this Service for install none,
 * test/e2e/cluster.ts existingGatewayService).
 */
export const ISTIO_INGRESS_SERVICE: Readonly<Props> = {
    type: "LoadBalancer",
    ports: [port("status-port", 15021, 15021), port("http2", 80, 8080), port("https", 443, 8443)],
};

/** The egress gateway's: manifests/charts/gateways/istio-egress/values.yaml (type ClusterIP). */
const ISTIO_EGRESS_SERVICE: Readonly<Props> = {
    type: "ClusterIP",
    ports: [port("http2", 80, 8080), port("https", 443, 8443)],
};

/**
 * The Istio `gateway` chart's Service when the values set none of it: manifests/charts/gateway/values.yaml,
 * `service.type` and `service.ports` (read in Istio 1.28.10's chart; Helm replaces a list value whole).
 */
const GATEWAY_CHART_SERVICE: Readonly<Props> = {
    type: "LoadBalancer",
    ports: [port("status-port", 15021, 15021), port("http2", 80, 80), port("https", 443, 443)],
};

/** The chart's spec fields that its service.yaml copies from values.service when set. */
const CHART_SPEC_FIELDS = [
    "loadBalancerIP",
    "loadBalancerSourceRanges",
    "externalTrafficPolicy",
    "internalTrafficPolicy",
];

/**
 * The Service Istio's Gateway API deployment controller applies for a Gateway, `<gateway>-<class>`:
 * status-port 15021, then one port per distinct listener port, named after the first listener on it
 * (dots made dashes, at most 63 characters), appProtocol the listener's protocol in lower case; type
 * from the Gateway's networking.istio.io/service-type annotation, else LoadBalancer (the istio
 * class's default). Source: istio/istio pilot/pkg/config/kube/gateway/deploymentcontroller.go
 * (extractServicePorts, configureIstioGateway) and the istiod chart's files/kube-gateway.yaml
 * (its Service: protocol TCP, no targetPort).
 */
function gatewayApiService(inputs: Props): ControlledService {
    const ports: Props[] = [{ name: "status-port", port: 15021, protocol: "TCP", appProtocol: "tcp" }];
    for (const l of inputs.spec?.listeners ?? []) {
        if (ports.some((p) => p.port === l.port)) continue;
        const name = String(l.name).replace(/\./g, "-").slice(0, 63);
        ports.push({ name, port: l.port, protocol: "TCP", appProtocol: String(l.protocol).toLowerCase() });
    }
    const type = inputs.metadata?.annotations?.["networking.istio.io/service-type"] ?? "LoadBalancer";
    return {
        key: serviceKey(inputs.metadata.namespace, `${inputs.metadata.name}-${inputs.spec.gatewayClassName}`),
        writer: "istio gateway controller",
        spec: { type, ports },
    };
}

/**
 * The Services controllers create for an object the program applied (those this program relies on):
 * - an IstioOperator: one per enabled ingress or egress gateway, named after it, in its namespace
 *   (else the CR's): the template's Service with `k8s.service` laid over its spec, whose `ports`
 *   replace the template's (the 1.23.6 operator's Service for the dev stack's CR had exactly the CR's
 *   ports, in its order: ../shared/istio-operator-1.23.6/dev/objects.yaml);
 * - the Istio `gateway` chart: one named values.name, else after the release, unless
 *   values.service.type is "None" (its templates/service.yaml);
 * - a Gateway API Gateway: gatewayApiService.
 */
export function createdByControllers(type: string, inputs: Props): ControlledService[] {
    if (type === "kubernetes:install.istio.io/v1alpha1:IstioOperator") {
        const c = inputs.spec?.components ?? {};
        const gateways = (list: Props[] | undefined, template: Readonly<Props>) =>
            (list ?? [])
                .filter((g) => g.enabled)
                .map((g) => ({
                    key: serviceKey(g.namespace ?? inputs.metadata.namespace, g.name),
                    writer: "istio-operator",
                    spec: { ...template, ...g.k8s?.service },
                }));
        return [
            ...gateways(c.ingressGateways, ISTIO_INGRESS_SERVICE),
            ...gateways(c.egressGateways, ISTIO_EGRESS_SERVICE),
        ];
    }
    if (type === "kubernetes:helm.sh/v4:Chart" && String(inputs.chart).split("/").pop() === "gateway") {
        const values: Props = inputs.values?.service ?? {};
        if (values.type === "None") return [];
        // Its `with` skips an empty value.
        const extras = CHART_SPEC_FIELDS.filter((f) => values[f] !== undefined && values[f].length !== 0);
        return [
            {
                key: serviceKey(inputs.namespace, inputs.values?.name || inputs.name),
                writer: `helm release ${inputs.name}`,
                spec: {
                    type: values.type ?? GATEWAY_CHART_SERVICE.type,
                    ports: values.ports ?? GATEWAY_CHART_SERVICE.ports,
                    ...Object.fromEntries(extras.map((f) => [f, values[f]])),
                },
            },
        ];
    }
    if (type === "kubernetes:gateway.networking.k8s.io/v1:Gateway") return [gatewayApiService(inputs)];
    return [];
}
