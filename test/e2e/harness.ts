// What the end-to-end scenarios use: the real pulumi CLI on a copy of the project, the previous
// release's checkout, the timings of the steps, and, from cluster.ts (re-exported here, so scenarios
// import everything from ./harness), the environment test/e2e/up.sh wrote, commands, kubectl
// against the harness's API server and our LB controller's control file.
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { E2E, harnessEnv, Result, ROOT, run, show } from "./cluster";

export * from "./cluster";

/** What a Pulumi run of the program reads from the project (its stack files aside). */
const PROGRAM_FILES = [
    "index.ts",
    "config.ts",
    "components",
    "Pulumi.yaml",
    "package.json",
    "tsconfig.json",
    "tsconfig.pulumi.json",
];

/**
 * The program's StackReference to its own stack (index.ts, the install guard) reads the stack's
 * checkpoint while the engine writes it. The local backend's blob store writes a checkpoint's
 * `.attrs` file by truncating and rewriting it (gocloud.dev v0.46 blob/fileblob/attrs.go setAttrs),
 * so a read at that instant decodes an empty file: "failed to load checkpoint: EOF", and the run
 * fails before it touches the cluster. Seen once in a clean-clone `.ci/run` (docs/troubleshooting.md).
 */
const CHECKPOINT_READ_RACE = /StackReference[^\n]*\n?[^\n]*failed to load checkpoint: EOF/;

/**
 * A copy of the project (program, config rules, Pulumi.yaml) with its own stack files, outside the
 * project root (the shipped workflow deploys every root Pulumi.*.yaml). `source`: another checkout
 * of the program, e.g. the previous release's (see previousRelease).
 */
export class Project {
    readonly dir: string;
    /** More environment for every pulumi run (e.g. SSL_CERT_FILE for a manifest served over https). */
    env: NodeJS.ProcessEnv = {};
    constructor(
        readonly name: string,
        source = ROOT,
    ) {
        this.dir = path.join(E2E, "work", name);
        fs.rmSync(this.dir, { recursive: true, force: true });
        fs.mkdirSync(this.dir, { recursive: true });
        this.useProgram(source);
    }

    /** Replaces the program and its dependencies with those of `source` (the stack files and state stay). */
    useProgram(source: string): void {
        for (const f of PROGRAM_FILES) {
            fs.rmSync(path.join(this.dir, f), { recursive: true, force: true });
            if (fs.existsSync(path.join(source, f)))
                fs.cpSync(path.join(source, f), path.join(this.dir, f), { recursive: true });
        }
        fs.rmSync(path.join(this.dir, "node_modules"), { force: true });
        fs.symlinkSync(path.join(source, "node_modules"), path.join(this.dir, "node_modules"));
    }

    /** Writes Pulumi.<stack>.yaml (keys without a namespace get `ncp-ingress:`), keeping its salt. */
    writeStack(stack: string, config: Record<string, unknown>): void {
        const file = path.join(this.dir, `Pulumi.${stack}.yaml`);
        const old = fs.existsSync(file) ? YAML.parse(fs.readFileSync(file, "utf8")) : {};
        const full = Object.fromEntries(
            Object.entries(config).map(([k, v]) => [k.includes(":") ? k : `ncp-ingress:${k}`, v]),
        );
        fs.writeFileSync(
            file,
            YAML.stringify({ ...(old?.encryptionsalt ? { encryptionsalt: old.encryptionsalt } : {}), config: full }),
        );
    }

    /** The config map of Pulumi.<stack>.yaml as the CLI left it. */
    readStack(stack: string): Record<string, any> {
        return YAML.parse(fs.readFileSync(path.join(this.dir, `Pulumi.${stack}.yaml`), "utf8")).config;
    }

    /**
     * Runs the pulumi CLI as the deployer (user e2e-deployer, bound to docs/deployer-rbac.yaml's
     * ClusterRole, not an admin), or as `nobody`, a user without any rights.
     */
    async pulumi(args: string[], as: "deployer" | "nobody" = "deployer"): Promise<Result> {
        const env = harnessEnv();
        const kubeconfig = as === "deployer" ? env.E2E_DEPLOYER_KUBECONFIG : env.E2E_NOBODY_KUBECONFIG;
        const once = () =>
            run("pulumi", [...args, "--non-interactive", "--color", "never"], {
                cwd: this.dir,
                env: { ...env, ...this.env, KUBECONFIG: kubeconfig },
            });
        const r = await once();
        if (r.code === 0 || !CHECKPOINT_READ_RACE.test(r.stdout + r.stderr)) return r;
        // The local backend's race (CHECKPOINT_READ_RACE): not this run's doing; run it once more.
        console.log(`      (pulumi ${args[0]}: the local backend's checkpoint read race; run again)`);
        return once();
    }

    /**
     * Starts the pulumi CLI as the deployer in a process group of its own (its plugins, the language
     * host, the program and the provider, join it), for a test that kills the whole run at once.
     */
    spawnPulumi(args: string[]): ChildProcess {
        const env = harnessEnv();
        return spawn("pulumi", [...args, "--non-interactive", "--color", "never"], {
            cwd: this.dir,
            env: { ...env, ...this.env, KUBECONFIG: env.E2E_DEPLOYER_KUBECONFIG },
            detached: true,
            stdio: "ignore",
        });
    }

    /** A new, empty stack (an earlier run's stack of that name is forgotten, not destroyed). */
    async stackInit(stack: string): Promise<void> {
        const file = path.join(this.dir, `Pulumi.${stack}.yaml`);
        const config = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
        await this.pulumi(["stack", "rm", stack, "--force", "--yes"]); // removes the file too
        if (config !== undefined) fs.writeFileSync(file, config);
        const r = await this.pulumi(["stack", "init", stack, "--secrets-provider", "passphrase"]);
        if (r.code !== 0) throw new Error(`stack init ${stack}: ${show(r)}`);
    }

    /** The stack's outputs (pulumi stack output --json). */
    async outputs(stack: string): Promise<Record<string, unknown>> {
        const r = await this.pulumi(["stack", "output", "--json", "--stack", stack]);
        if (r.code !== 0) throw new Error(show(r));
        return JSON.parse(r.stdout);
    }
}

const timings: Record<string, number> = {};
/** Records how long a scenario step took (written to .e2e/timings.json and printed at the end). */
export function timing(step: string, seconds: number): void {
    timings[step] = Math.round(seconds * 10) / 10;
    fs.mkdirSync(E2E, { recursive: true });
    fs.writeFileSync(path.join(E2E, "timings.json"), JSON.stringify(timings, null, 2));
}

/**
 * A checkout of the previous release (test/e2e/versions.json previousRelease: the last commit on
 * main that CI passed), as a git worktree under .e2e/: what an existing stack was deployed with.
 */
export async function previousRelease(): Promise<string> {
    const versions = JSON.parse(fs.readFileSync(path.join(ROOT, "test/e2e/versions.json"), "utf8"));
    const commit: string = versions.previousRelease.commit;
    const dir = path.join(E2E, "previous-release", commit.slice(0, 12));
    if (!fs.existsSync(path.join(dir, "index.ts"))) {
        const has = await run("git", ["cat-file", "-e", `${commit}^{commit}`]);
        if (has.code !== 0)
            throw new Error(
                `the previous release ${commit} is not in this clone's history (a shallow clone?): ${show(has)}`,
            );
        await run("git", ["worktree", "prune"]);
        fs.rmSync(dir, { recursive: true, force: true });
        const r = await run("git", ["worktree", "add", "--detach", "--force", dir, commit]);
        if (r.code !== 0) throw new Error(`git worktree add ${dir} ${commit}: ${show(r)}`);
    }
    if (!fs.existsSync(path.join(dir, "node_modules", "@pulumi", "kubernetes"))) {
        // Its own dependencies, as its users had them (from the npm registry, as its package-lock says).
        const ci = await run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: dir });
        if (ci.code !== 0) throw new Error(`npm ci in ${dir}: ${show(ci)}`);
    }
    return dir;
}
