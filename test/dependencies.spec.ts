// Every package the code imports is declared in package.json: a package that is only there because
// another one depends on it (as @grpc/grpc-js and google-protobuf were, for the policy pack's test)
// can disappear with that package's next release, and npm ci no longer installs it.
import * as assert from "assert";
import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..");
const SKIP = new Set(["node_modules", ".e2e", "bin", ".git"]);

/** The TypeScript files of the project, outside dependencies and build output. */
function sources(dir = ROOT): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        if (SKIP.has(e.name)) return [];
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return sources(full);
        return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [full] : [];
    });
}

/** The package a module specifier names ("@scope/name" or "name"), or undefined for a file or a Node built-in. */
export function packageOf(specifier: string): string | undefined {
    if (specifier.startsWith(".") || specifier.startsWith("/")) return undefined;
    const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];
    if (specifier.startsWith("node:") || builtinModules.includes(name)) return undefined;
    return name;
}

describe("package.json", () => {
    it("names the package of a module specifier", () => {
        assert.deepStrictEqual(
            [
                "@pulumi/pulumi/runtime/settings",
                "yaml",
                "semver/functions/parse",
                "./config",
                "node:fs",
                "fs",
                "path",
            ].map(packageOf),
            ["@pulumi/pulumi", "yaml", "semver", undefined, undefined, undefined, undefined],
        );
    });

    it("declares every package the code imports or requires", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
        const undeclared: string[] = [];
        const files = sources();
        assert.ok(
            files.some((f) => f.endsWith(path.join("test", "policyPack.spec.ts"))),
            "the walk reaches test/",
        );
        for (const file of files) {
            const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
            for (const { fileName } of importedFiles) {
                const name = packageOf(fileName);
                if (name && !declared.has(name)) undeclared.push(`${path.relative(ROOT, file)}: ${name}`);
            }
        }
        assert.deepStrictEqual(undeclared, []);
    });
});
