// Ours: what the out-of-cluster istiod of the harness (up.sh) needs from Istio's own istiod chart,
// rendered by helm: its two ClusterRoles (the control plane's and the Gateway API deployment
// controller's) under e2e- names, bound to the token user e2e-istiod, so istiod runs with the
// rights the chart gives it and nothing more (the names differ so that a scenario's own istiod
// chart can create the chart's); and the data of the ConfigMaps it reads at start as files under
// its working directory (istiod reads the injection templates once, at start, and looks for
// ./var/lib/istio/inject/{config,values} and ./etc/istio/config/{mesh,meshNetworks}).
// Usage: ts-node istiodSetup.ts <rendered istiod chart> <working directory>; prints the RBAC YAML.
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";

const [rendered, workDir] = process.argv.slice(2);
const docs = YAML.parseAllDocuments(fs.readFileSync(rendered, "utf8"))
    .map((d) => d.toJSON())
    .filter(Boolean);
const find = (kind: string, name: string) => {
    const doc = docs.find((d) => d.kind === kind && d.metadata.name === name);
    if (!doc) throw new Error(`${rendered}: no ${kind} ${name} in the istiod chart`);
    return doc;
};

const files: Record<string, [string, string]> = {
    "var/lib/istio/inject/config": ["istio-sidecar-injector", "config"],
    "var/lib/istio/inject/values": ["istio-sidecar-injector", "values"],
    "etc/istio/config/mesh": ["istio", "mesh"],
    "etc/istio/config/meshNetworks": ["istio", "meshNetworks"],
};
for (const [file, [configMap, key]] of Object.entries(files)) {
    const data = find("ConfigMap", configMap).data?.[key];
    if (typeof data !== "string") throw new Error(`${rendered}: ConfigMap ${configMap} has no ${key}`);
    fs.mkdirSync(path.dirname(path.join(workDir, file)), { recursive: true });
    fs.writeFileSync(path.join(workDir, file), data);
}

const roles = docs.filter(
    (d) => d.kind === "ClusterRole" && /^istiod-(clusterrole|gateway-controller)-/.test(d.metadata.name),
);
if (roles.length !== 2) throw new Error(`${rendered}: expected istiod's two ClusterRoles, found ${roles.length}`);
const out = roles.flatMap((role) => {
    const name = `e2e-${role.metadata.name}`;
    return [
        { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name }, rules: role.rules },
        {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRoleBinding",
            metadata: { name },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
            subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "e2e-istiod" }],
        },
    ];
});
console.log(out.map((d) => YAML.stringify(d)).join("---\n"));
