// Operator mode: the operator's RBAC and Deployment as Istio 1.23.6's istio-operator chart has them.
import * as assert from "assert";
import { operatorClusterRole, operatorDeployment } from "../components/specs/operatorInstall";
import { Run, runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";
import { validateObject } from "./schemas";

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };

/** group/resource -> verbs, so that rule order and grouping do not matter. */
function grants(rules: readonly Rule[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const r of rules)
        for (const g of r.apiGroups) for (const res of r.resources) out[`${g}/${res}`] = [...r.verbs].sort().join(",");
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

describe("operator ClusterRole (istio/istio 1.23.6 manifests/charts/istio-operator/templates/clusterrole.yaml)", () => {
    const role = grants(operatorClusterRole().rules);

    it("lets the operator take its leader-election lease in coordination.k8s.io", () => {
        assert.strictEqual(role["coordination.k8s.io/leases"], "create,get,update");
    });

    it("grants exactly what the 1.23.6 chart grants, no more, no less", () => {
        const all = "*";
        const expected: Record<string, string> = {};
        for (const g of ["authentication", "config", "install", "networking", "security", "telemetry", "extensions"])
            expected[`${g}.istio.io/*`] = all;
        for (const r of ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"])
            expected[`admissionregistration.k8s.io/${r}`] = all;
        for (const r of ["customresourcedefinitions.apiextensions.k8s.io", "customresourcedefinitions"])
            expected[`apiextensions.k8s.io/${r}`] = all;
        for (const g of ["apps", "extensions"])
            for (const r of ["daemonsets", "deployments", "deployments/finalizers", "replicasets"])
                expected[`${g}/${r}`] = all;
        expected["autoscaling/horizontalpodautoscalers"] = all;
        expected["monitoring.coreos.com/servicemonitors"] = "create,get,update";
        expected["policy/poddisruptionbudgets"] = all;
        for (const r of ["clusterrolebindings", "clusterroles", "roles", "rolebindings"])
            expected[`rbac.authorization.k8s.io/${r}`] = all;
        expected["coordination.k8s.io/leases"] = "create,get,update";
        for (const r of [
            "configmaps",
            "endpoints",
            "events",
            "namespaces",
            "pods",
            "pods/proxy",
            "pods/portforward",
            "persistentvolumeclaims",
            "secrets",
            "services",
            "serviceaccounts",
            "resourcequotas",
        ])
            expected[`/${r}`] = all;
        assert.deepStrictEqual(role, sorted(expected));
    });

    it("validates as a ClusterRole", () => validateObject(operatorClusterRole()));
});

function sorted(o: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

describe("operator Deployment (istio/istio 1.23.6 manifests/charts/istio-operator/templates/deployment.yaml)", () => {
    const d = operatorDeployment("1.23.6", "istio-system");
    const c = d.spec.template.spec.containers[0];

    it("binds its metrics to 127.0.0.1:15014 as the chart does, not the binary's default 0.0.0.0:8383", () => {
        assert.deepStrictEqual(c.command, [
            "operator",
            "server",
            "--monitoring-host=127.0.0.1",
            "--monitoring-port=15014",
        ]);
    });

    it("leader election in the operator's namespace, watching the control-plane namespace", () => {
        const env = Object.fromEntries(c.env.map((e: { name: string; value?: string }) => [e.name, e.value]));
        assert.strictEqual(env.LEADER_ELECTION_NAMESPACE, "istio-operator");
        assert.strictEqual(env.WATCH_NAMESPACE, "istio-system");
        assert.strictEqual(env.OPERATOR_NAME, "istio-operator");
    });

    it("validates as a Deployment", () => validateObject(d));
});

describe("operator mode in a namespace other than istio-system", () => {
    let run: Run;
    before(async () => {
        run = await runProgram({ ...stackConfig("dev"), istio: { install: "operator", namespace: "mesh" } });
    });

    it("the IstioOperator installs the control plane and the gateway there (spec.namespace, values.global.istioNamespace)", () => {
        const iop = run.named("istio-operator-cr").inputs;
        assert.strictEqual(iop.metadata.namespace, "mesh");
        assert.strictEqual(iop.spec.namespace, "mesh");
        assert.deepStrictEqual(iop.spec.values, { global: { istioNamespace: "mesh" } });
        validateObject(iop as { apiVersion: string; kind: string });
    });

    it("the operator watches it, and the address is read from the gateway Service there", () => {
        const c = run.named("istio-operator").inputs.spec.template.spec.containers[0];
        assert.deepStrictEqual(
            c.env.find((e: { name: string }) => e.name === "WATCH_NAMESPACE"),
            { name: "WATCH_NAMESPACE", value: "mesh" },
        );
        assert.strictEqual(run.named("istio-ns").inputs.metadata.name, "mesh");
        assert.strictEqual(run.named("ingress-lb-service").id, "mesh/istio-ingressgateway");
    });
});
