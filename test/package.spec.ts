// The package (components/package/, package/): its schema says the stack config's keys, its provider
// constructs what the stack program registers for the same settings, and bad inputs fail, before
// anything is registered, with one message naming each input path, the app and the field.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import * as YAML from "yaml";
import { parseStackConfig } from "../config";
import { INGRESS_TYPE } from "../components/ingress";
import { asInputProblem, InputError, parseIngressInputs } from "../components/package/inputs";
import { IngressProvider } from "../components/package/provider";
import { packageSchema } from "../components/package/schema";
import { mockState, Registered } from "../scripts/offline/engine";
import { runInline, runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";
import { stackConfigArbitrary } from "./configArbitrary";

const ROOT = path.join(__dirname, "..");
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8"));
type Json = Record<string, any>;

describe("package: the schema", () => {
    const schema = packageSchema("1.2.3") as Json;
    const ingress = schema.resources[INGRESS_TYPE];
    const stackFile = readJson("schema/stack-config.schema.json").properties.config.properties;

    it("has one component, whose inputs are the stack config's keys with their descriptions", () => {
        assert.deepEqual(Object.keys(schema.resources), [INGRESS_TYPE]);
        assert.equal(ingress.isComponent, true);
        const keys = Object.keys(stackFile).map((k) => k.replace(/^ncp-ingress:/, ""));
        assert.deepEqual(Object.keys(ingress.inputProperties).sort(), keys.sort());
        for (const key of keys)
            assert.equal(ingress.inputProperties[key].description, stackFile[`ncp-ingress:${key}`].description, key);
    });

    it("every reference names a type it defines, and every type is an object of the package's module", () => {
        const refs = JSON.stringify(schema).match(/"\$ref":"[^"]*"/g) ?? [];
        assert.ok(refs.length > 5);
        for (const ref of refs) {
            const token = JSON.parse(`{${ref}}`).$ref.replace(/^#\/types\//, "");
            assert.ok(schema.types[token], `${ref} is not defined`);
        }
        for (const [token, type] of Object.entries(schema.types as Json)) {
            assert.match(token, /^ncp-ingress:index:[A-Z][A-Za-z]*$/);
            assert.equal(type.type, "object", token);
        }
    });

    it("an app's fields are the stack config's app fields, with the same types", () => {
        const app = schema.types["ncp-ingress:index:App"];
        const stackApp = stackFile["ncp-ingress:apps"].anyOf[0].items;
        assert.deepEqual(Object.keys(app.properties).sort(), Object.keys(stackApp.properties).sort());
        assert.deepEqual(app.required, stackApp.required);
        assert.equal(app.properties.port.type, stackApp.properties.port.type);
        assert.equal(app.properties.hosts.items.type, "string");
    });

    it("the outputs are the stack program's, and the version is the one given", () => {
        assert.equal(schema.version, "1.2.3");
        assert.deepEqual(Object.keys(ingress.properties).sort(), [
            "appUrls",
            "gatewayNodePorts",
            "gatewayService",
            "loadBalancerAddress",
        ]);
    });

    it("provider/ is a Node.js plugin of the package's name and the project's version, run from its compiled entry", () => {
        const plugin = YAML.parse(fs.readFileSync(path.join(ROOT, "provider", "PulumiPlugin.yaml"), "utf8"));
        assert.deepEqual(plugin, { runtime: "nodejs" });
        const pkg = readJson("provider/package.json");
        assert.equal(pkg.name, schema.name);
        assert.equal(pkg.version, readJson("package.json").version);
        // main is what tsc -p provider makes of its one input (outDir, the input's path below rootDir).
        const { compilerOptions, include } = readJson("provider/tsconfig.json");
        const input = path.join(ROOT, "provider", include[0]);
        const rootDir = path.resolve(ROOT, "provider", compilerOptions.rootDir);
        const compiled = path.join(compilerOptions.outDir, path.relative(rootDir, input)).replace(/\.ts$/, ".js");
        assert.equal(pkg.main, compiled);
    });
});

describe("package: inputs are checked as the stack config is", () => {
    it("a problem names the input path with the app's index, the app and the field", () => {
        const names = ["argocd", "nginx", "kibana"];
        assert.equal(
            asInputProblem("ncp-ingress:apps (nginx) port: 443 is taken by x", names),
            "apps[1].port (nginx): 443 is taken by x",
        );
        assert.equal(
            asInputProblem("ncp-ingress:apps[2] (kibana) backend: got nothing", names),
            "apps[2].backend (kibana): got nothing",
        );
        assert.equal(
            asInputProblem("ncp-ingress:loadBalancer.internal: set ncp-ingress:routing first", names),
            "loadBalancer.internal: set routing first",
        );
    });

    it("accepts exactly the configs the stack accepts; every problem names an input path that exists", () => {
        fc.assert(
            fc.property(stackConfigArbitrary, (config) => {
                let stackProblems: readonly string[] = [];
                try {
                    parseStackConfig(config);
                } catch (e) {
                    stackProblems = (e as { problems: string[] }).problems;
                }
                let problems: readonly string[] = [];
                try {
                    parseIngressInputs("edge", config);
                } catch (e) {
                    assert.ok(e instanceof InputError);
                    problems = e.problems;
                    assert.match(e.message, /^ncp-ingress:index:Ingress "edge": the inputs have \d+ problems?/);
                }
                assert.equal(problems.length, stackProblems.length);
                const apps = (config.apps ?? []) as { name?: string }[];
                for (const p of problems) {
                    assert.doesNotMatch(p, /ncp-ingress:/, p);
                    const at = /^apps\[(\d+)\](?:\.\w+)? \(([^)]*)\)/.exec(p);
                    if (at) assert.equal(apps[Number(at[1])]?.name, at[2], p);
                    else assert.match(p, /^(istio|loadBalancer|apps|demo|routing|gatewayApiCrds)\b/, p);
                }
            }),
            { numRuns: 150 },
        );
    });
});

/** Constructs an Ingress through the provider under the offline engine (the mocks). */
async function construct(inputs: pulumi.Inputs, preview = false) {
    const provider = new IngressProvider("0.0.0");
    const constructed = (async () => provider.construct("edge", INGRESS_TYPE, inputs, {}))();
    const state = (key: string) => pulumi.output(constructed.then((r) => r.state[key] as pulumi.Output<unknown>));
    return runInline(
        () => ({ loadBalancerAddress: state("loadBalancerAddress"), appUrls: state("appUrls") }),
        {},
        { preview },
    );
}

/** A resource as the stack program names it: the package's child names carry the component's name. */
const asStackProgram = (r: Registered, name?: string) => {
    if (name !== undefined) assert.ok(r.name.startsWith(`${name}-`), `${r.name} is not named after ${name}`);
    return { type: r.type, name: name === undefined ? r.name : r.name.slice(name.length + 1), inputs: r.inputs };
};
const customs = (rs: readonly Registered[]) =>
    rs.filter((r) => r.custom && !r.type.startsWith("pulumi:")).sort((a, b) => a.name.localeCompare(b.name));

describe("package: the provider constructs what the stack program registers", function () {
    this.timeout(60_000);
    for (const [what, config] of [
        ["the dev stack (operator mode, the seed)", stackConfig("dev")],
        [
            "the YAML example (helm)",
            YAML.parse(fs.readFileSync(path.join(ROOT, "examples", "yaml", "Pulumi.yaml"), "utf8")).resources.ingress
                .properties,
        ],
    ] as const) {
        it(`${what}: the same objects and outputs, the children named after the component`, async () => {
            const program = await runProgram(config);
            const constructed = await construct(config as pulumi.Inputs);
            assert.ok(customs(program.resources).length >= 6, String(customs(program.resources).length));
            assert.deepEqual(
                customs(constructed.resources).map((r) => asStackProgram(r, "edge")),
                customs(program.resources).map((r) => asStackProgram(r)),
            );
            assert.deepEqual(constructed.outputs.appUrls, program.appUrls);
            assert.deepEqual(constructed.outputs.loadBalancerAddress, program.loadBalancerAddress);
        });
    }

    it("bad inputs: the construct fails naming each input, and nothing is registered", async () => {
        const config = {
            apps: [{ name: "web", port: 443, backend: { host: "web.default.svc.cluster.local", port: 80 } }],
        };
        await assert.rejects(construct(config), (e: Error) => {
            assert.ok(e instanceof InputError, String(e));
            assert.deepEqual(e.problems.length, 1);
            assert.match(e.problems[0], /^apps\[0\]\.port \(web\): 443 is taken by/);
            return true;
        });
        assert.deepEqual(mockState.registered, [], "registered before the check");
    });

    it("inputs unknown at preview: the component alone, its children shown once they are known", async () => {
        const r = await construct({ apps: pulumi.output(pulumi.unknown) }, true);
        assert.deepEqual(
            r.resources.map((x) => x.type),
            [INGRESS_TYPE],
        );
    });
});
