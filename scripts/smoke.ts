// npm run -s smoke -- --stack dev [--outputs file|-] [--timeout-ms 5000] [--retries 3] [--ca ca.pem] [--json]
// After `pulumi up`: sends a request to every app URL in the stack outputs (a connection for tcp://
// URLs) and prints app, URL, status or error, and the latency of each attempt. Exits 1 if any app
// fails, 2 on a bad command line or unusable outputs.
import { execFileSync } from "child_process";
import * as fs from "fs";
import { integerOption, Io, parseCommandLine, processIo, runMain, UsageError } from "./cli";
import { parseOutputs, smoke, SmokeOptions, StackOutputs } from "./smokeCheck";
import { report, table } from "./smokeReport";

// The checks and their report, re-exported: the tests and the e2e import them from here.
export type { Attempt, Check, SmokeOptions, StackOutputs } from "./smokeCheck";
export { checkApp, parseOutputs, smoke } from "./smokeCheck";
export { report, table } from "./smokeReport";

function stackOutputs(stack: string): string {
    try {
        return execFileSync("pulumi", ["stack", "output", "--json", "--stack", stack], { encoding: "utf8" });
    } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === "ENOENT")
            throw new Error("the Pulumi CLI is not on PATH; pass --outputs <file> (or - for stdin)");
        throw new Error(`pulumi stack output --json --stack ${stack} failed: ${err.message}`);
    }
}

export const SMOKE = {
    name: "smoke",
    usage: `Usage: npm run -s smoke -- [--stack <stack> | --outputs <file>|-] [--timeout-ms <ms>] [--retries <n>]
                           [--retry-delay-ms <ms>] [--ca <pem>] [--json]

After \`pulumi up\`, requests every app URL of the stack outputs through the load balancer (a TCP
connection for tcp:// URLs) and prints app, URL, result and the latency of each attempt. A 404 is
a failure (no route matched). Exit code: 0 all apps answer, 1 some failed, 2 bad arguments or
outputs.

  --stack <stack>        read \`pulumi stack output --json --stack <stack>\` (default: dev)
  --outputs <file>|-     read the outputs from a file, or from stdin with -
  --timeout-ms <ms>      per attempt, 1 to 600000 (default: 5000)
  --retries <n>          further attempts after a failure, 0 to 100 (default: 3)
  --retry-delay-ms <ms>  between attempts, 0 to 600000 (default: 1000)
  --ca <pem>             extra CA certificates to trust for https:// URLs
  --json                 print one JSON report on stdout instead of the table
  -h, --help             this text`,
    options: {
        stack: { type: "string", default: "dev" },
        outputs: { type: "string" },
        "timeout-ms": { type: "string", default: "5000" },
        retries: { type: "string", default: "3" },
        "retry-delay-ms": { type: "string", default: "1000" },
        ca: { type: "string" },
        json: { type: "boolean", default: false },
    },
} as const;

/** The smoke command: 0 when every app answers, 1 when one fails; throws on bad arguments or outputs. */
export async function smokeCommand(
    args: readonly string[],
    io: Io = processIo,
    readOutputs: (stack: string) => string = stackOutputs,
): Promise<number> {
    const values = parseCommandLine(SMOKE, args);
    if (values === "help") {
        io.out(SMOKE.usage);
        return 0;
    }
    const options: SmokeOptions = {
        timeoutMs: integerOption("smoke", "timeout-ms", values["timeout-ms"]!, 1, 600_000),
        retries: integerOption("smoke", "retries", values.retries!, 0, 100),
        retryDelayMs: integerOption("smoke", "retry-delay-ms", values["retry-delay-ms"]!, 0, 600_000),
        ...(values.ca ? { ca: readFile("ca", values.ca) } : {}),
    };
    const text =
        values.outputs === "-"
            ? fs.readFileSync(0, "utf8")
            : values.outputs
              ? readFile("outputs", values.outputs)
              : readOutputs(values.stack!);
    let outputs: StackOutputs;
    try {
        outputs = parseOutputs(text);
    } catch (e) {
        throw new UsageError(`smoke: ${(e as Error).message}`);
    }
    const checks = await smoke(outputs, options);
    const failed = checks.filter((c) => !c.ok).length;
    if (values.json) {
        io.out(JSON.stringify(report(checks), null, 2));
    } else {
        io.out(table(checks));
        io.out(failed ? `${failed} of ${checks.length} apps failed` : `all ${checks.length} apps answer`);
    }
    return failed ? 1 : 0;
}

function readFile(option: string, file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new UsageError(`smoke: --${option} ${file}: ${(e as Error).message}`);
    }
}

if (require.main === module) runMain("smoke", () => smokeCommand(process.argv.slice(2)), 2);
