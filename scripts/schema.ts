// npm run schema [-- --check]   (--help for usage)
// Writes what the stack config schema (components/config/schema.ts) says, for editors and readers:
// schema/stack-config.schema.json, a JSON Schema of a whole Pulumi.<stack>.yaml, and the config
// table of docs/configuration.md between its two markers; and, from components/ncp/, that page's table
// of NCP's rules with their sources. test/stackSchema.spec.ts fails when either file is stale.
import * as fs from "fs";
import * as path from "path";
import * as prettier from "prettier";
import { configSchema, JsonSchemaNode } from "../components/config/jsonSchema";
import { JSON_KEYS } from "../components/config/schema";
import { NS } from "../components/names";
import { NCP_ANNOTATION_PREFIX, NCP_ANNOTATIONS } from "../components/ncp/annotations";
import { NCP_FACTS } from "../components/ncp/rules";
import { Source } from "../components/ncp/sources";
import { Io, parseCommandLine, processIo, runMain } from "./cli";

const ROOT = path.join(__dirname, "..");
export const SCHEMA_FILE = path.join(ROOT, "schema", "stack-config.schema.json");
/** The document that holds the config table, between TABLE_START and TABLE_END. */
export const CONFIG_DOC = path.join(ROOT, "docs", "configuration.md");
export const TABLE_START = "<!-- config-table: written by `npm run schema` from components/config/schema.ts -->";
export const TABLE_END = "<!-- config-table end -->";
/** The block of the same document that holds NCP's rules. */
export const NCP_START = "<!-- ncp-table: written by `npm run schema` from components/ncp/ -->";
export const NCP_END = "<!-- ncp-table end -->";

type Node = JsonSchemaNode;
export { configSchema };

/** A JSON Schema of a whole Pulumi.<stack>.yaml: `config:` with the ncp-ingress:* keys (other namespaces allowed). */
export function stackFileSchema(): Node {
    const { $schema, properties, required } = configSchema();
    const keys = Object.keys(properties);
    const config = Object.fromEntries(
        keys.map((key) => {
            const node: Node = properties[key];
            if (!(JSON_KEYS as readonly string[]).includes(key)) return [`${NS}:${key}`, node];
            const asText = {
                type: "string",
                description: `JSON text, as \`pulumi config set ${NS}:${key} '<json>'\` stores it`,
            };
            return [`${NS}:${key}`, { description: node.description, anyOf: [node, asText] }];
        }),
    );
    const text = (description: string) => ({ type: "string", description });
    return {
        $schema,
        $comment: "Written by `npm run schema` from components/config/schema.ts: edit that, not this.",
        title: `Pulumi.<stack>.yaml of the ${NS} project`,
        type: "object",
        properties: {
            config: {
                description: `The stack's settings: ${NS}:* as below, and keys of other namespaces (kubernetes:context, …).`,
                type: "object",
                properties: config,
                required: required.map((key: string) => `${NS}:${key}`),
                patternProperties: { [`^${NS}:(?!(${keys.join("|")})$)`]: false },
            },
            encryptionsalt: text("Salt of the passphrase secrets provider, written by `pulumi stack init`; commit it."),
            secretsprovider: text("The secrets provider, when not the default one."),
            encryptedkey: text("The data key of a cloud secrets provider, encrypted."),
            environment: { description: "Pulumi ESC environments the stack imports." },
        },
        required: ["config"],
    };
}

/** The config table of docs/configuration.md: a row per key that has a description, in the schema's order. */
export function configTable(): string {
    const rows: string[][] = [];
    const walk = (node: Node, key: string, required: boolean) => {
        if (node.description) rows.push([`\`${key}\``, typeOf(node), defaultOf(node, required), node.description]);
        const object = [node, node.items, ...(node.anyOf ?? [])].find((n) => n?.properties);
        if (!object) return;
        const prefix = key === "" ? "" : object === node.items ? `${key}[].` : `${key}.`;
        for (const [name, child] of Object.entries(object.properties))
            walk(child as Node, prefix + name, (object.required ?? []).includes(name));
    };
    walk(configSchema(), "", true);
    return markdownTable(["key", "type", "default", "meaning"], rows);
}

function typeOf(node: Node): string {
    if (node.title) return node.title;
    if (node.enum) return node.enum.map((v: unknown) => `\`${v}\``).join(" | ");
    if (node.anyOf) return node.anyOf.map(typeOf).join(" or ");
    if (node.type === "integer") return `integer ${node.minimum}–${node.maximum}`;
    if (node.type === "array") {
        if (node.items.properties) return "list";
        const item = typeOf(node.items);
        return `list of ${item.startsWith("integer") ? item.replace("integer", "integers") : `${item}s`}`;
    }
    if (node.type === "object" && !node.properties) return "map of strings";
    if (node.type === "object") {
        const fields = Object.keys(node.properties);
        return fields.length <= 3 ? `{${fields.join(", ")}}` : "object";
    }
    return node.type;
}

const code = (value: unknown) =>
    "`" +
    (typeof value === "string"
        ? value
        : JSON.stringify(value, null, 1)
              .replace(/\n\s*/g, " ")
              .replace(/([[{]) | ([\]}])/g, "$1$2")) +
    "`";
const defaultOf = (node: Node, required: boolean) =>
    node.default !== undefined ? code(node.default) : required ? "required" : "—";

/** NCP's rules (components/ncp/rules.ts), then its annotation keys, each with its source. */
export function ncpTable(): string {
    const about = (a: string) => `\`${a.startsWith("spec.") ? a : `…-${a}`}\``;
    const source = ({ page, section }: Source) => `[${page.title}](${page.url}), ${section}`;
    const rules = NCP_FACTS.map((f) => [f.about.map(about).join(", "), f.rule, f.evidence, source(f.source)]);
    const keys = Object.entries(NCP_ANNOTATIONS).map(([key, src]) => [
        `\`${NCP_ANNOTATION_PREFIX}${key}\``,
        source(src),
    ]);
    return `${markdownTable(["about", "rule", "evidence", "source"], rules)}\n\n${markdownTable(["annotation", "documented in"], keys)}`;
}

function markdownTable(head: string[], rows: string[][]): string {
    const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
    return [head, head.map(() => "---"), ...rows].map((cells) => `| ${cells.map(cell).join(" | ")} |`).join("\n");
}

/** docs/configuration.md with its config table and NCP table rewritten, formatted as `npm run lint` wants it. */
export async function withConfigTable(doc: string): Promise<string> {
    const name = path.relative(ROOT, CONFIG_DOC);
    let text = doc;
    for (const [startMark, endMark, table] of [
        [TABLE_START, TABLE_END, configTable()],
        [NCP_START, NCP_END, ncpTable()],
    ]) {
        const start = text.indexOf(startMark);
        const end = text.indexOf(endMark);
        if (start < 0 || end < start) throw new Error(`${name}: no "${startMark}" ... "${endMark}" block`);
        text = `${text.slice(0, start + startMark.length)}\n\n${table}\n\n${text.slice(end)}`;
    }
    return format(text, CONFIG_DOC);
}

/** schema/stack-config.schema.json's text. */
export const schemaFileText = () => format(JSON.stringify(stackFileSchema(), null, 4), SCHEMA_FILE);

async function format(text: string, file: string): Promise<string> {
    return prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file });
}

export const SCHEMA = {
    name: "schema",
    usage: `Usage: npm run schema [-- --check]

Writes schema/stack-config.schema.json and the config table of docs/configuration.md from the stack
config schema, components/config/schema.ts, and that page's table of NCP's rules from components/ncp/.

  --check      write nothing; exit 1 if either is stale
  -h, --help   this text`,
    options: { check: { type: "boolean" } },
} as const;

export async function schema(args: readonly string[], io: Io = processIo): Promise<number> {
    const values = parseCommandLine(SCHEMA, args);
    if (values === "help") {
        io.out(SCHEMA.usage);
        return 0;
    }
    const files: [string, string][] = [
        [SCHEMA_FILE, await schemaFileText()],
        [CONFIG_DOC, await withConfigTable(fs.readFileSync(CONFIG_DOC, "utf8"))],
    ];
    const stale = files.filter(([file, text]) => !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text);
    for (const [file, text] of stale) {
        const name = path.relative(ROOT, file);
        if (values.check) io.err(`${name} is stale: run npm run schema`);
        else {
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, text);
            io.err(`wrote ${name}`);
        }
    }
    return values.check && stale.length ? 1 : 0;
}

if (require.main === module) runMain("schema", () => schema(process.argv.slice(2)));
