// The stack config (`ncp-ingress:*` in Pulumi.<stack>.yaml), described once: each key's shape, type,
// allowed values, range, default and meaning. config.ts parses with it, then applies the rules across
// fields (appRules.ts, loadBalancer.ts, stackRules.ts) to what it returns; `npm run schema` writes
// schema/stack-config.schema.json (editor completion and checks) and docs/configuration.md's config table from it.
// Refusals are worded by the builders in ../validation.ts and fields.ts; limits and their sources are in ../limits.ts.
import { isIP, isIPv4 } from "net";
import { z } from "zod";
import { TCP_PORT_MAX } from "../limits";
import { App, DemoSettings, IstioSettings } from "../model";
import {
    DESCRIPTION_MAX_BYTES,
    IDLE_TIMEOUT_SECONDS,
    LAYER_TYPE,
    LB_PORTS,
    SIZES,
    TLS_MIN_VERSIONS,
} from "../ncp/rules";
import { ANNOTATION_FIELDS } from "../specs/annotations";
import { checkApp } from "./appRules";
import { appPort, cidr, documented, expecting, IPV4, label, matching, ncpNumber } from "./fields";
import { annotationKeyProblem, describe, dnsNameProblem, hostNameProblem, integer, text } from "../validation";

export const NS = "ncp-ingress";

/** Istio's default version per install mode. */
export const ISTIO_VERSIONS = {
    /** Operator mode (and none, which ignores it): the last release with the in-cluster operator. */
    operator: "1.23.6",
    /** Helm mode: a 1.28 patch (istio/istio tag 1.28.10), whose gateway chart takes our values. */
    helm: "1.28.10",
};

/** The keys that hold a map or list: `pulumi config set <key> '<json>'` stores them as JSON text. */
export const JSON_KEYS = ["istio", "loadBalancer", "apps", "demo"] as const;

const ISTIO_RELEASE = /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/;
const istioRelease = (iss: { input?: unknown }) =>
    `got ${describe(iss.input)}; expected an Istio release such as "1.23.6"`;
const istio = documented(
    {
        install: z.enum(["operator", "helm", "none"]).default("operator"),
        version: z
            .string({ error: istioRelease })
            .regex(ISTIO_RELEASE, { error: istioRelease })
            .meta({ title: "Istio release" })
            .optional(),
        namespace: label().default("istio-system"),
        chartRepository: matching(/^(https?|oci):\/\/\S+$/, "must be an http(s):// or oci:// URL")
            .meta({ title: "URL" })
            .default("https://istio-release.storage.googleapis.com/charts"),
        gatewayService: label().default("istio-ingressgateway"),
    },
    {
        install:
            "operator: the in-cluster IstioOperator (Istio 1.23 and earlier); helm: Istio's base, istiod and gateway " +
            "charts; none: Istio is there already, and the app ports are added to its gateway Service.",
        version:
            `The operator's image tag or the charts' version, e.g. 1.28.0; default \`${ISTIO_VERSIONS.operator}\` ` +
            `(operator), \`${ISTIO_VERSIONS.helm}\` (helm); install none ignores it. See "Istio versions".`,
        namespace:
            "Of the control plane, the gateway, the Gateway and the routes; not istio-operator (operator mode) " +
            "nor one Kubernetes keeps (default, kube-system, kube-public, kube-node-lease).",
        chartRepository: "Install helm: where the charts come from, e.g. a mirror: oci://registry.example/istio.",
        gatewayService:
            "The gateway's Service, and with install helm its Helm release (at most 53 characters); install none " +
            "reads the existing one. Not istiod or istio-egressgateway.",
    },
);
const Istio = z.strictObject(istio).transform((i): IstioSettings => ({
    ...i,
    version: i.version ?? ISTIO_VERSIONS[i.install === "helm" ? "helm" : "operator"],
}));

// NCP: every field but a few Service fields is one of NCP's annotations, its values and ranges NCP's
// (components/ncp/, each with its source). Which fields go together is loadBalancer.ts's.
const annotationKey = z.string().superRefine((key, ctx) => {
    const typed = ANNOTATION_FIELDS.get(key);
    const problem = annotationKeyProblem(key) ?? (typed && `is set by ${NS}:loadBalancer.${typed}; set it there`);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});
const annotationValue = z.string({
    error: (iss) => `got ${describe(iss.input)}; annotation values must be strings (quote them)`,
});
const annotations = z.preprocess(
    // JSON.parse makes "__proto__" an own key, which z.record would skip without a word.
    (value, ctx) => {
        if (value && typeof value === "object" && Object.hasOwn(value, "__proto__"))
            ctx.addIssue({ code: "custom", path: ["__proto__"], message: annotationKeyProblem("__proto__")! });
        return value;
    },
    z.record(annotationKey, annotationValue, { error: expecting("a map of strings") }),
);
const description = text((s) => {
    const bytes = Buffer.byteLength(s, "utf8");
    const max = DESCRIPTION_MAX_BYTES.max;
    return bytes <= max ? undefined : `is ${bytes} bytes long (UTF-8); NCP allows at most ${max} bytes`;
});
const A = "(annotation …/ncloud-load-balancer-";
/** "a, b or c" */
const oneOf = (values: readonly string[]) =>
    values.length > 1 ? `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}` : values.join("");
const loadBalancer = documented(
    {
        layerType: z.enum(LAYER_TYPE.values).default("nlb"),
        internal: z.boolean().default(false),
        annotations: annotations.prefault({}),
        addressTimeoutSeconds: integer(1, 86400, "seconds").default(600),
        sourceRanges: z.array(cidr).default([]),
        size: z.enum([...SIZES.values.nplb, ...SIZES.values.nlb]).optional(),
        subnetId: ncpNumber('an NCP subnet number such as "452772"', "NCP subnet number").optional(),
        proxyProtocol: z.boolean().default(false),
        sslCertificateNo: ncpNumber(
            "an NCP Certificate Manager certificate number",
            "NCP certificate number",
        ).optional(),
        tlsPorts: z.array(integer(LB_PORTS.min, LB_PORTS.max, "a load balancer port")).default([]),
        tlsMinVersion: z.enum(TLS_MIN_VERSIONS.values).optional(),
        idleTimeoutSeconds: integer(IDLE_TIMEOUT_SECONDS.min, IDLE_TIMEOUT_SECONDS.max, "seconds").optional(),
        description: description.meta({ title: "text" }).optional(),
        retainPublicIpOnTermination: z.boolean().default(false),
        loadBalancerIP: text((s) => (isIPv4(s) ? undefined : "must be an IPv4 address"))
            .meta(IPV4)
            .optional(),
    },
    {
        layerType:
            `nlb, a network LB (passes client IPs through), or nplb, a network proxy LB ${A}layer-type); fixed once created. ` +
            `Install none with Istio routing writes no annotation: the existing Service's own decides (none: ${LAYER_TYPE.ncpDefault}, NCP's default).`,
        internal: `true: a private LB, reachable from the VPC only ${A}internal).`,
        annotations:
            'Further Service annotations, merged last, e.g. {"example.com/team": "platform"}; not those a typed field sets.',
        addressTimeoutSeconds:
            "How long `pulumi up` waits for the install and for the LB address (see docs/troubleshooting.md).",
        sourceRanges:
            "Written as the Service's loadBalancerSourceRanges, e.g. [203.0.113.0/24]; no NCP guide says NKS honours it " +
            "(preview warns): keep clients out with the apps' allow lists.",
        size: `Throughput: ${oneOf(SIZES.values.nplb)} on an nplb, ${oneOf(SIZES.values.nlb)} on an nlb ${A}size).`,
        subnetId: `An LB-only subnet, e.g. 452772, instead of the cluster's (lbSubnetNo of kube-system/ncloud-config) ${A}subnet-id).`,
        proxyProtocol: `nplb only: the LB sends PROXY protocol headers; the gateway is set to read them ${A}proxy-protocol).`,
        sslCertificateNo: `nplb only: the NCP Certificate Manager certificate for TLS on tlsPorts ${A}ssl-certificate-no).`,
        tlsPorts: `Where the nplb terminates TLS: 80, or an HTTP or TCP app's port, where the gateway expects plain traffic ${A}tls-ports).`,
        tlsMinVersion: `Minimum TLS version of those listeners ${A}tls-min-version).`,
        idleTimeoutSeconds: `nplb only: idle connection timeout ${A}idle-timeout).`,
        description: `At most ${DESCRIPTION_MAX_BYTES.max} bytes in UTF-8, as NCP counts them: a Korean character takes 3 ${A}description).`,
        retainPublicIpOnTermination: `Public LBs only: keep the IP after the LB, to reuse it with loadBalancerIP ${A}retain-public-ip-on-termination).`,
        loadBalancerIP: "Public LBs only: a (retained) public IP for the LB (Service loadBalancerIP).",
    },
);

// Istio's Destination.host is "the name of a service from the service registry ... Traffic forwarded
// to destinations that are not found ... will be dropped" (istio.io/v1.23/docs/reference/config/networking/virtual-service/#Destination).
const EXAMPLE_HOST = "argocd-server.argocd.svc.cluster.local";
const IP_BACKEND =
    "is an IP address; the gateway routes only to hosts of Istio's service registry (Kubernetes Services, ServiceEntry hosts) " +
    `and drops the rest: use the Service's DNS name, such as ${EXAMPLE_HOST}`;
const backend = z.strictObject(
    documented(
        {
            host: text((s) => (isIP(s) ? IP_BACKEND : dnsNameProblem(s)), `a DNS name such as ${EXAMPLE_HOST}`).meta({
                title: "DNS name",
            }),
            port: integer(1, TCP_PORT_MAX, "the backend Service port"),
        },
        {
            host: `The backend Service's DNS name, e.g. ${EXAMPLE_HOST}, not an IP (with gateway-api routing <service>.<namespace>[.svc.cluster.local]).`,
            port: "The backend Service's port.",
        },
    ),
    { error: expecting("{host: <service DNS name>, port: <service port>}") },
);
const tls = z.strictObject(
    documented(
        { credentialName: text(dnsNameProblem).meta({ title: "Secret name" }) },
        { credentialName: "A kubernetes.io/tls Secret in istio.namespace." },
    ),
    { error: expecting("{credentialName: <kubernetes.io/tls Secret in the gateway's namespace>}") },
);
const SHAPE = "{name, port, backend: {host, port}} (optional: protocol, hosts, tls, allow)";
const app = documented(
    {
        name: label('a DNS-1123 label such as "argocd"'),
        port: appPort.optional(),
        backend,
        protocol: z.enum(["HTTP", "HTTPS", "TCP"]).default("HTTP"),
        hosts: z.array(text(hostNameProblem).meta({ title: "host name" })).default([]),
        tls: tls.optional(),
        allow: z
            .array(cidr)
            .min(1, { error: "an empty list would shut everyone out; leave allow out to admit everyone" })
            .optional(),
    },
    {
        name:
            "Names the gateway Service port, the Gateway server and the route; unique; not status-port, http2, https, " +
            "hosts-…, nor another app's <name>-hosts.",
        port:
            "On the LB and the gateway Service, e.g. 30001; unique; not 80, 443 or Istio's ports; operator mode: 1024 " +
            "or more, not 8080 or 8443. Optional with hosts.",
        backend: "The in-cluster Service the app routes to.",
        protocol:
            "HTTP, or HTTPS terminated at the gateway with tls, routed by authority; TCP: passed through on the app's own port.",
        hosts: "Host names routed to the app on the shared 80 (and, with tls, 443) listeners, e.g. [grafana.example.com]; then port is optional.",
        tls: "TLS at the gateway; required for HTTPS.",
        allow: "Only these client CIDRs reach the app (an AuthorizationPolicy); leave it out to admit everyone.",
    },
);
const App = z
    .strictObject(app, { error: expecting(`an object ${SHAPE}`) })
    .meta({ anyOf: [{ required: ["port"] }, { required: ["hosts"] }] })
    .superRefine((a, ctx) => checkApp(a, (field, message) => ctx.addIssue({ code: "custom", path: [field], message })))
    .transform(({ allow, ...a }): App => ({ ...a, allow: allow ?? [] }));
const apps = z.array(App, {
    error: (iss) =>
        `${iss.input === undefined ? "is required:" : `got ${describe(iss.input)}; expected`} a list of apps, each ${SHAPE}`,
});

const demoSettings = z.strictObject(
    documented(
        { port: appPort.default(30080), namespace: label().default("ncp-ingress-demo") },
        { port: "The demo app's LB port.", namespace: "Its namespace, which the stack creates." },
    ),
);
const demo = z
    .union([z.boolean(), demoSettings], { error: expecting("true, false or {port, namespace}") })
    .default(false)
    .transform((d): DemoSettings =>
        typeof d === "boolean" ? { enabled: d, ...demoSettings.parse({}) } : { enabled: true, ...d },
    );

export const StackConfig = z.strictObject(
    documented(
        {
            istio: Istio.prefault({}),
            loadBalancer: z.strictObject(loadBalancer).prefault({}),
            apps,
            demo,
            routing: z.enum(["istio", "gateway-api"]).default("istio"),
            gatewayApiCrds: matching(
                /^(installed|v\d+\.\d+\.\d+|https:\/\/\S+)$/,
                'must be a Gateway API release such as "v1.2.1", an https:// URL of an install manifest, or "installed"',
            )
                .meta({ title: "release, URL or installed" })
                .default("v1.2.1"), // Gateway API's standard channel release supported by Istio 1.22 and later
        },
        {
            istio: "How Istio gets onto the cluster, and where it runs.",
            loadBalancer:
                "The NCP load balancer in front of the gateway: its ncloud-load-balancer-* annotations as typed fields.",
            apps:
                "The apps behind the LB, each with its port or host names and its backend (see Pulumi.dev.yaml). Empty: " +
                'an Istio-only stack (install helm or operator, Istio routing) for routes stacks with install none; see "Two stacks".',
            demo: "true: deploy httpbin as the app httpbin, on the port and in the namespace below; or {port, namespace}.",
            routing: "Istio Gateway and VirtualServices, or Kubernetes Gateway API Gateway and HTTPRoutes.",
            gatewayApiCrds:
                "With gateway-api routing: the Gateway API release whose standard-channel CRDs to apply, an https:// URL " +
                "of an install manifest, or installed (the cluster has them).",
        },
    ),
);

/** Every default as the schema fills it in; istio.version is operator mode's, istio.helmVersion helm mode's. */
const defaults = StackConfig.parse({ apps: [] });
export const DEFAULTS = { ...defaults, istio: { ...defaults.istio, helmVersion: ISTIO_VERSIONS.helm } };
