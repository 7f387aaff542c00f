// Shared by the command-line specs (cli-usage.spec.ts, cli-smoke.spec.ts).
import { Io } from "../scripts/cli";

/** An Io that keeps what a command prints. */
export function capture(): Io & { stdout: string; stderr: string } {
    const io = {
        stdout: "",
        stderr: "",
        out: (t: string) => void (io.stdout += t.endsWith("\n") ? t : `${t}\n`),
        err: (t: string) => void (io.stderr += t.endsWith("\n") ? t : `${t}\n`),
    };
    return io;
}
