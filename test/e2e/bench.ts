// npm run bench:e2e [-- --sizes 50,200,1000 --layouts whole,routes]: times the real pulumi CLI and
// kubernetes provider on the harness's control plane (test/e2e/up.sh) for stacks of N apps (the LB
// controller answering at once): "whole", one stack with Istio (helm install, Istio routing), against
// `kubectl apply --server-side` of the same routing objects (rendered offline by scripts/render.ts)
// as the floor; "routes", a routes stack over an Istio-only stack (benchRoutes.ts). Prints tables,
// the cost per app between sizes and the goals' verdicts (benchReport.ts), and writes the raw
// figures to .e2e/bench-e2e.json. With --trace, every timed pulumi run also writes the
// engine's OpenTelemetry trace to .e2e/trace/<apps>-<run>.json and the breakdown of it
// (test/e2e/trace.ts) is printed; tracing slows the runs a little. A measurement, not a test.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { runProgram } from "../../scripts/offline/run";
import { toManifests } from "../../scripts/render";
import { E2E, harnessEnv, kubectl, Project, Result, setLbControl, show } from "./harness";
import { report, RoutesRow, WholeRow } from "./benchReport";
import { benchRoutes, deployIstio, Timed } from "./benchRoutes";
import { numberedApps } from "./expect";
import { breakdown, printBreakdown, readTrace } from "./trace";

const env = harnessEnv();
const NS = "istio-system";
const TRACE_DIR = path.join(E2E, "trace");
let tracing = false;

/** pulumi args, plus --otel-traces for a run named `what` of an n-app stack when tracing. */
function traced(args: string[], n: number, what: string): string[] {
    if (!tracing) return args;
    fs.mkdirSync(TRACE_DIR, { recursive: true });
    const file = path.join(TRACE_DIR, `${n}-${what}.json`);
    fs.rmSync(file, { force: true });
    return [...args, "--otel-traces", `file://${file}`];
}

const apps = (n: number) => numberedApps(n);

function stackConfig(n: number) {
    return {
        istio: { install: "helm", namespace: NS, chartRepository: env.E2E_CHART_REPO },
        loadBalancer: { layerType: "nlb", internal: false, addressTimeoutSeconds: 120 },
        apps: apps(n),
        demo: false,
    };
}

function must(r: Result, what: string): Result {
    if (r.code !== 0) throw new Error(`${what}: ${show(r)}`);
    return r;
}

/** Resources in the stack's state and the engine's non-"same" steps of a preview. */
async function counts(project: Project, stack: string): Promise<{ resources: number }> {
    const state = JSON.parse(must(await project.pulumi(["stack", "export", "--stack", stack]), "export").stdout);
    return { resources: (state.deployment.resources ?? []).length };
}

async function steps(
    project: Project,
    stack: string,
    n: number,
    what: string,
): Promise<{ steps: number; seconds: number }> {
    const r = must(await project.pulumi(traced(["preview", "--json", "--stack", stack], n, what)), "preview --json");
    // The engine's own count: every step it planned, "same" ones included (changeSummary).
    const summary: Record<string, number> = JSON.parse(r.stdout).changeSummary ?? {};
    return { steps: Object.values(summary).reduce((a, b) => a + b, 0), seconds: r.seconds };
}

/** kubectl apply --server-side of the routing objects the program renders for this config. */
async function kubectlFloor(n: number, address: string): Promise<{ all: number; addOne: number; addOneOnly: number }> {
    const render = async (count: number) => {
        const run = await runProgram(stackConfig(count), { lbIngress: [{ hostname: address }] });
        return toManifests(run.resources).objects.filter((o) => !o.summary);
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-floor-"));
    const ns = "bench-floor";
    await kubectl(["create", "namespace", ns]);
    const write = (objects: { file: string; yaml: string }[]) => {
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir);
        for (const o of objects)
            fs.writeFileSync(path.join(dir, o.file), o.yaml.replace(/namespace: istio-system/g, `namespace: ${ns}`));
    };
    write(await render(n));
    const all = must(await kubectl(["apply", "--server-side", "-f", dir]), "kubectl apply").seconds;
    const next = await render(n + 1);
    const added = apps(n + 1)[n].name;
    // The floor the goal names: only the new app's objects and the Gateway that gains its server.
    write(next.filter((o) => o.file.includes(added) || o.file.startsWith("gateway-")));
    const addOneOnly = must(
        await kubectl(["apply", "--server-side", "-f", dir]),
        "kubectl apply of the new app",
    ).seconds;
    write(next);
    const addOne = must(await kubectl(["apply", "--server-side", "-f", dir]), "kubectl apply +1").seconds;
    await kubectl(["delete", "namespace", ns, "--wait=true"]);
    fs.rmSync(dir, { recursive: true, force: true });
    return { all, addOne, addOneOnly };
}

async function benchSize(n: number): Promise<WholeRow> {
    const project = new Project(`bench-${n}`);
    const stack = `bench-${n}`;
    project.writeStack(stack, stackConfig(n));
    await project.stackInit(stack);
    const t = (r: Result) => r.seconds;
    const up = ["up", "--yes", "--skip-preview", "--stack", stack];
    const firstUp = t(must(await project.pulumi(traced(up, n, "first-up")), "first up"));
    const { resources } = await counts(project, stack);
    const preview = await steps(project, stack, n, "no-change-preview");
    const noChangeUp = t(must(await project.pulumi(traced(up, n, "no-change-up")), "no-change up"));
    project.writeStack(stack, stackConfig(n + 1));
    const addOnePreview = await steps(project, stack, n, "add-one-preview");
    const addOneUp = t(must(await project.pulumi(traced(up, n, "add-one-up")), "up +1 app"));
    if (tracing)
        for (const what of ["no-change-preview", "add-one-up", "first-up"])
            printBreakdown(`${n} apps, ${what}`, breakdown(readTrace(path.join(TRACE_DIR, `${n}-${what}.json`))), (l) =>
                console.error(l),
            );
    const address = JSON.parse(
        must(await project.pulumi(["stack", "output", "--json", "--stack", stack]), "outputs").stdout,
    ).loadBalancerAddress;
    const floor = await kubectlFloor(n, address);
    const destroy = t(must(await project.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stack]), "destroy"));
    return {
        apps: n,
        resources,
        engineSteps: preview.steps,
        firstUp,
        noChangePreview: preview.seconds,
        noChangeUp,
        addOnePreview: addOnePreview.seconds,
        addOneUp,
        destroy,
        kubectlAll: floor.all,
        kubectlAddOne: floor.addOne,
        kubectlAddOneOnly: floor.addOneOnly,
    };
}

const timed: Timed = async (project, args, what) => must(await project.pulumi(args), what);

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            sizes: { type: "string", default: "50,200,1000" },
            layouts: { type: "string", default: "whole,routes" },
            trace: { type: "boolean", default: false },
        },
    });
    tracing = values.trace!;
    const sizes = values.sizes!.split(",").map(Number);
    const layouts = new Set(values.layouts!.split(","));
    setLbControl({ mode: "hostname", delayMs: 0 });
    const whole: WholeRow[] = [];
    const routes: RoutesRow[] = [];
    if (layouts.has("whole"))
        for (const n of sizes) {
            console.error(`bench:e2e: one stack, ${n} apps ...`);
            whole.push(await benchSize(n));
        }
    if (layouts.has("routes")) {
        const destroyIstio = await deployIstio(timed, NS, env.E2E_CHART_REPO!);
        for (const n of sizes) {
            console.error(`bench:e2e: routes stack, ${n} apps ...`);
            routes.push(await benchRoutes(timed, n, NS, apps));
        }
        await destroyIstio();
    }
    const machine = {
        cpus: os.cpus().length,
        cpu: os.cpus()[0]?.model,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        traced: tracing,
        date: new Date().toISOString(),
    };
    fs.writeFileSync(path.join(E2E, "bench-e2e.json"), JSON.stringify({ machine, rows: whole, routes }, null, 2));
    console.log(`machine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}`);
    for (const line of report(whole, routes)) console.log(line);
}

main().catch((e: Error) => {
    console.error(e.message);
    process.exit(1);
});
