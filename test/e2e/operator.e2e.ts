// The seed's own path: Pulumi.dev.yaml itself (operator mode, Istio 1.23.6) through preview, up, a
// no-change up, one more app (dev-plus-echo's echo), its removal, a failure with the operator stopped
// and destroy, with the in-cluster operator played by our replay of what the real 1.23.6 operator did
// (test/e2e/operatorReplay.ts, ../shared/istio-operator-1.23.6). The replay runs with the token of the
// ServiceAccount the program creates for the operator, so the program's operator RBAC is exercised on
// every call it makes. A CR the capture does not cover gets status ERROR from the replay, which stops
// the run at once (pulumiRun), so a change to what the program renders cannot pass silently.
// Its state, helpers, before and after are in operatorStack.ts, its longer checks in operatorChecks.ts.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { assertSeedGateway, assertSeedRoutes, expectedOutputs, servicePorts } from "./expect";
import { harnessEnv, kubectlGet, Project, ROOT, show, timing } from "./harness";
import { CR, DEV_APPS, ISTIO_VERSION, NS, SERVICE, STACK } from "./devStack";
import { assertFirstInstallReplayed, assertInstalledAsCaptured, assertUpWaitedForTheOperator } from "./operatorChecks";
import { CR_PORTS, crPortDiff } from "./operatorChecks";
import { ECHO, operatorStack, sleep, WITH_ECHO } from "./operatorStack";
import { pulumiRun, ReplayProcess, Run } from "./replayProcess";
import { assertIstioAnalyzeClean, plannedKinds } from "./steps";

describe("operator install: Pulumi.dev.yaml with the Istio 1.23.6 operator replayed (test/e2e/operatorReplay.ts)", function () {
    this.timeout(20 * 60 * 1000);
    // E2E_OPERATOR_PROGRAM: another checkout of the program to run this against (e.g. an older
    // commit's `git archive`, to see which of these checks it fails); default this one.
    const project = new Project("operator-dev", process.env.E2E_OPERATOR_PROGRAM || ROOT);
    const replay = new ReplayProcess();
    const dev = operatorStack(project, replay);
    const { ok, up, capture, cr, capturedPorts, healthy, owned, addEcho, restoreDev, assertService, managersOf } = dev;

    before(() => dev.setUp());

    after(() => dev.cleanUp());

    it("previews the new stack: the operator install, the IstioOperator and every route", async () => {
        const r = ok(await project.pulumi(["preview", "--stack", STACK, "--json"]), "preview");
        timing("operator: first preview", r.seconds);
        const creates = plannedKinds(r).create;
        for (const expected of [
            "Deployment::istio-operator",
            "IstioOperator::istio-operator-cr",
            "ServicePatch::ingress-lb-wait",
            ...DEV_APPS.map((a) => `VirtualService::apps-${a.name}`),
        ])
            assert.ok(creates.includes(expected), `${expected} not in ${creates}`);
    });

    it("up: the operator (replayed) installs Istio, the program waits for HEALTHY and routes by the LB hostname", async () => {
        const r = ok(await up("first up"), "up") as Run;
        await assertFirstInstallReplayed(dev, r);
        await assertInstalledAsCaptured(dev);

        // The gateway Service: exactly the seed's ports and NCP annotations (as the capture's Service has them).
        const s = await assertService(DEV_APPS);
        assert.deepEqual(servicePorts(s), capturedPorts("dev"));
        assert.match(dev.address, /^istio-system-istio-ingressgateway-[0-9a-f]{10}\.kr\.lb\.naverncp\.com$/);
        await assertSeedRoutes(NS, DEV_APPS, dev.address);
        await assertSeedGateway(NS, DEV_APPS);
        assert.deepEqual(
            await project.outputs(STACK),
            expectedOutputs(s, dev.address, DEV_APPS, "operator", ISTIO_VERSION),
        );
        await assertIstioAnalyzeClean(NS);
    });

    it("a second up changes nothing", async () => {
        ok(await up("no-change up", ["--expect-no-changes"]), "up --expect-no-changes");
    });

    for (const mode of ["helm", "none"])
        it(`switching istio.install to ${mode} is refused at preview and at up, naming the new hostname; the Service and the CR stay`, async () => {
            const service = await kubectlGet("service", SERVICE, NS);
            // The dev stack file with only the install mode changed (helm: the default version).
            fs.writeFileSync(
                path.join(project.dir, `Pulumi.${STACK}.yaml`),
                dev.devStackFile.replace("    install: operator\n    version: 1.23.6\n", `    install: ${mode}\n`),
            );
            try {
                for (const args of [["preview"], ["up", "--yes", "--skip-preview"]]) {
                    const r = await project.pulumi([...args, "--stack", STACK]);
                    assert.notEqual(r.code, 0, show(r));
                    assert.match(
                        r.stdout + r.stderr,
                        new RegExp(
                            `ncp-ingress:istio.install: "${mode}", but this stack was deployed with "operator".*new hostname`,
                        ),
                        show(r),
                    );
                }
            } finally {
                restoreDev();
            }
            assert.equal((await kubectlGet("service", SERVICE, NS))?.metadata.uid, service.metadata.uid);
            assert.ok(await cr(), "the IstioOperator is still there");
            ok(await up("no-change up after the refusals", ["--expect-no-changes"]), "up --expect-no-changes");
        });

    it("adding the echo app (dev-plus-echo): the preview shows one added port in the IstioOperator", async () => {
        await addEcho();
        const r = ok(await project.pulumi(["preview", "--stack", STACK, "--json", "--diff"]), "preview of adding echo");
        timing("operator: preview adding echo", r.seconds);
        const steps = plannedKinds(r);
        assert.deepEqual(steps.create, ["VirtualService::apps-echo"], JSON.stringify(steps));
        assert.ok(!steps.delete && !steps.replace, JSON.stringify(steps));
        assert.deepEqual(crPortDiff(r), { [`${CR_PORTS}[${DEV_APPS.length + 3}]`]: "add" });
    });

    it("adding echo: up returns only once the operator has given the Service port 30005, and its outputs have it", async () => {
        const r = ok(await up("up adding echo"), "up adding echo") as Run;
        // Read at once, before the replay's HEALTHY: the Service and the outputs of that same run.
        const s = await assertService(WITH_ECHO);
        const outputs: any = await project.outputs(STACK);
        assert.ok("30005" in outputs.gatewayNodePorts, `gatewayNodePorts: ${JSON.stringify(outputs.gatewayNodePorts)}`);
        assert.deepEqual(outputs, expectedOutputs(s, dev.address, WITH_ECHO, "operator", ISTIO_VERSION));
        await assertUpWaitedForTheOperator(dev, r);
        await assertSeedRoutes(NS, WITH_ECHO, dev.address);
        await assertSeedGateway(NS, WITH_ECHO);
        const gw = await kubectlGet("deployment", SERVICE, NS);
        const proxy = gw.spec.template.spec.containers.find((c: any) => c.name === "istio-proxy");
        assert.ok(
            proxy.ports.some((p: any) => p.containerPort === ECHO.port),
            "the gateway's container port 30005",
        );
        assert.deepEqual((await cr()).status, capture("dev-plus-echo").status);
    });

    it("removing echo again: one deleted port in the preview; up returns once the Service no longer has 30005", async () => {
        restoreDev();
        const p = ok(await project.pulumi(["preview", "--stack", STACK, "--json", "--diff"]), "preview");
        const steps = plannedKinds(p);
        assert.deepEqual(steps.delete, ["VirtualService::apps-echo"], JSON.stringify(steps));
        assert.ok(!steps.create && !steps.replace, JSON.stringify(steps));
        assert.deepEqual(crPortDiff(p), { [`${CR_PORTS}[${DEV_APPS.length + 3}]`]: "delete" });
        const r = ok(await up("up removing echo"), "up removing echo") as Run;
        const s = await assertService(DEV_APPS);
        const outputs: any = await project.outputs(STACK);
        assert.deepEqual(outputs, expectedOutputs(s, dev.address, DEV_APPS, "operator", ISTIO_VERSION));
        await assertUpWaitedForTheOperator(dev, r);
        assert.equal(await kubectlGet("virtualservices.networking.istio.io", ECHO.name, NS), undefined);
        await assertSeedGateway(NS, DEV_APPS);
    });

    it("with the operator stopped, an up that needs it fails within addressTimeoutSeconds naming the wait; restarted, the next up recovers", async () => {
        const timeout = 20;
        await healthy((await cr()).metadata.generation); // not stopped half-way through a change
        await replay.stop();
        await addEcho();
        ok(
            await project.pulumi([
                "config",
                "set",
                "--stack",
                STACK,
                "--path",
                "ncp-ingress:loadBalancer.addressTimeoutSeconds",
                String(timeout),
            ]),
            "config set",
        );
        const r = await up(`up with the operator stopped (timeout ${timeout}s)`);
        assert.notEqual(r.code, 0, `up succeeded with no operator to add port 30005: ${show(r)}`);
        const all = r.stdout + r.stderr;
        assert.match(all, /ingress-lb-wait/, show(r));
        assert.match(all, /timed out/, show(r));
        assert.match(all, /30005/, `the failure does not name the port it waited for: ${show(r)}`);
        assert.ok(r.seconds >= timeout, `failed after ${r.seconds}s, before the ${timeout}s timeout`);
        assert.ok(r.seconds < timeout + 90, `took ${r.seconds}s; the timeout is ${timeout}s`);
        const said = all.split("\n").filter((l) => /30005|timed out/.test(l));
        console.log(`      the failed up (${r.seconds}s):\n${said.map((l) => `        ${l.trim()}`).join("\n")}`);

        // The replay back (it waits out the old holder's lease, as client-go does): it reconciles the
        // CR's new generation, and the next up finds the port and finishes the routes.
        replay.start();
        await healthy((await cr()).metadata.generation);
        ok(await up("up after the operator is back"), "up after the operator is back");
        const s = await assertService(WITH_ECHO);
        const outputs: any = await project.outputs(STACK);
        assert.deepEqual(outputs, expectedOutputs(s, dev.address, WITH_ECHO, "operator", ISTIO_VERSION));
        await assertSeedRoutes(NS, WITH_ECHO, dev.address);

        restoreDev();
        const back = ok(await up("up back to the dev stack"), "up back to the dev stack") as Run;
        await assertService(DEV_APPS);
        await assertUpWaitedForTheOperator(dev, back);
        assert.equal((await project.outputs(STACK)).loadBalancerAddress, dev.address);
    });

    it("destroy: the operator (replayed) deletes what it made but its CRDs; nothing else of ours is left", async () => {
        await replay.ensureLeader(); // an earlier test failed with it stopped
        const r = ok(
            await pulumiRun(project, replay, ["destroy", "--yes", "--skip-preview", "--stack", STACK]),
            "destroy",
        ) as Run;
        timing("operator: destroy", r.seconds);
        const mine = replay
            .events(r.t0)
            .filter((e) => e.cr === `${NS}/${CR}` && ["deletion-seen", "deleted", "finalizer-removed"].includes(e.what))
            .map((e) => `${e.what}${e.count !== undefined ? ` ${e.count}` : ""}`);
        assert.deepEqual(
            mine,
            ["deletion-seen", `deleted ${dev.captures.deletedWhenCrDeleted.length}`, "finalizer-removed"],
            "what the replay did when the CR was deleted",
        );
        await replay.stop();

        const crds = dev.capturedCrds();
        let now = await dev.left();
        for (let i = 0; i < 60 && JSON.stringify(now) !== JSON.stringify(crds); i++) {
            await sleep(1000);
            now = await dev.left();
        }
        assert.deepEqual(now, crds, "left after destroy (the Istio CRDs stay, as the 1.23.6 operator leaves them)");
        assert.deepEqual(
            [...(await owned()).keys()].filter((k) => !k.startsWith("CustomResourceDefinition:")),
            [],
            "objects the operator made",
        );
    });

    it("a helm stack's first up over the CRDs the operator left takes them over (no field conflict), and its destroy leaves them", async () => {
        // Found with the real operator: this up failed with server-side apply conflicts on those CRDs
        // against field manager istio-operator (4 resources created, 6 errored).
        const crdNames = capture("dev")
            .objects.filter((o) => o.kind === "CustomResourceDefinition")
            .map((o) => o.metadata.name);
        for (const name of crdNames)
            assert.ok((await managersOf(name)).includes("istio-operator"), `${name}: left by the operator`);
        const helm = new Project("operator-leftovers-helm");
        const stack = "e2e-helm-after-operator";
        helm.writeStack(stack, {
            istio: { install: "helm", namespace: NS, chartRepository: harnessEnv().E2E_CHART_REPO! },
            loadBalancer: { layerType: "nlb", internal: false, addressTimeoutSeconds: 60 },
            apps: DEV_APPS,
            demo: false,
        });
        await helm.stackInit(stack);
        try {
            ok(
                await helm.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]),
                "helm up over the operator's CRDs",
            );
            for (const name of crdNames)
                assert.ok(
                    (await managersOf(name)).some((m) => m.startsWith("pulumi-kubernetes-")),
                    `${name}: taken over by the base chart`,
                );
        } finally {
            ok(await helm.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stack]), "helm destroy");
        }
    });
});
