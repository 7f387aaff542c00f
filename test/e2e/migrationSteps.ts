// The migration e2e's (migration.e2e.ts) versions and dev stack: the Istio versions it steps
// through (their charts checked at load), the operator-mode resources the takeover deletes, and per
// describe the stack's state (the cluster before, the gateway Service's uid and LB hostname, istiod's
// uid), the helpers that deploy and check it, and its before and after, as they were in the describe.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { assertSeedGateway, assertSeedRoutes, ncpAnnotations, seedAnnotations, servicePorts } from "./expect";
import {
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
} from "./harness";
import {
    CR,
    DEV_APPS,
    DEV_FILE,
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
/** The Istio release repository the harness serves (E2E_CHART_REPO). */
export const CHART_REPO = env.E2E_CHART_REPO!;
/** The folder of Istio's released charts, one per version (E2E_ISTIO_CHARTS). */
export const CHARTS = env.E2E_ISTIO_CHARTS!;
/** The operator's version (Pulumi.dev.yaml's): step 1 takes the install over at it. */
export const OPERATOR_VERSION = ISTIO_VERSION;
/** Step 2's version, whose gateway chart takes the operator's gateway over. */
export const NEXT = "1.28.10";
/** Step 4's version: the routine upgrade. */
export const NEWEST = "1.30.3";
for (const v of [OPERATOR_VERSION, NEXT, NEWEST])
    if (!fs.existsSync(path.join(CHARTS, v, "base")))
        throw new Error(`${CHARTS}/${v}: Istio's charts of ${v} are missing (E2E_ISTIO_CHARTS)`);

/** The operator-mode resources the takeover deletes (the operator stopped and its CR released first). */
export const OPERATOR_RESOURCES = [
    "ClusterRole::istio-operator-role",
    "ClusterRoleBinding::istio-operator-binding",
    "CustomResourceDefinition::istio-operator-crd",
    "Deployment::istio-operator",
    "IstioOperator::istio-operator-cr",
    "Namespace::istio-operator-ns",
    "ServiceAccount::istio-operator-sa",
];

/**
 * A migration's dev stack on `project`, with `replay` as its operator (`halfway`: the describe that
 * destroys after step 1, for its timing labels): its state and helpers (see the top of this file).
 */
export function migrationStack(project: Project, replay: ReplayProcess, halfway: boolean) {
    /** The cluster-scoped objects before the first up (helm's "(kept)" mark dropped). */
    let clusterBefore: Set<string>;
    /** The gateway Service's uid and LB hostname, and istiod's Deployment's uid, from the operator's install on. */
    let uid = "";
    let address = "";
    let istiodUid = "";

    /** r, asserted to have succeeded (a failure says what the replay reported, and its log). */
    const ok = <T extends Result>(r: T, what: string): T => replay.assertSucceeded(r, what);
    /** pulumi config set --path ncp-ingress:<key> <value>. */
    const config = (key: string, value: string) =>
        project
            .pulumi(["config", "set", "--stack", STACK, "--path", `ncp-ingress:${key}`, value])
            .then((r) => ok(r, `config set ${key}`));
    /** The preview's planned steps by kind of change; its time recorded with the describe's label. */
    const preview = async (what: string) => {
        const r = ok(await project.pulumi(["preview", "--stack", STACK, "--json"]), `preview: ${what}`);
        timing(`${halfway ? "migration, half-way" : "migration"}: preview ${what}`, r.seconds);
        return plannedKinds(r);
    };
    /** pulumi up of the stack, with the replay watched; its time recorded with the describe's label. */
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
            assert.ok(!(steps[op] ?? []).some((s) => s.startsWith("Service::")), `${op}: ${JSON.stringify(steps)}`);
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
    /** The field managers of an object read with its managed fields. */
    const managers = (o: any): string[] => (o.metadata.managedFields ?? []).map((f: any) => f.manager);
    /** An object as the API server has it, with its field managers (kubectl hides them otherwise). */
    const withManagers = async (kind: string, name: string, ns?: string): Promise<any> => {
        const r = await kubectl(["get", kind, name, ...(ns ? ["-n", ns] : []), "-o", "json", "--show-managed-fields"]);
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
            typeof unavailable === "string" ? Math.floor((replicas * parseInt(unavailable, 10)) / 100) : unavailable;
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
        console.log(`      istiod ${JSON.stringify(d.spec.strategy)}, replicas ${replicas}: ${scaling.join("; ")}`);
    };
    /** What the operator made that is still there, as Kind/name. */
    const operatorMade = async (): Promise<string[]> => {
        const r = ok(await kubectl(["get", OWNED_KINDS, "-A", "-l", OWNED, "-o", "json"]), "kubectl get");
        return JSON.parse(r.stdout)
            .items.map((o: any) => `${o.kind}/${o.metadata.name}`)
            .sort();
    };

    /** The describe's before: the backends created, the cluster noted, the stack initialised, the replay started. */
    async function setUp(): Promise<void> {
        setLbControl({ mode: "hostname" });
        await createBackends(DEV_APPS);
        clusterBefore = new Set([...(await clusterScoped())].map((o) => o.replace(/ \(kept\)$/, "")));
        fs.copyFileSync(DEV_FILE, path.join(project.dir, `Pulumi.${STACK}.yaml`));
        await project.stackInit(STACK);
        replay.start();
    }

    /** The describe's after: a stack left up destroyed (its CR released if need be), Istio's CRDs and the backends removed. */
    async function cleanUp(): Promise<void> {
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
            const r = await pulumiRun(project, replay, ["destroy", "--yes", "--skip-preview", "--stack", STACK]);
            if (r.code !== 0) console.error(`migration e2e: cleanup destroy failed: ${show(r)}`);
        }
        await replay.stop();
        // Istio's CRDs outlive every installer (kept on purpose); later scenarios expect a cluster without them.
        const crds = (await kubectlList("customresourcedefinitions"))
            .map((o) => o.metadata.name as string)
            .filter((n) => n.endsWith(".istio.io") && !clusterBefore?.has(`customresourcedefinitions/${n}`));
        if (crds.length) await kubectl(["delete", "customresourcedefinitions", ...crds, "--ignore-not-found"]);
        await deleteBackends(DEV_APPS);
    }

    return {
        get clusterBefore() {
            return clusterBefore;
        },
        get uid() {
            return uid;
        },
        set uid(v: string) {
            uid = v;
        },
        get address() {
            return address;
        },
        set address(v: string) {
            address = v;
        },
        get istiodUid() {
            return istiodUid;
        },
        set istiodUid(v: string) {
            istiodUid = v;
        },
        ok,
        config,
        preview,
        up,
        assertKeepsTheService,
        assertSameService,
        managers,
        withManagers,
        assertIstiodRollsNewFirst,
        operatorMade,
        setUp,
        cleanUp,
    };
}
