// The GitHub Actions workflow does what the docs say it does: actionlint finds nothing in it, and
// its jobs carry the policy pack, the permissions, the stack creation, the pinned CLI and the stack
// list that "CI with GitHub Actions" in docs/ci.md describes.
import { NCP_API_GATEWAYS } from "../components/ncp/apiGateways";
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { format, lintWorkflows, WORKFLOWS } from "../scripts/actionlint";

const ROOT = path.join(__dirname, "..");
const FILE = path.join(WORKFLOWS, "pulumi.yml");
/** Where the workflow is described (the README links to it). */
const ciDoc = fs.readFileSync(path.join(ROOT, "docs", "ci.md"), "utf8");

interface Step {
    name?: string;
    id?: string;
    uses?: string;
    run?: string;
    if?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
}
interface Job {
    needs?: string[];
    if?: string;
    permissions?: Record<string, string>;
    strategy?: { matrix: Record<string, unknown> };
    env?: Record<string, string>;
    outputs?: Record<string, string>;
    steps: Step[];
}
interface Workflow {
    permissions?: Record<string, string>;
    env: Record<string, string>;
    jobs: Record<string, Job>;
}

const workflow = parse(fs.readFileSync(FILE, "utf8")) as Workflow;
const pulumiSteps = workflow.jobs.deploy.steps.filter((s) => s.uses?.startsWith("pulumi/actions@"));

describe("GitHub Actions workflow", () => {
    it("passes actionlint, which does flag a broken workflow", async function () {
        this.timeout(60_000);
        assert.deepStrictEqual((await lintWorkflows()).map(format), []);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "workflows-"));
        try {
            const broken = fs
                .readFileSync(FILE, "utf8")
                .replace("pull-requests: write", "pull-requests: wirte")
                .replace("needs: [test, stacks]", "needs: [test, stack]");
            fs.writeFileSync(path.join(dir, "pulumi.yml"), broken);
            const kinds = (await lintWorkflows(dir)).map((r) => r.kind);
            assert.ok(kinds.includes("permissions"), kinds.join());
            assert.ok(kinds.includes("job-needs"), kinds.join());
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("reads only, except for the PR comment the deploy job writes", () => {
        assert.deepStrictEqual(workflow.permissions, { contents: "read" });
        assert.deepStrictEqual(workflow.jobs.deploy.permissions, { contents: "read", "pull-requests": "write" });
        const preview = pulumiSteps.find((s) => s.with?.command === "preview");
        assert.ok(preview, "a preview step");
        assert.strictEqual(preview.if, "github.event_name == 'pull_request'");
        assert.strictEqual(preview.with?.["comment-on-pr"], true);
    });

    it("previews and deploys every stack with the policy pack, creating the stack if needed, with a pinned CLI", () => {
        assert.deepStrictEqual(pulumiSteps.map((s) => s.with?.command).sort(), ["preview", "up"]);
        const pinned = workflow.env.PULUMI_VERSION;
        assert.match(String(pinned), /^\d+\.\d+\.\d+$/, "an exact CLI version");
        const e2e = JSON.parse(fs.readFileSync(path.join(ROOT, "test", "e2e", "versions.json"), "utf8"));
        assert.strictEqual(`v${pinned}`, e2e.go.pulumi.version, "the CLI version the end-to-end tests run");
        for (const step of pulumiSteps) {
            assert.strictEqual(step.uses, "pulumi/actions@v7");
            assert.strictEqual(step.with?.policyPacks, "policy", step.name);
            assert.ok(fs.existsSync(path.join(ROOT, "policy", "PulumiPolicy.yaml")));
            assert.strictEqual(step.with?.upsert, true, step.name);
            assert.strictEqual(step.with?.["pulumi-version"], "${{ env.PULUMI_VERSION }}", step.name);
            assert.strictEqual(step.with?.["stack-name"], "${{ matrix.stack }}", step.name);
        }
        assert.deepStrictEqual(workflow.jobs.deploy.strategy?.matrix, {
            stack: "${{ fromJSON(needs.stacks.outputs.stacks) }}",
        });
        assert.deepStrictEqual(workflow.jobs.deploy.needs, ["test", "stacks"]);
    });

    it("lists the stacks from the stack files at the root (not Pulumi.yaml, not fixtures)", () => {
        const script = workflow.jobs.stacks.steps.find((s) => s.id === "list")?.run;
        assert.ok(script);
        const listIn = (files: string[]) => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
            try {
                for (const f of files) {
                    fs.mkdirSync(path.join(dir, path.dirname(f)), { recursive: true });
                    fs.writeFileSync(path.join(dir, f), "config: {}\n");
                }
                const output = path.join(dir, "github-output");
                execFileSync("bash", ["-e", "-c", script], {
                    cwd: dir,
                    env: { ...process.env, GITHUB_OUTPUT: output },
                    stdio: ["ignore", "ignore", "inherit"],
                });
                return fs.readFileSync(output, "utf8");
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        };
        assert.strictEqual(
            listIn(["Pulumi.yaml", "Pulumi.prod.yaml", "Pulumi.dev.yaml", "test/fixtures/Pulumi.mixed.yaml"]),
            'stacks=["dev","prod"]\n',
        );
        assert.strictEqual(listIn(["Pulumi.yaml"]), "stacks=[]\n");
        assert.strictEqual(workflow.jobs.deploy.if, "needs.stacks.outputs.stacks != '[]'");
        const here = fs
            .readdirSync(ROOT)
            .map((f) => f.match(/^Pulumi\.(.+)\.yaml$/)?.[1])
            .filter(Boolean);
        assert.ok(here.includes("dev"));
    });

    it("passes secrets through env: only, never into a script; the NKS kubeconfig with its authenticator and keys", () => {
        for (const [name, job] of Object.entries(workflow.jobs)) {
            for (const step of job.steps) {
                assert.doesNotMatch(step.run ?? "", /\$\{\{\s*secrets\./, `${name}: ${step.name ?? step.run}`);
            }
        }
        const kubeconfig = workflow.jobs.deploy.steps.find((s) => s.name === "Kubeconfig");
        assert.deepStrictEqual(kubeconfig?.env, { KUBECONFIG_CONTENT: "${{ secrets.KUBECONFIG }}" });
        assert.match(kubeconfig.run ?? "", /"\$KUBECONFIG_CONTENT" > ~\/\.kube\/config/);
        const deploy = workflow.jobs.deploy;
        assert.strictEqual(deploy.env?.NCLOUD_ACCESS_KEY, "${{ secrets.NCLOUD_ACCESS_KEY }}");
        assert.strictEqual(deploy.env?.NCLOUD_SECRET_KEY, "${{ secrets.NCLOUD_SECRET_KEY }}");
        // One setting at the top for NCP's site (public, gov or fin), which every job inherits.
        assert.strictEqual(deploy.env?.NCLOUD_API_GW, undefined);
        assert.ok(
            (Object.values(NCP_API_GATEWAYS) as string[]).includes(workflow.env.NCLOUD_API_GW),
            workflow.env.NCLOUD_API_GW,
        );
        assert.strictEqual(workflow.env.NCLOUD_API_GW, NCP_API_GATEWAYS.public);
        const install = deploy.steps.findIndex((s) => s.name === "ncp-iam-authenticator");
        assert.ok(install >= 0 && install < deploy.steps.indexOf(kubeconfig), "installed before it is needed");
        assert.match(deploy.steps[install].run ?? "", /sha256sum -c/);
        assert.equal(workflow.env.NCP_IAM_AUTHENTICATOR_VERSION, "1.1.1");
        // v1.1.1's release assets (.goreleaser.yaml at v1.1.1: name_template "{{ .ProjectName }}_{{ .Os }}_{{ .Arch }}",
        // checksum "{{ .ProjectName }}_SHA256SUMS"): no version in the names any more.
        const urls = [...(deploy.steps[install].run ?? "").matchAll(/"\$base\/([^"]+)"/g)].map((m) => m[1]);
        const file = /file="([^"]+)"/.exec(deploy.steps[install].run ?? "")?.[1];
        assert.deepEqual(
            urls.map((u) => u.replace("$file", file ?? "")),
            ["ncp-iam-authenticator_linux_amd64", "ncp-iam-authenticator_SHA256SUMS"],
        );
    });

    it("is described in docs/ci.md as it is", () => {
        for (const text of [
            "policyPacks: policy",
            "upsert: true",
            "pull-requests: write",
            `PULUMI_VERSION: ${workflow.env.PULUMI_VERSION}`,
            "Pulumi.<stack>.yaml",
            "NCLOUD_ACCESS_KEY",
            "NCLOUD_SECRET_KEY",
            "ncp-iam-authenticator create-kubeconfig",
            "npm run lint",
            "actionlint",
        ]) {
            assert.ok(ciDoc.includes(text), text);
        }
        assert.doesNotMatch(ciDoc, /matrix `stack: \[dev\]`/, "stacks are not hard-coded any more");
    });
});
