// What a user of the repository finds beside the code: the licence package.json names, a changelog
// that has the current version, and dependency updates for every package.json and the workflows.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

const ROOT = path.join(__dirname, "..");
const read = (...p: string[]) => fs.readFileSync(path.join(ROOT, ...p), "utf8");
const pkg = JSON.parse(read("package.json")) as { version: string; license: string };

describe("packaging", () => {
    it("LICENSE is the licence package.json (and the policy pack's) declares: Apache-2.0", () => {
        assert.strictEqual(pkg.license, "Apache-2.0");
        assert.strictEqual(JSON.parse(read("policy", "package.json")).license, "Apache-2.0");
        const license = read("LICENSE");
        assert.match(
            license,
            /^\s*Apache License\s+Version 2\.0, January 2004\s+http:\/\/www\.apache\.org\/licenses\//,
        );
        assert.match(license, /END OF TERMS AND CONDITIONS/);
    });

    it("CHANGELOG.md has an Unreleased section and one for package.json's version", () => {
        const changelog = read("CHANGELOG.md");
        assert.match(changelog, /^## \[Unreleased\]$/m);
        assert.match(changelog, new RegExp(`^## \\[${pkg.version.replace(/\./g, "\\.")}\\]`, "m"));
    });

    it("Dependabot updates the npm packages of every package.json with dependencies and the workflows' actions", () => {
        const config = parse(read(".github", "dependabot.yml")) as {
            version: number;
            updates: { "package-ecosystem": string; directory: string; schedule: { interval: string } }[];
        };
        assert.strictEqual(config.version, 2);
        const covered = config.updates.map((u) => `${u["package-ecosystem"]} ${u.directory}`);
        const packageDirs = [
            "/",
            ...fs
                .readdirSync(ROOT)
                // A package.json with dependencies of its own (provider/'s has none: it uses the root's).
                .filter((d) => d !== "node_modules" && fs.existsSync(path.join(ROOT, d, "package.json")))
                .filter((d) => Object.keys(JSON.parse(read(d, "package.json")).dependencies ?? {}).length > 0)
                .map((d) => `/${d}`),
        ];
        for (const dir of packageDirs) assert.ok(covered.includes(`npm ${dir}`), `npm ${dir}`);
        assert.ok(covered.includes("github-actions /"), "github-actions /");
        for (const u of config.updates) assert.ok(["daily", "weekly", "monthly"].includes(u.schedule.interval));
    });

    it("pins @pulumi/kubernetes exactly: the program leans on behaviour upstream calls experimental", () => {
        // pulumi.com/waitFor on Patch resources (the LB address wait) and server-side apply of
        // patches; a minor release may change either, so Dependabot's update PR runs the e2e first.
        const deps = JSON.parse(read("package.json")).dependencies as Record<string, string>;
        assert.match(deps["@pulumi/kubernetes"], /^\d+\.\d+\.\d+$/);
        const lock = JSON.parse(read("package-lock.json"));
        assert.equal(lock.packages["node_modules/@pulumi/kubernetes"].version, deps["@pulumi/kubernetes"]);
    });
});
