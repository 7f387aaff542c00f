// What `npm run render` makes of a run's registered resources: plain YAML documents in apply order,
// for `kubectl apply` and Argo CD. Pure: rendering a Helm chart is the caller's (see helmTemplate.ts).
import { parseAllDocuments, stringify } from "yaml";
import { Registered } from "./offline/engine";

/**
 * YAML that Kubernetes tools read back as written. kubectl, helm and kustomize decode YAML 1.1
 * (sigs.k8s.io/yaml, on go-yaml), where a plain `y`, `n`, `yes`, `no`, `on` or `off` is a boolean:
 * an app named "y" would reach the API server as `name: true` and be refused (found by the e2e's
 * server-side dry run of generated configs). Written as YAML 1.1, such strings are quoted.
 */
export function kubeYaml(value: unknown): string {
    return stringify(value, { version: "1.1" });
}

/**
 * Apply phases, one directory each under `render --out`. `kubectl apply` maps every object's kind
 * before it applies any, so a custom resource fails ("ensure CRDs are installed first") when its CRD
 * is in the same run: the CRDs go first, on their own.
 */
export const PHASES = ["0-crds", "1-objects", "2-routes", "3-patches"] as const;
export type Phase = (typeof PHASES)[number];

export interface RenderedObject {
    /** The phase directory it goes into. */
    readonly phase: Phase;
    /** File name in it: <kind>-<namespace>-<name>.yaml (lower case). */
    readonly file: string;
    /** One YAML document, or for a summary a comment only. */
    readonly yaml: string;
    /** True for a comment standing in for what render leaves out (a chart not rendered, a remote manifest). */
    readonly summary: boolean;
}

/** A Helm chart the program installs (helm.v4.Chart), as `helm template` and kustomize's helmCharts take it. */
export interface ChartRef {
    readonly release: string;
    /** A chart name (with repo) or an oci:// reference. */
    readonly chart: string;
    readonly repo?: string;
    readonly version: string;
    readonly namespace: string;
    readonly values: Record<string, unknown>;
}

/** A remote manifest the program applies (yaml.v2.ConfigFile of a URL): the Gateway API CRDs. */
export interface RemoteManifest {
    readonly name: string;
    readonly url: string;
}

/** Renders a chart's objects (helm template); undefined renders none: the chart is only summarised. */
export type ChartRenderer = (chart: ChartRef) => string;

export interface Rendered {
    readonly objects: RenderedObject[];
    readonly charts: ChartRef[];
    /** Whether the charts' objects are among `objects` (a ChartRenderer was given); else kustomization.yaml lists them. */
    readonly chartsRendered: boolean;
    readonly remote: RemoteManifest[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = { apiVersion: string; kind: string; metadata?: { name?: string; namespace?: string } } & Record<string, any>;

/** Istio's and Gateway API's kinds: they need their CRDs first (installed by a chart, the operator or a manifest). */
const ROUTE_GROUPS = /(^|\.)istio\.io\/|^gateway\.networking\.k8s\.io\//;

export function phaseOf(o: Obj): Phase {
    if (o.kind === "Namespace" || o.kind === "CustomResourceDefinition") return "0-crds";
    return ROUTE_GROUPS.test(o.apiVersion) ? "2-routes" : "1-objects";
}

function objectFile(o: Obj): string {
    return [o.kind, o.metadata?.namespace, o.metadata?.name].filter(Boolean).join("-").toLowerCase() + ".yaml";
}

function chartOf(r: Registered): ChartRef {
    const { name, chart, version, namespace, repositoryOpts, values } = r.inputs;
    return { release: name, chart, repo: repositoryOpts?.repo, version, namespace, values: values ?? {} };
}

/** A partial Service for server-side apply: only what the program patches into a Service it does not own. */
function servicePatch(r: Registered): Obj | undefined {
    const { metadata, spec } = r.inputs;
    // The LB-address wait (pulumi.com/waitFor) means nothing outside Pulumi: only ports are a patch to apply.
    if (!spec?.ports) return undefined;
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: metadata.name, namespace: metadata.namespace },
        spec: { ports: spec.ports },
    };
}

const PATCH_NOTE =
    "# A patch of a Service that is not ours: apply it with `kubectl apply --server-side --field-manager ncp-ingress`,\n" +
    "# which merges these ports into the existing Service (Argo CD: ServerSideApply=true).\n";

/**
 * The objects a run would apply, each in its phase. A Helm chart becomes its objects when `renderChart`
 * is given (each placed by its kind), else a commented summary of release, version, repository and
 * values; a remote manifest (the Gateway API CRDs) becomes a comment naming its URL. Both are also
 * returned, for kustomization.yaml.
 */
export function toManifests(resources: readonly Registered[], renderChart?: ChartRenderer): Rendered {
    const objects: RenderedObject[] = [];
    const charts: ChartRef[] = [];
    const remote: RemoteManifest[] = [];
    const add = (o: Obj) => objects.push({ phase: phaseOf(o), file: objectFile(o), yaml: kubeYaml(o), summary: false });
    for (const r of resources) {
        if (!r.custom && r.type === "kubernetes:helm.sh/v4:Chart") {
            const chart = chartOf(r);
            charts.push(chart);
            if (renderChart) {
                for (const doc of parseAllDocuments(renderChart(chart))) {
                    const o = doc.toJS() as Obj | null;
                    if (o?.kind) add(o);
                }
                continue;
            }
            const header =
                `# Helm chart ${chart.chart} ${chart.version}, release ${chart.release} in ${chart.namespace}` +
                (chart.repo ? ` from ${chart.repo}` : "") +
                "\n# (not rendered: run render with helm on PATH, or kustomize --enable-helm); values:\n";
            objects.push({
                phase: "1-objects",
                file: `helm-${chart.namespace}-${chart.release}.yaml`,
                yaml: header + kubeYaml(chart.values),
                summary: true,
            });
            continue;
        }
        if (!r.custom && r.type === "kubernetes:yaml/v2:ConfigFile") {
            remote.push({ name: r.name, url: r.inputs.file });
            objects.push({
                phase: "0-crds",
                file: `manifest-${r.name}.yaml`,
                yaml: `# apply first: ${r.inputs.file}\n`,
                summary: true,
            });
            continue;
        }
        if (!r.custom || !r.type.startsWith("kubernetes:")) continue;
        if (r.type === "kubernetes:core/v1:ServicePatch") {
            const patch = servicePatch(r);
            if (patch)
                objects.push({
                    phase: "3-patches",
                    file: objectFile(patch),
                    yaml: PATCH_NOTE + kubeYaml(patch),
                    summary: false,
                });
            continue;
        }
        // Reads (.get) are not applied.
        if (r.id !== undefined) continue;
        add(r.inputs as Obj);
    }
    const order = (o: RenderedObject) => PHASES.indexOf(o.phase);
    return {
        objects: objects.sort((a, b) => order(a) - order(b)),
        charts,
        chartsRendered: renderChart !== undefined,
        remote,
    };
}

/**
 * kustomization.yaml for the rendered directory (Argo CD, `kubectl apply -k`, `kustomize build`): the
 * files in apply order, the remote manifests, and the charts not rendered as helmCharts, which
 * kustomize renders with --enable-helm (Argo CD: kustomize.buildOptions).
 */
export function kustomization(rendered: Rendered): string {
    const files = rendered.objects.filter((o) => !o.summary).map((o) => `${o.phase}/${o.file}`);
    const doc: Record<string, unknown> = {
        apiVersion: "kustomize.config.k8s.io/v1beta1",
        kind: "Kustomization",
        resources: [...rendered.remote.map((m) => m.url), ...files],
    };
    if (!rendered.chartsRendered && rendered.charts.length)
        doc.helmCharts = rendered.charts.map((c) => ({
            name: c.repo ? c.chart : c.chart.split("/").pop(),
            ...(c.repo ? { repo: c.repo } : { repo: c.chart.slice(0, c.chart.lastIndexOf("/")) }),
            version: c.version,
            releaseName: c.release,
            namespace: c.namespace,
            includeCRDs: true,
            valuesInline: c.values,
        }));
    return "# Written by `npm run render -- --out`: the rendered objects, for kustomize and Argo CD.\n" + kubeYaml(doc);
}
