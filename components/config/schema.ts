// The stack config (`ncp-ingress:*` in Pulumi.<stack>.yaml), described once: each key's shape, type,
// allowed values, range, default and meaning. config.ts parses with it, then applies the rules across
// fields, apps and sections (rules/) to what it returns; `npm run schema` writes
// schema/stack-config.schema.json (editor completion and checks) and docs/configuration.md's config table from it.
// The sections with most fields have files of their own: loadBalancerSchema.ts and appSchema.ts.
// Refusals are worded by the builders in fields.ts and problems.ts; limits and their sources are in ../limits.ts.
import { z } from "zod";
import { DemoSettings, IstioSettings } from "../model";
import { apps } from "./appSchema";
import { appPort, documented, expecting, label, matching } from "./fields";
import { loadBalancer } from "./loadBalancerSchema";
import { describe } from "./problems";

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
        adoptFrom: z.enum(["operator"]).optional(),
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
        adoptFrom:
            "operator: with install helm, take over an Istio that this stack installed with install operator, keeping " +
            "the gateway Service and its LB (stops the operator, releases its IstioOperator, removes it); keep it set " +
            "while the version's gateway chart cannot be used (before 1.25.5). See docs/migrating-off-the-operator.md.",
    },
);
const Istio = z.strictObject(istio).transform((i): IstioSettings => ({
    ...i,
    version: i.version ?? ISTIO_VERSIONS[i.install === "helm" ? "helm" : "operator"],
}));

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

/** Every `ncp-ingress:*` key of a stack: what config.ts parses with, and what `npm run schema` writes out. */
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
