// The README and the documents it leads to (docs/*.md, CONTRIBUTING.md) are the user's contract: they
// must keep documenting what the project ships, the README must stay a five-minute read, and every
// relative link and #anchor among them must lead somewhere.
import Ajv from "ajv";
import * as assert from "assert";
import * as fs from "fs";
import { lexer, Token, Tokens } from "marked";
import { isIPv4 } from "net";
import * as path from "path";
import { isDeepStrictEqual } from "util";
import { parse } from "yaml";
import { DEFAULTS, parseStackConfig, RawStackConfig } from "../config";
import { GATEWAY_CHART_ALLOWED, GATEWAY_CHART_BROKEN } from "../components/specs/helmValues";
import { policies } from "../policy/policies";
import { stackFileSchema } from "../scripts/schema";
import { problemsOf } from "./configHelpers";

const ROOT = path.join(__dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

/** README.md, CONTRIBUTING.md and every Markdown file under docs/, relative to the root. */
const DOCUMENTS = [
    "README.md",
    "CONTRIBUTING.md",
    ...fs
        .readdirSync(path.join(ROOT, "docs"), { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".md"))
        .map((f) => path.join("docs", f))
        .sort(),
];
const readme = read("README.md");
/** Every document's text, for what may live in any of them. */
const everything = DOCUMENTS.map(read).join("\n");
const configuration = read("docs/configuration.md");

/** Every token of a Markdown document, nested ones (list items, table cells, inline spans) included. */
function tokens(markdown: string): Token[] {
    const out: Token[] = [];
    const walk = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(walk);
        if (!node || typeof node !== "object") return;
        out.push(node as Token);
        for (const value of Object.values(node)) if (typeof value === "object") walk(value);
    };
    walk(lexer(markdown));
    return out;
}

/** The text a heading shows: its inline tokens without their Markdown (code spans, emphasis, links). */
function shownText(token: Token): string {
    const inner = (token as { tokens?: Token[] }).tokens;
    if (inner) return inner.map(shownText).join("");
    return "text" in token ? String(token.text) : "";
}

/**
 * The anchors of a document's headings as GitHub writes them (github-slugger): lower case, every
 * character but letters, digits, marks, '-', '_' and spaces dropped, spaces turned into '-'; a
 * repeated slug gets -1, -2, ….
 */
function anchors(markdown: string): Set<string> {
    const seen = new Map<string, number>();
    const out = new Set<string>();
    for (const t of tokens(markdown)) {
        if (t.type !== "heading") continue;
        const base = shownText(t)
            .toLowerCase()
            .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
            .replace(/ /g, "-");
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        out.add(n === 0 ? base : `${base}-${n}`);
    }
    return out;
}

/**
 * The relative links of `markdown` (the text of `file`, a path relative to the root) that lead
 * nowhere: a file that does not exist, or an #anchor that no heading of the target has. Links with
 * a scheme (https:, mailto:) are not followed.
 */
function brokenLinks(file: string, markdown: string, readFile: (file: string) => string = read): string[] {
    const broken: string[] = [];
    for (const t of tokens(markdown)) {
        if (t.type !== "link" && t.type !== "image") continue;
        const href = (t as Tokens.Link).href;
        if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
        const [target, anchor] = href.split("#", 2) as [string, string | undefined];
        const resolved = target === "" ? file : path.normalize(path.join(path.dirname(file), decodeURI(target)));
        if (target !== "" && (resolved.startsWith("..") || !fs.existsSync(path.join(ROOT, resolved)))) {
            broken.push(`${file}: ${href}: no file ${resolved}`);
            continue;
        }
        if (anchor === undefined) continue;
        if (!resolved.endsWith(".md")) broken.push(`${file}: ${href}: an anchor into a file that is not Markdown`);
        else if (!anchors(resolved === file ? markdown : readFile(resolved)).has(anchor))
            broken.push(`${file}: ${href}: no heading #${anchor} in ${resolved}`);
    }
    return broken;
}

describe("README", () => {
    it("shows the commands CI runs, and the docs show every npm script", () => {
        for (const command of ["npm ci", "npm test", "npm run lint", "npm run e2e"])
            assert.ok(readme.includes(command), `README mentions ${command}`);
        const scripts = Object.keys(JSON.parse(read("package.json")).scripts);
        for (const script of scripts) {
            const command = script === "test" ? "npm test" : `npm run ${script}`;
            assert.ok(everything.includes(command), `README.md, CONTRIBUTING.md or docs/ mention ${command}`);
        }
        assert.match(read(".ci/run"), /\nnpm ci\n[\s\S]*\nnpm test\n/);
    });

    it("documents the real flow: local backend, passphrase, stack init, preview, up, outputs", () => {
        for (const step of [
            "pulumi login --local",
            "PULUMI_CONFIG_PASSPHRASE",
            "pulumi stack init dev",
            "pulumi preview -s dev",
            "pulumi up -s dev",
            "pulumi stack output",
        ]) {
            assert.ok(readme.includes(step), step);
        }
        assert.match(readme, /Node\.js 22 or later/);
    });

    it("stays a five-minute read: at most 200 lines, linking every page of docs/", () => {
        const lines = readme.split("\n").length - 1;
        assert.ok(lines <= 200, `README.md has ${lines} lines`);
        const linked = new Set(
            tokens(readme)
                .filter((t): t is Tokens.Link => t.type === "link")
                .map((t) => t.href.split("#")[0]),
        );
        for (const doc of DOCUMENTS.filter((f) => f.startsWith("docs")))
            assert.ok(linked.has(doc), `README links ${doc}`);
        assert.ok(linked.has("CONTRIBUTING.md"), "README links CONTRIBUTING.md");
    });

    it("shows a minimal stack that config.ts and the JSON Schema accept, with the defaults it names", () => {
        const block = tokens(readme).find(
            (t): t is Tokens.Code => t.type === "code" && t.lang === "yaml" && /^config:/m.test(t.text),
        );
        assert.ok(block, "README has a yaml block with config:");
        const [first, second] = block.text.split("\n");
        assert.strictEqual(first, "# yaml-language-server: $schema=./schema/stack-config.schema.json");
        assert.strictEqual(second, "# $schema: ./schema/stack-config.schema.json");
        const stackFile: { config: Record<string, unknown> } = parse(block.text);
        const validate = new Ajv({ allErrors: true }).addFormat("ipv4", isIPv4).compile(stackFileSchema());
        assert.ok(validate(stackFile), JSON.stringify(validate.errors));
        const unprefixed = (config: Record<string, unknown>): RawStackConfig =>
            Object.fromEntries(Object.entries(config).map(([k, v]) => [k.replace(/^ncp-ingress:/, ""), v]));
        const minimal = unprefixed(stackFile.config);
        assert.deepStrictEqual(problemsOf(minimal), []);
        // "Istio 1.23.6 through the in-cluster operator, a public nlb"
        const { model } = parseStackConfig(minimal);
        assert.strictEqual(model.istio.install, "operator");
        assert.ok(readme.includes(`Istio ${model.istio.version}`), model.istio.version);
        assert.deepStrictEqual([model.loadBalancer.layerType, model.loadBalancer.internal], ["nlb", false]);
        // "The committed Pulumi.dev.yaml is the same with four apps": its other keys are the defaults.
        const dev = unprefixed(parse(read("Pulumi.dev.yaml")).config);
        assert.strictEqual((dev.apps as unknown[]).length, 4);
        const [app, ...more] = minimal.apps as unknown[];
        assert.deepStrictEqual(more, []);
        assert.ok(
            (dev.apps as unknown[]).some((a) => isDeepStrictEqual(a, app)),
            "its app is one of Pulumi.dev.yaml's",
        );
        assert.deepStrictEqual(parseStackConfig(dev).model, parseStackConfig({ apps: dev.apps }).model);
    });
});

describe("docs/", () => {
    it("state the Istio version defaults per mode and the helm versions refused, as config.ts has them", () => {
        const flat = configuration.replace(/\s+/g, " ");
        assert.ok(flat.includes(`\`${DEFAULTS.istio.version}\` (operator)`), "operator default in the config table");
        assert.ok(flat.includes(`\`${DEFAULTS.istio.helmVersion}\` (helm)`), "helm default in the config table");
        assert.ok(flat.includes(GATEWAY_CHART_BROKEN), GATEWAY_CHART_BROKEN);
        assert.ok(flat.includes(GATEWAY_CHART_ALLOWED), GATEWAY_CHART_ALLOWED);
        assert.doesNotMatch(everything.replace(/\s+/g, " "), /1000 characters/, "NCP counts the description in bytes");
    });

    it("list every policy of the policy pack with its enforcement level (docs/ci.md)", () => {
        const ci = read("docs/ci.md");
        for (const p of policies) assert.match(ci, new RegExp(`\\| \`${p.name}\`\\s*\\| ${p.enforcementLevel}\\s*\\|`));
    });

    it("document every stack config key and output (docs/configuration.md)", () => {
        for (const key of [
            "istio.install",
            "loadBalancer.layerType",
            "apps[].allow",
            "demo",
            "routing",
            "gatewayApiCrds",
        ]) {
            assert.ok(configuration.includes(`\`${key}\``), key);
        }
        for (const output of ["loadBalancerAddress", "appUrls"])
            assert.ok(configuration.includes(`\`${output}\``), output);
    });
});

describe("links between the documents", () => {
    it("finds a missing file, a missing heading and a missing anchor of the same page", () => {
        const markdown = [
            "# A page",
            "",
            "## Setting keys with `pulumi config set`",
            "",
            "See [this](#setting-keys-with-pulumi-config-set), [the flow](../README.md#the-full-flow),",
            "[the keys](configuration.md#every-key) and [the site](https://example.com/#nothing), but not",
            "[gone](gone.md), [a typo](configuration.md#every-keys) or [here](#a-page-1).",
        ].join("\n");
        assert.deepStrictEqual(brokenLinks("docs/example.md", markdown), [
            "docs/example.md: gone.md: no file docs/gone.md",
            "docs/example.md: configuration.md#every-keys: no heading #every-keys in docs/configuration.md",
            "docs/example.md: #a-page-1: no heading #a-page-1 in docs/example.md",
        ]);
    });

    it("slugs headings as GitHub does, repeated ones numbered", () => {
        assert.deepStrictEqual(
            [
                ...anchors(
                    "# On the real engine: `npm run bench:e2e`\n\n## What gets created (operator mode, the dev stack)\n\n## Outputs\n\n## Outputs\n",
                ),
            ],
            [
                "on-the-real-engine-npm-run-benche2e",
                "what-gets-created-operator-mode-the-dev-stack",
                "outputs",
                "outputs-1",
            ],
        );
    });

    for (const file of DOCUMENTS) {
        it(`lead somewhere from ${file}`, () => {
            assert.deepStrictEqual(brokenLinks(file, read(file)), []);
        });
    }
});
