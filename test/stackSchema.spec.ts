// The stack config's one schema (components/config/schema.ts) and what `npm run schema` writes from it:
// the JSON Schema editors check stack files with, and the config table of docs/configuration.md. Both
// fail here when stale; the committed stack files name and pass the JSON Schema; it and config.ts agree
// on what a field takes.
import Ajv from "ajv";
import * as assert from "assert";
import * as fs from "fs";
import { isIPv4 } from "net";
import * as path from "path";
import { parse } from "yaml";
import {
    configTable,
    CONFIG_DOC,
    SCHEMA_FILE,
    schemaFileText,
    stackFileSchema,
    withConfigTable,
} from "../scripts/schema";
import { problemsOf } from "./configHelpers";

const ROOT = path.join(__dirname, "..");
const ajv = new Ajv({ allErrors: true }).addFormat("ipv4", isIPv4);
const validate = ajv.compile(stackFileSchema());
/** The JSON Schema's complaints about a stack file with `config` as its ncp-ingress:* keys. */
const schemaErrors = (config: Record<string, unknown>) => {
    const stackFile = { config: Object.fromEntries(Object.entries(config).map(([k, v]) => [`ncp-ingress:${k}`, v])) };
    return validate(stackFile) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`);
};

/** Every Pulumi.<stack>.yaml in the repository (not node_modules, not the e2e harness's own). */
function stackFiles(dir = ROOT): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        if (e.isDirectory())
            return ["node_modules", ".git", ".e2e", "bin", "e2e"].includes(e.name)
                ? []
                : stackFiles(path.join(dir, e.name));
        return /^Pulumi\.[^.]+\.yaml$/.test(e.name) ? [path.join(dir, e.name)] : [];
    });
}

describe("schema/stack-config.schema.json", () => {
    it("is what npm run schema writes from components/config/schema.ts", async () => {
        assert.strictEqual(fs.readFileSync(SCHEMA_FILE, "utf8"), await schemaFileText(), "stale: run npm run schema");
    });

    it("is named by every committed stack file, which passes it", () => {
        const files = stackFiles();
        assert.deepStrictEqual(files.map((f) => path.relative(ROOT, f)).sort(), [
            "Pulumi.dev.yaml",
            "examples/Pulumi.helm-gateway-api.yaml",
            "examples/Pulumi.helm-istio.yaml",
            "test/fixtures/Pulumi.mixed.yaml",
        ]);
        for (const file of files) {
            const schema = path.relative(path.dirname(file), SCHEMA_FILE).replace(/^(?!\.)/, "./");
            const [first, second] = fs.readFileSync(file, "utf8").split("\n");
            assert.strictEqual(first, `# yaml-language-server: $schema=${schema}`, file);
            assert.strictEqual(second, `# $schema: ${schema}`, file);
            assert.ok(validate(parse(fs.readFileSync(file, "utf8"))), `${file}: ${ajv.errorsText(validate.errors)}`);
        }
    });

    it("takes a whole stack file: encryptionsalt, other namespaces, keys as JSON text and integer NCP numbers", () => {
        const stack = {
            encryptionsalt: "v1:abc",
            config: {
                "kubernetes:context": "nks",
                "ncp-ingress:apps": '[{"name": "web", "port": 30001, "backend": {"host": "web.apps", "port": 80}}]',
                "ncp-ingress:demo": "true",
                "ncp-ingress:loadBalancer": {
                    layerType: "nplb",
                    subnetId: 452772,
                    sslCertificateNo: "6789",
                    tlsPorts: [80],
                },
            },
        };
        assert.ok(validate(stack), ajv.errorsText(validate.errors));
    });

    it("refuses, as config.ts does, what a field does not take", () => {
        const backend = { host: "web.apps.svc.cluster.local", port: 80 };
        const bad: Record<string, unknown>[] = [
            {},
            { apps: [{ name: "web", port: 70000, backend }] },
            { apps: [{ name: "web", port: 80, backend }] },
            { apps: [{ name: "Web", port: 30001, backend }] },
            { apps: [{ name: "web", backend }] },
            { apps: [{ name: "web", port: 30001, backend, prot: "TCP" }] },
            { apps: [{ name: "web", port: 30001, backend, allow: [] }] },
            { apps: [], loadBalancer: { layerType: "alb" } },
            { apps: [], loadBalancer: { subnetId: "subnet-1" } },
            { apps: [], istio: { version: "latest" } },
            { apps: [], unknown: true },
            { apps: [], routing: "nginx" },
            { apps: [], demo: { port: 65535 } },
        ];
        for (const config of bad) {
            assert.notDeepStrictEqual(schemaErrors(config), [], `the JSON Schema takes ${JSON.stringify(config)}`);
            assert.notDeepStrictEqual(problemsOf(config), [], `config.ts takes ${JSON.stringify(config)}`);
        }
        const good = {
            apps: [{ name: "web", hosts: ["web.example.com"], backend, tls: { credentialName: "web-tls" } }],
        };
        assert.deepStrictEqual(schemaErrors(good), []);
        assert.deepStrictEqual(problemsOf(good), []);
    });
});

describe("docs/configuration.md config table", () => {
    it("is what npm run schema writes from components/config/schema.ts", async () => {
        const doc = fs.readFileSync(CONFIG_DOC, "utf8");
        assert.strictEqual(doc, await withConfigTable(doc), "stale: run npm run schema");
    });

    it("has a row, with a meaning, for every key and field", () => {
        const rows = configTable().split("\n").slice(2);
        const keys = rows.map((row) => row.split(" | ")[0].replace(/^\| `|`$/g, ""));
        for (const key of [
            "istio.version",
            "loadBalancer.subnetId",
            "apps[].backend.host",
            "apps[].tls.credentialName",
            "demo.port",
        ])
            assert.ok(keys.includes(key), key);
        for (const row of rows) assert.match(row, /\| [^|]*\w[^|]* \|$/, `a meaning: ${row}`);
    });
});
