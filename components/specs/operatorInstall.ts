// What `istioctl operator init` puts on a cluster (Istio <= 1.23): a namespace, the IstioOperator CRD,
// a service account with the operator's cluster role, and the operator Deployment pinned to a version.
// Shapes follow Istio's manifests/charts/istio-operator chart of the 1.2x releases.
import { OPERATOR_NAMESPACE } from "../names";

/** The operator's ServiceAccount, ClusterRole(Binding) and Deployment. */
export const OPERATOR_NAME = "istio-operator";
const ALL = ["*"];

export function istioOperatorCrd() {
    const open = { type: "object", "x-kubernetes-preserve-unknown-fields": true };
    return {
        apiVersion: "apiextensions.k8s.io/v1" as const,
        kind: "CustomResourceDefinition" as const,
        metadata: { name: "istiooperators.install.istio.io", labels: { release: "istio" } },
        spec: {
            group: "install.istio.io",
            names: { kind: "IstioOperator", plural: "istiooperators", singular: "istiooperator", shortNames: ["iop"] },
            scope: "Namespaced",
            versions: [
                {
                    name: "v1alpha1",
                    served: true,
                    storage: true,
                    subresources: { status: {} },
                    additionalPrinterColumns: [
                        { name: "Revision", type: "string", jsonPath: ".spec.revision" },
                        { name: "Status", type: "string", jsonPath: ".status.status" },
                    ],
                    schema: {
                        openAPIV3Schema: {
                            type: "object",
                            properties: {
                                apiVersion: { type: "string" },
                                kind: { type: "string" },
                                spec: open,
                                status: open,
                            },
                        },
                    },
                },
            ],
        },
    };
}

export function operatorNamespace() {
    return { apiVersion: "v1" as const, kind: "Namespace" as const, metadata: { name: OPERATOR_NAMESPACE } };
}

export function operatorServiceAccount() {
    return {
        apiVersion: "v1" as const,
        kind: "ServiceAccount" as const,
        metadata: { name: OPERATOR_NAME, namespace: OPERATOR_NAMESPACE },
    };
}

/**
 * The operator installs and reconciles every Istio component, hence the broad rules. The rule list is
 * the 1.23.6 chart's (istio/istio 1.23.6, manifests/charts/istio-operator/templates/clusterrole.yaml),
 * including coordination.k8s.io leases: with LEADER_ELECTION_NAMESPACE set the operator
 * (controller-runtime) must take its lease before it reconciles anything.
 */
export function operatorClusterRole() {
    const rule = (apiGroups: string[], resources: string[], verbs = ALL) => ({ apiGroups, resources, verbs });
    const getCreateUpdate = ["get", "create", "update"];
    return {
        apiVersion: "rbac.authorization.k8s.io/v1" as const,
        kind: "ClusterRole" as const,
        metadata: { name: OPERATOR_NAME },
        rules: [
            ...["authentication", "config", "install", "networking", "security", "telemetry", "extensions"].map((g) =>
                rule([`${g}.istio.io`], ALL),
            ),
            rule(
                ["admissionregistration.k8s.io"],
                ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"],
            ),
            rule(
                ["apiextensions.k8s.io"],
                ["customresourcedefinitions.apiextensions.k8s.io", "customresourcedefinitions"],
            ),
            rule(["apps", "extensions"], ["daemonsets", "deployments", "deployments/finalizers", "replicasets"]),
            rule(["autoscaling"], ["horizontalpodautoscalers"]),
            rule(["monitoring.coreos.com"], ["servicemonitors"], getCreateUpdate),
            rule(["policy"], ["poddisruptionbudgets"]),
            rule(["rbac.authorization.k8s.io"], ["clusterrolebindings", "clusterroles", "roles", "rolebindings"]),
            rule(["coordination.k8s.io"], ["leases"], getCreateUpdate),
            rule(
                [""],
                [
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
                ],
            ),
        ],
    };
}

export function operatorClusterRoleBinding() {
    return {
        apiVersion: "rbac.authorization.k8s.io/v1" as const,
        kind: "ClusterRoleBinding" as const,
        metadata: { name: OPERATOR_NAME },
        subjects: [{ kind: "ServiceAccount" as const, name: OPERATOR_NAME, namespace: OPERATOR_NAMESPACE }],
        roleRef: { kind: "ClusterRole", name: OPERATOR_NAME, apiGroup: "rbac.authorization.k8s.io" },
    };
}

/** The operator itself, image docker.io/istio/operator:<version>, watching `watchNamespace`. */
export function operatorDeployment(version: string, watchNamespace: string) {
    const labels = { name: OPERATOR_NAME };
    return {
        apiVersion: "apps/v1" as const,
        kind: "Deployment" as const,
        metadata: { name: OPERATOR_NAME, namespace: OPERATOR_NAMESPACE },
        spec: {
            replicas: 1,
            selector: { matchLabels: labels },
            template: {
                metadata: { labels },
                spec: {
                    serviceAccountName: OPERATOR_NAME,
                    containers: [
                        {
                            name: OPERATOR_NAME,
                            image: `docker.io/istio/operator:${version}`,
                            // The chart's args (istio/istio 1.23.6, manifests/charts/istio-operator
                            // templates/deployment.yaml, values operator.monitoring): metrics on
                            // 127.0.0.1:15014, not the binary's default 0.0.0.0:8383.
                            command: ["operator", "server", "--monitoring-host=127.0.0.1", "--monitoring-port=15014"],
                            imagePullPolicy: "IfNotPresent",
                            securityContext: {
                                allowPrivilegeEscalation: false,
                                capabilities: { drop: ["ALL"] },
                                privileged: false,
                                readOnlyRootFilesystem: true,
                                runAsGroup: 1337,
                                runAsUser: 1337,
                                runAsNonRoot: true,
                            },
                            resources: {
                                requests: { cpu: "50m", memory: "128Mi" },
                                limits: { cpu: "200m", memory: "256Mi" },
                            },
                            env: [
                                { name: "WATCH_NAMESPACE", value: watchNamespace },
                                { name: "LEADER_ELECTION_NAMESPACE", value: OPERATOR_NAMESPACE },
                                { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
                                { name: "OPERATOR_NAME", value: OPERATOR_NAMESPACE },
                                { name: "WAIT_FOR_RESOURCES_TIMEOUT", value: "300s" },
                                { name: "REVISION", value: "" },
                            ],
                        },
                    ],
                },
            },
        },
    };
}
