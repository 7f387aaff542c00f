// Install none with Gateway API routing, the Gateway API CRDs installed by the program itself from
// an install manifest's URL (gatewayApiCrds), as a user whose cluster has Istio but not those CRDs
// would run it. The manifest is the standard channel of the Gateway API module the harness pins
// (versions.json gatewayApi, the program's default release), served over https here because the
// harness reaches no release download site. The Gateway's Service, Deployment and status come
// from istiod itself, running out of cluster (up.sh); its address from the NCP LB stand-in.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import {
    assertGatewayApiObjects,
    EXTRA_APP,
    expectedOutputs,
    ncpAnnotations,
    SEED_APPS,
    seedAnnotations,
    servicePorts,
    servicePortsFor,
} from "./expect";
import {
    clusterLeftovers,
    clusterScoped,
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
import { HttpsFiles, serveHttps } from "./httpsServer";
import {
    assertIstioAnalyzeClean,
    createBackends,
    deleteBackends,
    lbAddress,
    ok,
    plannedKinds,
    setAppByPath,
} from "./steps";

const env = harnessEnv();
const NS = "istio-gateways";
const SERVICE = "istio-gateway-istio"; // Istio provisions <gateway>-<class>
/** istiod's own port on a Gateway's Service (its readiness probe), beside one per listener. */
const ISTIOD_BUILT_IN_PORTS = [{ name: "status-port", port: 15021, targetPort: 15021 }];
const GATEWAY_API_KINDS = ["gateways", "httproutes", "referencegrants"].map((k) => `${k}.gateway.networking.k8s.io`);

describe("install none, Gateway API routing, the Gateway API CRDs installed by the program from a URL", function () {
    this.timeout(15 * 60 * 1000);
    const project = new Project("none-gateway-api");
    const stack = "e2e-none-gateway-api";
    const crdDir = env.E2E_GATEWAY_API_CRDS!;
    const crdFiles = fs.readdirSync(crdDir).filter((f) => f.endsWith(".yaml"));
    /** The CRD names the standard channel defines, from the files' own metadata.name. */
    const crdNames: string[] = crdFiles.map(
        (f) => YAML.parse(fs.readFileSync(path.join(crdDir, f), "utf8")).metadata.name,
    );
    let served: HttpsFiles;
    let clusterBefore: Set<string>;

    before(async () => {
        setLbControl({ mode: "hostname" });
        // The program is to install them: none may be left by an earlier scenario.
        ok(await kubectl(["delete", "--ignore-not-found", "--wait", "-f", crdDir]), "delete Gateway API CRDs");
        served = await serveHttps({
            "standard-install.yaml": crdFiles.map((f) => fs.readFileSync(path.join(crdDir, f), "utf8")).join("\n---\n"),
        });
        project.env = { SSL_CERT_FILE: served.caFile };
        ok(await kubectl(["create", "namespace", NS]), "the Istio namespace (Istio is someone else's)");
        await createBackends([...SEED_APPS, EXTRA_APP]);
        clusterBefore = await clusterScoped();
        project.writeStack(stack, {
            routing: "gateway-api",
            gatewayApiCrds: served.url("standard-install.yaml"),
            istio: { install: "none", namespace: NS },
            loadBalancer: { layerType: "nlb", internal: false, addressTimeoutSeconds: 60 },
            apps: SEED_APPS,
            demo: false,
        });
        await project.stackInit(stack);
    });

    after(async () => {
        await served?.close();
        await deleteBackends([...SEED_APPS, EXTRA_APP]);
        await deleteNamespaces([NS]);
    });

    it("preview lists every CRD of the manifest, the Gateway, a route and a grant per app", async () => {
        assert.equal(crdNames.length, crdFiles.length);
        const r = ok(await project.pulumi(["preview", "--json", "--stack", stack]), "first preview");
        assert.deepEqual(served.requested, ["standard-install.yaml"], "the provider fetched the manifest by its URL");
        const creates = plannedKinds(r).create;
        assert.deepEqual(
            creates.filter((s) => s.startsWith("CustomResourceDefinition::")).map((s) => s.split(":").pop()),
            [...crdNames].sort(),
        );
        for (const app of SEED_APPS) {
            assert.ok(creates.includes(`HTTPRoute::apps-${app.name}`), `no route for ${app.name}: ${creates}`);
            const ns = app.backend.host.split(".")[1];
            assert.ok(creates.includes(`ReferenceGrant::apps-grant-${ns}`), `no grant in ${ns}: ${creates}`);
        }
        assert.ok(creates.includes("Gateway::apps-gateway"), String(creates));
    });

    it("up installs the CRDs and routes every app through the Gateway's LB", async () => {
        const r = ok(await project.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]), "up");
        timing("none + gateway-api: first up", r.seconds);
        for (const name of crdNames) {
            // kubectl hides managedFields unless asked.
            const r = ok(await kubectl(["get", "crd", name, "-o", "json", "--show-managed-fields"]), `CRD ${name}`);
            const fields: { manager: string; subresource?: string }[] = JSON.parse(r.stdout).metadata.managedFields;
            const managers = fields.filter((f) => f.subresource !== "status").map((f) => f.manager);
            // The provider applies as pulumi-kubernetes-<suffix>, one suffix per resource.
            assert.equal(managers.length, 1, `CRD ${name}: managers ${managers}`);
            assert.match(managers[0], /^pulumi-kubernetes-[0-9a-f]+$/, `CRD ${name}: its spec is the program's alone`);
        }
        await assertGatewayApiObjects(NS, SEED_APPS, seedAnnotations());
        const svc = await kubectlGet("service", SERVICE, NS);
        assert.ok(svc, `Service ${NS}/${SERVICE} is missing`);
        assert.deepEqual(ncpAnnotations(svc), seedAnnotations(), "the NCP annotations, through the Gateway");
        // Provisioned by istiod: its status port, then a port per listener, named after it.
        assert.deepEqual(
            servicePorts(svc),
            servicePortsFor(ISTIOD_BUILT_IN_PORTS, SEED_APPS),
            "the Gateway's Service ports",
        );
        const address = await lbAddress(NS, SERVICE);
        assert.match(address, /\.naverncp\.com$/);
        assert.deepEqual(await project.outputs(stack), expectedOutputs(svc, address, SEED_APPS, "none"));
        await assertIstioAnalyzeClean(NS);
        ok(
            await project.pulumi(["up", "--yes", "--skip-preview", "--expect-no-changes", "--stack", stack]),
            "no-change up",
        );
    });

    it("one more app previews as its route and grant and a Gateway update, and is routed after up", async () => {
        await setAppByPath(project, stack, SEED_APPS.length, EXTRA_APP);
        const r = ok(await project.pulumi(["preview", "--json", "--stack", stack]), "preview");
        assert.deepEqual(plannedKinds(r), {
            create: [
                `HTTPRoute::apps-${EXTRA_APP.name}`,
                `ReferenceGrant::apps-grant-${EXTRA_APP.backend.host.split(".")[1]}`,
            ],
            update: ["Gateway::apps-gateway"],
        });
        ok(await project.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]), "up");
        await assertGatewayApiObjects(NS, [...SEED_APPS, EXTRA_APP], seedAnnotations());
        const svc = await kubectlGet("service", SERVICE, NS);
        assert.deepEqual(
            await project.outputs(stack),
            expectedOutputs(svc, await lbAddress(NS, SERVICE), [...SEED_APPS, EXTRA_APP], "none"),
        );
    });

    it("destroy removes the routes, the Gateway (its Service with it) and the CRDs it installed", async () => {
        ok(await project.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stack]), "destroy");
        assert.deepEqual(await clusterLeftovers(clusterBefore), []);
        for (const crd of crdNames) assert.equal(await kubectlGet("customresourcedefinitions", crd), undefined, crd);
        assert.deepEqual(
            await untilEmpty(async () => (await kubectlList("services", NS)).map((s) => s.metadata.name)),
            [],
        );
        for (const kind of GATEWAY_API_KINDS) assert.deepEqual(await kubectlList(kind), [], kind);
    });
});
