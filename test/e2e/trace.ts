// npm run -s trace:e2e -- <trace.json>...: where the time of one `pulumi preview/up` went, from the
// engine's own OpenTelemetry trace (`pulumi ... --otel-traces file://<trace.json>`; bench:e2e
// writes one per timed run with --trace). Prints phases on the run's wall clock and the
// per-resource provider calls the engine made, by kind of resource. An analysis, not a test.
//
// What the trace shows (pulumi 3.248.0, kubernetes provider 4.x):
// - the CLI's spans (service pulumi-cli) of every gRPC call it served or made: the language host's
//   Run, each RegisterResource/ReadResource/Invoke of the program and of the provider's components,
//   each provider Check/Diff/Create/Update/Read/Construct;
// - the provider's own server spans (service pulumi-resource-provider), whose Msg attribute holds
//   the request, hence the URN: a CLI-side call is attributed to the provider span that starts
//   and ends closest to it;
// - the state file's writes (gocloud.dev/blob.NewWriter, .Copy): with the file backend, the engine
//   writes the whole state (a checkpoint) as steps complete, one write at a time.
import * as fs from "node:fs";

interface Span {
    svc: string;
    name: string;
    start: number; // ms since the first span
    end: number;
    msg: string;
}

export function readTrace(file: string): Span[] {
    const spans: { svc: string; name: string; s: bigint; e: bigint; msg: string }[] = [];
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
        if (!line.trim()) continue;
        for (const rs of JSON.parse(line).resourceSpans ?? []) {
            const svc = rs.resource?.attributes?.find((a: any) => a.key === "service.name")?.value?.stringValue ?? "";
            for (const ss of rs.scopeSpans ?? [])
                for (const s of ss.spans ?? [])
                    spans.push({
                        svc,
                        name: s.name.replace(/^\//, ""),
                        s: BigInt(s.startTimeUnixNano),
                        e: BigInt(s.endTimeUnixNano),
                        msg: (s.attributes ?? []).find((a: any) => a.key === "Msg")?.value?.stringValue ?? "",
                    });
        }
    }
    if (!spans.length) throw new Error(`${file}: no spans`);
    const t0 = spans.reduce((m, s) => (s.s < m ? s.s : m), spans[0].s);
    const ms = (t: bigint) => Number((t - t0) / 1000n) / 1000;
    return spans
        .map((s) => ({ svc: s.svc, name: s.name, start: ms(s.s), end: ms(s.e), msg: s.msg }))
        .sort((a, b) => a.start - b.start);
}

/** What kind of resource a provider call was for, from the URN in the provider's request. */
function kindOf(msg: string): string {
    const urn = /urn:\\"([^\\]+)\\"/.exec(msg)?.[1] ?? "";
    const type = urn.split("::")[2] ?? "";
    const own = type.split("$").pop() ?? "";
    if (/helm\.sh\/v4:Chart\$/.test(type)) {
        const chart = /::istio-(\w+):/.exec(urn)?.[1] ?? "chart";
        return own.includes("CustomResourceDefinition") ? `chart ${chart}: CRDs` : `chart ${chart}: other objects`;
    }
    if (own.endsWith(":VirtualService")) return "VirtualService (one per app)";
    return own.replace(/^kubernetes:/, "") || "(unknown)";
}

export interface Breakdown {
    wall: number;
    phases: [string, number][];
    calls: { kind: string; method: string; n: number; cliMs: number; providerMs: number }[];
    /** State file writes (checkpoints) and the time in their write and copy spans. */
    checkpoints: { n: number; ms: number };
}

export function breakdown(spans: Span[]): Breakdown {
    const cli = spans.filter((s) => s.svc === "pulumi-cli");
    const prov = spans.filter((s) => s.svc === "pulumi-resource-provider");
    const first = (name: string, from = cli) => from.find((s) => s.name === name);
    const all = (name: string, from = cli) => from.filter((s) => s.name === name);
    const root = first("pulumi");
    const run = first("pulumirpc.LanguageRuntime/Run");
    const registers = all("pulumirpc.ResourceMonitor/RegisterResource");
    const configure = first("pulumirpc.ResourceProvider/Configure");
    const runStart = run?.start ?? 0;
    const providerStart = cli.find(
        (s) => s.name === "newPlugin" && configure && s.start < configure.start && s.end > runStart,
    );
    const constructs = all("pulumirpc.ResourceProvider/Construct");
    if (!root || !run || !registers.length) throw new Error("not a preview/up trace: no Run or RegisterResource");
    const wall = root.end - root.start;
    const lastRegister = Math.max(...registers.map((s) => s.start));
    const phases: [string, number][] = [
        ["CLI start, state read, language host start (to Run)", run.start],
        ["Node start and SDK load, until the SDK registers the Stack", registers[0].start - run.start],
        [
            "TypeScript load, transpile and the program's modules, until its first kubernetes resource (provider start)",
            (providerStart?.start ?? registers[0].start) - registers[0].start,
        ],
        [
            "kubernetes provider start, handshake and Configure",
            providerStart && configure ? configure.end - providerStart.start : 0,
        ],
        [
            "helm v4 Chart Constructs, first start to last end (render + each object's Check/Diff/steps)",
            constructs.length ? Math.max(...constructs.map((s) => s.end)) - constructs[0].start : 0,
        ],
        [
            "after the charts: the LB address (ServicePatch, Service read), then the routes, to the last RegisterResource",
            constructs.length ? lastRegister - Math.max(...constructs.map((s) => s.end)) : 0,
        ],
        ["program evaluation: Run start to its last RegisterResource (spans the rows above)", lastRegister - run.start],
        ["last RegisterResource to the end (last steps, outputs, shutdown, final checkpoint)", root.end - lastRegister],
    ];
    const calls = new Map<string, { kind: string; method: string; n: number; cliMs: number; providerMs: number }>();
    for (const method of ["Check", "Diff", "Create", "Update", "Delete", "Read", "Construct"]) {
        const ps = all(`pulumirpc.ResourceProvider/${method}`, prov);
        for (const c of all(`pulumirpc.ResourceProvider/${method}`)) {
            // The provider's span of this call: the one that starts and ends closest to it (Create and
            // Update may run in parallel; Check and Diff never do).
            const gap = (x: Span) => Math.abs(x.start - c.start) + Math.abs(x.end - c.end);
            const p = ps
                .filter((x) => x.start >= c.start - 1 && x.end <= c.end + 1)
                .reduce<Span | undefined>((best, x) => (!best || gap(x) < gap(best) ? x : best), undefined);
            const kind =
                p === undefined
                    ? "(no provider span matched)"
                    : method === "Construct"
                      ? `chart ${/ name:\\"([\w-]+)/.exec(p.msg)?.[1] ?? ""}`
                      : kindOf(p.msg);
            const key = `${kind} ${method}`;
            const row = calls.get(key) ?? { kind, method, n: 0, cliMs: 0, providerMs: 0 };
            row.n++;
            row.cliMs += c.end - c.start;
            row.providerMs += p ? p.end - p.start : 0;
            calls.set(key, row);
        }
    }
    const writes = [...all("gocloud.dev/blob.NewWriter"), ...all("gocloud.dev/blob.Copy")];
    return {
        wall,
        phases,
        calls: [...calls.values()].sort((a, b) => b.cliMs - a.cliMs),
        checkpoints: {
            n: all("gocloud.dev/blob.NewWriter").length,
            ms: writes.reduce((sum, x) => sum + x.end - x.start, 0),
        },
    };
}

export function printBreakdown(title: string, b: Breakdown, out: (s: string) => void = console.log): void {
    const s = (ms: number) => (ms / 1000).toFixed(2);
    out(`${title}: ${s(b.wall)} s`);
    for (const [what, ms] of b.phases) out(`  ${s(ms).padStart(6)} s  ${what}`);
    out(`  state file writes: ${b.checkpoints.n}, ${s(b.checkpoints.ms)} s in their write and copy spans`);
    out("  provider calls (the engine makes Check and Diff one resource at a time):");
    out("      n   engine ms  provider ms  per call ms  kind");
    for (const c of b.calls)
        out(
            `  ${String(c.n).padStart(5)} ${c.cliMs.toFixed(0).padStart(10)} ${c.providerMs.toFixed(0).padStart(12)} ${(c.cliMs / c.n).toFixed(1).padStart(12)}  ${c.kind} ${c.method}`,
        );
}

if (require.main === module) {
    const files = process.argv.slice(2);
    if (!files.length || files.includes("--help")) {
        console.error("usage: npm run -s trace:e2e -- <otel-trace.json>...  (pulumi ... --otel-traces file://<path>)");
        process.exit(files.length ? 0 : 2);
    }
    for (const f of files) printBreakdown(f, breakdown(readTrace(f)));
}
