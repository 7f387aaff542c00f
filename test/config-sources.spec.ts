// Stack config as it reaches the program: as `pulumi config set` stores it, bad config through the
// program (nothing registered), and Pulumi.yaml's declarations (the rules: config-apps.spec.ts, config-settings.spec.ts).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { parseStackConfig, RawStackConfig } from "../config";
import { app, problemsOf } from "./configHelpers";
import { mockState } from "../scripts/offline/engine";
import { runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";

const base: RawStackConfig = { apps: [app("web", 30001)] };

describe("stack config as pulumi config set stores it", () => {
    const LB = "ncp-ingress:loadBalancer";
    it("takes NCP numbers as integers (set --path stores digits so) and hands them on as strings", () => {
        const loadBalancer = { layerType: "nplb", subnetId: 452772, sslCertificateNo: 6789, tlsPorts: [80] };
        const { model } = parseStackConfig({ ...base, loadBalancer });
        assert.strictEqual(model.loadBalancer.subnetId, "452772");
        assert.strictEqual(model.loadBalancer.sslCertificateNo, "6789");
    });

    it("parses a structured key given as JSON text (set without --path), as the program receives every one", () => {
        const raw = {
            apps: JSON.stringify([app("web", 30001)]),
            istio: '{"install": "helm"}',
            loadBalancer: ' {"layerType": "nplb"}',
            demo: "true",
        };
        const { model } = parseStackConfig(raw);
        assert.deepStrictEqual(model.apps, parseStackConfig(base).model.apps);
        assert.strictEqual(model.istio.version, "1.28.10");
        assert.strictEqual(model.loadBalancer.layerType, "nplb");
        assert.strictEqual(model.demo.enabled, true);
    });

    it("names a key whose JSON text does not parse, and says how to set it instead", () => {
        const problems = problemsOf({ apps: '[{"name": web}]', loadBalancer: "{layerType: nplb}", demo: "yes" });
        const fix = "; write it as YAML, or set its fields with pulumi config set --path";
        // The parser's own words (position, token) vary with the Node.js version.
        assert.strictEqual(problems.length, 3);
        assert.ok(
            problems[0].startsWith(`${LB}: "{layerType: nplb}" is not valid JSON (`) && problems[0].endsWith(fix),
        );
        assert.ok(problems[1].startsWith(`ncp-ingress:apps: "[{\\"name\\": web}]" is not valid JSON (`));
        assert.strictEqual(
            problems[2],
            'ncp-ingress:demo: got "yes" (a string); expected true, false or {port, namespace}',
        );
    });

    it("refuses an unknown ncp-ingress key, with a typo hint, through the program too", async () => {
        assert.deepStrictEqual(problemsOf({ ...base, loadbalancer: {} } as RawStackConfig), [
            'ncp-ingress:loadbalancer: unknown field; did you mean "loadBalancer"?',
        ]);
        await assert.rejects(runProgram({ ...stackConfig("dev"), appz: [] }), {
            name: "ConfigError",
            message: /ncp-ingress:appz: unknown field; did you mean "apps"\?/,
        });
    });
});

describe("the program on bad config", () => {
    it("throws before registering a single resource", async () => {
        const bad = { ...stackConfig("dev"), apps: [app("web", 65535)] };
        await assert.rejects(runProgram(bad), { name: "ConfigError" });
        assert.deepStrictEqual(mockState.registered, []);
    });
});

describe("Pulumi.yaml", () => {
    it("declares only config types Pulumi accepts, each with a description and a default the validation accepts", () => {
        const project = parse(fs.readFileSync(path.join(__dirname, "..", "Pulumi.yaml"), "utf8"));
        assert.strictEqual(project.name, "ncp-ingress");
        assert.strictEqual(project.runtime.name, "nodejs");
        const config = project.config as Record<string, { type: string; description: string; default: unknown }>;
        // The engine's own setting (another namespace) is a plain value, not a declaration: no default
        // provider for kubernetes, so every resource must use the program's explicit one.
        const providers = Object.keys(config).filter((k) => k.includes(":"));
        assert.deepStrictEqual(providers, ["pulumi:disable-default-providers"]);
        assert.deepStrictEqual(config["pulumi:disable-default-providers"], ["kubernetes"]);
        for (const [key, decl] of Object.entries(config).filter(([k]) => !providers.includes(k))) {
            assert.ok(["string", "integer", "boolean"].includes(decl.type), `${key}: ${decl.type}`);
            assert.ok(decl.description.length > 20, `${key} has a description`);
            assert.deepStrictEqual(problemsOf({ ...base, [key]: decl.default }), [], `${key}'s default validates`);
        }
    });
});
