// install none: the gateway Service exists (as istioctl or another Helm release would have left it,
// with the Istio CRDs); the program adds the app ports. A bad stack config fails preview and up
// with one message and registers nothing; an LB that never gets an address fails up after
// addressTimeoutSeconds, naming the wait; once the LB answers, the app ports are added to the
// existing Service (its own ports kept), the routes and outputs are exact and a second up changes
// nothing; an allow list is refused behind an nplb and routed behind an nlb; destroy leaves the
// Service that is not ours as it was. Runs after helm install, whose kept Istio CRDs its istioctl
// apply takes over (see scenarioSteps.ts).
import * as assert from "node:assert/strict";
import * as path from "node:path";
import {
    assertSeedGateway,
    assertSeedRoutes,
    EXTRA_APP,
    expectedOutputs,
    SEED_APPS,
    SEED_BUILT_IN_PORTS,
} from "./expect";
import {
    deleteNamespaces,
    existingGatewayDeployment,
    existingGatewayService,
    kubectl,
    kubectlGet,
    kubectlList,
    Project,
    setLbControl,
    show,
    timing,
} from "./harness";
import { NCP_ANNOTATION_PREFIX } from "./ncpRules";
import { assertGatewayService, CHARTS, ISTIO_DEFAULT, SERVICE } from "./scenarioSteps";
import { assertIstioAnalyzeClean, createBackends, deleteBackends, lbAddress, ok } from "./steps";

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
