// Small inline IstioOperator specs, CRs, captures and objects for the unit tests of the e2e's
// operator replay (test/operatorReplay-*.spec.ts): no capture folder (../shared) and no cluster needed.
import { Capture, K8sObject } from "./e2e/replay/captures";

/** A gateway Service port (targetPort: the port unless given). */
export const port = (name: string, p: number, targetPort = p) => ({ name, port: p, targetPort });
/** An IstioOperator spec with one ingress gateway whose Service has these ports. */
export const spec = (ports: object[]) => ({
    profile: "default",
    components: {
        ingressGateways: [{ name: "istio-ingressgateway", enabled: true, k8s: { service: { ports } } }],
    },
});
/** The gateway ports every spec starts with. */
export const BUILT_IN = [port("status-port", 15021), port("http2", 80, 8080)];
/** A CR (name and namespace: the capture's unless given) with this spec. */
export const cr = (s: unknown, name = "istio", namespace = "istio-system") => ({
    metadata: { name, namespace },
    spec: s,
});
/** A capture named `name` whose input has these ports, with these objects and status HEALTHY. */
export const capture = (name: string, ports: object[], objects: K8sObject[] = []): Capture => ({
    name,
    input: { apiVersion: "install.istio.io/v1alpha1", kind: "IstioOperator", ...cr(spec(ports)) },
    objects,
    status: { status: "HEALTHY" },
});
/** An object (cluster-scoped without a namespace), labelled with its operator component if given. */
export const obj = (
    kind: string,
    name: string,
    namespace?: string,
    component?: string,
    extra: object = {},
): K8sObject => ({
    apiVersion: "v1",
    kind,
    metadata: {
        name,
        ...(namespace ? { namespace } : {}),
        ...(component ? { labels: { "operator.istio.io/component": component } } : {}),
    },
    ...extra,
});
