// The NCP pages this project's NCP facts come from (annotations.ts, rules.ts cite them by page and
// section). test/e2e/ncpRules.ts keeps its own list on purpose (in test/e2e/ncpAnnotations.ts; neither
// imports anything from here).
//
// What could be read: of the NKS guide "Load Balancer instance integrations" only its beginning (the
// two layer types, the "Configure instance properties" table's layer-type row and the start of its
// size row, 2024-01-25 snapshot). The value rules therefore rest on the VPC load balancer API
// reference, which NCP's controller has to call; that an annotation maps onto the API parameter of
// the same name is our reading, not the guide's word.

export interface Page {
    readonly title: string;
    readonly url: string;
}

/** A page and the section of it that says the fact. */
export interface Source {
    readonly page: Page;
    readonly section: string;
}

const API = "https://api.ncloud-docs.com/docs/en/networking-vloadbalancer-";
const api = (name: string, path: string): Page => ({ title: `NCP API ${name}`, url: `${API}${path}` });

export const PAGES = {
    nksGuide: {
        title: 'NKS guide "Load Balancer instance integrations"',
        url: "https://guide.ncloud-docs.com/docs/en/k8s-k8suse-loadbalancer",
    },
    /** The same guide as of 2024-01-25, whose property table's first rows were readable. */
    nksGuide2024: {
        title: 'NKS guide "Load Balancer instance integrations" (2024-01-25)',
        url: "https://guide.ncloud-docs.com/release-20240125/docs/en/k8s-k8suse-loadbalancer",
    },
    nksExamples2023: {
        title: 'NKS guide "Load Balancer property settings examples" (2023-11-23)',
        url: "https://guide.ncloud-docs.com/release-20231123/docs/en/k8s-k8sexamples-loadbalancer",
    },
    createLoadBalancerInstance: api("createLoadBalancerInstance", "loadbalancer-createloadbalancerinstance"),
    /** The Korean (gov) page, whose description range is in bytes. */
    createLoadBalancerInstanceGov: {
        title: "NCP API createLoadBalancerInstance (gov, Korean)",
        url: "https://api-gov.ncloud-docs.com/docs/networking-vloadbalancer-loadbalancer-createloadbalancerinstance",
    },
    createLoadBalancerListener: api("createLoadBalancerListener", "loadbalancer-createloadbalancerlistener"),
    changeTargetGroupConfiguration: api("changeTargetGroupConfiguration", "targetgroup-changetargetgroupconfiguration"),
    loadBalancerSubnetType: {
        title: "NCP API data type LoadBalancerSubnet",
        url: "https://api.ncloud-docs.com/docs/common-vapidatatype-loadbalancersubnet",
    },
} as const satisfies Record<string, Page>;

/** The property table of the NKS guide, which documents the annotations. */
export const PROPERTY_TABLE = '"Configure instance properties" table (2024-01-25: "Enable instance property")';
