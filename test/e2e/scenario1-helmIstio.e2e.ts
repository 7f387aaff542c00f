// helm install, Istio routing: Istio's released charts at the program's default version, through the
// real provider. A deployer without the role is refused; a first preview lists one VirtualService
// per app; up creates everything, and the gateway Service (Istio's ports and one per app), its NCP
// annotations, the routes, the Gateway and the outputs agree with the LB address; a second up
// changes nothing; adding an app with `pulumi config set --path` and removing it again touch that
// app's route, port and server only; a new LB address reaches every route; an upgrade to the
// newest released charts keeps the gateway Service (uid, address); destroy leaves nothing of ours.
// Runs first of the scenario files (see scenarioSteps.ts).
import * as assert from "node:assert/strict";
import {
    assertSeedGateway,
    assertSeedRoutes,
    chartServicePorts,
    EXTRA_APP,
    expectedOutputs,
    ncpAnnotations,
    SEED_APPS,
    seedAnnotations,
} from "./expect";
import {
    clusterLeftovers,
    clusterScoped,
    eventually,
    harnessEnv,
    kubectlGet,
    lbSeen,
    Project,
    setLbControl,
    show,
    timing,
    untilEmpty,
} from "./harness";
import { assertGatewayService, CHART_REPO, CHARTS, ISTIO_DEFAULT, leftovers, NS, SERVICE } from "./scenarioSteps";
import {
    assertIstioAnalyzeClean,
    createBackends,
    deleteBackends,
    lbAddress,
    ok,
    plannedKinds,
    plannedSteps,
    setAppByPath,
} from "./steps";

const ISTIO_NEWEST = harnessEnv().E2E_ISTIO_NEWEST!;

describe("helm install, Istio routing (Istio's released charts, real provider)", function () {
    this.timeout(15 * 60 * 1000);
    const project = new Project("helm-istio");
    const stack = "e2e-helm";
    // No istio.version: the program's default chart version is the one deployed.
    const config = (apps: readonly object[], version?: string) => ({
        istio: { install: "helm", namespace: NS, chartRepository: CHART_REPO, ...(version ? { version } : {}) },
        loadBalancer: { layerType: "nlb", internal: false, addressTimeoutSeconds: 60 },
        apps,
        demo: false,
    });
    let clusterBefore: Set<string>;

    before(async () => {
        setLbControl({ mode: "hostname" });
        await createBackends([...SEED_APPS, EXTRA_APP]);
        clusterBefore = await clusterScoped();
        project.writeStack(stack, config(SEED_APPS));
        await project.stackInit(stack);
    });
    after(() => deleteBackends([...SEED_APPS, EXTRA_APP]));

    it("a deployer without the ncp-ingress-deployer role is refused, and nothing is created", async () => {
        const r = await project.pulumi(["up", "--yes", "--stack", stack, "--skip-preview"], "nobody");
        assert.notEqual(r.code, 0, show(r));
        assert.match(r.stdout + r.stderr, /User "e2e-nobody" cannot \w+ resource/, show(r));
        assert.equal(await kubectlGet("namespace", NS), undefined, "a namespace was created");
        ok(await project.pulumi(["refresh", "--yes", "--stack", stack, "--skip-preview"]), "refresh as the deployer");
    });

    it("previews a new stack: every route listed, nothing fails", async () => {
        const r = ok(await project.pulumi(["preview", "--stack", stack, "--json"]), "preview");
        timing("helm: first preview", r.seconds);
        const routes = plannedKinds(r).create.filter((s) => s.startsWith("VirtualService::"));
        assert.deepEqual(routes, SEED_APPS.map((a) => `VirtualService::apps-${a.name}`).sort());
    });

    it("pulumi up creates everything; Service, annotations and routes agree with the LB address", async () => {
        const r = ok(await project.pulumi(["up", "--yes", "--stack", stack, "--skip-preview"]), "up");
        timing("helm: first up", r.seconds);
        const svc = await assertGatewayService(SEED_APPS);
        assert.deepEqual(ncpAnnotations(svc), seedAnnotations(), "the Service's NCP annotations");
        const address = await lbAddress(NS, SERVICE);
        assert.match(address, /^istio-system-istio-ingressgateway-[0-9a-f]{10}\.kr\.lb\.naverncp\.com$/);
        assert.equal(lbSeen()[`${NS}/${SERVICE}`]?.address, address, "the LB stand-in's record");
        await assertSeedRoutes(NS, SEED_APPS, address);
        await assertSeedGateway(NS, SEED_APPS);
        const outputs = await project.outputs(stack);
        assert.deepEqual(outputs, expectedOutputs(svc, address, SEED_APPS, "helm", ISTIO_DEFAULT));
        await assertIstioAnalyzeClean(NS);
    });

    it("a second up changes nothing", async () => {
        const r = ok(
            await project.pulumi(["up", "--yes", "--stack", stack, "--expect-no-changes", "--skip-preview"]),
            "up --expect-no-changes",
        );
        timing("helm: no-change up", r.seconds);
    });

    it("adding one app previews as that app's route, the Service port and the Gateway server only", async () => {
        await setAppByPath(project, stack, SEED_APPS.length, EXTRA_APP);
        assert.deepEqual(project.readStack(stack)["ncp-ingress:apps"][SEED_APPS.length], EXTRA_APP);
        const r = ok(await project.pulumi(["preview", "--stack", stack, "--json", "--diff"]), "preview");
        timing("helm: preview after adding an app", r.seconds);
        const steps = plannedKinds(r);
        assert.deepEqual(Object.keys(steps).sort(), ["create", "update"], JSON.stringify(steps));
        assert.deepEqual(steps.create, [`VirtualService::apps-${EXTRA_APP.name}`]);
        const updates = steps.update;
        assert.equal(updates.length, 2, JSON.stringify(updates));
        assert.ok(updates.includes("Gateway::apps-gateway"), `the Gateway gets the server: ${updates}`);
        assert.ok(
            updates.some((u) => /^Service::.*istio-ingressgateway$/.test(u)),
            `the gateway Service gets the port: ${updates}`,
        );
        ok(await project.pulumi(["up", "--yes", "--stack", stack, "--skip-preview"]), "up with the new app");
        const apps = [...SEED_APPS, EXTRA_APP];
        const svc = await assertGatewayService(apps);
        const address = await lbAddress(NS, SERVICE);
        await assertSeedRoutes(NS, apps, address);
        await assertSeedGateway(NS, apps);
        const outputs = await project.outputs(stack);
        assert.deepEqual(outputs, expectedOutputs(svc, address, apps, "helm", ISTIO_DEFAULT));
        await assertIstioAnalyzeClean(NS);
    });

    it("removing it again deletes that route only", async () => {
        project.writeStack(stack, config(SEED_APPS));
        const r = ok(await project.pulumi(["preview", "--stack", stack, "--json"]), "preview");
        const steps = plannedKinds(r);
        assert.deepEqual(steps.delete, [`VirtualService::apps-${EXTRA_APP.name}`]);
        assert.ok(!steps.create && !steps.replace, JSON.stringify(steps));
        ok(await project.pulumi(["up", "--yes", "--stack", stack, "--skip-preview"]), "up");
        assert.equal(await kubectlGet("virtualservices.networking.istio.io", EXTRA_APP.name, NS), undefined);
        await assertGatewayService(SEED_APPS);
        await assertSeedGateway(NS, SEED_APPS);
    });

    it("a new LB address reaches every route on the next up", async () => {
        const before = await lbAddress(NS, SERVICE);
        setLbControl({ mode: "hostname", generation: 1 });
        const after = await eventually("a new LB address", 10, async () => {
            const now = await lbAddress(NS, SERVICE);
            return now !== before ? now : undefined;
        });
        const r = ok(
            await project.pulumi(["up", "--yes", "--stack", stack, "--skip-preview"]),
            "up after the address changed",
        );
        timing("helm: up after the LB address changed", r.seconds);
        await assertSeedRoutes(NS, SEED_APPS, after);
        assert.equal((await project.outputs(stack)).loadBalancerAddress, after);
    });

    it(`upgrading Istio to the newest released charts keeps the gateway Service (uid, address)`, async () => {
        assert.notEqual(ISTIO_NEWEST, ISTIO_DEFAULT, `${CHARTS} holds no release newer than ${ISTIO_DEFAULT}`);
        const before = await kubectlGet("service", SERVICE, NS);
        project.writeStack(stack, config(SEED_APPS, ISTIO_NEWEST));
        const p = ok(await project.pulumi(["preview", "--stack", stack, "--json"]), "preview of the upgrade");
        const steps = plannedSteps(p);
        const gone = [...(steps.delete ?? []), ...(steps.replace ?? []), ...(steps["create-replacement"] ?? [])];
        assert.deepEqual(
            gone.filter((s) => /:Service::/.test(s)),
            [],
            "the upgrade replaces no Service",
        );
        const r = ok(await project.pulumi(["up", "--yes", "--stack", stack, "--skip-preview"]), "upgrade");
        timing(`helm: upgrade ${ISTIO_DEFAULT} -> ${ISTIO_NEWEST}`, r.seconds);
        const svc = await assertGatewayService(SEED_APPS, chartServicePorts(CHARTS, ISTIO_NEWEST));
        assert.equal(svc.metadata.uid, before.metadata.uid, "the gateway Service was recreated: a new NCP LB");
        const address = await lbAddress(NS, SERVICE);
        assert.deepEqual(svc.status.loadBalancer, before.status.loadBalancer);
        await assertSeedRoutes(NS, SEED_APPS, address);
        assert.equal((await project.outputs(stack)).istioVersion, ISTIO_NEWEST);
        await assertIstioAnalyzeClean(NS);
    });

    it("pulumi destroy leaves nothing of ours", async () => {
        const r = ok(await project.pulumi(["destroy", "--yes", "--stack", stack, "--skip-preview"]), "destroy");
        timing("helm: destroy", r.seconds);
        assert.deepEqual(await untilEmpty(leftovers), []);
        assert.deepEqual(await clusterLeftovers(clusterBefore), [], "cluster-scoped objects left");
    });
});
