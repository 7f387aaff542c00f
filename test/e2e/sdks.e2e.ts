// The package's Go and Python SDKs, as a user makes them: `pulumi package gen-sdk ./provider` (the real
// CLI, running the provider through RunPlugin for its schema; the code generators through
// test/e2e/sdkgen). The Go SDK and examples/go build and vet; the Python SDK installs with pulumi from
// PyPI into a virtual environment, imports, and examples/python type-checks with mypy. A misuse of
// either SDK (a port as a string) fails the build and the type check, so neither check passes by
// checking nothing.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { E2E, harnessEnv, ROOT, run, show, timing } from "./harness";
import { GO_MODULE, PYTHON_PACKAGE } from "../../components/package/schema";

const versions = JSON.parse(fs.readFileSync(path.join(__dirname, "versions.json"), "utf8"));
const OUT = path.join(E2E, "sdk");
const WORK = path.join(E2E, "sdk-work");

/** Runs a command, failing the test with its output unless it succeeds. */
async function must(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = harnessEnv()) {
    const r = await run(cmd, args, { cwd, env });
    assert.equal(r.code, 0, `${cmd} ${args.join(" ")}: ${show(r)}`);
    return r;
}

/** A copy of an example, with one text replaced (to misuse the SDK) or none. */
function copyExample(name: string, to: string, file: string, replace?: [string, string]): string {
    const dir = path.join(WORK, to);
    fs.cpSync(path.join(ROOT, "examples", name), dir, { recursive: true });
    if (replace) {
        const text = fs.readFileSync(path.join(dir, file), "utf8");
        assert.ok(text.includes(replace[0]), `${name}/${file} no longer has ${replace[0]}`);
        fs.writeFileSync(path.join(dir, file), text.replace(replace[0], replace[1]));
    }
    return dir;
}

describe("the package's Go and Python SDKs (pulumi package gen-sdk)", function () {
    this.timeout(20 * 60 * 1000);
    const goEnv = { ...harnessEnv(), GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" };

    before(async () => {
        fs.rmSync(OUT, { recursive: true, force: true });
        fs.rmSync(WORK, { recursive: true, force: true });
        fs.mkdirSync(WORK, { recursive: true });
        for (const language of ["go", "python"]) {
            const r = await must(
                "pulumi",
                ["package", "gen-sdk", path.join(ROOT, "provider"), "--language", language, "--out", OUT],
                WORK,
            );
            timing(`sdk: gen-sdk ${language}`, r.seconds);
        }
    });

    it("Go: the SDK is the schema's module; examples/go builds and vets against it", async () => {
        assert.match(fs.readFileSync(path.join(OUT, "go", "go.mod"), "utf8"), new RegExp(`^module ${GO_MODULE}$`, "m"));
        const dir = copyExample("go", "go", "main.go");
        await must("go", ["mod", "edit", `-replace=${GO_MODULE}=${path.join(OUT, "go")}`], dir, goEnv);
        await must("go", ["mod", "tidy"], dir, goEnv);
        const b = await must("go", ["build", "-o", path.join(dir, "example"), "."], dir, goEnv);
        timing("sdk: go build of the example", b.seconds);
        await must("go", ["vet", "./...", `${GO_MODULE}/...`], dir, goEnv);
    });

    it("Go: an app's port given as a string does not compile", async () => {
        const dir = copyExample("go", "go-misuse", "main.go", ["pulumi.IntPtr(port)", 'pulumi.StringPtr("30001")']);
        await must("go", ["mod", "edit", `-replace=${GO_MODULE}=${path.join(OUT, "go")}`], dir, goEnv);
        await must("go", ["mod", "tidy"], dir, goEnv);
        const r = await run("go", ["build", "-o", path.join(dir, "example"), "."], { cwd: dir, env: goEnv });
        assert.notEqual(r.code, 0, show(r));
        assert.match(r.stderr, /cannot use pulumi\.StringPtr\("30001"\)[^\n]*as pulumi\.IntPtrInput value/, show(r));
    });

    describe("Python", () => {
        const venv = path.join(WORK, "venv");
        const python = path.join(venv, "bin", "python");
        before(async () => {
            await must("python3", ["-m", "venv", venv], WORK);
            const { pulumi, mypy } = versions.python as { pulumi: string; mypy: string };
            const r = await must(
                python,
                ["-m", "pip", "install", "-q", `pulumi==${pulumi}`, `mypy==${mypy}`, path.join(OUT, "python")],
                WORK,
            );
            timing("sdk: pip install of pulumi, mypy and the SDK", r.seconds);
        });

        it("the SDK installs beside pulumi from PyPI and imports: Ingress is a component resource", async () => {
            const check = `import pulumi, ${PYTHON_PACKAGE} as p; print(issubclass(p.Ingress, pulumi.ComponentResource), p.Ingress.__module__)`;
            const r = await must(python, ["-c", check], WORK);
            assert.equal(r.stdout.trim(), `True ${PYTHON_PACKAGE}.ingress`);
        });

        it("examples/python type-checks with mypy --strict", async () => {
            const dir = copyExample("python", "python", "__main__.py");
            await must(python, ["-m", "mypy", "--strict", "__main__.py"], dir);
        });

        it("an app's port given as a string fails the type check", async () => {
            const dir = copyExample("python", "python-misuse", "__main__.py", ["port=port,", 'port="30001",']);
            const r = await run(python, ["-m", "mypy", "--strict", "__main__.py"], { cwd: dir, env: harnessEnv() });
            assert.notEqual(r.code, 0, show(r));
            assert.match(
                r.stdout,
                /__main__\.py:\d+: error: Argument "port" to "AppArgs" has incompatible type "str"/,
                show(r),
            );
        });
    });
});
