// What the smoke check prints: the table of apps, URLs, results and latencies, and the one JSON
// report of --json (the checks themselves: smokeCheck.ts).
import type { Check } from "./smokeCheck";

export function table(checks: readonly Check[]): string {
    const rows = [
        ["app", "url", "result", "latency"],
        ...checks.map((c) => [
            c.app,
            c.url,
            `${c.ok ? "ok" : "FAIL"} ${c.result}`,
            `${c.attempts.map((a) => a.latencyMs.toFixed(0)).join(", ")} ms`,
        ]),
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows
        .map((r) =>
            r
                .map((cell, i) => cell.padEnd(widths[i]))
                .join("  ")
                .trimEnd(),
        )
        .join("\n");
}

/** The JSON report of `--json`: one object, latencies rounded to 0.1 ms. */
export function report(checks: readonly Check[]) {
    const ms = (n: number) => Math.round(n * 10) / 10;
    const failed = checks.filter((c) => !c.ok).length;
    return {
        ok: failed === 0,
        total: checks.length,
        failed,
        checks: checks.map((c) => ({
            app: c.app,
            url: c.url,
            ok: c.ok,
            result: c.result,
            latencyMs: ms(c.latencyMs),
            attempts: c.attempts.map((a) => ({ ok: a.ok, result: a.result, latencyMs: ms(a.latencyMs) })),
        })),
    };
}
