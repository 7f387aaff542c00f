// The policy pack as the Pulumi CLI runs it and as `pulumi policy publish` uploads it: policy/ on its
// own (its package.json and tsconfig.json, no import outside it), started by @pulumi/pulumi's
// policy-pack runner and asked over gRPC, as the engine asks it during `pulumi preview`.
import * as grpc from "@grpc/grpc-js";
import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as model from "../components/model";
import * as annotations from "../components/ncp/annotations";
import * as ncp from "../policy/ncp";
import { policies } from "../policy/policies";
import { runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";

const ROOT = path.join(__dirname, "..");
const POLICY = path.join(ROOT, "policy");
const policyPackage = JSON.parse(fs.readFileSync(path.join(POLICY, "package.json"), "utf8")) as {
    name: string;
    version: string;
    main: string;
    dependencies?: Record<string, string>;
};

/** Module specifiers a TypeScript file imports or requires. */
function importsOf(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    return [...text.matchAll(/(?:\bfrom\s+|\bimport\s+|\brequire\()\s*["']([^"']+)["']/g)].map((m) => m[1]);
}

/** The package a bare specifier names: "@pulumi/policy/x" -> "@pulumi/policy". */
const packageOf = (specifier: string) =>
    specifier
        .split("/")
        .slice(0, specifier.startsWith("@") ? 2 : 1)
        .join("/");

describe("policy pack, as published and as the CLI runs it", () => {
    it("is self-contained: imports only its own files and the packages its package.json declares", () => {
        const files = fs.readdirSync(POLICY).filter((f) => f.endsWith(".ts"));
        const tsconfig = JSON.parse(fs.readFileSync(path.join(POLICY, "tsconfig.json"), "utf8")) as {
            files: string[];
        };
        assert.deepStrictEqual([...tsconfig.files].sort(), [...files].sort(), "policy/tsconfig.json lists every file");
        assert.ok(files.includes(policyPackage.main), `main ${policyPackage.main} exists`);
        const declared = Object.keys(policyPackage.dependencies ?? {});
        for (const file of files) {
            for (const specifier of importsOf(path.join(POLICY, file))) {
                if (specifier.startsWith(".")) {
                    assert.ok(specifier.startsWith("./"), `${file} imports ${specifier}, outside policy/`);
                    continue;
                }
                const pkg = packageOf(specifier);
                if (pkg.startsWith("node:") || builtinModules.includes(pkg)) continue;
                assert.ok(declared.includes(pkg), `${file} imports ${pkg}, which policy/package.json does not declare`);
            }
        }
    });

    it("declares dependency ranges that the project's installed versions satisfy (what the tests run)", () => {
        for (const [pkg, range] of Object.entries(policyPackage.dependencies ?? {})) {
            const installed = (
                JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`), "utf8")) as { version: string }
            ).version.replace(/^v/, "");
            const floor = range.replace(/^[\^~]/, "");
            const [major] = floor.split(".");
            assert.ok(
                installed.split(".")[0] === major && installed.localeCompare(floor, undefined, { numeric: true }) >= 0,
                `${pkg}: installed ${installed} is outside ${range}`,
            );
        }
    });

    it("keeps its copies of the program's annotation keys and admin-UI names in step with the program's", () => {
        assert.strictEqual(ncp.NCP_ANNOTATION_PREFIX, annotations.NCP_ANNOTATION_PREFIX);
        assert.strictEqual(ncp.LAYER_TYPE_ANNOTATION, annotations.LAYER_TYPE_ANNOTATION);
        assert.strictEqual(ncp.INTERNAL_ANNOTATION, annotations.INTERNAL_ANNOTATION);
        const names = [
            "argocd",
            "grafana",
            "kibana",
            "prometheus",
            "alertmanager",
            "k8s-dashboard",
            "admin",
            "jenkins",
            "vault",
            "rancher",
            "kiali",
            "jaeger",
            "nginx",
            "shop",
            "web",
            "api",
        ];
        for (const name of names) assert.strictEqual(ncp.looksLikeAdminUi(name), model.looksLikeAdminUi(name), name);
        assert.strictEqual(ncp.looksLikeAdminUi.toString(), model.looksLikeAdminUi.toString());
    });

    describe("through @pulumi/pulumi's policy-pack runner", function () {
        // The runner type-checks the pack with ts-node, as `pulumi preview --policy-pack policy` does.
        this.timeout(120_000);
        let runner: ChildProcess;
        let client: AnalyzerClient;
        let stderr = "";

        before(async () => {
            // As the CLI's pulumi-analyzer-policy does: the runner from the pack's own directory.
            runner = spawn(
                process.execPath,
                [require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [POLICY] }), "127.0.0.1:0", "."],
                { cwd: POLICY, stdio: ["ignore", "pipe", "pipe"] },
            );
            runner.stderr!.on("data", (d) => (stderr += d));
            const port = await new Promise<number>((resolve, reject) => {
                let out = "";
                runner.stdout!.on("data", (d) => {
                    out += d;
                    const line = out.match(/^(\d+)\s*$/m);
                    if (line) resolve(Number(line[1]));
                });
                runner.once("exit", (code) =>
                    reject(new Error(`policy pack exited (${code}) before serving:\n${stderr}`)),
                );
            });
            client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        });
        after(() => {
            client?.close();
            runner?.kill();
        });

        it("serves the pack with every policy at its enforcement level", async () => {
            const info = await new Promise<analyzer.AnalyzerInfo>((resolve, reject) =>
                client.getAnalyzerInfo(new Empty(), (e, r) => (e ? reject(e) : resolve(r))),
            );
            assert.strictEqual(info.getName(), "ncp-ingress");
            assert.strictEqual(info.getVersion(), policyPackage.version);
            const level = (l: number) =>
                Object.entries(analyzer.EnforcementLevel)
                    .find(([, v]) => v === l)![0]
                    .toLowerCase();
            assert.deepStrictEqual(
                info.getPoliciesList().map((p) => [p.getName(), level(p.getEnforcementlevel())]),
                policies.map((p) => [p.name, p.enforcementLevel]),
            );
        });

        it("analyzes the dev stack's resources: no mandatory violation, the public admin UIs flagged", async () => {
            const run = await runProgram(stackConfig("dev"));
            const request = new analyzer.AnalyzeStackRequest();
            request.setResourcesList(
                run.resources
                    .filter((r) => r.custom)
                    .map((r) => {
                        const resource = new analyzer.AnalyzerResource();
                        resource.setType(r.type);
                        resource.setName(r.name);
                        resource.setUrn(`urn:pulumi:dev::ncp-ingress::${r.type}::${r.name}`);
                        resource.setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(r.inputs))));
                        resource.setOptions(new analyzer.AnalyzerResourceOptions());
                        return resource;
                    }),
            );
            const response = await new Promise<analyzer.AnalyzeResponse>((resolve, reject) =>
                client.analyzeStack(request, (e, r) => (e ? reject(e) : resolve(r))),
            );
            const found = response
                .getDiagnosticsList()
                .map((d) => [
                    d.getPolicyname(),
                    d.getEnforcementlevel(),
                    d.getMessage().split("\n").pop()!.split(" routes ")[0],
                ]);
            assert.deepStrictEqual(found, [
                ["public-admin-apps-restricted", analyzer.EnforcementLevel.ADVISORY, "istio-system/argocd"],
                ["public-admin-apps-restricted", analyzer.EnforcementLevel.ADVISORY, "istio-system/grafana"],
                ["public-admin-apps-restricted", analyzer.EnforcementLevel.ADVISORY, "istio-system/kibana"],
            ]);
        });
    });
});
