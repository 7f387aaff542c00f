// Migrating off the operator (docs/migrating-off-the-operator.md) on the harness: Pulumi.dev.yaml's
// operator install (the operator played by our replay, test/e2e/operatorReplay.ts), then the steps
// the doc gives, each a `pulumi up` with one config change: take the install over with the charts at
// the operator's version (istio.install helm + istio.adoptFrom operator), upgrade to a version whose
// gateway chart takes the gateway over, unset adoptFrom, the routine helm upgrade, destroy. After
// each step the gateway Service is the same object (uid) with the same LB hostname, and every route
// still matches it. (kwok runs no Istio: which Istio versions may follow which is Istio's rule, in the
// doc; here the harness has the charts of 1.23.6, 1.28.10 and 1.30.3.)
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    assertSeedGateway,
    assertSeedRoutes,
    chartServicePorts,
    expectedOutputs,
    ncpAnnotations,
    SEED_BUILT_IN_PORTS,
    seedAnnotations,
    servicePorts,
    servicePortsFor,
} from "./expect";
import {
    clusterLeftovers,
    clusterScoped,
    harnessEnv,
    kubectl,
    kubectlGet,
    kubectlList,
    Project,
    Result,
    setLbControl,
    show,
    timing,
    untilEmpty,
} from "./harness";
import {
    CR,
    DEV_APPS,
    DEV_FILE,
    IOP,
    ISTIO_VERSION,
    NS,
    OPERATOR_NS,
    OWNED,
    OWNED_KINDS_BUT_CRDS as OWNED_KINDS,
    SERVICE,
    STACK,
} from "./devStack";
import { pulumiRun, ReplayProcess } from "./replayProcess";
import { createBackends, deleteBackends, plannedKinds } from "./steps";

const env = harnessEnv();
const CHART_REPO = env.E2E_CHART_REPO!;
const CHARTS = env.E2E_ISTIO_CHARTS!;
const OPERATOR_VERSION = ISTIO_VERSION;
const NEXT = "1.28.10";
const NEWEST = "1.30.3";
for (const v of [OPERATOR_VERSION, NEXT, NEWEST])
    if (!fs.existsSync(path.join(CHARTS, v, "base")))
        throw new Error(`${CHARTS}/${v}: Istio's charts of ${v} are missing (E2E_ISTIO_CHARTS)`);

/** The operator-mode resources the takeover deletes (the operator stopped and its CR released first). */
const OPERATOR_RESOURCES = [
    "ClusterRole::istio-operator-role",
    "ClusterRoleBinding::istio-operator-binding",
    "CustomResourceDefinition::istio-operator-crd",
    "Deployment::istio-operator",
    "IstioOperator::istio-operator-cr",
    "Namespace::istio-operator-ns",
    "ServiceAccount::istio-operator-sa",
];

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
            let clusterBefore: Set<string>;
            let uid = "";
            let address = "";
            let istiodUid = "";

            const ok = <T extends Result>(r: T, what: string): T => replay.assertSucceeded(r, what);
            const config = (key: string, value: string) =>
                project
                    .pulumi(["config", "set", "--stack", STACK, "--path", `ncp-ingress:${key}`, value])
                    .then((r) => ok(r, `config set ${key}`));
            const preview = async (what: string) => {
                const r = ok(await project.pulumi(["preview", "--stack", STACK, "--json"]), `preview: ${what}`);
                timing(`${halfway ? "migration, half-way" : "migration"}: preview ${what}`, r.seconds);
                return plannedKinds(r);
            };
            const up = async (what: string) => {
                const r = ok(
                    await pulumiRun(project, replay, ["up", "--yes", "--skip-preview", "--stack", STACK]),
                    `up: ${what}`,
                );
                timing(`${halfway ? "migration, half-way" : "migration"}: up ${what}`, r.seconds);
                return r;
            };
            /** No step may delete or replace the gateway Service, nor (outside the takeover) anything at all. */
            const assertKeepsTheService = (steps: Record<string, string[]>) => {
                for (const op of ["delete", "replace", "create-replacement", "delete-replaced"])
                    assert.ok(
                        !(steps[op] ?? []).some((s) => s.startsWith("Service::")),
                        `${op}: ${JSON.stringify(steps)}`,
                    );
            };
            /** The gateway Service: the same object and LB hostname as the operator's, these ports, the seed's annotations. */
            const assertSameService = async (ports: ReturnType<typeof servicePorts>) => {
                const s = await kubectlGet("service", SERVICE, NS);
                assert.ok(s, `Service ${NS}/${SERVICE} is gone`);
                assert.equal(s.metadata.uid, uid, "the gateway Service's uid (a new object means a new NCP LB)");
                assert.equal(s.status?.loadBalancer?.ingress?.[0]?.hostname, address, "the LB hostname");
                assert.deepEqual(servicePorts(s), ports, "the gateway Service's ports");
                assert.deepEqual(ncpAnnotations(s), seedAnnotations(), "the gateway Service's NCP annotations");
                await assertSeedRoutes(NS, DEV_APPS, address);
                await assertSeedGateway(NS, DEV_APPS);
                return s;
            };
            const managers = (o: any): string[] => (o.metadata.managedFields ?? []).map((f: any) => f.manager);
            /** An object as the API server has it, with its field managers (kubectl hides them otherwise). */
            const withManagers = async (kind: string, name: string, ns?: string): Promise<any> => {
                const r = await kubectl([
                    "get",
                    kind,
                    name,
                    ...(ns ? ["-n", ns] : []),
                    "-o",
                    "json",
                    "--show-managed-fields",
                ]);
                return r.code === 0 ? JSON.parse(r.stdout) : undefined;
            };
            /**
             * istiod is the same Deployment throughout (updated in place, never deleted), and its rolling
             * update starts the new pod before it stops the old one: maxUnavailable, resolved for its replicas
             * as the Deployment controller does (a percentage rounds down), is 0, so the controller must surge
             * first and scale the old ReplicaSet down only once the new pod is ready. (kwok runs no istiod: its
             * pods are ready at once, so this is the order the controller is bound to, not a timing seen.)
             */
            const assertIstiodRollsNewFirst = async () => {
                const d = await kubectlGet("deployment", "istiod", NS);
                assert.equal(d.metadata.uid, istiodUid, "istiod's Deployment: the same object, updated in place");
                const { type, rollingUpdate } = d.spec.strategy;
                const replicas: number = d.spec.replicas ?? 1;
                const unavailable = rollingUpdate?.maxUnavailable ?? "25%";
                const resolved =
                    typeof unavailable === "string"
                        ? Math.floor((replicas * parseInt(unavailable, 10)) / 100)
                        : unavailable;
                assert.deepEqual({ type, maxUnavailable: resolved }, { type: "RollingUpdate", maxUnavailable: 0 });
                const events = await kubectl([
                    "get",
                    "events",
                    "-n",
                    NS,
                    "--field-selector",
                    "involvedObject.name=istiod",
                    "-o",
                    "json",
                ]);
                const scaling = JSON.parse(events.stdout)
                    .items.filter((e: any) => e.reason === "ScalingReplicaSet")
                    .map((e: any) => e.message);
                console.log(
                    `      istiod ${JSON.stringify(d.spec.strategy)}, replicas ${replicas}: ${scaling.join("; ")}`,
                );
            };
            /** What the operator made that is still there, as Kind/name. */
            const operatorMade = async (): Promise<string[]> => {
                const r = ok(await kubectl(["get", OWNED_KINDS, "-A", "-l", OWNED, "-o", "json"]), "kubectl get");
                return JSON.parse(r.stdout)
                    .items.map((o: any) => `${o.kind}/${o.metadata.name}`)
                    .sort();
            };

            before(async () => {
                setLbControl({ mode: "hostname" });
                await createBackends(DEV_APPS);
                clusterBefore = new Set([...(await clusterScoped())].map((o) => o.replace(/ \(kept\)$/, "")));
                fs.copyFileSync(DEV_FILE, path.join(project.dir, `Pulumi.${STACK}.yaml`));
                await project.stackInit(STACK);
                replay.start();
            });

            after(async () => {
                const state = await project.pulumi(["stack", "export", "--stack", STACK]);
                if (state.code === 0 && (JSON.parse(state.stdout).deployment?.resources ?? []).length) {
                    // A step that failed after stopping the operator leaves its CR with the finalizer: release it.
                    const iop = await kubectlGet("istiooperators", CR, NS);
                    const operator = await kubectlGet("deployment", "istio-operator", OPERATOR_NS);
                    if (iop?.metadata?.finalizers?.length && operator?.spec?.replicas === 0)
                        await kubectl([
                            "patch",
                            "istiooperators",
                            CR,
                            "-n",
                            NS,
                            "--type",
                            "merge",
                            "-p",
                            '{"metadata":{"finalizers":null}}',
                        ]);
                    await replay.ensureLeader().catch(() => undefined);
                    const r = await pulumiRun(project, replay, [
                        "destroy",
                        "--yes",
                        "--skip-preview",
                        "--stack",
                        STACK,
                    ]);
                    if (r.code !== 0) console.error(`migration e2e: cleanup destroy failed: ${show(r)}`);
                }
                await replay.stop();
                // Istio's CRDs outlive every installer (kept on purpose); later scenarios expect a cluster without them.
                const crds = (await kubectlList("customresourcedefinitions"))
                    .map((o) => o.metadata.name as string)
                    .filter((n) => n.endsWith(".istio.io") && !clusterBefore?.has(`customresourcedefinitions/${n}`));
                if (crds.length) await kubectl(["delete", "customresourcedefinitions", ...crds, "--ignore-not-found"]);
                await deleteBackends(DEV_APPS);
            });

            it("the starting point: Pulumi.dev.yaml's operator install (replayed) with its LB", async () => {
                ok(await up("operator install"), "up");
                const s = await kubectlGet("service", SERVICE, NS);
                uid = s.metadata.uid;
                address = s.status.loadBalancer.ingress[0].hostname;
                istiodUid = (await kubectlGet("deployment", "istiod", NS)).metadata.uid;
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
                    ...expectedOutputs(s, address, DEV_APPS, "helm", OPERATOR_VERSION),
                    istioAdoptedFrom: "operator",
                });
            });

            if (!halfway)
                it("step 1 again: a second up changes nothing", async () => {
                    // --refresh: the provider's outputs of the LB patch updated in step 1 can be the Service as it
                    // was before that update (its old pulumi.com/waitFor), which a plain preview reports as a change
                    // of the patch; the cluster itself has nothing to change, which is what this checks.
                    ok(
                        await project.pulumi([
                            "preview",
                            "--refresh",
                            "--diff",
                            "--expect-no-changes",
                            "--stack",
                            STACK,
                        ]),
                        "preview --expect-no-changes",
                    );
                    ok(
                        await pulumiRun(project, replay, [
                            "up",
                            "--yes",
                            "--skip-preview",
                            "--refresh",
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
                        expectedOutputs(s, address, DEV_APPS, "helm", NEWEST),
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
                const left = await clusterLeftovers(clusterBefore);
                assert.deepEqual(
                    left.filter((o) => !o.startsWith("customresourcedefinitions/") || !o.includes(".istio.io")),
                    [],
                    "cluster-scoped objects left",
                );
            });
        },
    );
