// The dev stack (operator mode) run offline reproduces the seed: what it registers, the IstioOperator,
// Gateway and VirtualServices, the LB address wait and the exports (other conditions and demo: true:
// program-variants.spec.ts).
import * as assert from "assert";
import { SEED_HOSTNAME } from "../scripts/offline/engine";
import { Run, runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";
import { validateAll, validateObject } from "./schemas";
import { seed } from "./seed";
import { APPLIED } from "../components/specs/await";
import { T } from "./programHelpers";

describe("the dev stack (operator mode) reproduces the seed", () => {
    let run: Run;
    before(async () => {
        run = await runProgram(stackConfig("dev"), { lbIngress: [{ hostname: SEED_HOSTNAME }] });
    });

    it("registers exactly the operator install, the LB read and one route per app", () => {
        const custom = run.resources.filter((r) => r.custom).map((r) => `${r.type} ${r.name}`);
        assert.deepStrictEqual(custom.sort(), [
            "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition istio-operator-crd",
            "kubernetes:apps/v1:Deployment istio-operator",
            "kubernetes:core/v1:Namespace istio-ns",
            "kubernetes:core/v1:Namespace istio-operator-ns",
            "kubernetes:core/v1:Service ingress-lb-service",
            "kubernetes:core/v1:ServiceAccount istio-operator-sa",
            "kubernetes:core/v1:ServicePatch ingress-lb-wait",
            "kubernetes:install.istio.io/v1alpha1:IstioOperator istio-operator-cr",
            "kubernetes:networking.istio.io/v1beta1:Gateway apps-gateway",
            "kubernetes:networking.istio.io/v1beta1:VirtualService apps-argocd",
            "kubernetes:networking.istio.io/v1beta1:VirtualService apps-grafana",
            "kubernetes:networking.istio.io/v1beta1:VirtualService apps-kibana",
            "kubernetes:networking.istio.io/v1beta1:VirtualService apps-nginx",
            "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole istio-operator-role",
            "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding istio-operator-binding",
            "pulumi:providers:kubernetes kubernetes",
        ]);
        const components = run.resources.filter((r) => !r.custom).map((r) => `${r.type} ${r.name}`);
        assert.deepStrictEqual(components.sort(), [
            "ncp-ingress:index:Ingress ncp-ingress",
            "ncp-ingress:istio:IstioInstall istio",
            "ncp-ingress:network:LoadBalancerAddress ingress-lb",
            "ncp-ingress:routing:AppRoutes apps",
        ]);
    });

    it("IstioOperator: the seed's gateway, annotations and ports, plus the 15021 status port, and no egress gateway", () => {
        const iop = run.named("istio-operator-cr").inputs;
        const ours = iop.spec.components.ingressGateways[0];
        const theirs = seed.istioOperator.spec.components.ingressGateways[0];
        assert.strictEqual(iop.metadata.namespace, seed.istioOperator.metadata.namespace);
        assert.strictEqual(iop.spec.profile, seed.istioOperator.spec.profile);
        // The seed also enabled an egress gateway, which nothing here routes through: the default
        // profile leaves it off, and so do we.
        const egress = (iop.spec.components.egressGateways ?? []) as { enabled?: boolean }[];
        assert.deepStrictEqual(
            egress.filter((g) => g.enabled),
            [],
        );
        assert.strictEqual(ours.name, theirs.name);
        assert.strictEqual(ours.enabled, true);
        assert.deepStrictEqual(ours.k8s.hpaSpec, theirs.k8s.hpaSpec);
        assert.deepStrictEqual(ours.k8s.serviceAnnotations, theirs.k8s.serviceAnnotations);
        // In the seed's order too (its ports by number): the status port, 80, 443, then the apps by port.
        const expected = [{ name: "status-port", port: 15021, targetPort: 15021 }, ...theirs.k8s.service.ports];
        assert.deepStrictEqual(ours.k8s.service.ports, expected);
    });

    it("IstioOperator waits for the operator to report HEALTHY before anything reads the Service", () => {
        const iop = run.named("istio-operator-cr").inputs;
        const applied = iop.metadata.annotations[APPLIED];
        assert.match(applied, /^[0-9a-f]{16}$/);
        assert.deepStrictEqual(iop.metadata.annotations, {
            [APPLIED]: applied,
            "pulumi.com/waitFor": JSON.stringify([
                `jsonpath={.metadata.annotations['${APPLIED}']}=${applied}`,
                "jsonpath={.status.status}=HEALTHY",
            ]),
            "pulumi.com/timeoutSeconds": "600",
        });
    });

    it("installs the operator pinned to istio.version, watching the control-plane namespace", () => {
        const d = run.named("istio-operator").inputs;
        const c = d.spec.template.spec.containers[0];
        assert.strictEqual(c.image, "docker.io/istio/operator:1.23.6");
        assert.deepStrictEqual(
            c.env.find((e: { name: string }) => e.name === "WATCH_NAMESPACE"),
            { name: "WATCH_NAMESPACE", value: "istio-system" },
        );
        assert.strictEqual(run.named("istio-operator-crd").inputs.metadata.name, "istiooperators.install.istio.io");
    });

    it("Gateway: the seed's servers, one HTTP server per app port", () => {
        const gw = run.named("apps-gateway").inputs;
        assert.strictEqual(gw.metadata.name, seed.gateway.metadata.name);
        assert.strictEqual(gw.metadata.namespace, seed.gateway.metadata.namespace);
        assert.deepStrictEqual(gw.spec.selector, seed.gateway.spec.selector);
        const order = (s: { port: { number: number } }[]) => [...s].sort((a, b) => a.port.number - b.port.number);
        assert.deepStrictEqual(order(gw.spec.servers), order(seed.gateway.spec.servers));
    });

    it("VirtualServices: the seed's four routes with its exact authority strings", () => {
        const routes = run.ofType(T.vs).map((r) => {
            assert.deepStrictEqual(r.inputs.spec.gateways, seed.virtualService.spec.gateways);
            assert.deepStrictEqual(r.inputs.spec.hosts, seed.virtualService.spec.hosts);
            assert.strictEqual(r.inputs.metadata.namespace, "istio-system");
            assert.strictEqual(r.inputs.spec.http.length, 1);
            const { match, route } = r.inputs.spec.http[0];
            return { match, route };
        });
        const key = (r: { match: { port: number }[] }) => r.match[0].port;
        assert.deepStrictEqual(
            routes.sort((a, b) => key(a) - key(b)),
            [...seed.virtualService.spec.http].sort((a, b) => key(a) - key(b)),
        );
        assert.strictEqual(routes[0].match[0].authority.exact, `${SEED_HOSTNAME}:30001`);
    });

    it("the LB address is read from the gateway Service after a patch that waits for it and for exactly the CR's ports", () => {
        const patch = run.named("ingress-lb-wait").inputs;
        const ports = [15021, 80, 443, 30001, 30002, 30003, 30004];
        const applied = patch.metadata.annotations[APPLIED];
        assert.match(applied, /^[0-9a-f]{16}$/);
        assert.deepStrictEqual(patch.metadata, {
            name: "istio-ingressgateway",
            namespace: "istio-system",
            annotations: {
                [APPLIED]: applied,
                "pulumi.com/waitFor": JSON.stringify([
                    `jsonpath={.metadata.annotations['${APPLIED}']}=${applied}`,
                    "jsonpath={.status.loadBalancer.ingress}",
                    ...ports.map((p) => `jsonpath={.spec.ports[?@.port==${p}]}`),
                    "jsonpath={$[?length(@.ports)==7].ports}",
                ]),
                "pulumi.com/timeoutSeconds": "600",
            },
        });
        const iopPorts = run.named("istio-operator-cr").inputs.spec.components.ingressGateways[0].k8s.service.ports;
        assert.deepStrictEqual(
            iopPorts.map((p: { port: number }) => p.port),
            ports,
        );
        assert.strictEqual(run.named("ingress-lb-service").id, "istio-system/istio-ingressgateway");
    });

    it("exports the address and one URL per app", () => {
        assert.deepStrictEqual(run.loadBalancerAddress, { known: true, value: SEED_HOSTNAME });
        assert.deepStrictEqual(run.appUrls.value, {
            argocd: `http://${SEED_HOSTNAME}:30001`,
            grafana: `http://${SEED_HOSTNAME}:30004`,
            kibana: `http://${SEED_HOSTNAME}:30003`,
            nginx: `http://${SEED_HOSTNAME}:30002`,
        });
    });

    it("every emitted object validates against the upstream schemas", () => {
        assert.strictEqual(validateAll(run.resources), 13);
        // The IstioOperator schema leaves spec open; check the gateway Service it describes as a Service.
        const gw = run.named("istio-operator-cr").inputs.spec.components.ingressGateways[0].k8s;
        validateObject({
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "istio-ingressgateway", annotations: gw.serviceAnnotations },
            spec: { type: "LoadBalancer", ports: gw.service.ports },
        });
    });
});
