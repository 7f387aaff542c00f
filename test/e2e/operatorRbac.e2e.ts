// The operator's rights, against the real 1.23.6 operator chart (../shared/istio-charts/1.23.6/
// istio-operator/templates/clusterrole.yaml, read here, not copied): the program's ServiceAccount,
// ClusterRole and binding, applied to the harness's API server, let the operator do every verb on
// every resource the chart's ClusterRole grants (kubectl auth can-i as the ServiceAccount), and the
// program's rules grant nothing the chart's do not.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import {
    OPERATOR_NAMESPACE,
    operatorClusterRole,
    operatorClusterRoleBinding,
    operatorServiceAccount,
} from "../../components/specs/operatorInstall";
import { deleteNamespaces, E2E, harnessEnv, kubectl, show } from "./harness";

interface Rule {
    apiGroups: string[];
    resources: string[];
    verbs: string[];
}

/** The chart's ClusterRole rules; its one template expression (a revision suffix on the name) dropped. */
function chartRules(): Rule[] {
    const file = path.join(harnessEnv().E2E_ISTIO_CHARTS!, "1.23.6", "istio-operator", "templates", "clusterrole.yaml");
    const text = fs.readFileSync(file, "utf8").replace(/\{\{[^}]*\}\}/g, "");
    const docs = YAML.parseAllDocuments(text).map((d) => d.toJS());
    return docs.find((d) => d?.kind === "ClusterRole").rules;
}

/** Whether `rule`'s every (group, resource, verb) is in some rule of `of` ('*' matches anything). */
function covered(rule: Rule, of: Rule[]): boolean {
    const has = (list: string[], v: string) => list.includes("*") || list.includes(v);
    return rule.apiGroups.every((g) =>
        rule.resources.every((r) =>
            rule.verbs.every((v) => of.some((o) => has(o.apiGroups, g) && has(o.resources, r) && has(o.verbs, v))),
        ),
    );
}

describe("the operator's RBAC is the 1.23.6 operator chart's (kubectl auth can-i as its ServiceAccount)", function () {
    this.timeout(5 * 60 * 1000);
    const sa = `system:serviceaccount:${OPERATOR_NAMESPACE}:${operatorServiceAccount().metadata.name}`;
    const file = path.join(E2E, "run", "operator-rbac.yaml");

    before(async () => {
        const objects = [operatorServiceAccount(), operatorClusterRole(), operatorClusterRoleBinding()];
        fs.writeFileSync(file, objects.map((o) => YAML.stringify(o)).join("---\n"));
        assert.equal((await kubectl(["create", "namespace", OPERATOR_NAMESPACE])).code, 0);
        const r = await kubectl(["apply", "-f", file]);
        assert.equal(r.code, 0, show(r));
    });
    after(async () => {
        await kubectl(["delete", "--ignore-not-found", "-f", file]);
        await deleteNamespaces([OPERATOR_NAMESPACE]);
    });

    it("grants every verb on every resource the chart grants", async () => {
        const rules = chartRules();
        assert.ok(rules.length >= 10, `the chart's ClusterRole has ${rules.length} rules`);
        const refused: string[] = [];
        for (const { apiGroups, resources, verbs } of rules) {
            for (const group of apiGroups) {
                for (const resource of resources) {
                    for (const verb of verbs) {
                        const target = group === "" ? resource : `${resource}.${group}`;
                        const r = await kubectl(["auth", "can-i", verb, target, "--as", sa, "--all-namespaces"]);
                        if (r.stdout.trim() !== "yes") refused.push(`${verb} ${target}: ${r.stdout.trim()}`);
                    }
                }
            }
        }
        assert.deepEqual(refused, [], "the program's operator RBAC refuses what the chart grants");
    });

    it("grants nothing the chart does not", () => {
        const chart = chartRules();
        const extra = operatorClusterRole().rules.filter((rule) => !covered(rule, chart));
        assert.deepEqual(extra, [], "rules beyond the 1.23.6 chart's");
        // The comparison itself can fail: a rule the chart lacks is caught.
        assert.equal(covered({ apiGroups: [""], resources: ["nodes"], verbs: ["delete"] }, chart), false);
    });
});
