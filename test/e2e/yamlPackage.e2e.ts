// The package from Pulumi YAML: examples/yaml/Pulumi.yaml, run by Pulumi YAML's own language host
// (built from github.com/pulumi/pulumi-yaml), which gets the package's schema and the engine gets its
// provider by running provider/ through the Node.js host's RunPlugin. A bad app list fails at preview
// naming the input path; preview, up, adding an app and destroy make and remove exactly the objects
// the TypeScript scenario (scenario1-helmIstio) checks.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import {
    assertSeedGateway,
    assertSeedRoutes,
    E2eApp,
    expectedOutputs,
    EXTRA_APP,
    ncpAnnotations,
    SEED_APPS,
    seedAnnotations,
} from "./expect";
import {
    clusterLeftovers,
    clusterScoped,
    kubectlGet,
    Project,
    ROOT,
    run,
    setLbControl,
    show,
    timing,
    untilEmpty,
} from "./harness";
import { assertGatewayService, CHART_REPO, leftovers, NS, SERVICE } from "./scenarioSteps";
import { assertIstioAnalyzeClean, createBackends, deleteBackends, lbAddress, ok, plannedKinds } from "./steps";

const EXAMPLE = path.join(ROOT, "examples", "yaml", "Pulumi.yaml");
const NAME = "ingress";

type Program = Record<string, any>;

/** The example as the harness runs it: the package by absolute path, the harness's chart repository. */
function forHarness(example: Program, apps: readonly object[]): Program {
    const props = example.resources[NAME].properties;
    return {
        ...example,
        packages: { "ncp-ingress": path.resolve(path.dirname(EXAMPLE), example.packages["ncp-ingress"]) },
        resources: {
            [NAME]: {
                ...example.resources[NAME],
                properties: {
                    ...props,
                    istio: { ...props.istio, namespace: NS, chartRepository: CHART_REPO },
                    loadBalancer: { ...props.loadBalancer, addressTimeoutSeconds: 60 },
                    apps,
                },
            },
        },
    };
}

describe("the package from Pulumi YAML (examples/yaml): the TypeScript scenario's objects", function () {
    this.timeout(15 * 60 * 1000);
    const stack = "e2e-yaml";
    const example: Program = YAML.parse(fs.readFileSync(EXAMPLE, "utf8"));
    const exampleApps: E2eApp[] = example.resources[NAME].properties.apps;
    const source = fs.mkdtempSync(path.join(os.tmpdir(), "ncp-ingress-yaml-"));
    let project: Project;
    let clusterBefore: Set<string>;
    const writeProgram = (apps: readonly object[]) =>
        fs.writeFileSync(path.join(project.dir, "Pulumi.yaml"), YAML.stringify(forHarness(example, apps)));

    before(async () => {
        setLbControl({ mode: "hostname" });
        await createBackends([...exampleApps, EXTRA_APP]);
        clusterBefore = await clusterScoped();
        fs.writeFileSync(path.join(source, "Pulumi.yaml"), YAML.stringify(example));
        project = new Project("yaml", source);
        writeProgram(exampleApps);
        project.writeStack(stack, {});
        await project.stackInit(stack);
    });
    after(async () => {
        await deleteBackends([...exampleApps, EXTRA_APP]);
        fs.rmSync(source, { recursive: true, force: true });
    });

    it("the example is three of the seed's apps, with the package at this repository's provider/", () => {
        assert.deepEqual(exampleApps, SEED_APPS.slice(0, 3));
        assert.ok(fs.existsSync(path.join(forHarness(example, []).packages["ncp-ingress"], "PulumiPlugin.yaml")));
    });

    it("pulumi package add cannot write packages: for YAML (pulumi-yaml has no Link), so the example writes it by hand", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ncp-ingress-yaml-add-"));
        const manifest = "name: add\nruntime: yaml\n";
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), manifest);
        const r = await run("pulumi", ["package", "add", path.join(ROOT, "provider"), "--non-interactive"], {
            cwd: dir,
        });
        const after = fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8");
        fs.rmSync(dir, { recursive: true, force: true });
        assert.match(r.stdout + r.stderr, /linking package: method Link not implemented/, show(r));
        assert.equal(after, manifest, "Pulumi.yaml was changed");
    });

    it("a bad app list fails at preview with the project's message, naming the input path; nothing is created", async () => {
        writeProgram([exampleApps[0], { ...exampleApps[1], port: 443 }, exampleApps[2]]);
        const r = await project.pulumi(["preview", "--stack", stack]);
        assert.notEqual(r.code, 0, show(r));
        const out = r.stdout + r.stderr;
        assert.match(
            out,
            /ncp-ingress:index:Ingress "ingress": the inputs have 1 problem; nothing was deployed/,
            show(r),
        );
        assert.match(out, /apps\[1\]\.port \(nginx\): 443 is taken by/, show(r));
        assert.equal(await kubectlGet("namespace", NS), undefined, "a namespace was created");
        writeProgram(exampleApps);
    });

    it("previews every route; up makes the Service, annotations, routes and Gateway of the TypeScript scenario", async () => {
        const p = ok(await project.pulumi(["preview", "--stack", stack, "--json"]), "preview");
        timing("yaml: first preview", p.seconds);
        const routes = plannedKinds(p).create.filter((s) => s.startsWith("VirtualService::"));
        assert.deepEqual(routes, exampleApps.map((a) => `VirtualService::${NAME}-apps-${a.name}`).sort());
        const r = ok(await project.pulumi(["up", "--yes", "--stack", stack, "--skip-preview"]), "up");
        timing("yaml: first up", r.seconds);
        await assertDeployed(exampleApps);
        ok(
            await project.pulumi(["up", "--yes", "--stack", stack, "--expect-no-changes", "--skip-preview"]),
            "no-change up",
        );
    });

    it("adding an app to the YAML list touches that app's route, the Service port and the Gateway server only", async () => {
        const apps = [...exampleApps, EXTRA_APP];
        writeProgram(apps);
        const p = ok(await project.pulumi(["preview", "--stack", stack, "--json"]), "preview");
        const steps = plannedKinds(p);
        assert.deepEqual(Object.keys(steps).sort(), ["create", "update"], JSON.stringify(steps));
        assert.deepEqual(steps.create, [`VirtualService::${NAME}-apps-${EXTRA_APP.name}`]);
        assert.equal(steps.update.length, 2, JSON.stringify(steps.update));
        assert.ok(steps.update.includes(`Gateway::${NAME}-apps-gateway`), JSON.stringify(steps.update));
        assert.ok(
            steps.update.some((u) => /^Service::.*istio-ingressgateway$/.test(u)),
            JSON.stringify(steps.update),
        );
        const r = ok(await project.pulumi(["up", "--yes", "--stack", stack, "--skip-preview"]), "up with the new app");
        timing("yaml: up with one more app", r.seconds);
        await assertDeployed(apps);
    });

    it("destroy leaves nothing of ours", async () => {
        ok(await project.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stack]), "destroy");
        assert.deepEqual(await untilEmpty(leftovers), []);
        assert.deepEqual(await clusterLeftovers(clusterBefore), [], "cluster-scoped objects left");
    });

    /** What scenario1 checks after its up, and the component's outputs as the YAML program exports them. */
    async function assertDeployed(apps: readonly E2eApp[]): Promise<void> {
        const svc = await assertGatewayService(apps);
        assert.deepEqual(ncpAnnotations(svc), seedAnnotations(), "the Service's NCP annotations");
        const address = await lbAddress(NS, SERVICE);
        await assertSeedRoutes(NS, apps, address);
        await assertSeedGateway(NS, apps);
        const outputs = await project.outputs(stack);
        // The stack program's outputs but for istioInstall and istioVersion, which it adds from its config.
        const expected: Record<string, unknown> = expectedOutputs(svc, address, apps, "helm");
        delete expected.istioInstall;
        assert.deepEqual(outputs, expected);
        await assertIstioAnalyzeClean(NS);
    }
});
