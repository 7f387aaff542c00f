// helm install, Gateway API routing: the Gateway's Service, Deployment and status come from
// istiod, running out of cluster (up.sh), its address from the NCP LB stand-in. The Gateway's
// class, NCP annotations and listeners, each HTTPRoute and each ReferenceGrant are exact objects;
// the Gateway's Service carries the NCP annotations and a port per app, the outputs are checked as
// a whole, a second up changes nothing, and destroy leaves nothing of ours. The Gateway API CRDs it
// applies stay installed (see scenarioSteps.ts).
import * as assert from "node:assert/strict";
import { assertGatewayApiObjects, expectedOutputs, ncpAnnotations, SEED_APPS, seedAnnotations } from "./expect";
import {
    deleteNamespaces,
    harnessEnv,
    kubectl,
    kubectlGet,
    kubectlList,
    Project,
    setLbControl,
    timing,
    untilEmpty,
} from "./harness";
import { CHART_REPO, ISTIO_DEFAULT, leftovers, NS } from "./scenarioSteps";
import { assertIstioAnalyzeClean, lbAddress, ok } from "./steps";

const env = harnessEnv();

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
