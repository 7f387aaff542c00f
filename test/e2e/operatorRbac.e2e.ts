// The operator's rights, against the real 1.23.6 operator chart (../shared/istio-charts/1.23.6/
// istio-operator/templates/clusterrole.yaml, read here, not copied): the program's ServiceAccount,
// ClusterRole and binding, applied to the harness's API server, let the operator do every verb on
// every resource the chart's ClusterRole grants (SubjectAccessReviews for the ServiceAccount), and
// the program's rules grant nothing the chart's do not.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { OPERATOR_NAMESPACE } from "../../components/names";
import {
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

describe("the operator's RBAC is the 1.23.6 operator chart's (SubjectAccessReviews as its ServiceAccount)", function () {
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
        // SubjectAccessReviews, as `kubectl auth can-i --as` makes them, but without its discovery
        // step, which answers "no" for a group the cluster does not serve (extensions, the Istio
        // CRDs, monitoring.coreos.com): RBAC itself is asked, for every (group, resource, verb).
        const asked: string[] = [];
        const reviews = rules.flatMap(({ apiGroups, resources, verbs }) =>
            apiGroups.flatMap((group) =>
                resources.flatMap((resource) =>
                    verbs.map((verb) => {
                        const [name, subresource] = resource.split("/");
                        asked.push(`${verb} ${name}${subresource ? `/${subresource}` : ""} (${group || "core"})`);
                        return {
                            apiVersion: "authorization.k8s.io/v1",
                            kind: "SubjectAccessReview",
                            spec: {
                                user: sa,
                                groups: ["system:serviceaccounts", `system:serviceaccounts:${OPERATOR_NAMESPACE}`],
                                resourceAttributes: { group, resource: name, subresource, verb },
                            },
                        };
                    }),
                ),
            ),
        );
        const file = path.join(E2E, "run", "operator-sar.yaml");
        fs.writeFileSync(file, reviews.map((r) => YAML.stringify(r)).join("---\n"));
        const r = await kubectl(["create", "-o", 'jsonpath={.status.allowed}{"\\n"}', "-f", file]);
        assert.equal(r.code, 0, show(r));
        const answers = r.stdout.trim().split("\n");
        assert.equal(answers.length, asked.length, show(r));
        const refused = asked.filter((_, i) => answers[i] !== "true");
        assert.deepEqual(refused, [], "the program's operator RBAC refuses what the chart grants");
        // The review can say no: a verb on a resource the chart does not grant.
        const probe = await kubectl(["auth", "can-i", "delete", "nodes", "--as", sa]);
        assert.equal(probe.stdout.trim(), "no", show(probe));
    });

    it("grants nothing the chart does not", () => {
        const chart = chartRules();
        const extra = operatorClusterRole().rules.filter((rule) => !covered(rule, chart));
        assert.deepEqual(extra, [], "rules beyond the 1.23.6 chart's");
        // The comparison itself can fail: a rule the chart lacks is caught.
        assert.equal(covered({ apiGroups: [""], resources: ["nodes"], verbs: ["delete"] }, chart), false);
    });
});
