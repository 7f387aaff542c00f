// The two-stack layout of npm run bench:e2e (docs/configuration.md "Two stacks"): an Istio-only
// stack (helm, no apps) deployed once, and a routes stack (install none) of N apps timed over it:
// first up, no-change preview, preview and up of one more app, destroy. The Istio stack is not timed.
import { RoutesRow } from "./benchReport";
import { Project, Result } from "./harness";

/** Runs `pulumi`, failing with its output; returns its Result (the caller reads `.seconds`). */
export type Timed = (project: Project, args: string[], what: string) => Promise<Result>;

/** The Istio-only stack the routes stacks share; deployed by `deployIstio`, destroyed by its result. */
export async function deployIstio(
    timed: Timed,
    namespace: string,
    chartRepository: string,
): Promise<() => Promise<unknown>> {
    const project = new Project("bench-istio");
    const stack = "bench-istio";
    project.writeStack(stack, {
        istio: { install: "helm", namespace, chartRepository },
        loadBalancer: { layerType: "nlb", internal: false, addressTimeoutSeconds: 120 },
        apps: [],
        demo: false,
    });
    await project.stackInit(stack);
    await timed(project, ["up", "--yes", "--skip-preview", "--stack", stack], "Istio stack up");
    return () => timed(project, ["destroy", "--yes", "--skip-preview", "--stack", stack], "Istio stack destroy");
}

/** Times a routes stack of `apps(n)` (then `apps(n + 1)`) over the Istio stack's Service. */
export async function benchRoutes(
    timed: Timed,
    n: number,
    namespace: string,
    apps: (count: number) => unknown[],
): Promise<RoutesRow> {
    const project = new Project(`bench-routes-${n}`);
    const stack = `bench-routes-${n}`;
    const config = (count: number) => ({
        istio: { install: "none", namespace },
        loadBalancer: { addressTimeoutSeconds: 120 },
        apps: apps(count),
        demo: false,
    });
    project.writeStack(stack, config(n));
    await project.stackInit(stack);
    const up = ["up", "--yes", "--skip-preview", "--stack", stack];
    const preview = ["preview", "--stack", stack];
    const firstUp = (await timed(project, up, "routes first up")).seconds;
    const noChangePreview = (await timed(project, [...preview, "--expect-no-changes"], "routes no-change preview"))
        .seconds;
    project.writeStack(stack, config(n + 1));
    const addOnePreview = (await timed(project, preview, "routes +1 preview")).seconds;
    const addOneUp = (await timed(project, up, "routes +1 up")).seconds;
    const destroy = (await timed(project, ["destroy", "--yes", "--skip-preview", "--stack", stack], "routes destroy"))
        .seconds;
    return { apps: n, firstUp, noChangePreview, addOnePreview, addOneUp, destroy };
}
