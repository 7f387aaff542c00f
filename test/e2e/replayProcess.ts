// Our operator replay (operatorReplay.ts) as a child process of a scenario, and pulumi commands that
// stop as soon as the replay reports a CR it cannot replay. Shared by the operator scenario and the
// migration off the operator.
import * as assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { E2E, eventually, harnessEnv, kubectl, kubectlGet, Project, Result, ROOT, show } from "./harness";
import { DEFAULT_CAPTURE_DIR, readTimeline, ReplayEvent } from "./operatorReplay";

const env = harnessEnv();
const RUN = path.join(E2E, "run");
const CAPTURE_DIR = process.env.OPERATOR_CAPTURE_DIR || DEFAULT_CAPTURE_DIR;
const OPERATOR_NS = "istio-operator";
const OPERATOR_SA = "istio-operator";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Our replay as a child process, started once the program has created the operator's ServiceAccount. */
export class ReplayProcess {
    readonly timeline = path.join(RUN, "operator-replay.timeline.jsonl");
    readonly log = path.join(RUN, "operator-replay.log");
    private readonly kubeconfig = path.join(RUN, "operator-replay.kubeconfig");
    private child?: ChildProcess;
    private launching?: Promise<void>;
    private stopping = false;
    get running(): boolean {
        return !this.stopping;
    }

    /** Starts it if stopped and waits until it holds the operator's lease (a restart waits out the old one). */
    async ensureLeader(): Promise<void> {
        if (this.running) return;
        const t = Date.now();
        this.start();
        await eventually("the restarted replay's lease", 90, async () => {
            if (this.problem) throw new Error(this.problem);
            return this.events(t).find((e) => e.what === "leader");
        });
    }
    /** Why the replay is not running when it should be (launch failed, exited). */
    problem?: string;

    /** Returns at once: waits in the background for the ServiceAccount (the program's first up creates it). */
    start(): void {
        this.stopping = false;
        this.problem = undefined;
        this.launching = this.launch().catch((e) => {
            this.problem = `starting the replay: ${(e as Error).message}`;
        });
    }

    private async launch(): Promise<void> {
        while (!(await kubectlGet("serviceaccount", OPERATOR_SA, OPERATOR_NS))) {
            if (this.stopping) return;
            await sleep(1000);
        }
        // The harness's kubectl is admin; it only mints the token. The replay itself gets the SA's.
        const token = await kubectl(["create", "token", OPERATOR_SA, "-n", OPERATOR_NS, "--duration", "1h"]);
        if (token.code !== 0) throw new Error(`kubectl create token: ${show(token)}`);
        const admin = YAML.parse(fs.readFileSync(env.KUBECONFIG!, "utf8"));
        const { server } = admin.clusters[0].cluster;
        const config = {
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name: "e2e", cluster: { server, "insecure-skip-tls-verify": true } }],
            users: [{ name: `${OPERATOR_NS}/${OPERATOR_SA}`, user: { token: token.stdout.trim() } }],
            contexts: [{ name: "operator", context: { cluster: "e2e", user: `${OPERATOR_NS}/${OPERATOR_SA}` } }],
            "current-context": "operator",
        };
        fs.writeFileSync(this.kubeconfig, YAML.stringify(config), { mode: 0o600 });
        if (this.stopping) return;
        const out = fs.openSync(this.log, "a");
        const child = spawn(
            process.execPath,
            [
                path.join(ROOT, "node_modules/.bin/ts-node"),
                "--transpile-only",
                path.join(__dirname, "operatorReplay.ts"),
            ],
            {
                cwd: ROOT,
                env: {
                    ...env,
                    KUBECONFIG: this.kubeconfig,
                    REPLAY_TIMELINE: this.timeline,
                    OPERATOR_CAPTURE_DIR: CAPTURE_DIR,
                },
                stdio: ["ignore", out, out],
            },
        );
        fs.closeSync(out);
        child.on("exit", (code, signal) => {
            if (!this.stopping) this.problem = `the replay exited (${code ?? signal}); its log: ${this.logTail()}`;
        });
        this.child = child;
    }

    async stop(): Promise<void> {
        this.stopping = true;
        await this.launching;
        const child = this.child;
        this.child = undefined;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, sleep(5000)]);
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }

    events(since = 0): ReplayEvent[] {
        return readTimeline(this.timeline).filter((e) => e.t >= since);
    }

    logTail(): string {
        return fs.existsSync(this.log) ? fs.readFileSync(this.log, "utf8").slice(-3000) : "(no log)";
    }

    /** Asserts that a command succeeded; its failure says what the replay reported and its log's end. */
    assertSucceeded<T extends Result>(r: T, what: string): T {
        const stopped = (r as Partial<Run>).replay;
        const why = stopped ? `\n--- stopped: the replay reported ${stopped}` : "";
        const problem = this.problem ? `\n--- replay: ${this.problem}` : "";
        assert.equal(r.code, 0, `${what} failed${why}${problem}: ${show(r)}\n--- replay log\n${this.logTail()}`);
        return r;
    }
}

export interface Run extends Result {
    /** ms since the epoch when the command started and ended */
    t0: number;
    t1: number;
    /** what made the run stop early: the replay's ERROR status or failure */
    replay?: string;
}

/**
 * A pulumi command in the project, stopped (SIGINT, as Ctrl-C) as soon as the replay reports a CR
 * it cannot replay or a failure, instead of waiting out the provider's timeout.
 */
export function pulumiRun(project: Project, replay: ReplayProcess, args: string[]): Promise<Run> {
    const t0 = Date.now();
    const child = spawn("pulumi", [...args, "--non-interactive", "--color", "never"], { cwd: project.dir, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    let stopped: string | undefined;
    const poll = setInterval(() => {
        if (stopped) return;
        const bad = replay
            .events(t0)
            .find((e) => e.cr && (e.what === "failure" || (e.what === "status" && e.status === "ERROR")));
        if (!bad) return;
        stopped = `${bad.cr}: ${bad.what} ${bad.status ?? ""} ${bad.message ?? ""}`;
        child.kill("SIGINT");
        setTimeout(() => child.exitCode === null && child.kill("SIGINT"), 15000);
        setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), 30000);
    }, 500);
    return new Promise((resolve) => {
        child.on("close", (code) => {
            clearInterval(poll);
            const t1 = Date.now();
            resolve({ code: code ?? 1, stdout, stderr, seconds: (t1 - t0) / 1000, t0, t1, replay: stopped });
        });
    });
}
