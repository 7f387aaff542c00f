// npm run bench: evaluates the real program offline (mocks) for 4, 100, 500 and 1000 generated apps,
// each size in a fresh Node process, and prints wall time, resources registered and peak memory.
// Figures, not a test: nothing here asserts on time. It runs the tsc output (bin/): under ts-node,
// source-map-support rewrites the stack trace Pulumi captures for every resource, which doubles the
// time and would measure ts-node rather than the program.
import { execFileSync } from "child_process";
import * as os from "os";
import { performance } from "perf_hooks";
import { integerOption, Io, parseCommandLine, processIo, runMain } from "./cli";

export const SIZES = [4, 100, 500, 1000];

export function generatedApps(n: number) {
    return Array.from({ length: n }, (_, i) => ({
        name: `app-${String(i).padStart(4, "0")}`,
        port: 20000 + i,
        backend: { host: `app-${i}.team-${i % 10}.svc.cluster.local`, port: 8080 },
    }));
}

interface Sample {
    apps: number;
    wallMs: number;
    resources: number;
    peakRssMiB: number;
}

/** One size, in this process: evaluate the program once to warm up module loading, then measure. */
async function measure(n: number): Promise<Sample> {
    // Imported here so that the parent process never registers mocks.
    const { runProgram } = await import("./offline/run");
    const config = {
        istio: { install: "operator", version: "1.23.6" },
        apps: generatedApps(n),
        loadBalancer: { internal: true },
    };
    await runProgram({ ...config, apps: generatedApps(4) });
    const start = performance.now();
    const run = await runProgram(config);
    const wallMs = performance.now() - start;
    return { apps: n, wallMs, resources: run.resources.length, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
}

export const BENCH = {
    name: "bench",
    usage: `Usage: npm run -s bench [-- --help]

Compiles the project (tsc, into bin/), then evaluates the real program offline (Pulumi's mocks)
for ${SIZES.join(", ")} generated apps, each size in a fresh Node process, and prints wall time,
resources registered, peak RSS and ms per app. Figures only: nothing is asserted.

  -h, --help   this text`,
    options: {
        // Internal: the child process that measures one size.
        one: { type: "string" },
    },
} as const;

export async function bench(args: readonly string[], io: Io = processIo): Promise<number> {
    const values = parseCommandLine(BENCH, args);
    if (values === "help") {
        io.out(BENCH.usage);
        return 0;
    }
    if (values.one !== undefined) {
        io.out(JSON.stringify(await measure(integerOption("bench", "one", values.one, 1, 2765))));
        return 0;
    }
    io.out(`ncp-ingress bench on ${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`);
    io.out("apps   wall (ms)   resources   peak RSS (MiB)   ms per app");
    const samples: Sample[] = SIZES.map((n) => {
        const out = execFileSync(process.execPath, [...process.execArgv, __filename, "--one", String(n)], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "inherit"],
        });
        const s = JSON.parse(out.trim().split("\n").pop()!) as Sample;
        io.out(
            `${String(s.apps).padStart(4)}   ${s.wallMs.toFixed(0).padStart(9)}   ${String(s.resources).padStart(9)}   ${s.peakRssMiB.toFixed(0).padStart(14)}   ${(s.wallMs / s.apps).toFixed(2).padStart(10)}`,
        );
        return s;
    });
    const perApp = samples.map((s) => s.wallMs / s.apps);
    const constant = samples.map((s) => s.resources - s.apps);
    io.out(`resources - apps per size: ${constant.join(", ")} (constant: ${new Set(constant).size === 1})`);
    io.out(
        `per-app cost, largest / smallest size: ${(perApp[perApp.length - 1] / perApp[0]).toFixed(2)} ` +
            `(marginal ms per app from ${SIZES[0]} to ${SIZES[SIZES.length - 1]}: ` +
            `${((samples[samples.length - 1].wallMs - samples[0].wallMs) / (SIZES[SIZES.length - 1] - SIZES[0])).toFixed(2)})`,
    );
    return 0;
}

if (require.main === module) runMain("bench", () => bench(process.argv.slice(2)));
