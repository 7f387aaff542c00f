// What the scenarios share: running a step and failing with its output, the engine's planned
// steps, the apps' backends, istioctl analyze, the LB address a Service was given.
import * as assert from "node:assert/strict";
import { deleteNamespaces, kubectl, kubectlGet, Project, Result, run as runCommand, show, timing } from "./harness";

export function ok(r: Result, what: string): Result {
    assert.equal(r.code, 0, `${what} failed: ${show(r)}`);
    return r;
}

/** The engine's planned steps from `pulumi preview --json`: op -> resource URNs' short names. */
export function plannedSteps(r: Result): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const step of JSON.parse(r.stdout).steps ?? []) {
        if (step.op === "same" || step.op === "read") continue;
        const type = step.urn.split("::")[2].split("$").pop();
        (out[step.op] ??= []).push(`${type}::${step.urn.split("::")[3]}`);
    }
    for (const k of Object.keys(out)) out[k].sort();
    return out;
}

/** "kubernetes:networking.istio.io/v1:VirtualService::apps-argocd" -> "VirtualService::apps-argocd". */
function kindAndName(step: string): string {
    const at = step.indexOf("::");
    return `${step.slice(0, at).split(":").pop()}${step.slice(at)}`;
}

/** The apps' backends as they would be on a real cluster: a namespace and a Service each. */
export async function createBackends(apps: readonly { backend: { host: string; port: number } }[]): Promise<void> {
    for (const { backend } of apps) {
        const [name, ns] = backend.host.split(".");
        await kubectl(["create", "namespace", ns]);
        await kubectl(["-n", ns, "create", "service", "clusterip", name, `--tcp=${backend.port}:${backend.port}`]);
    }
}

export async function deleteBackends(apps: readonly { backend: { host: string } }[]): Promise<void> {
    await deleteNamespaces(apps.map((a) => a.backend.host.split(".")[1]));
}

/**
 * `istioctl analyze` of what got applied: no Error-level message (warnings are printed), except
 * IST0147 on Pods: no injection webhook is called on the harness (see up.sh), so the gateway's
 * pods keep `image: auto`, which the analyzer reports whatever the webhooks match. Whether they
 * match is its Deployment check, which must stay silent. (IST0147 is ImageAutoWithoutInjectionError,
 * "Pods with `image: auto` should be targeted for injection": istio.io/istio,
 * pkg/config/analysis/msg/messages.yaml; the gateway chart's pods say `image: auto` for the
 * injection webhook to fill in: the gateway chart's README, "`image: auto` Information".)
 */
export async function assertIstioAnalyzeClean(namespace: string): Promise<void> {
    const r = await runCommand("istioctl", ["analyze", "-n", namespace, "--color=false"]);
    timing(`istioctl analyze -n ${namespace}`, r.seconds);
    const lines = (r.stdout + r.stderr).split("\n");
    const errors = lines.filter((l) => /^Error \[/.test(l) && !/^Error \[IST0147\] \(Pod /.test(l));
    assert.deepEqual(errors, [], show(r));
    assert.ok(!lines.some((l) => /\(Deployment .*does not match any Istio injection webhook/.test(l)), show(r));
    assert.ok([0, 79].includes(r.code), show(r)); // 79: istioctl's exit code for Error-level findings
}

export async function lbAddress(namespace: string, name: string): Promise<string> {
    const svc = await kubectlGet("service", name, namespace);
    const ingress = svc?.status?.loadBalancer?.ingress?.[0];
    return ingress?.hostname ?? ingress?.ip;
}

/** The planned steps as op -> Kind::name (no API group), sorted. */
export function plannedKinds(r: Result): Record<string, string[]> {
    return Object.fromEntries(
        Object.entries(plannedSteps(r)).map(([op, steps]) => [op, steps.map(kindAndName).sort()]),
    );
}

/**
 * Sets `app` as `ncp-ingress:apps[index]` with `pulumi config set --path`, one field at a time, as
 * docs/configuration.md shows (the digits stored as numbers).
 */
export async function setAppByPath(
    project: Project,
    stack: string,
    index: number,
    app: { name: string; port: number; backend: { host: string; port: number } },
): Promise<void> {
    const at = `ncp-ingress:apps[${index}]`;
    for (const [field, value] of [
        ["name", app.name],
        ["port", String(app.port)],
        ["backend.host", app.backend.host],
        ["backend.port", String(app.backend.port)],
    ])
        ok(await project.pulumi(["config", "set", "--stack", stack, "--path", `${at}.${field}`, value]), "config set");
}
