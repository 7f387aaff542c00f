// CrossGuard stack policies for ncp-ingress. Pure functions of the stack's resources.
import { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { INTERNAL_ANNOTATION, LAYER_TYPE_ANNOTATION, looksLikeAdminUi } from "./ncp";

const ISTIO_GATEWAY = /^kubernetes:networking\.istio\.io\/v[^:]+:Gateway$/;
const VIRTUAL_SERVICE = /^kubernetes:networking\.istio\.io\/v[^:]+:VirtualService$/;
const ISTIO_OPERATOR = /^kubernetes:install\.istio\.io\/v[^:]+:IstioOperator$/;
const API_GATEWAY = /^kubernetes:gateway\.networking\.k8s\.io\/v[^:]+:Gateway$/;
const HTTP_ROUTE = /^kubernetes:gateway\.networking\.k8s\.io\/v[^:]+:HTTPRoute$/;
const AUTHORIZATION_POLICY = /^kubernetes:security\.istio\.io\/v[^:]+:AuthorizationPolicy$/;

const of = (resources: PolicyResource[], type: RegExp) => resources.filter((r) => type.test(r.type));
const ref = (r: PolicyResource) => `${r.props.metadata?.namespace ?? "default"}/${r.props.metadata?.name}`;

/** Annotations of every load balancer Service the stack describes, with where they come from. */
export function loadBalancerAnnotationSets(
    resources: PolicyResource[],
): { where: string; annotations: Record<string, string> }[] {
    const sets: { where: string; annotations: Record<string, string> }[] = [];
    for (const r of of(resources, ISTIO_OPERATOR)) {
        for (const gw of r.props.spec?.components?.ingressGateways ?? []) {
            if (gw.enabled !== false)
                sets.push({
                    where: `IstioOperator ${ref(r)} gateway ${gw.name}`,
                    annotations: gw.k8s?.serviceAnnotations ?? {},
                });
        }
    }
    for (const r of of(resources, API_GATEWAY)) {
        sets.push({ where: `Gateway ${ref(r)}`, annotations: r.props.spec?.infrastructure?.annotations ?? {} });
    }
    for (const r of resources.filter(
        (r) => r.type === "kubernetes:core/v1:Service" && r.props.spec?.type === "LoadBalancer",
    )) {
        sets.push({ where: `Service ${ref(r)}`, annotations: r.props.metadata?.annotations ?? {} });
    }
    return sets;
}

export const virtualServicesBindExistingGateways: StackValidationPolicy = {
    name: "virtualservice-binds-existing-gateway",
    description: "Every VirtualService binds only Gateways this stack creates (or the mesh).",
    enforcementLevel: "mandatory",
    validateStack: ({ resources }, report: ReportViolation) => {
        const gateways = new Set(of(resources, ISTIO_GATEWAY).map(ref));
        for (const vs of of(resources, VIRTUAL_SERVICE)) {
            const ns = vs.props.metadata?.namespace ?? "default";
            for (const g of vs.props.spec?.gateways ?? []) {
                if (g === "mesh") continue;
                const full = g.includes("/") ? g : `${ns}/${g}`;
                if (!gateways.has(full))
                    report(
                        `VirtualService ${ref(vs)} binds gateway "${full}", which this stack does not create`,
                        vs.urn,
                    );
            }
        }
    },
};

export const gatewayPortsUnique: StackValidationPolicy = {
    name: "gateway-server-ports-unique",
    description: "No two Istio Gateway servers on the same gateway pods claim the same port for the same hosts.",
    enforcementLevel: "mandatory",
    validateStack: ({ resources }, report: ReportViolation) => {
        // Servers may share a port when their hosts differ (SNI on 443); "*" overlaps every host.
        const seen = new Map<string, { where: string; hosts: string[] }[]>();
        for (const gw of of(resources, ISTIO_GATEWAY)) {
            const selector = JSON.stringify(gw.props.spec?.selector ?? {});
            for (const server of gw.props.spec?.servers ?? []) {
                const key = `${selector} ${server.port?.number}`;
                const here = {
                    where: `${ref(gw)} server ${server.port?.name}`,
                    hosts: (server.hosts ?? ["*"]) as string[],
                };
                const clash = (seen.get(key) ?? []).find((other) =>
                    here.hosts.some((h) => h === "*" || other.hosts.includes("*") || other.hosts.includes(h)),
                );
                if (clash)
                    report(
                        `port ${server.port?.number}: ${here.where} and ${clash.where} both listen on it for the same hosts`,
                        gw.urn,
                    );
                seen.set(key, [...(seen.get(key) ?? []), here]);
            }
        }
    },
};

export const loadBalancerIsNlb: StackValidationPolicy = {
    name: "load-balancer-is-nlb",
    description: "The gateway's NCP load balancer is a network load balancer (layer type nlb).",
    enforcementLevel: "advisory",
    validateStack: ({ resources }, report: ReportViolation) => {
        for (const { where, annotations } of loadBalancerAnnotationSets(resources)) {
            const layer = annotations[LAYER_TYPE_ANNOTATION];
            if (layer !== "nlb")
                report(`${where}: ${LAYER_TYPE_ANNOTATION} is ${JSON.stringify(layer ?? null)}, not "nlb"`);
        }
    },
};

export const publicAdminAppsRestricted: StackValidationPolicy = {
    name: "public-admin-apps-restricted",
    description: "Admin UIs (Argo CD, Grafana, Kibana, …) on a public load balancer have an allow list.",
    enforcementLevel: "advisory",
    validateStack: ({ resources }, report: ReportViolation) => {
        const isPublic = loadBalancerAnnotationSets(resources).some(
            ({ annotations }) => annotations[INTERNAL_ANNOTATION] !== "true",
        );
        if (!isPublic) return;
        // ncp-ingress names an app's routes <app> and <app>-hosts, and its allow list <app>-allow.
        const restricted = new Set(of(resources, AUTHORIZATION_POLICY).map((p) => ref(p).replace(/-allow$/, "")));
        for (const route of [...of(resources, VIRTUAL_SERVICE), ...of(resources, HTTP_ROUTE)]) {
            const name = route.props.metadata?.name ?? "";
            if (looksLikeAdminUi(name) && !restricted.has(ref(route).replace(/-hosts$/, ""))) {
                report(
                    `${ref(route)} routes an admin UI from a public load balancer to anyone; give the app an allow list or make the LB internal`,
                    route.urn,
                );
            }
        }
    },
};

export const policies: StackValidationPolicy[] = [
    virtualServicesBindExistingGateways,
    gatewayPortsUnique,
    loadBalancerIsNlb,
    publicAdminAppsRestricted,
];
