// NCP's load balancer annotations on a Service of type LoadBalancer: every key, each with where NCP
// documents it. Which stack config field writes which key is the program's (specs/annotations.ts).
import { PAGES, PROPERTY_TABLE, Source } from "./sources";

export const NCP_ANNOTATION_PREFIX = "service.beta.kubernetes.io/ncloud-load-balancer-";

const unreadRow = "; the guide's row for it could not be read";

/**
 * The keys (after the prefix) NCP's VPC controller knows. Only layer-type, size (key only) and
 * subnet-id were read in the guide; for the others the source is the API parameter the key sets.
 */
export const NCP_ANNOTATIONS = {
    "layer-type": { page: PAGES.nksGuide2024, section: `${PROPERTY_TABLE}, layer-type row` },
    internal: {
        page: PAGES.createLoadBalancerInstance,
        section: `request query parameters, loadBalancerNetworkTypeCode (PUBLIC | PRIVATE)${unreadRow}`,
    },
    size: { page: PAGES.nksGuide2024, section: `${PROPERTY_TABLE}, size row (the key; its cells could not be read)` },
    "subnet-id": {
        page: PAGES.nksExamples2023,
        section: '"Example of selecting a dedicated subnet where instances will be created"',
    },
    "proxy-protocol": {
        page: PAGES.changeTargetGroupConfiguration,
        section: `request query parameters, useProxyProtocol${unreadRow}`,
    },
    "ssl-certificate-no": {
        page: PAGES.createLoadBalancerListener,
        section: `request query parameters, sslCertificateNo${unreadRow}`,
    },
    "tls-ports": {
        page: PAGES.createLoadBalancerListener,
        section: `request query parameters, protocolTypeCode (TLS)${unreadRow}`,
    },
    "tls-min-version": {
        page: PAGES.createLoadBalancerListener,
        section: `request query parameters, tlsMinVersionTypeCode${unreadRow}`,
    },
    "idle-timeout": {
        page: PAGES.createLoadBalancerInstance,
        section: `request query parameters, idleTimeout${unreadRow}`,
    },
    description: {
        page: PAGES.createLoadBalancerInstanceGov,
        section: `request query parameters, loadBalancerDescription${unreadRow}`,
    },
    "retain-public-ip-on-termination": {
        page: PAGES.loadBalancerSubnetType,
        section: `publicIpInstanceNo (the LB subnet's public IP)${unreadRow}`,
    },
} as const satisfies Record<string, Source>;

export type NcpAnnotation = keyof typeof NCP_ANNOTATIONS;

/** The full key of one of NCP's annotations. */
export const ncpKey = (name: NcpAnnotation): string => `${NCP_ANNOTATION_PREFIX}${name}`;

export const LAYER_TYPE_ANNOTATION = ncpKey("layer-type");
export const INTERNAL_ANNOTATION = ncpKey("internal");
