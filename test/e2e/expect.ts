// What the cluster must hold, written from the seed's hand-written YAML (shared/seed, kept in
// test/fixtures/seed.yaml), not from the program's spec builders: a check built from the code it
// checks could not fail. Our one addition to the seed's shapes is each HTTP route's `name` (the app's
// name), which the seed's single VirtualService did not need.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { kubectlGet } from "./harness";
import { NCP_ANNOTATION_PREFIX } from "./ncpRules";

export interface E2eApp {
    readonly name: string;
    readonly port: number;
    readonly backend: { readonly host: string; readonly port: number };
}

/** `count` generated apps, app-001 on 30001 onwards, each to its own backend on `backendPort`. */
export function numberedApps(count: number, backendPort = 80): E2eApp[] {
    return Array.from({ length: count }, (_, i) => ({
        name: `app-${String(i + 1).padStart(3, "0")}`,
        port: 30001 + i,
        backend: { host: `app-${i + 1}.apps.svc.cluster.local`, port: backendPort },
    }));
}

/** The seed's four apps (shared/seed: 30001 argocd … 30004 grafana). */
export const SEED_APPS: readonly E2eApp[] = [
    { name: "argocd", port: 30001, backend: { host: "argocd-server.argocd.svc.cluster.local", port: 80 } },
    { name: "nginx", port: 30002, backend: { host: "nginx-service.nginx.svc.cluster.local", port: 80 } },
    {
        name: "kibana",
        port: 30003,
        backend: { host: "kibana-eck-kibana-kb-http.elastic-system.svc.cluster.local", port: 5601 },
    },
    {
        name: "grafana",
        port: 30004,
        backend: { host: "kube-prometheus-stack-grafana.kube-prometheus-stack.svc.cluster.local", port: 80 },
    },
];
/** One more app, as a user adds one. */
export const EXTRA_APP: E2eApp = {
    name: "jenkins",
    port: 30005,
    backend: { host: "jenkins.jenkins.svc.cluster.local", port: 8080 },
};

/** host:port as a client sends it in the Host header: an IPv6 address in brackets (RFC 3986 3.2.2). */
export function authority(address: string, port: number): string {
    return `${address.includes(":") ? `[${address}]` : address}:${port}`;
}

/** The seed's Gateway server for an app: HTTP on the app's port, any host. */
export const seedServer = (app: E2eApp) => ({
    port: { number: app.port, name: app.name, protocol: "HTTP" },
    hosts: ["*"],
});

/** The seed's route for an app, one VirtualService per app (the seed had one for all). */
export const seedVirtualService = (app: E2eApp, address: string, gateway = "istio-gateway") => ({
    gateways: [gateway],
    hosts: ["*"],
    http: [
        {
            name: app.name,
            match: [{ authority: { exact: authority(address, app.port) }, port: app.port }],
            route: [{ destination: { host: app.backend.host, port: { number: app.backend.port } } }],
        },
    ],
});

export interface Port {
    name: string;
    port: number;
    targetPort: number;
}
const byPort = (a: Port, b: Port) => a.port - b.port;

/**
 * The gateway chart's own Service ports (status-port 15021, http2 80, https 443, with the chart's
 * target ports), read from its values.yaml in the charts folder the harness serves.
 */
export function chartServicePorts(chartsDir: string, version: string): Port[] {
    const values = YAML.parse(fs.readFileSync(path.join(chartsDir, version, "gateway", "values.yaml"), "utf8"));
    const ports = (values._internal_defaults_do_not_set ?? values).service.ports as Port[];
    return ports.map(({ name, port, targetPort }) => ({ name, port, targetPort }));
}

/** The seed's ports (80 -> 8080, 443 -> 8443 under the operator's template, and 15021), then one per app. */
export const SEED_BUILT_IN_PORTS: readonly Port[] = [
    { name: "status-port", port: 15021, targetPort: 15021 },
    { name: "http2", port: 80, targetPort: 8080 },
    { name: "https", port: 443, targetPort: 8443 },
];

/** Istio's own ports, then one per app with targetPort = port, as in the seed; sorted by port. */
export const servicePortsFor = (builtIn: readonly Port[], apps: readonly E2eApp[]): Port[] =>
    [...builtIn, ...apps.map((a) => ({ name: a.name, port: a.port, targetPort: a.port }))].sort(byPort);

/** A live Service's ports as {name, port, targetPort}, sorted by port (protocol TCP is the default). */
export function servicePorts(svc: any): Port[] {
    for (const p of svc.spec.ports) assert.equal(p.protocol ?? "TCP", "TCP", `port ${p.port} is ${p.protocol}`);
    return svc.spec.ports.map((p: any) => ({ name: p.name, port: p.port, targetPort: p.targetPort })).sort(byPort);
}

/** A Service's ncloud-load-balancer-* annotations, as a whole map. */
export function ncpAnnotations(svc: any): Record<string, string> {
    return Object.fromEntries(
        Object.entries<string>(svc.metadata.annotations ?? {}).filter(([k]) => k.startsWith(NCP_ANNOTATION_PREFIX)),
    );
}

/** The seed's two annotations (an internet-facing network LB), plus any the scenario sets. */
export const seedAnnotations = (more: Record<string, string> = {}) => ({
    [`${NCP_ANNOTATION_PREFIX}layer-type`]: "nlb",
    [`${NCP_ANNOTATION_PREFIX}internal`]: "false",
    ...Object.fromEntries(Object.entries(more).map(([k, v]) => [`${NCP_ANNOTATION_PREFIX}${k}`, v])),
});

/** Each app's VirtualService in `namespace` is exactly the seed's route for the address. */
export async function assertSeedRoutes(namespace: string, apps: readonly E2eApp[], address: string): Promise<void> {
    for (const app of apps) {
        const vs = await kubectlGet("virtualservices.networking.istio.io", app.name, namespace);
        assert.ok(vs, `VirtualService ${namespace}/${app.name} is missing`);
        assert.deepEqual(vs.spec, seedVirtualService(app, address), `VirtualService ${app.name}`);
    }
}

/** The Gateway's servers are exactly the seed's, one per app, in any order. */
export async function assertSeedGateway(namespace: string, apps: readonly E2eApp[]): Promise<void> {
    const gw = await kubectlGet("gateways.networking.istio.io", "istio-gateway", namespace);
    assert.ok(gw, `Gateway ${namespace}/istio-gateway is missing`);
    const byNumber = (a: any, b: any) => a.port.number - b.port.number;
    assert.deepEqual(gw.spec.selector, { istio: "ingressgateway" });
    assert.deepEqual([...gw.spec.servers].sort(byNumber), apps.map(seedServer).sort(byNumber));
}

/**
 * The stack outputs, computed from the live Service and the app list, with the install mode and
 * (not with install none: that Istio is not the stack's) the Istio version.
 */
export function expectedOutputs(
    svc: any,
    address: string,
    apps: readonly E2eApp[],
    install: "operator" | "helm" | "none",
    istioVersion?: string,
) {
    return {
        loadBalancerAddress: address,
        appUrls: Object.fromEntries(apps.map((a) => [a.name, `http://${authority(address, a.port)}`])),
        gatewayNodePorts: Object.fromEntries(svc.spec.ports.map((p: any) => [String(p.port), p.nodePort])),
        gatewayService: { namespace: svc.metadata.namespace, name: svc.metadata.name },
        istioInstall: install,
        ...(istioVersion === undefined ? {} : { istioVersion }),
    };
}

// Gateway API routing, written from Gateway API's spec (gateway-api.sigs.k8s.io/reference/spec/,
// Gateway, HTTPRoute, ReferenceGrant) and Istio's Gateway API task: one Gateway of class istio with
// a listener per app port, routes beside it, and the backends' namespaces consenting by grant.
const GATEWAY_API = "gateway.networking.k8s.io";
const SAME_NAMESPACE_ROUTES = { namespaces: { from: "Same" } };

/** An app's listener: HTTP on its port, named after the app, routes from the Gateway's namespace only. */
export const gatewayApiListener = (app: E2eApp) => ({
    name: app.name,
    port: app.port,
    protocol: "HTTP",
    allowedRoutes: SAME_NAMESPACE_ROUTES,
});

/** An app's HTTPRoute: attached to its own listener, every path to its backend Service (weight 1: the CRD's default). */
export const gatewayApiRoute = (app: E2eApp, namespace: string, gateway = "istio-gateway") => {
    const [service, serviceNamespace] = app.backend.host.split(".");
    return {
        parentRefs: [{ group: GATEWAY_API, kind: "Gateway", name: gateway, namespace, sectionName: app.name }],
        rules: [
            {
                matches: [{ path: { type: "PathPrefix", value: "/" } }],
                backendRefs: [
                    {
                        group: "",
                        kind: "Service",
                        name: service,
                        namespace: serviceNamespace,
                        port: app.backend.port,
                        weight: 1,
                    },
                ],
            },
        ],
    };
};

/**
 * The Gateway API objects for port apps: the Gateway's class, NCP annotations (spec.infrastructure)
 * and listeners, each app's HTTPRoute, and one ReferenceGrant per backend namespace naming only its
 * Services; all exact.
 */
export async function assertGatewayApiObjects(
    namespace: string,
    apps: readonly E2eApp[],
    annotations: Record<string, string>,
): Promise<void> {
    const gw = await kubectlGet(`gateways.${GATEWAY_API}`, "istio-gateway", namespace);
    assert.ok(gw, `Gateway ${namespace}/istio-gateway is missing`);
    assert.equal(gw.spec.gatewayClassName, "istio");
    assert.deepEqual(gw.spec.infrastructure, { annotations });
    const byPort = (a: { port: number }, b: { port: number }) => a.port - b.port;
    assert.deepEqual([...gw.spec.listeners].sort(byPort), apps.map(gatewayApiListener).sort(byPort), "listeners");
    for (const app of apps) {
        const route = await kubectlGet(`httproutes.${GATEWAY_API}`, app.name, namespace);
        assert.ok(route, `HTTPRoute ${namespace}/${app.name} is missing`);
        assert.deepEqual(route.spec, gatewayApiRoute(app, namespace), `HTTPRoute ${app.name}`);
    }
    const services = new Map<string, string[]>();
    for (const { backend } of apps) {
        const [service, ns] = backend.host.split(".");
        services.set(ns, [...(services.get(ns) ?? []), service]);
    }
    for (const [ns, names] of services) {
        const grant = await kubectlGet(`referencegrants.${GATEWAY_API}`, "istio-gateway-routes", ns);
        assert.ok(grant, `ReferenceGrant ${ns}/istio-gateway-routes is missing`);
        assert.deepEqual(grant.spec, {
            from: [{ group: GATEWAY_API, kind: "HTTPRoute", namespace }],
            to: names.map((name) => ({ group: "", kind: "Service", name })),
        });
    }
}
