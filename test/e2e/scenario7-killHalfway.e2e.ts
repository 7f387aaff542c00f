// A first `up` of 200 apps killed half-way loses nothing: the whole run (CLI, language host, program,
// provider) is killed at once while the VirtualServices are being created. The recovery
// docs/troubleshooting.md gives ("A run was killed"): `pulumi cancel` (the killed run's lock),
// `pulumi refresh`, `pulumi up` converge on exactly the stack's objects, keeping the gateway Service
// (and so the LB) the killed run created; a no-change preview passes. The objects whose create the
// killed run had sent but not recorded keep that run's field manager beside the new one, so their
// first change needs one `up` with PULUMI_K8S_ENABLE_PATCH_FORCE=true (shown failing without it);
// later changes need nothing. Destroy leaves nothing. The engine's checkpoints (the file backend's
// default) are on, as in every run here. Runs after the other scenarios (see scenarioSteps.ts).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { once } from "node:events";
import { E2eApp, expectedOutputs, numberedApps } from "./expect";
import {
    clusterLeftovers,
    clusterScoped,
    E2E,
    kubectlGet,
    kubectlList,
    Project,
    setLbControl,
    timing,
    untilEmpty,
} from "./harness";
import { assertGatewayService, CHART_REPO, ISTIO_DEFAULT, leftovers, NS, SERVICE } from "./scenarioSteps";
import { lbAddress, ok } from "./steps";

const APPS = 200;
const apps = (backendPort: number) => numberedApps(APPS, backendPort);

describe(`a first up of ${APPS} apps killed half-way loses nothing`, function () {
    this.timeout(20 * 60 * 1000);
    const stack = "e2e-kill";
    const project = new Project("kill-halfway");
    const config = (list: E2eApp[]) => ({
        istio: { install: "helm", namespace: NS, chartRepository: CHART_REPO },
        loadBalancer: { layerType: "nlb", internal: false, addressTimeoutSeconds: 120 },
        apps: list,
        demo: false,
    });
    let clusterBefore: Set<string>;

    before(async () => {
        setLbControl({ mode: "hostname" });
        clusterBefore = await clusterScoped();
        project.writeStack(stack, config(apps(80)));
        await project.stackInit(stack);
    });

    it("killed once half the routes exist; cancel, refresh and up converge, keeping the Service; destroy leaves nothing", async () => {
        const routes = async () => (await kubectlList("virtualservices.networking.istio.io", NS)).length;
        const run = project.spawnPulumi(["up", "--yes", "--skip-preview", "--stack", stack]);
        const exited = once(run, "exit");
        let atKill = 0;
        for (let finished = false; !finished;) {
            finished = await Promise.race([
                exited.then(() => true),
                new Promise<boolean>((r) => setTimeout(() => r(false), 300)),
            ]);
            atKill = await routes();
            if (!finished && atKill >= APPS / 2) {
                process.kill(-run.pid!, "SIGKILL"); // the whole process group, as a cancelled CI job
                break;
            }
        }
        const [code, signal] = await exited;
        assert.equal(signal, "SIGKILL", `the up ended by itself (exit ${code}) before half the routes existed`);
        assert.ok(atKill < APPS, `all ${APPS} routes existed when the run was killed`);
        const svcAtKill = await kubectlGet("service", SERVICE, NS);
        assert.ok(svcAtKill, "the killed run had not created the gateway Service yet");
        console.log(`      killed with ${atKill} of ${APPS} VirtualServices created`);

        // A kill while the local backend rewrote the checkpoint's .attrs file (in place: gocloud.dev
        // blob/fileblob/attrs.go setAttrs) leaves it empty, and every later read fails "EOF";
        // without that file the backend reads the checkpoint as it is (docs/troubleshooting.md).
        const attrs = path.join(E2E, "state", ".pulumi", "stacks", "ncp-ingress", `${stack}.json.attrs`);
        if (fs.existsSync(attrs) && fs.statSync(attrs).size === 0) fs.rmSync(attrs);
        ok(await project.pulumi(["cancel", "--yes", "--stack", stack]), "cancel (the killed run's lock)");
        timing(
            "kill half-way: refresh",
            ok(await project.pulumi(["refresh", "--yes", "--skip-preview", "--stack", stack]), "refresh").seconds,
        );
        timing(
            "kill half-way: up after",
            ok(await project.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]), "up after the kill").seconds,
        );
        const list = apps(80);
        const svc = await assertGatewayService(list);
        assert.equal(svc.metadata.uid, svcAtKill.metadata.uid, "the gateway Service was recreated: a new NCP LB");
        const names = (await kubectlList("virtualservices.networking.istio.io", NS)).map((v) => v.metadata.name).sort();
        assert.equal(names.length, APPS, `VirtualServices: ${names.length}`);
        assert.deepEqual(
            await project.outputs(stack),
            expectedOutputs(svc, await lbAddress(NS, SERVICE), list, "helm", ISTIO_DEFAULT),
        );
        ok(
            await project.pulumi(["preview", "--expect-no-changes", "--stack", stack]),
            "no-change preview after converging",
        );

        // Every app's backend port changes, the routes the killed run created included.
        const up = ["up", "--yes", "--skip-preview", "--stack", stack];
        project.writeStack(stack, config(apps(8080)));
        const refused = await project.pulumi(up);
        assert.notEqual(refused.code, 0, "the first change after the kill needed no force: update the docs");
        assert.match(refused.stdout + refused.stderr, /conflict with "pulumi-kubernetes-/);
        project.env = { PULUMI_K8S_ENABLE_PATCH_FORCE: "true" };
        ok(await project.pulumi(up), "the first change after the kill, with PULUMI_K8S_ENABLE_PATCH_FORCE=true");
        project.env = {};
        const backendPorts = async () =>
            new Set(
                (await kubectlList("virtualservices.networking.istio.io", NS)).map(
                    (v) => v.spec.http[0].route[0].destination.port.number,
                ),
            );
        assert.deepEqual(await backendPorts(), new Set([8080]));
        project.writeStack(stack, config(list));
        ok(await project.pulumi(up), "a later change, without force");
        assert.deepEqual(await backendPorts(), new Set([80]));

        ok(await project.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stack]), "destroy");
        assert.deepEqual(await untilEmpty(leftovers), []);
        assert.deepEqual(await clusterLeftovers(clusterBefore), [], "cluster-scoped objects left");
    });
});
