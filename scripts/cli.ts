// Command-line handling shared by render, smoke and bench: --help, unknown options and stray
// arguments refused with a message that names the command's --help, numbers checked.
import { parseArgs, ParseArgsConfig } from "util";

/** A mistake on the command line: the script prints the message (no stack trace) and exits 2. */
export class UsageError extends Error {}

export interface Command<O extends NonNullable<ParseArgsConfig["options"]>> {
    /** The npm script: render, smoke, bench. */
    readonly name: string;
    /** Usage text printed by --help (without the --help line itself). */
    readonly usage: string;
    readonly options: O;
}

/** Option values as given (defaults applied): strings, or booleans for flags. */
export type Values<O extends NonNullable<ParseArgsConfig["options"]>> = {
    [K in keyof O]: O[K] extends { type: "boolean" } ? boolean | undefined : string | undefined;
};

/** How to ask for a command's help, as a user types it. */
export const helpCommand = (name: string) => `npm run -s ${name} -- --help`;

/**
 * The option values, or "help" when --help (-h) was given. Unknown options, a missing option value
 * and positional arguments throw a UsageError naming the command's --help.
 */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig["options"]>>(
    command: Command<O>,
    args: readonly string[],
): "help" | Values<O> {
    let parsed;
    try {
        parsed = parseArgs({
            args: [...args],
            options: { ...command.options, help: { type: "boolean", short: "h" } },
            strict: true,
            allowPositionals: false,
        });
    } catch (e) {
        // Node's messages: "Unknown option '--x'", "Option '--stack <value>' argument missing", ...
        const message = (e as Error).message
            .replace(/\. To specify a positional argument.*$/s, "")
            .replace(/\s*\n\s*/g, " ")
            .replace(/\.$/, "");
        throw new UsageError(`${command.name}: ${message}; see \`${helpCommand(command.name)}\``);
    }
    const values = parsed.values as Record<string, unknown>;
    if (values.help) return "help";
    return values as Values<O>;
}

/** An integer option from min to max, or a UsageError saying what was given and what is expected. */
export function integerOption(command: string, option: string, text: string, min: number, max: number): number {
    const value = /^\s*-?\d+\s*$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
        throw new UsageError(
            `${command}: --${option} ${JSON.stringify(text)} is not a whole number from ${min} to ${max}`,
        );
    }
    return value;
}

/** Where a script writes: tests capture it, the scripts pass the process's streams. */
export interface Io {
    out(text: string): void;
    err(text: string): void;
}

export const processIo: Io = {
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
};

/**
 * Runs a script's main and exits with its code; a UsageError or any other Error is printed as
 * `<command>: <message>` without a stack trace (exit 2 for usage, `errorCode` otherwise).
 */
export function runMain(command: string, main: () => Promise<number>, errorCode = 1): void {
    main().then(
        (code) => process.exit(code),
        (e: Error) => {
            const text = e.message.startsWith(`${command}: `) ? e.message : `${command}: ${e.message}`;
            process.stderr.write(`${text}\n`);
            process.exit(e instanceof UsageError ? 2 : errorCode);
        },
    );
}
