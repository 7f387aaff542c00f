// The operator e2e's (operator.e2e.ts) dev stack: its state (the replay's captures, the cluster
// before, Pulumi.dev.yaml as `stack init` left it, the LB hostname), the helpers that deploy and read
// it, and its before and after, as they were in the describe. operatorStack() keeps them in one
// closure per describe, as the describe did; the longer checks of its tests are in operatorChecks.ts.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
    E2eApp,
    ncpAnnotations,
    Port,
    SEED_BUILT_IN_PORTS,
    seedAnnotations,
    servicePorts,
    servicePortsFor,
} from "./expect";
import {
    clusterScoped,
    eventually,
    kubectl,
    kubectlGet,
    kubectlList,
    Project,
    Result,
    setLbControl,
    show,
    timing,
} from "./harness";
import { Capture, Captures, DEFAULT_CAPTURE_DIR, loadCaptures, refKey, refOf } from "./operatorReplay";
import { CR, DEV_APPS, DEV_FILE, IOP, NS, OPERATOR_NS, OWNED, OWNED_KINDS, SERVICE, STACK } from "./devStack";
import { pulumiRun, ReplayProcess } from "./replayProcess";
import { createBackends, deleteBackends, setAppByPath } from "./steps";

const CAPTURE_DIR = process.env.OPERATOR_CAPTURE_DIR || DEFAULT_CAPTURE_DIR;

/** dev-plus-echo's app (the capture's README): name echo, port 30005, backend echo.echo.svc.cluster.local:8080. */
export const ECHO: E2eApp = { name: "echo", port: 30005, backend: { host: "echo.echo.svc.cluster.local", port: 8080 } };
/** The dev stack's apps and echo: dev-plus-echo's. */
export const WITH_ECHO = [...DEV_APPS, ECHO];

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** clusterScoped() marks CRDs with helm.sh/resource-policy: keep; the operator's keep it too, but not all. */
const unkept = (o: string) => o.replace(/ \(kept\)$/, "");

/** The dev stack's state and helpers (see the top of this file), for `project` with `replay` as its operator. */
export function operatorStack(project: Project, replay: ReplayProcess) {
    let captures: Captures;
    let clusterBefore: Set<string>;
    /** Pulumi.dev.yaml as `stack init` left it (with its encryption salt). */
    let devStackFile: string;
    /** The gateway Service's LB hostname, from the first time it is read. */
    let address = "";

    /** r, asserted to have succeeded (a failure says what the replay reported, and its log). */
    const ok = <T extends Result>(r: T, what: string): T => replay.assertSucceeded(r, what);
    /** pulumi up of the stack, with the replay watched; its time recorded as "operator: <what>". */
    const up = async (what: string, extra: string[] = []) => {
        const r = await pulumiRun(project, replay, ["up", "--yes", "--skip-preview", "--stack", STACK, ...extra]);
        timing(`operator: ${what}`, r.seconds);
        return r;
    };
    /** The capture of that name (dev, dev-plus-echo). */
    const capture = (name: string) => captures?.captures.find((c) => c.name === name) as Capture;
    /** The IstioOperator as the API server has it (with its field managers); undefined when gone. */
    const cr = async () => {
        const r = await kubectl(["get", IOP, CR, "-n", NS, "-o", "json", "--show-managed-fields"]);
        return r.code === 0 ? JSON.parse(r.stdout) : undefined;
    };
    /** The gateway Service as the API server has it; undefined when gone. */
    const svc = () => kubectlGet("service", SERVICE, NS);
    /** The capture's gateway Service ports as {name, port, targetPort}, sorted by port. */
    const capturedPorts = (name: string): Port[] =>
        servicePorts(capture(name).objects.find((o) => o.kind === "Service" && o.metadata.name === SERVICE));
    /** The replay's HEALTHY event for that generation of the CR, waited for (90 s at most). */
    const healthy = (generation: number) =>
        eventually(`the replay's HEALTHY for generation ${generation}`, 90, async () =>
            replay.events().find((e) => e.what === "status" && e.status === "HEALTHY" && e.generation === generation),
        );

    /** The objects labelled as the CR's, as Kind:namespace:name, each with its field managers. */
    async function owned(): Promise<Map<string, string[]>> {
        const r = await kubectl(["get", OWNED_KINDS, "-A", "-l", OWNED, "-o", "json", "--show-managed-fields"]);
        ok(r, "kubectl get the operator's objects");
        return new Map(
            JSON.parse(r.stdout).items.map((o: any) => [
                refKey(refOf(o)),
                (o.metadata.managedFields ?? []).map((f: any) => `${f.manager}/${f.operation}`),
            ]),
        );
    }

    /** Adds the echo app to the stack file's apps (dev-plus-echo). */
    async function addEcho(): Promise<void> {
        await setAppByPath(project, STACK, DEV_APPS.length, ECHO);
        assert.deepEqual(project.readStack(STACK)["ncp-ingress:apps"], WITH_ECHO);
    }
    /** Pulumi.dev.yaml back as `stack init` left it. */
    const restoreDev = () => fs.writeFileSync(path.join(project.dir, `Pulumi.${STACK}.yaml`), devStackFile);

    /** The gateway Service now: exactly the seed's ports for `apps`, the seed's NCP annotations. */
    async function assertService(apps: readonly E2eApp[]): Promise<any> {
        const s = await svc();
        assert.ok(s, `Service ${NS}/${SERVICE} is missing`);
        assert.equal(s.spec.type, "LoadBalancer");
        assert.deepEqual(servicePorts(s), servicePortsFor(SEED_BUILT_IN_PORTS, apps), "the gateway Service's ports");
        assert.deepEqual(ncpAnnotations(s), seedAnnotations(), "the gateway Service's NCP annotations");
        // One LB from the first up on: the same hostname (a recreated Service would get another).
        const hostname = s.status?.loadBalancer?.ingress?.[0]?.hostname;
        if (!address) address = hostname ?? "";
        assert.equal(hostname, address, "the gateway Service's LB hostname");
        return s;
    }

    /** The describe's before: the captures checked, the backends created, the stack initialised, the replay started. */
    async function setUp(): Promise<void> {
        captures = loadCaptures(CAPTURE_DIR);
        // dev-plus-echo is dev plus exactly this app's port.
        const echoPorts = capturedPorts("dev-plus-echo");
        assert.deepEqual(echoPorts, servicePortsFor(SEED_BUILT_IN_PORTS, WITH_ECHO), "the dev-plus-echo capture");
        assert.deepEqual(capturedPorts("dev"), servicePortsFor(SEED_BUILT_IN_PORTS, DEV_APPS), "the dev capture");
        setLbControl({ mode: "hostname" });
        fs.rmSync(replay.timeline, { force: true });
        // The apps' backends exist on a real cluster (istioctl analyze checks each route's host).
        await createBackends(WITH_ECHO);
        clusterBefore = new Set([...(await clusterScoped())].map(unkept));
        fs.copyFileSync(DEV_FILE, path.join(project.dir, `Pulumi.${STACK}.yaml`));
        await project.stackInit(STACK);
        devStackFile = fs.readFileSync(path.join(project.dir, `Pulumi.${STACK}.yaml`), "utf8");
        // The program's first up waits for HEALTHY: the replay must be there, waiting for its ServiceAccount.
        replay.start();
    }

    /** The describe's after: a stack left up destroyed (with the replay), the operator's CRDs and the backends removed. */
    async function cleanUp(): Promise<void> {
        // A test that failed half-way leaves the stack up: take it down (with the replay, which the
        // CR's finalizer needs) so that later scenarios find the cluster as it was.
        const state = await project.pulumi(["stack", "export", "--stack", STACK]);
        const resources = state.code === 0 ? (JSON.parse(state.stdout).deployment?.resources ?? []) : [];
        if (resources.length) {
            await replay.ensureLeader().catch(() => undefined);
            const r = await pulumiRun(project, replay, ["destroy", "--yes", "--skip-preview", "--stack", STACK]);
            if (r.code !== 0) console.error(`operator e2e: cleanup destroy failed: ${show(r)}`);
        }
        await replay.stop();
        // The operator leaves its CRDs (the capture); later scenarios expect a cluster without them.
        const crds = capture("dev")
            ?.objects.filter((o) => o.kind === "CustomResourceDefinition")
            .map((o) => o.metadata.name)
            .filter((n) => !clusterBefore?.has(`customresourcedefinitions/${n}`));
        if (crds?.length) await kubectl(["delete", "customresourcedefinitions", ...crds, "--ignore-not-found"]);
        await deleteBackends(WITH_ECHO);
    }

    /** What is left of ours: the namespaces, Istio's objects and cluster-scoped objects that were not there before. */
    const left = async () => {
        const out: string[] = [];
        for (const ns of [NS, OPERATOR_NS]) if (await kubectlGet("namespace", ns)) out.push(`namespace/${ns}`);
        for (const kind of ["virtualservices.networking.istio.io", "gateways.networking.istio.io", IOP])
            for (const o of await kubectlList(kind)) out.push(`${kind}/${o.metadata.namespace}/${o.metadata.name}`);
        for (const o of [...(await clusterScoped())].map(unkept)) if (!clusterBefore.has(o)) out.push(o);
        return out.sort();
    };
    /** The dev capture's CRDs that were not there before, as customresourcedefinitions/<name>: what destroy leaves. */
    const capturedCrds = () =>
        capture("dev")
            .objects.filter((o) => o.kind === "CustomResourceDefinition")
            .map((o) => `customresourcedefinitions/${o.metadata.name}`)
            .filter((o) => !clusterBefore.has(o))
            .sort();
    /** The field managers of CRD `name`. */
    const managersOf = async (name: string): Promise<string[]> => {
        const r = ok(await kubectl(["get", "crd", name, "-o", "json", "--show-managed-fields"]), `CRD ${name}`);
        return JSON.parse(r.stdout).metadata.managedFields.map((f: any) => f.manager);
    };

    return {
        project,
        replay,
        get captures() {
            return captures;
        },
        get devStackFile() {
            return devStackFile;
        },
        get address() {
            return address;
        },
        ok,
        up,
        capture,
        cr,
        capturedPorts,
        healthy,
        owned,
        addEcho,
        restoreDev,
        assertService,
        left,
        capturedCrds,
        managersOf,
        setUp,
        cleanUp,
    };
}

/** What operatorStack() returns. */
export type OperatorStack = ReturnType<typeof operatorStack>;
