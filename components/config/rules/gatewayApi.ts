// Gateway API routing (ncp-ingress:routing "gateway-api"): what its Gateway, HTTPRoutes and the
// Service Istio provisions from the Gateway can carry: listeners per Gateway, the NCP annotations in
// spec.infrastructure, the CRD release that has it, apps' backends, protocols and hosts, and the
// loadBalancer and allow fields it has no form for. Every rule here runs with that routing only.
import { isIP } from "net";
import * as semver from "semver";
import {
    GATEWAY_API_INFRASTRUCTURE_SINCE,
    GATEWAY_API_MAX_ANNOTATION_VALUE,
    GATEWAY_API_MAX_HOSTNAMES,
    GATEWAY_API_MAX_INFRASTRUCTURE_ANNOTATIONS,
    GATEWAY_API_MAX_LISTENERS,
} from "../../limits";
import { App, DemoSettings, LoadBalancerSettings, StackModel } from "../../model";
import { NS } from "../../names";
import { loadBalancerAnnotations } from "../../specs/annotations";
import { gatewayApiListenerCount, serviceRefFromHost } from "../../specs/gatewayApi";
import { Findings } from "../problems";

const APPS = `${NS}:apps`;
const LB = `${NS}:loadBalancer`;
const MODE = `when ${NS}:routing is "gateway-api"`;

/** A listener per app port, plus the shared ones for host names, against a Gateway's listener limit. */
export function checkGatewayApiListeners(f: Findings, apps: readonly App[], demo: DemoSettings): void {
    const listeners = gatewayApiListenerCount(apps) + (demo.enabled ? 1 : 0);
    if (listeners > GATEWAY_API_MAX_LISTENERS) {
        f.error(
            APPS,
            `these apps need ${listeners} listeners, but a Gateway API Gateway allows at most ${GATEWAY_API_MAX_LISTENERS}; ` +
                `use ${NS}:routing "istio" or fewer apps`,
        );
    }
}

/**
 * The key rule of spec.infrastructure.annotations (gateway-api v1.2.1 CRD x-kubernetes-validations):
 * an optional lower-case DNS subdomain prefix shorter than 253 characters, a name of at most 63.
 */
const INFRASTRUCTURE_KEY =
    /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/;

/**
 * The NCP annotations travel in the Gateway's spec.infrastructure.annotations, which the CRD bounds,
 * and which releases before v1.2.0 do not have at all.
 */
export function checkGatewayApiInfrastructure(f: Findings, { loadBalancer: lb, gatewayApiCrds }: StackModel): void {
    const annotations = Object.keys(loadBalancerAnnotations(lb));
    if (annotations.length > GATEWAY_API_MAX_INFRASTRUCTURE_ANNOTATIONS) {
        f.error(
            LB,
            `becomes ${annotations.length} annotations in the Gateway's spec.infrastructure.annotations (${annotations.join(", ")}), ` +
                `but Gateway API allows at most ${GATEWAY_API_MAX_INFRASTRUCTURE_ANNOTATIONS} there; set fewer options or annotations, or use routing "istio"`,
        );
    }
    for (const [key, value] of Object.entries(lb.annotations)) {
        const where = `${LB}.annotations["${key}"]`;
        if (!INFRASTRUCTURE_KEY.test(key) || key.split("/")[0].length >= 253) {
            f.error(
                where,
                "is not a Gateway API infrastructure annotation key: an optional lower-case DNS subdomain prefix shorter than 253 characters, " +
                    "then a name of at most 63 characters",
            );
        }
        if (value.length > GATEWAY_API_MAX_ANNOTATION_VALUE) {
            f.error(
                where,
                `is ${value.length} characters long; Gateway API infrastructure annotation values take at most ${GATEWAY_API_MAX_ANNOTATION_VALUE}`,
            );
        }
    }
    // A release tag ("v1.2.1"; URLs and "installed" are no versions): semver reads the leading v.
    const release = semver.valid(gatewayApiCrds);
    if (release && semver.lt(release, GATEWAY_API_INFRASTRUCTURE_SINCE)) {
        f.error(
            `${NS}:gatewayApiCrds`,
            `"${gatewayApiCrds}" is older than v${GATEWAY_API_INFRASTRUCTURE_SINCE}, the first release whose standard channel has the Gateway's ` +
                "spec.infrastructure: the API server would prune it, the Service Istio provisions would lose its NCP annotations, " +
                `and NCP would build a default public LB; use v${GATEWAY_API_INFRASTRUCTURE_SINCE} or later`,
        );
    }
}

/** HTTPRoute backendRefs name a Service, and some app features have no Gateway API form yet. */
export function checkGatewayApiApps(f: Findings, apps: readonly App[]): void {
    for (const app of apps) {
        const where = `${APPS} (${app.name})`;
        if (!serviceRefFromHost(app.backend.host)) {
            f.error(
                `${where} backend.host`,
                `"${app.backend.host}" must name an in-cluster Service as <service>.<namespace>[.svc.cluster.local] ` +
                    `${MODE} (HTTPRoutes reference Services, not host names)`,
            );
        }
        if (app.protocol === "TCP") {
            f.error(
                `${where} protocol`,
                `TCP needs TCPRoute, which is only in Gateway API's experimental channel; use routing "istio" for TCP apps`,
            );
        }
        if (app.allow.length) {
            f.error(
                `${where} allow`,
                `is not supported ${MODE}: Istio provisions that Service and client IPs need externalTrafficPolicy: Local; use routing "istio"`,
            );
        }
        // HTTPRoute spec.hostnames: at most 16, no IPs (gateway-api v1.2.1 CRD: maxItems 16, "IPs are not allowed").
        if (app.hosts.length > GATEWAY_API_MAX_HOSTNAMES) {
            f.error(
                `${where} hosts`,
                `${app.hosts.length} host names, but an HTTPRoute takes at most ${GATEWAY_API_MAX_HOSTNAMES}; split them over several apps, or use routing "istio"`,
            );
        }
        for (const host of app.hosts.filter((h) => isIP(h))) {
            f.error(
                `${where} hosts`,
                `"${host}" is an IP address; Gateway API hostnames cannot be IPs: use a DNS name, or routing "istio"`,
            );
        }
    }
}

/** Service fields Istio's Gateway-generated Service cannot be given. */
export function checkGatewayApiLoadBalancer(f: Findings, lb: LoadBalancerSettings): void {
    const unsupported: [string, boolean][] = [
        ["sourceRanges", lb.sourceRanges.length > 0],
        ["loadBalancerIP", lb.loadBalancerIP !== undefined],
        ["proxyProtocol", lb.proxyProtocol],
    ];
    for (const [field, set] of unsupported) {
        if (set) {
            f.error(
                `${LB}.${field}`,
                `is not supported when ${NS}:routing is "gateway-api": Istio generates that Service from the Gateway; use routing "istio"`,
            );
        }
    }
}
