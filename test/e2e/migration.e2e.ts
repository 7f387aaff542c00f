// Migrating off the operator (docs/migrating-off-the-operator.md) on the harness: Pulumi.dev.yaml's
// operator install (the operator played by our replay, test/e2e/operatorReplay.ts), then the steps
// the doc gives, each a `pulumi up` with one config change: take the install over with the charts at
// the operator's version (istio.install helm + istio.adoptFrom operator), upgrade to a version whose
// gateway chart takes the gateway over, unset adoptFrom, the routine helm upgrade, destroy. After
// each step the gateway Service is the same object (uid) with the same LB hostname, and every route
// still matches it. (kwok runs no Istio: which Istio versions may follow which is Istio's rule, in the
// doc; here the harness has the charts of 1.23.6, 1.28.10 and 1.30.3.)
// The versions, the describe's state, helpers, before and after are in migrationSteps.ts.
import * as assert from "node:assert/strict";
import { chartServicePorts, expectedOutputs, SEED_BUILT_IN_PORTS, servicePortsFor } from "./expect";
import { clusterLeftovers, kubectl, kubectlGet, Project, untilEmpty } from "./harness";
import { DEV_APPS, IOP, NS, OPERATOR_NS, OWNED, OWNED_KINDS_BUT_CRDS as OWNED_KINDS, SERVICE, STACK } from "./devStack";
import {
    CHART_REPO,
    CHARTS,
    migrationStack,
    NEWEST,
    NEXT,
    OPERATOR_RESOURCES,
    OPERATOR_VERSION,
} from "./migrationSteps";
import { pulumiRun, ReplayProcess } from "./replayProcess";

// halfway: the same start and step 1, then destroy, as a user who gives up half-way would: with the
// operator stopped and the app ports on its Service held by the program's patch alone.
for (const halfway of [false, true])
    describe(
        halfway
            ? "migrating off the operator, destroyed half-way (after step 1): nothing is left"
            : "migrating off the operator: the gateway Service, its LB and every route survive each step",
        function () {
            this.timeout(30 * 60 * 1000);
            const project = new Project(halfway ? "migration-halfway" : "migration");
            const replay = new ReplayProcess();
            const dev = migrationStack(project, replay, halfway);
            const { ok, config, preview, up, assertKeepsTheService, assertSameService } = dev;
            const { managers, withManagers, assertIstiodRollsNewFirst, operatorMade } = dev;

            before(() => dev.setUp());

            after(() => dev.cleanUp());

            it("the starting point: Pulumi.dev.yaml's operator install (replayed) with its LB", async () => {
                ok(await up("operator install"), "up");
                const s = await kubectlGet("service", SERVICE, NS);
                dev.uid = s.metadata.uid;
                dev.address = s.status.loadBalancer.ingress[0].hostname;
                dev.istiodUid = (await kubectlGet("deployment", "istiod", NS)).metadata.uid;
                await assertSameService(servicePortsFor(SEED_BUILT_IN_PORTS, DEV_APPS));
            });

            it(`step 1, install helm + adoptFrom operator at ${OPERATOR_VERSION}: the preview deletes only the operator's own resources`, async () => {
                await config("istio.install", "helm");
                await config("istio.adoptFrom", "operator");
                await config("istio.chartRepository", CHART_REPO);
                const steps = await preview("taking over");
                assertKeepsTheService(steps);
                assert.deepEqual(steps.delete, OPERATOR_RESOURCES, JSON.stringify(steps));
                assert.ok(!steps.replace, JSON.stringify(steps));
                assert.ok(steps.create.includes("OperatorHandover::istio-operator-handover"), JSON.stringify(steps));
            });

            it("step 1, up: the operator stops before anything is taken over, its CR goes without it, the Service stays", async () => {
                const r = await up("taking over");
                const events = replay.events(r.t0);
                const stopped = events.find((e) => e.what === "stopped");
                assert.ok(stopped, `the replay never saw the operator stopped: ${JSON.stringify(events)}`);
                const after = events.filter((e) => e.t >= stopped.t && e.what !== "stopped");
                assert.deepEqual(after, [], "what the replay (the operator) did once stopped");
                assert.ok(!events.some((e) => ["deletion-seen", "deleted"].includes(e.what)), JSON.stringify(events));

                // The CR, the operator and its CRD are gone; nothing stuck on a finalizer.
                const crd = await kubectlGet("customresourcedefinitions", IOP);
                assert.equal(crd, undefined, "the IstioOperator CRD (and with it every IstioOperator)");
                assert.deepEqual(
                    await untilEmpty(async () => ((await kubectlGet("namespace", OPERATOR_NS)) ? [OPERATOR_NS] : [])),
                    [],
                );

                // The same Service and LB, its ports now the program's (the app ports patched on); istiod taken over in place.
                const s = await assertSameService(servicePortsFor(SEED_BUILT_IN_PORTS, DEV_APPS));
                const istiod = await withManagers("deployment", "istiod", NS);
                await assertIstiodRollsNewFirst();
                assert.ok(
                    managers(istiod).some((m) => m.startsWith("pulumi-kubernetes-")),
                    `istiod managers ${managers(istiod)}`,
                );
                const gateway = await withManagers("deployment", SERVICE, NS);
                assert.deepEqual(
                    managers(gateway).filter((m) => m.startsWith("pulumi")),
                    [],
                    "the gateway Deployment stays the operator's",
                );
                assert.deepEqual(await project.outputs(STACK), {
                    ...expectedOutputs(s, dev.address, DEV_APPS, "helm", OPERATOR_VERSION),
                    istioAdoptedFrom: "operator",
                });
            });

            if (!halfway)
                it("step 1 again: a second up changes nothing", async () => {
                    // No --refresh: the LB patch's wait ends only on the Service as its own update left it
                    // (ncp-ingress/applied), so what the provider recorded in step 1 is what a preview compares.
                    ok(
                        await project.pulumi(["preview", "--diff", "--expect-no-changes", "--stack", STACK]),
                        "preview --expect-no-changes",
                    );
                    ok(
                        await pulumiRun(project, replay, [
                            "up",
                            "--yes",
                            "--skip-preview",
                            "--expect-no-changes",
                            "--stack",
                            STACK,
                        ]),
                        "up --expect-no-changes",
                    );
                });

            if (!halfway)
                it(`step 2, version ${NEXT}: the gateway chart takes the operator's gateway over in place`, async () => {
                    await config("istio.version", NEXT);
                    const steps = await preview(`to ${NEXT}`);
                    assertKeepsTheService(steps);
                    // The gateway chart's objects are created: each over the operator's object of the same name.
                    // What else the charts of the two versions differ in (an istiod PDB, a replaced ConfigMap) is theirs.
                    for (const kind of ["Service", "Deployment"])
                        assert.ok(
                            steps.create.includes(`${kind}::istio-gateway:${NS}/${SERVICE}`),
                            JSON.stringify(steps),
                        );
                    for (const op of ["delete", "replace"])
                        assert.ok(
                            !(steps[op] ?? []).some((x) => x.includes(SERVICE) || x.startsWith("ServicePatch::")),
                            `${op}: ${JSON.stringify(steps)}`,
                        );
                    ok(await up(`to ${NEXT}`), "up");
                    await assertSameService(servicePortsFor(chartServicePorts(CHARTS, NEXT), DEV_APPS));
                    await assertIstiodRollsNewFirst();
                    const gateway = await withManagers("deployment", SERVICE, NS);
                    assert.ok(
                        managers(gateway).some((m) => m.startsWith("pulumi-kubernetes-")),
                        `gateway managers ${managers(gateway)}`,
                    );
                });

            if (!halfway)
                it("step 3, adoptFrom unset: the handover goes and with it what the operator made that nothing manages now", async () => {
                    const before = await operatorMade();
                    ok(
                        await project.pulumi([
                            "config",
                            "rm",
                            "--stack",
                            STACK,
                            "--path",
                            "ncp-ingress:istio.adoptFrom",
                        ]),
                        "config rm",
                    );
                    const steps = await preview("adoptFrom unset");
                    assert.deepEqual(
                        steps.delete,
                        ["OperatorHandover::istio-operator-handover"],
                        JSON.stringify(steps),
                    );
                    assert.ok(!steps.replace && !steps.create, JSON.stringify(steps));
                    // The patch lets go of the app ports (the gateway chart sets them now); the charts' objects lose patchForce.
                    assert.ok(steps.update.includes("ServicePatch::ingress-lb-wait"), JSON.stringify(steps));
                    assert.ok(steps.update.includes(`Deployment::istio-istiod:${NS}/istiod`), JSON.stringify(steps));
                    ok(await up("adoptFrom unset"), "up");
                    const now = await operatorMade();
                    console.log(
                        `      the operator's objects deleted as leftovers: ${before.filter((o) => !now.includes(o)).join(", ")}`,
                    );
                    const r = ok(
                        await kubectl(["get", OWNED_KINDS, "-A", "-l", OWNED, "-o", "json", "--show-managed-fields"]),
                        "kubectl get",
                    );
                    for (const o of JSON.parse(r.stdout).items)
                        assert.ok(
                            managers(o).some((m) => m.startsWith("pulumi-kubernetes-")),
                            `${o.kind}/${o.metadata.name}: the operator's, and managed by nothing now (${managers(o)})`,
                        );
                    await assertSameService(servicePortsFor(chartServicePorts(CHARTS, NEXT), DEV_APPS));
                    // Nothing the operator made is still (co-)owned by its field manager: a later chart version
                    // changing a field it shared would conflict with an operator that is gone (step 4 would fail).
                    const owned = ok(
                        await kubectl([
                            "get",
                            `${OWNED_KINDS},customresourcedefinitions`,
                            "-A", // not by the operator's labels: the charts relabel what they take over (owning-resource "unknown")
                            "-o",
                            "json",
                            "--show-managed-fields",
                        ]),
                        "kubectl get",
                    );
                    const stillOperators = JSON.parse(owned.stdout)
                        .items.filter((o: any) => managers(o).includes("istio-operator"))
                        .map((o: any) => `${o.kind}/${o.metadata.name}`);
                    assert.deepEqual(stillOperators, [], "objects still managed by istio-operator");
                });

            if (!halfway)
                it(`step 4, the routine upgrade ${NEXT} -> ${NEWEST}`, async () => {
                    await config("istio.version", NEWEST);
                    const steps = await preview(`to ${NEWEST}`);
                    assertKeepsTheService(steps);
                    ok(await up(`to ${NEWEST}`), "up");
                    const s = await assertSameService(servicePortsFor(chartServicePorts(CHARTS, NEWEST), DEV_APPS));
                    await assertIstiodRollsNewFirst();
                    assert.deepEqual(
                        await project.outputs(STACK),
                        expectedOutputs(s, dev.address, DEV_APPS, "helm", NEWEST),
                    );
                });

            it("destroy leaves nothing of the stack (the Istio CRDs are kept, as Istio's charts keep them)", async () => {
                ok(
                    await pulumiRun(project, replay, ["destroy", "--yes", "--skip-preview", "--stack", STACK]),
                    "destroy",
                );
                const leftovers = async () => {
                    const out: string[] = [];
                    for (const ns of [NS, OPERATOR_NS])
                        if (await kubectlGet("namespace", ns)) out.push(`namespace/${ns}`);
                    return [...out, ...(await operatorMade())];
                };
                assert.deepEqual(await untilEmpty(leftovers), []);
                const left = await clusterLeftovers(dev.clusterBefore);
                assert.deepEqual(
                    left.filter((o) => !o.startsWith("customresourcedefinitions/") || !o.includes(".istio.io")),
                    [],
                    "cluster-scoped objects left",
                );
            });
        },
    );
