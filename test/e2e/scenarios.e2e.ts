// End-to-end scenarios: the real pulumi CLI, our language host, the real kubernetes provider and
// Istio's real charts against the harness's control plane (test/e2e/up.sh). Every assertion reads
// the cluster (kubectl) or the engine's own output, not the program's intentions.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { ISTIO_VERSIONS } from "../../components/config/schema";
import {
    assertGatewayApiObjects,
    assertSeedGateway,
    assertSeedRoutes,
    chartServicePorts,
    E2eApp,
    EXTRA_APP,
    Port,
    expectedOutputs,
    ncpAnnotations,
    SEED_APPS,
    SEED_BUILT_IN_PORTS,
    seedAnnotations,
    servicePorts,
    servicePortsFor,
} from "./expect";
import { NCP_ANNOTATION_PREFIX } from "./ncpRules";
import {
    clusterLeftovers,
    clusterScoped,
    eventually,
    deleteNamespaces,
    existingGatewayDeployment,
    existingGatewayService,
    harnessEnv,
    kubectl,
    kubectlGet,
    kubectlList,
    lbSeen,
    previousRelease,
    Project,
    ROOT,
    setLbControl,
    show,
    timing,
    untilEmpty,
} from "./harness";
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

const env = harnessEnv();
const CHART_REPO = env.E2E_CHART_REPO!;
/** The charts users get: the program's default version, served from Istio's released charts. */
const ISTIO_DEFAULT = ISTIO_VERSIONS.helm;
const CHARTS = env.E2E_ISTIO_CHARTS!;
const ISTIO_NEWEST = env.E2E_ISTIO_NEWEST!;
if (!fs.existsSync(path.join(CHARTS, ISTIO_DEFAULT, "gateway")))
    throw new Error(`${CHARTS}/${ISTIO_DEFAULT}: the program's default Istio charts are missing (E2E_ISTIO_CHARTS)`);
/** The helm-mode gateway Service's own ports, as the default chart's values.yaml gives them. */
const CHART_PORTS = chartServicePorts(CHARTS, ISTIO_DEFAULT);
const NS = "istio-system";
const SERVICE = "istio-ingressgateway";

/** The gateway Service: a LoadBalancer whose ports are exactly Istio's own and one per app. */
async function assertGatewayService(
    apps: readonly E2eApp[],
    builtIn: readonly Port[] = CHART_PORTS,
    namespace = NS,
): Promise<any> {
    const svc = await kubectlGet("service", SERVICE, namespace);
    assert.ok(svc, `Service ${namespace}/${SERVICE} is missing`);
    assert.deepEqual(servicePorts(svc), servicePortsFor(builtIn, apps), `Service ${namespace}/${SERVICE} ports`);
    assert.equal(svc.spec.type, "LoadBalancer");
    return svc;
}

/**
 * Objects of ours left in the cluster: namespaced kinds in the Istio namespace, Istio custom
 * resources anywhere, and Istio CRDs, except those the base chart marks `helm.sh/resource-policy:
 * keep` (kept on purpose, as `helm uninstall` keeps them; the provider honours the annotation).
 */
async function leftovers(): Promise<string[]> {
    const left: string[] = [];
    for (const kind of ["deployments", "services", "serviceaccounts", "configmaps", "roles", "rolebindings"]) {
        for (const o of await kubectlList(kind, NS)) {
            if (o.metadata.name === "kube-root-ca.crt" || o.metadata.name === "default") continue;
            left.push(`${kind}/${o.metadata.name}`);
        }
    }
    for (const kind of [
        "gateways.networking.istio.io",
        "virtualservices.networking.istio.io",
        "authorizationpolicies.security.istio.io",
    ]) {
        for (const o of await kubectlList(kind)) left.push(`${kind}/${o.metadata.namespace}/${o.metadata.name}`);
    }
    for (const crd of await kubectlList("customresourcedefinitions")) {
        const kept = crd.metadata.annotations?.["helm.sh/resource-policy"] === "keep";
        if (crd.metadata.name.endsWith("istio.io") && !kept) left.push(`crd/${crd.metadata.name}`);
    }
    const ns = await kubectlGet("namespace", NS);
    if (ns) left.push(`namespace/${NS} (${ns.status.phase}, finalizers ${JSON.stringify(ns.spec?.finalizers)})`);
    return left;
}

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

describe("install none: the gateway Service exists; the program adds the app ports", function () {
    this.timeout(10 * 60 * 1000);
    const project = new Project("none");
    const stack = "e2e-none";
    const ns = "istio-ingress";
    const key = `${ns}/${SERVICE}`;
    const config = (apps: readonly object[], addressTimeoutSeconds = 60) => ({
        istio: { install: "none", namespace: ns },
        loadBalancer: { layerType: "nlb", internal: false, addressTimeoutSeconds },
        apps,
        demo: false,
    });
    // What istioctl or another Helm release would have left: the Istio CRDs and a gateway Service.
    const existingService = existingGatewayService(ns, SERVICE);

    before(async () => {
        setLbControl({ mode: "hostname", withhold: [key] });
        ok(await kubectl(["create", "namespace", ns]), "create namespace");
        const crds = path.join(CHARTS, ISTIO_DEFAULT, "base", "files", "crd-all.gen.yaml");
        // istioctl install applies with force, taking over CRDs an earlier install left.
        ok(
            await kubectl(["apply", "--server-side", "--force-conflicts", "--field-manager", "istioctl", "-f", crds]),
            "Istio CRDs",
        );
        ok(
            await kubectl(["apply", "--server-side", "--field-manager", "istioctl"], existingService),
            "gateway Service",
        );
        ok(
            await kubectl(["apply", "--server-side", "--field-manager", "istioctl"], existingGatewayDeployment(ns)),
            "gateway Deployment",
        );
        await createBackends(SEED_APPS);
        await project.stackInit(stack);
    });

    after(async () => {
        await deleteBackends(SEED_APPS);
        await deleteNamespaces([ns]);
    });

    it("a bad stack config fails at preview and at up with one message, creating nothing", async () => {
        project.writeStack(stack, config([...SEED_APPS, { ...EXTRA_APP, port: 30001 }]));
        for (const args of [["preview"], ["up", "--yes", "--skip-preview"]]) {
            const r = await project.pulumi([...args, "--stack", stack]);
            assert.notEqual(r.code, 0, `${args[0]} accepted a duplicate port: ${show(r)}`);
            const all = r.stdout + r.stderr;
            assert.match(all, /ncp-ingress:apps/, show(r));
            assert.match(all, /30001/, show(r));
            assert.doesNotMatch(all, /at Object\.|at .*\.ts:\d+/, `a stack trace reached the CLI: ${show(r)}`);
        }
        const state = JSON.parse((await project.pulumi(["stack", "export", "--stack", stack])).stdout);
        const resources = (state.deployment.resources ?? []).filter(
            (r: { type: string }) => r.type !== "pulumi:pulumi:Stack",
        );
        assert.deepEqual(resources, [], "the failed runs registered resources");
        assert.equal((await kubectlList("virtualservices.networking.istio.io", ns)).length, 0);
    });

    // The failure is the provider's own (the ServicePatch's wait); our message only comes from a
    // later run that reads the Service without waiting (unit-tested in test/addressA-*.spec.ts).
    for (const [what, bad, expected] of [
        [
            "an app named after a gateway port",
            { apps: [{ ...SEED_APPS[0], name: "http2" }] },
            /ncp-ingress:apps.*http2/,
        ],
        ["an empty app list", { apps: [] }, /ncp-ingress:apps/],
        [
            "LB options install none cannot apply",
            { loadBalancer: { layerType: "nlb", internal: false, annotations: { "example.com/team": "web" } } },
            /ncp-ingress:loadBalancer/,
        ],
        ["a CIDR Go's parser refuses", { apps: [{ ...SEED_APPS[0], allow: ["010.0.0.0/8"] }] }, /010\.0\.0\.0\/8/],
    ] as const) {
        it(`refused at preview with one message: ${what}`, async () => {
            project.writeStack(stack, { ...config(SEED_APPS), ...bad });
            const r = await project.pulumi(["preview", "--stack", stack]);
            assert.notEqual(r.code, 0, show(r));
            assert.match(r.stdout + r.stderr, expected, show(r));
            assert.match(r.stdout, /the stack configuration has \d+ problems?; nothing was deployed/, show(r));
        });
    }

    it("an address the LB never gets fails up after addressTimeoutSeconds, naming the wait", async () => {
        project.writeStack(stack, config(SEED_APPS, 15));
        const r = await project.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]);
        timing("none: up with a withheld address (timeout 15s)", r.seconds);
        assert.notEqual(r.code, 0, show(r));
        assert.match(
            r.stdout + r.stderr,
            /ServicePatch::ingress-lb-wait" was successfully created, but .* timed out/,
            show(r),
        );
        assert.match(r.stdout, /\{\.status\.loadBalancer\.ingress\} selected nothing/, show(r));
        assert.ok(r.seconds >= 15, `failed after ${r.seconds}s, before the 15s timeout`);
        assert.ok(r.seconds < 120, `took ${r.seconds}s; the timeout is 15s`);
    });

    it("once the LB answers, up adds the app ports to the existing Service and routes by its address", async () => {
        setLbControl({ mode: "hostname" });
        project.writeStack(stack, config(SEED_APPS));
        const r = ok(await project.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]), "up");
        timing("none: up", r.seconds);
        // The existing Service (istioctl's template: 8080/8443) keeps its own ports and gains ours.
        const svc = await assertGatewayService(SEED_APPS, SEED_BUILT_IN_PORTS, ns);
        const address = await lbAddress(ns, SERVICE);
        await assertSeedRoutes(ns, SEED_APPS, address);
        await assertSeedGateway(ns, SEED_APPS);
        // install none: no istioVersion output (the program installs no Istio).
        assert.deepEqual(await project.outputs(stack), expectedOutputs(svc, address, SEED_APPS, "none"));
        await assertIstioAnalyzeClean(ns);
        ok(
            await project.pulumi(["up", "--yes", "--skip-preview", "--expect-no-changes", "--stack", stack]),
            "no-change up",
        );
    });

    it("an allow list is refused while the existing Service's LB is an nplb (no layer-type: NCP's default), and routed once its owner makes it an nlb", async () => {
        const guarded = [{ ...SEED_APPS[0], allow: ["10.0.0.0/8"] }, ...SEED_APPS.slice(1)];
        project.writeStack(stack, config(guarded));
        const refused = await project.pulumi(["preview", "--stack", stack]);
        assert.notEqual(refused.code, 0, show(refused));
        assert.match(
            refused.stdout + refused.stderr,
            new RegExp(
                `ncp-ingress:apps \\(${SEED_APPS[0].name}\\) allow: the existing gateway Service ${key} is behind an nplb`,
            ),
            show(refused),
        );
        const layerType = `${NCP_ANNOTATION_PREFIX}layer-type`;
        ok(await kubectl(["annotate", "service", "-n", ns, SERVICE, `${layerType}=nlb`]), "the owner's annotation");
        ok(await project.pulumi(["up", "--yes", "--stack", stack]), "up behind an nlb");
        const policy = await kubectlGet("authorizationpolicies.security.istio.io", `${SEED_APPS[0].name}-allow`, ns);
        assert.ok(policy, `no AuthorizationPolicy for ${SEED_APPS[0].name}`);
        project.writeStack(stack, config(SEED_APPS));
        ok(await project.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]), "up without the allow list");
        ok(await kubectl(["annotate", "service", "-n", ns, SERVICE, `${layerType}-`]), "the annotation removed");
    });

    it("destroy removes the routes and our ports but leaves the Service that is not ours", async () => {
        ok(await project.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stack]), "destroy");
        await assertGatewayService([], SEED_BUILT_IN_PORTS, ns); // the Service that is not ours stays, as it was
        assert.equal((await kubectlList("virtualservices.networking.istio.io", ns)).length, 0);
        assert.equal((await kubectlList("gateways.networking.istio.io", ns)).length, 0);
    });
});

describe("two stacks: an Istio-only stack (helm, no apps) and a routes stack (install none)", function () {
    this.timeout(10 * 60 * 1000);
    const istioProject = new Project("two-istio");
    const routesProject = new Project("two-routes");
    const istioStack = "e2e-istio";
    const routesStack = "e2e-routes";
    const istioConfig = (description?: string) => ({
        istio: { install: "helm", namespace: NS, chartRepository: CHART_REPO },
        loadBalancer: { layerType: "nlb", internal: false, addressTimeoutSeconds: 60, description },
        apps: [],
        demo: false,
    });
    const routesConfig = {
        istio: { install: "none", namespace: NS },
        loadBalancer: { addressTimeoutSeconds: 60 },
        apps: SEED_APPS,
        demo: false,
    };

    before(async () => {
        setLbControl({ mode: "hostname" });
        await createBackends(SEED_APPS);
        istioProject.writeStack(istioStack, istioConfig());
        await istioProject.stackInit(istioStack);
        routesProject.writeStack(routesStack, routesConfig);
        await routesProject.stackInit(routesStack);
    });
    after(() => deleteBackends(SEED_APPS));

    it("the Istio stack installs Istio and the gateway Service with Istio's ports only, and no Gateway", async () => {
        const r = ok(await istioProject.pulumi(["up", "--yes", "--stack", istioStack, "--skip-preview"]), "up");
        timing("two stacks: Istio stack first up", r.seconds);
        await assertGatewayService([]);
        assert.equal(await kubectlGet("gateways.networking.istio.io", "istio-gateway", NS), undefined);
        const svc = await kubectlGet("service", SERVICE, NS);
        const outputs = await istioProject.outputs(istioStack);
        assert.deepEqual(outputs, expectedOutputs(svc, await lbAddress(NS, SERVICE), [], "helm", ISTIO_DEFAULT));
        const p = ok(
            await istioProject.pulumi(["preview", "--stack", istioStack, "--expect-no-changes"]),
            "Istio stack no-change preview",
        );
        timing("two stacks: Istio stack no-change preview", p.seconds);
    });

    it("the routes stack adds its ports and routes; an Istio stack update keeps them", async () => {
        const r = ok(await routesProject.pulumi(["up", "--yes", "--stack", routesStack, "--skip-preview"]), "up");
        timing("two stacks: routes stack first up", r.seconds);
        const address = await lbAddress(NS, SERVICE);
        await assertGatewayService(SEED_APPS);
        await assertSeedRoutes(NS, SEED_APPS, address);
        await assertSeedGateway(NS, SEED_APPS);
        await assertIstioAnalyzeClean(NS);
        const p = ok(await routesProject.pulumi(["preview", "--stack", routesStack, "--expect-no-changes"]), "preview");
        timing("two stacks: routes stack no-change preview", p.seconds);
        // The Istio stack re-applies the gateway Service (a new annotation): the routes stack's ports stay.
        istioProject.writeStack(istioStack, istioConfig("ncp-ingress e2e"));
        ok(await istioProject.pulumi(["up", "--yes", "--stack", istioStack, "--skip-preview"]), "Istio stack update");
        const svc = await assertGatewayService(SEED_APPS);
        assert.equal(
            svc.metadata.annotations["service.beta.kubernetes.io/ncloud-load-balancer-description"],
            "ncp-ingress e2e",
        );
        ok(
            await routesProject.pulumi(["preview", "--stack", routesStack, "--expect-no-changes"]),
            "routes stack after the Istio stack's update",
        );
    });

    it("destroying the routes stack removes its ports and routes only; then the Istio stack leaves nothing", async () => {
        ok(await routesProject.pulumi(["destroy", "--yes", "--stack", routesStack, "--skip-preview"]), "destroy");
        await assertGatewayService([]);
        assert.deepEqual(await kubectlList("virtualservices.networking.istio.io", NS), []);
        ok(await istioProject.pulumi(["destroy", "--yes", "--stack", istioStack, "--skip-preview"]), "destroy");
        assert.deepEqual(await untilEmpty(leftovers), []);
    });
});

describe("helm install, Gateway API routing (the Gateway's Service from istiod, out of cluster)", function () {
    this.timeout(15 * 60 * 1000);
    const project = new Project("helm-gateway-api");
    const stack = "e2e-gateway-api";
    const gatewayService = "istio-gateway-istio";
    const backendNamespaces = [...new Set(SEED_APPS.map((a) => a.backend.host.split(".")[1]))];
    after(() => deleteNamespaces(backendNamespaces));
    const config = (apps: readonly object[]) => ({
        routing: "gateway-api",
        gatewayApiCrds: "installed",
        istio: { install: "helm", namespace: NS, chartRepository: CHART_REPO },
        loadBalancer: { layerType: "nlb", internal: false, addressTimeoutSeconds: 60 },
        apps,
        demo: false,
    });

    before(async () => {
        setLbControl({ mode: "ip" });
        ok(await kubectl(["apply", "--server-side", "-f", env.E2E_GATEWAY_API_CRDS!]), "Gateway API CRDs");
        // The apps' namespaces exist on a real cluster; the ReferenceGrants are created in them.
        for (const ns of backendNamespaces) await kubectl(["create", "namespace", ns]);
        project.writeStack(stack, config(SEED_APPS));
        await project.stackInit(stack);
    });

    it("preview and up: the Gateway's Service carries the NCP annotations and a port per app", async () => {
        ok(await project.pulumi(["preview", "--stack", stack]), "first preview");
        const r = ok(await project.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]), "up");
        timing("gateway-api: first up", r.seconds);
        const svc = await kubectlGet("service", gatewayService, NS);
        assert.ok(svc, `Service ${NS}/${gatewayService} missing`);
        assert.deepEqual(ncpAnnotations(svc), seedAnnotations(), "the NCP annotations, through the Gateway");
        await assertGatewayApiObjects(NS, SEED_APPS, seedAnnotations());
        const address = await lbAddress(NS, gatewayService);
        assert.match(address, /^10\.255\./);
        assert.deepEqual(await project.outputs(stack), expectedOutputs(svc, address, SEED_APPS, "helm", ISTIO_DEFAULT));
        await assertIstioAnalyzeClean(NS);
        ok(
            await project.pulumi(["up", "--yes", "--skip-preview", "--expect-no-changes", "--stack", stack]),
            "no-change up",
        );
    });

    it("destroy leaves nothing of ours; the garbage collector removes the Gateway's Service", async () => {
        ok(await project.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stack]), "destroy");
        assert.deepEqual(await untilEmpty(leftovers), []);
        assert.equal((await kubectlList("httproutes.gateway.networking.k8s.io")).length, 0);
        assert.equal((await kubectlList("gateways.gateway.networking.k8s.io")).length, 0);
    });
});

describe("NCP's rules: a Service NCP would refuse gets no address (the LB stand-in, test/e2e/ncpRules.ts)", function () {
    this.timeout(3 * 60 * 1000);
    const ns = "e2e-ncp-rules";
    before(async () => {
        setLbControl({ mode: "hostname", delayMs: 0 });
        ok(await kubectl(["create", "namespace", ns]), "create namespace");
    });
    after(() => deleteNamespaces([ns]));

    const service = (name: string, annotations: Record<string, string>) =>
        YAML.stringify({
            apiVersion: "v1",
            kind: "Service",
            metadata: { name, namespace: ns, annotations },
            spec: { type: "LoadBalancer", selector: { app: name }, ports: [{ name: "http", port: 30001 }] },
        });

    it("an nlb with PROXY protocol: no address, a Warning Event naming the annotation", async () => {
        const bad = { ...seedAnnotations(), "service.beta.kubernetes.io/ncloud-load-balancer-proxy-protocol": "true" };
        ok(await kubectl(["apply"], service("bad", bad)), "apply the bad Service");
        ok(await kubectl(["apply"], service("good", seedAnnotations())), "apply a good Service");
        const good = await eventually("the good Service's address", 30, () => lbAddress(ns, "good"));
        assert.match(good, /\.kr\.lb\.naverncp\.com$/);
        const event = await eventually("the refusal Event", 30, async () =>
            (await kubectlList("events", ns)).find(
                (e) => e.involvedObject?.name === "bad" && e.reason === "NcpLoadBalancerRefused",
            ),
        );
        assert.equal(event.type, "Warning");
        assert.match(event.message, /ncloud-load-balancer-proxy-protocol/);
        assert.equal(await lbAddress(ns, "bad"), undefined, "NCP would create no LB for it");
        assert.deepEqual(lbSeen()[`${ns}/bad`].address, null);
        assert.ok(lbSeen()[`${ns}/bad`].refused.length > 0);
    });
});

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
