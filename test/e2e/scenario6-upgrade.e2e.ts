// Upgrading a stack from the previous release keeps its load balancer: a stack deployed with the
// last release CI passed (a git worktree of previousRelease in test/e2e/versions.json, with its own
// dependencies) previews with the current code with no delete or replace, its up keeps the gateway
// Service's uid and address and every route, and destroy leaves nothing of ours. Runs last of the
// scenario files (see scenarioSteps.ts).
import * as assert from "node:assert/strict";
import { assertSeedRoutes, SEED_APPS } from "./expect";
import {
    clusterLeftovers,
    clusterScoped,
    kubectlGet,
    previousRelease,
    Project,
    ROOT,
    setLbControl,
    timing,
    untilEmpty,
} from "./harness";
import { CHART_REPO, leftovers, NS, SERVICE } from "./scenarioSteps";
import { assertIstioAnalyzeClean, createBackends, deleteBackends, lbAddress, ok, plannedSteps } from "./steps";

describe("upgrading a stack from the previous release keeps its load balancer", function () {
    this.timeout(15 * 60 * 1000);
    const stack = "e2e-upgrade";
    const config = {
        istio: { install: "helm", namespace: NS, chartRepository: CHART_REPO },
        loadBalancer: { layerType: "nlb", internal: false, addressTimeoutSeconds: 60 },
        apps: SEED_APPS,
        demo: false,
    };
    let project: Project;
    let clusterBefore: Set<string>;

    before(async () => {
        setLbControl({ mode: "hostname" });
        await createBackends(SEED_APPS);
        clusterBefore = await clusterScoped();
        project = new Project("upgrade", await previousRelease());
        project.writeStack(stack, config);
        await project.stackInit(stack);
    });
    after(() => deleteBackends(SEED_APPS));

    it("deploys with the previous release; the current code previews no replace or delete, and up keeps the Service", async () => {
        ok(await project.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]), "up with the previous release");
        const before = await kubectlGet("service", SERVICE, NS);
        const address = await lbAddress(NS, SERVICE);
        project.useProgram(ROOT);
        const p = ok(await project.pulumi(["preview", "--stack", stack, "--json"]), "preview with the current code");
        timing("upgrade: preview with the current code", p.seconds);
        const steps = plannedSteps(p);
        const gone = ["delete", "replace", "create-replacement", "delete-replaced"].flatMap((op) => steps[op] ?? []);
        assert.deepEqual(gone, [], `the upgrade would delete or replace: ${JSON.stringify(steps)}`);
        ok(await project.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]), "up with the current code");
        const after = await kubectlGet("service", SERVICE, NS);
        assert.equal(after.metadata.uid, before.metadata.uid, "the gateway Service was recreated: a new NCP LB");
        assert.equal(await lbAddress(NS, SERVICE), address);
        await assertSeedRoutes(NS, SEED_APPS, address);
        await assertIstioAnalyzeClean(NS);
        ok(await project.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stack]), "destroy");
        assert.deepEqual(await untilEmpty(leftovers), []);
        assert.deepEqual(await clusterLeftovers(clusterBefore), [], "cluster-scoped objects left");
    });
});
