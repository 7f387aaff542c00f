// What the scenario<N>-*.e2e.ts files share: the real pulumi CLI, our language host, the real
// kubernetes provider and Istio's real charts against the harness's control plane (test/e2e/up.sh).
// Every assertion reads the cluster (kubectl) or the engine's own output, not the program's intentions.
//
// They were one file (scenarios.e2e.ts) and run as it did: mocha takes the e2e files in the order
// of their names, so these, numbered, run in their order and after every other *.e2e.ts file (after
// the operator and migration scenarios, and render's, which remove the Istio CRDs they made). Each
// finds the cluster as the ones before left it: helm install's destroy keeps the Istio CRDs marked
// helm.sh/resource-policy: keep, which install none's istioctl apply takes over and the later helm
// installs find in place; the Gateway API scenario leaves its CRDs installed. Keep that order.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ISTIO_VERSIONS } from "../../components/config/schema";
import { chartServicePorts, E2eApp, Port, servicePorts, servicePortsFor } from "./expect";
import { harnessEnv, kubectlGet, kubectlList } from "./harness";

const env = harnessEnv();
export const CHART_REPO = env.E2E_CHART_REPO!;
/** The charts users get: the program's default version, served from Istio's released charts. */
export const ISTIO_DEFAULT = ISTIO_VERSIONS.helm;
export const CHARTS = env.E2E_ISTIO_CHARTS!;
if (!fs.existsSync(path.join(CHARTS, ISTIO_DEFAULT, "gateway")))
    throw new Error(`${CHARTS}/${ISTIO_DEFAULT}: the program's default Istio charts are missing (E2E_ISTIO_CHARTS)`);
/** The helm-mode gateway Service's own ports, as the default chart's values.yaml gives them. */
export const CHART_PORTS = chartServicePorts(CHARTS, ISTIO_DEFAULT);
export const NS = "istio-system";
export const SERVICE = "istio-ingressgateway";

/** The gateway Service: a LoadBalancer whose ports are exactly Istio's own and one per app. */
export async function assertGatewayService(
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
export async function leftovers(): Promise<string[]> {
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
