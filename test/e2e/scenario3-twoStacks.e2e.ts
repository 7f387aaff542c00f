// Two stacks: an Istio-only stack (helm, no apps) and a routes stack (install none) in the same
// namespace, as docs/configuration.md describes. The Istio stack's Service has Istio's ports only
// and no Gateway exists; the routes stack adds its ports and routes; both stacks' no-change
// previews pass; an Istio stack update that re-applies the Service keeps the routes stack's ports;
// destroying the routes stack removes its ports and routes only, then the Istio stack leaves
// nothing. Runs after install none (see scenarioSteps.ts).
import * as assert from "node:assert/strict";
import { assertSeedGateway, assertSeedRoutes, expectedOutputs, SEED_APPS } from "./expect";
import { kubectlGet, kubectlList, Project, setLbControl, timing, untilEmpty } from "./harness";
import { assertGatewayService, CHART_REPO, ISTIO_DEFAULT, leftovers, NS, SERVICE } from "./scenarioSteps";
import { assertIstioAnalyzeClean, createBackends, deleteBackends, lbAddress, ok } from "./steps";

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
