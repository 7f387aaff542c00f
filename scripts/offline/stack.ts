// The stack reader: the stacks that have a stack file, and the config a stack's program gets, as
// the Pulumi engine merges it (the stack file's `config:` over Pulumi.yaml's defaults).
import * as fs from "fs";
import * as path from "path";
import { isMap, isNode, LineCounter, parseDocument } from "yaml";
import { NS } from "../../components/names";

const ROOT = path.join(__dirname, "..", "..");

/** The stacks that have a stack file (Pulumi.<stack>.yaml) in `dir`, sorted. */
export function stackNames(dir = ROOT): string[] {
    return fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/**
 * `config:` of Pulumi.<stack>.yaml, keys without the project prefix. A stack without a file (the
 * message lists those that have one), YAML that does not parse, or a file without a `config:` map
 * throws an Error naming the file (and the line, where there is one).
 */
export function stackConfig(stack: string, dir = ROOT): Record<string, unknown> {
    const where = (file: string) => path.relative(process.cwd(), file) || file;
    if (!/^[A-Za-z0-9_.-]+$/.test(stack)) {
        throw new Error(`stack name ${JSON.stringify(stack)}: a stack name has only letters, digits, "-", "_" and "."`);
    }
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        const stacks = stackNames(dir);
        const folder = path.relative(process.cwd(), dir) || ".";
        throw new Error(
            `no stack "${stack}": ${where(file)} does not exist; ` +
                (stacks.length
                    ? `stack files in ${folder}: ${stacks.map((s) => `Pulumi.${s}.yaml (${s})`).join(", ")}`
                    : `there is no Pulumi.<stack>.yaml in ${folder}`),
        );
    }
    const lines = new LineCounter();
    const doc = parseDocument(fs.readFileSync(file, "utf8"), { lineCounter: lines, prettyErrors: false });
    const problem = doc.errors[0];
    if (problem) {
        const at = problem.linePos?.[0] ?? lines.linePos(problem.pos[0]);
        throw new Error(`${where(file)}:${at.line}:${at.col}: not valid YAML: ${problem.message.split("\n")[0]}`);
    }
    const root = doc.contents;
    const config = isMap(root) ? root.get("config", true) : undefined;
    if (!isMap(config)) {
        const at = lines.linePos((isNode(config) ? config.range?.[0] : root?.range?.[0]) ?? 0);
        throw new Error(
            `${where(file)}:${at.line}: ` +
                (config === undefined
                    ? "no top-level `config:` map; a stack file holds the stack's settings under `config:` (see Pulumi.dev.yaml)"
                    : "`config:` is not a map of settings"),
        );
    }
    const values = config.toJSON() as Record<string, unknown>;
    return { ...projectDefaults(dir), ...withoutProjectPrefix(values) };
}

/**
 * The program's own keys, without the project prefix, and the kubernetes provider's (`kubernetes:*`,
 * whole), which the program reads to configure its explicit provider. Other namespaces (`pulumi:*`)
 * are the engine's.
 */
const withoutProjectPrefix = (values: Record<string, unknown>) =>
    Object.fromEntries(
        Object.entries(values)
            .filter(([k]) => k.startsWith(`${NS}:`) || k.startsWith("kubernetes:") || !k.includes(":"))
            .map(([k, v]) => [k.replace(new RegExp(`^${NS}:`), ""), v]),
    );

/**
 * What Pulumi.yaml in `dir` gives every stack under `config:` (nothing without a Pulumi.yaml): the
 * declared `default`s and plain values. The engine gives the program these for keys the stack file
 * leaves out, and so does stackConfig.
 */
export function projectDefaults(dir = ROOT): Record<string, unknown> {
    const file = path.join(dir, "Pulumi.yaml");
    if (!fs.existsSync(file)) return {};
    const declared = (parseDocument(fs.readFileSync(file, "utf8")).toJSON()?.config ?? {}) as Record<string, unknown>;
    // A declaration is {type, default, description}; a plain value is the value for every stack.
    const isDeclaration = (d: unknown): d is { default?: unknown } =>
        d !== null && typeof d === "object" && !Array.isArray(d) && ("type" in d || "default" in d);
    const defaults = Object.entries(declared).flatMap(([key, d]) =>
        !isDeclaration(d) ? [[key, d]] : "default" in d ? [[key, d.default]] : [],
    );
    return withoutProjectPrefix(Object.fromEntries(defaults));
}
