// Every ncp-iam-authenticator command in the docs (README.md, docs/, CONTRIBUTING.md, the workflow)
// is one that the pinned version accepts, written as it works: known subcommand, known flags, the
// required ones present, and no stdout redirect where the command writes a file itself.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { lexer, Token, Tokens } from "marked";
import { parse } from "shell-quote";
import * as YAML from "yaml";

const ROOT = path.resolve(__dirname, "..");

/**
 * What ncp-iam-authenticator v1.1.1 accepts (github.com/NaverCloudPlatform/ncp-iam-authenticator,
 * tag v1.1.1): global flags in cmd/root.go; create-kubeconfig's in cmd/create-kubeconfig.go (lines
 * 127-132; --region and --clusterUuid checked in PreRun; the kubeconfig goes to --output/-o, default
 * kubeconfig-<uuid>.<format>, and stdout gets only "kubeconfig created successfully."),
 * update-kubeconfig's in cmd/update-kubeconfig.go (lines 167-174), token's in cmd/token.go.
 */
const AUTHENTICATOR = {
    version: "1.1.1",
    global: ["--profile", "--credentialConfig", "--debug"],
    commands: {
        "create-kubeconfig": {
            flags: ["--clusterUuid", "--region", "--format", "--output", "-o", "--clusterName", "--userName"],
            required: ["--region", "--clusterUuid"],
            writesFile: true,
        },
        "update-kubeconfig": {
            flags: [
                "--clusterUuid",
                "--region",
                "--format",
                "--clusterName",
                "--userName",
                "--kubeconfig",
                "--overwrite",
                "--currentContext",
            ],
            required: ["--region", "--clusterUuid"],
            writesFile: true,
        },
        token: { flags: ["--clusterUuid", "--region"], required: ["--region", "--clusterUuid"], writesFile: false },
        version: { flags: [], required: [], writesFile: false },
    },
} as const;
type Subcommand = keyof typeof AUTHENTICATOR.commands;

/** Shell code in a Markdown file: its bash/sh/shell blocks, and inline code spans that run the tool with flags. */
function shellSnippets(markdown: string): string[] {
    const out: string[] = [];
    // Every nested token: list items, table cells (header, rows), paragraphs.
    const walk = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(walk);
        if (!node || typeof node !== "object") return;
        const t = node as Token;
        if (t.type === "code" && /^(bash|sh|shell)?$/.test((t as Tokens.Code).lang ?? "")) out.push(t.text);
        // An inline span with flags is a command; `ncp-iam-authenticator token` alone names one in prose.
        if (t.type === "codespan" && /^ncp-iam-authenticator .* -/s.test(t.text)) out.push(t.text);
        for (const value of Object.values(t)) if (typeof value === "object") walk(value);
    };
    walk(lexer(markdown));
    return out;
}

/** Each ncp-iam-authenticator invocation: its words (up to the end of the command), and what followed. */
function invocations(shell: string): { words: string[]; redirect?: string }[] {
    const found: { words: string[]; redirect?: string }[] = [];
    // Docs write placeholders as <cluster-uuid>: a word here, not redirections.
    const text = shell.replace(/\\\n/g, " ").replace(/<([a-z][-a-z]*)>/g, "$1");
    // One command per line (shell-quote reads a newline as a space).
    const tokens = text.split("\n").flatMap((line) => [...parse(line, (name) => `$${name}`), { op: ";" }]);
    for (let i = 0; i < tokens.length; i++) {
        if (tokens[i] !== "ncp-iam-authenticator") continue;
        const words: string[] = [];
        let j = i + 1;
        for (; j < tokens.length && typeof tokens[j] === "string"; j++) words.push(tokens[j] as string);
        const next = tokens[j] as { op?: string } | undefined;
        found.push({ words, redirect: next?.op && /^>/.test(next.op) ? next.op : undefined });
    }
    return found;
}

/** Why an invocation is wrong for the pinned version, or nothing. */
function problems({ words, redirect }: { words: string[]; redirect?: string }): string[] {
    const [sub, ...args] = words;
    const spec = AUTHENTICATOR.commands[sub as Subcommand];
    if (!spec) return [`unknown subcommand ${sub}`];
    const known: readonly string[] = [...spec.flags, ...AUTHENTICATOR.global];
    const given = args.filter((a) => a.startsWith("-")).map((a) => a.split("=")[0]);
    return [
        ...given.filter((f) => !known.includes(f)).map((f) => `${sub}: unknown flag ${f}`),
        ...spec.required.filter((f) => !given.includes(f)).map((f) => `${sub}: missing ${f}`),
        ...(spec.writesFile && redirect
            ? [`${sub} writes its file itself (-o); ${redirect} captures only a message`]
            : []),
    ];
}

const docs = (): string[] => {
    const dir = path.join(ROOT, "docs");
    const inDocs = fs.existsSync(dir)
        ? fs
              .readdirSync(dir, { recursive: true, encoding: "utf8" })
              .filter((f) => f.endsWith(".md"))
              .map((f) => path.join("docs", f))
        : [];
    return ["README.md", "CONTRIBUTING.md", ...inDocs].filter((f) => fs.existsSync(path.join(ROOT, f)));
};

describe("NKS commands in the docs", () => {
    it("finds the commands of a document, and the wrong ones the docs once had", () => {
        const md = [
            "1. Then:",
            "   ```bash",
            "   ncp-iam-authenticator create-kubeconfig --region KR --clusterUuid <cluster-uuid> > kubeconfig.yaml",
            "   ```",
            "",
            "Or `ncp-iam-authenticator update-kubeconfig --cluster-uuid u --region KR`.",
        ].join("\n");
        const found = shellSnippets(md).flatMap(invocations);
        assert.deepEqual(found.map(problems), [
            ["create-kubeconfig writes its file itself (-o); > captures only a message"],
            ["update-kubeconfig: unknown flag --cluster-uuid", "update-kubeconfig: missing --clusterUuid"],
        ]);
    });

    it("writes every ncp-iam-authenticator command as the pinned version accepts it", () => {
        let count = 0;
        for (const file of docs()) {
            for (const snippet of shellSnippets(fs.readFileSync(path.join(ROOT, file), "utf8"))) {
                for (const call of invocations(snippet)) {
                    count++;
                    assert.deepEqual(problems(call), [], `${file}: ncp-iam-authenticator ${call.words.join(" ")}`);
                }
            }
        }
        assert.ok(count >= 3, `only ${count} commands found: the docs lost the NKS steps?`);
    });

    it("pins the version this table describes in the workflow", () => {
        const workflow = YAML.parse(fs.readFileSync(path.join(ROOT, ".github/workflows/pulumi.yml"), "utf8"));
        assert.equal(String(workflow.env.NCP_IAM_AUTHENTICATOR_VERSION), AUTHENTICATOR.version);
    });
});
