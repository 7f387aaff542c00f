// What npm run bench:e2e prints: a table per layout, the cost per app between sizes (is it linear?),
// and each goal of docs/performance.md "Goals" with its figure at 200 apps and its verdict.

/** The one-stack layout's figures for one size (seconds; kubectl* the floor of the same run). */
export interface WholeRow {
    readonly apps: number;
    readonly resources: number;
    readonly engineSteps: number;
    readonly firstUp: number;
    readonly noChangePreview: number;
    readonly noChangeUp: number;
    readonly addOnePreview: number;
    readonly addOneUp: number;
    readonly destroy: number;
    readonly kubectlAll: number;
    readonly kubectlAddOne: number;
    readonly kubectlAddOneOnly: number;
}

/** The routes-stack layout's figures for one size (seconds). */
export interface RoutesRow {
    readonly apps: number;
    readonly firstUp: number;
    readonly noChangePreview: number;
    readonly addOnePreview: number;
    readonly addOneUp: number;
    readonly destroy: number;
}

/** A goal: the measure, at how many apps, and its limit in seconds. */
interface Goal<R> {
    readonly what: string;
    readonly limit: number;
    readonly figure: (row: R) => number;
}

/** The goals (issue 25), each at 200 apps. */
export const WHOLE_GOALS: readonly Goal<WholeRow>[] = [
    { what: "one stack: no-change preview", limit: 3, figure: (r) => r.noChangePreview },
    { what: "one stack: first up", limit: 20, figure: (r) => r.firstUp },
    { what: "one stack: destroy", limit: 15, figure: (r) => r.destroy },
];
export const ROUTES_GOALS: readonly Goal<RoutesRow>[] = [
    { what: "routes stack: preview of one more app", limit: 2.5, figure: (r) => r.addOnePreview },
    { what: "routes stack: up of one more app", limit: 3, figure: (r) => r.addOneUp },
];
const GOAL_APPS = 200;

const f = (x: number) => x.toFixed(1);

function table<R extends { apps: number }>(rows: readonly R[], columns: [string, (r: R) => string][]): string[] {
    if (rows.length === 0) return [];
    return [
        `| ${columns.map(([h]) => h).join(" | ")} |`,
        `| ${columns.map(() => "---:").join(" | ")} |`,
        ...rows.map((r) => `| ${columns.map(([, c]) => c(r)).join(" | ")} |`),
    ];
}

/** Milliseconds per app between consecutive sizes, for each named measure. */
export function slopes<R extends { apps: number }>(rows: readonly R[], measures: Record<string, (r: R) => number>) {
    const sorted = [...rows].sort((a, b) => a.apps - b.apps);
    return sorted.slice(1).map((r, i) => {
        const prev = sorted[i];
        const per = Object.entries(measures).map(
            ([name, m]) => [name, ((m(r) - m(prev)) / (r.apps - prev.apps)) * 1000] as const,
        );
        return { from: prev.apps, to: r.apps, msPerApp: Object.fromEntries(per) };
    });
}

function slopeLines<R extends { apps: number }>(
    title: string,
    rows: readonly R[],
    measures: Record<string, (r: R) => number>,
) {
    return slopes(rows, measures).map(
        (s) =>
            `${title}, ${s.from} -> ${s.to} apps, ms per app: ` +
            Object.entries(s.msPerApp)
                .map(([k, v]) => `${k} ${v.toFixed(1)}`)
                .join(", "),
    );
}

function verdicts<R extends { apps: number }>(rows: readonly R[], goals: readonly Goal<R>[]): string[] {
    const row = rows.find((r) => r.apps === GOAL_APPS);
    if (!row) return [];
    return goals.map((g) => {
        const v = g.figure(row);
        return `goal ${g.what} at ${GOAL_APPS} apps <= ${g.limit} s: ${f(v)} s, ${v <= g.limit ? "met" : "NOT met"}`;
    });
}

/** The lines bench:e2e prints. */
export function report(whole: readonly WholeRow[], routes: readonly RoutesRow[]): string[] {
    const wholeMeasures = {
        "first up": (r: WholeRow) => r.firstUp,
        "no-change preview": (r: WholeRow) => r.noChangePreview,
        "+1 up": (r: WholeRow) => r.addOneUp,
        destroy: (r: WholeRow) => r.destroy,
    };
    const routesMeasures = {
        "first up": (r: RoutesRow) => r.firstUp,
        "no-change preview": (r: RoutesRow) => r.noChangePreview,
        "+1 preview": (r: RoutesRow) => r.addOnePreview,
        "+1 up": (r: RoutesRow) => r.addOneUp,
        destroy: (r: RoutesRow) => r.destroy,
    };
    return [
        ...table(whole, [
            ["apps", (r) => String(r.apps)],
            ["resources", (r) => String(r.resources)],
            ["engine steps", (r) => String(r.engineSteps)],
            ["first up s", (r) => f(r.firstUp)],
            ["no-change preview s", (r) => f(r.noChangePreview)],
            ["no-change up s", (r) => f(r.noChangeUp)],
            ["+1 app preview s", (r) => f(r.addOnePreview)],
            ["+1 app up s", (r) => f(r.addOneUp)],
            ["kubectl apply all s", (r) => f(r.kubectlAll)],
            ["kubectl all +1 s", (r) => f(r.kubectlAddOne)],
            ["kubectl new app s", (r) => f(r.kubectlAddOneOnly)],
            ["+1 up / kubectl new app", (r) => `${f(r.addOneUp / r.kubectlAddOneOnly)}x`],
            ["destroy s", (r) => f(r.destroy)],
        ]),
        ...slopeLines("one stack", whole, wholeMeasures),
        ...table(routes, [
            ["routes stack apps", (r) => String(r.apps)],
            ["first up s", (r) => f(r.firstUp)],
            ["no-change preview s", (r) => f(r.noChangePreview)],
            ["+1 app preview s", (r) => f(r.addOnePreview)],
            ["+1 app up s", (r) => f(r.addOneUp)],
            ["destroy s", (r) => f(r.destroy)],
        ]),
        ...slopeLines("routes stack", routes, routesMeasures),
        ...verdicts(whole, WHOLE_GOALS),
        ...verdicts(routes, ROUTES_GOALS),
    ];
}
