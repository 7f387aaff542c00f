// The harness's environment and cluster, for the end-to-end scenarios (through harness.ts, which
// re-exports all of this): the environment test/e2e/up.sh wrote, running a command, kubectl against
// the harness's API server, the objects a scenario finds and leaves, polling, and our LB controller's
// control file.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The repository's root. */
export const ROOT = path.resolve(__dirname, "../..");
/** The harness's own folder (.e2e/, gitignored): its env file, run state, work folders. */
export const E2E = path.join(ROOT, ".e2e");
const RUN = path.join(E2E, "run");

/** The variables of .e2e/env (export NAME="value" lines, $PATH expanded). */
export function harnessEnv(): NodeJS.ProcessEnv {
    const file = path.join(E2E, "env");
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run e2e:up\` first`);
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
        const m = /^export ([A-Z0-9_]+)="(.*)"$/.exec(line);
        if (m) env[m[1]] = m[2].replace(/\$PATH/g, process.env.PATH ?? "");
    }
    return env;
}

/** A finished command: its exit code, output and duration. */
export interface Result {
    code: number;
    stdout: string;
    stderr: string;
    seconds: number;
}

/** Runs a command; never throws for a non-zero exit (the caller asserts). */
export function run(
    cmd: string,
    args: string[],
    opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Result> {
    const t0 = Date.now();
    return new Promise((resolve) => {
        execFile(
            cmd,
            args,
            { cwd: opts.cwd ?? ROOT, env: opts.env ?? harnessEnv(), maxBuffer: 256 * 1024 * 1024 },
            (err, stdout, stderr) => {
                const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
                resolve({ code, stdout, stderr, seconds: (Date.now() - t0) / 1000 });
            },
        );
    });
}

/** A failed command's output, for assertion messages. */
export function show(r: Result): string {
    return `exit ${r.code} after ${r.seconds}s\n--- stdout\n${r.stdout.slice(-6000)}\n--- stderr\n${r.stderr.slice(-4000)}`;
}

/** What istioctl or another Helm release would have left: a gateway Service with Istio's own ports. */
export function existingGatewayService(namespace: string, name = "istio-ingressgateway"): string {
    return `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}, labels: {istio: ingressgateway}}
spec:
  type: LoadBalancer
  selector: {istio: ingressgateway}
  ports:
  - {name: status-port, port: 15021, targetPort: 15021}
  - {name: http2, port: 80, targetPort: 8080}
  - {name: https, port: 443, targetPort: 8443}
`;
}

/**
 * The gateway pods that Service selects, as an istioctl install leaves them (kwok runs them as
 * fakes): what a Gateway's selector and istioctl analyze look for.
 */
export function existingGatewayDeployment(namespace: string, name = "istio-ingressgateway"): string {
    return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}, labels: {istio: ingressgateway}}
spec:
  selector: {matchLabels: {istio: ingressgateway}}
  template:
    metadata: {labels: {istio: ingressgateway}}
    spec:
      containers: [{name: istio-proxy, image: docker.io/istio/proxyv2:1.28.10}]
`;
}

/** Deletes namespaces and waits until they are gone: a later scenario may create them again. */
export async function deleteNamespaces(namespaces: Iterable<string>): Promise<void> {
    const names = [...new Set(namespaces)];
    for (const ns of names) await kubectl(["delete", "namespace", ns, "--wait=false", "--ignore-not-found"]);
    await kubectl(["wait", "--for=delete", "--timeout=120s", ...names.map((ns) => `namespace/${ns}`)]);
}

/** kubectl get -o json; undefined when the object does not exist. */
export async function kubectlGet(kind: string, name: string, namespace?: string): Promise<any> {
    const r = await run("kubectl", ["get", kind, name, "-o", "json", ...(namespace ? ["-n", namespace] : [])]);
    if (r.code !== 0) {
        if (/NotFound|not found/.test(r.stderr)) return undefined;
        throw new Error(show(r));
    }
    return JSON.parse(r.stdout);
}

/** kubectl get -o json of every object of a kind (in one namespace, or all); [] when the kind is unknown. */
export async function kubectlList(kind: string, namespace?: string): Promise<any[]> {
    const r = await run("kubectl", ["get", kind, "-o", "json", ...(namespace ? ["-n", namespace] : ["-A"])]);
    if (r.code !== 0) {
        if (/doesn't have a resource type|the server could not find/.test(r.stderr)) return [];
        throw new Error(show(r));
    }
    return JSON.parse(r.stdout).items;
}

/** Runs kubectl (as the harness's admin), with `input` as a file (-f) when given. */
export async function kubectl(args: string[], input?: string): Promise<Result> {
    if (input === undefined) return run("kubectl", args);
    const tmp = path.join(RUN, `stdin-${process.pid}-${Date.now()}.yaml`);
    fs.writeFileSync(tmp, input);
    try {
        return await run("kubectl", [...args, "-f", tmp]);
    } finally {
        fs.rmSync(tmp, { force: true });
    }
}

/** What our LB controller is told to do: address kind, Services to withhold, a delay. */
export interface LbControl {
    mode?: "hostname" | "ip" | "ipv6";
    withhold?: string[];
    generation?: number;
    delayMs?: number;
}

/** Steers our LB controller (test/e2e/lbController.ts). */
export function setLbControl(control: LbControl): void {
    fs.writeFileSync(path.join(RUN, "lb-control.json"), JSON.stringify(control));
}

/** What our LB controller saw per Service (ns/name): NCP annotations, ports, the address it gave. */
export function lbSeen(): Record<
    string,
    { uid: string; annotations: Record<string, string>; address: string | null; refused: string[] }
> {
    const file = path.join(RUN, "lb-seen.json");
    return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
}

/** Waits until fn returns a value (not undefined), polling. */
export async function eventually<T>(what: string, seconds: number, fn: () => Promise<T | undefined>): Promise<T> {
    const t0 = Date.now();
    for (;;) {
        const v = await fn();
        if (v !== undefined) return v;
        if (Date.now() - t0 > seconds * 1000) throw new Error(`${what}: not within ${seconds}s`);
        await new Promise((r) => setTimeout(r, 500));
    }
}

/** Cluster-scoped kinds a stack may create: a scenario's destroy must leave none it did not find. */
const CLUSTER_KINDS = [
    "namespaces",
    "customresourcedefinitions",
    "clusterroles",
    "clusterrolebindings",
    "mutatingwebhookconfigurations",
    "validatingwebhookconfigurations",
    "validatingadmissionpolicies",
    "validatingadmissionpolicybindings",
];

/** Every cluster-scoped object of those kinds, as kind/name (with CRDs kept on purpose marked so). */
export async function clusterScoped(): Promise<Set<string>> {
    const all = new Set<string>();
    for (const kind of CLUSTER_KINDS) {
        for (const o of await kubectlList(kind)) {
            const kept = o.metadata.annotations?.["helm.sh/resource-policy"] === "keep" ? " (kept)" : "";
            all.add(`${kind}/${o.metadata.name}${kept}`);
        }
    }
    return all;
}

/**
 * Cluster-scoped objects present now and not in `before`, less the CRDs Istio's base chart marks
 * `helm.sh/resource-policy: keep` (kept as `helm uninstall` keeps them), polled for up to 60 s while
 * namespaces terminate.
 */
export async function clusterLeftovers(before: Set<string>): Promise<string[]> {
    return untilEmpty(async () => [...(await clusterScoped())].filter((o) => !before.has(o) && !o.endsWith(" (kept)")));
}

/** Polls `list` once a second until it is empty (objects still terminating), for at most `seconds`; its last value. */
export async function untilEmpty(list: () => Promise<string[]>, seconds = 60): Promise<string[]> {
    for (let i = 0; i < seconds && (await list()).length; i++) await new Promise((r) => setTimeout(r, 1000));
    return list();
}
