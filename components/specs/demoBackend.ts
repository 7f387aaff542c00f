// The demo backend's objects: go-httpbin, a Deployment and a ClusterIP Service. Written as the
// archived @pulumi/kubernetesx wrote them for earlier releases (labels app: httpbin, the container's
// port named http, the empty lists), so that a stack deployed with it sees no change.

/** go-httpbin: answers every path, echoes headers; port 8080. */
export const DEMO_IMAGE = "docker.io/mccutchen/go-httpbin:v2.15.0";
export const DEMO_PORT = 8080;
const LABELS = { app: "httpbin" };

export function demoDeploymentSpec() {
    return {
        replicas: 1,
        selector: { matchLabels: { ...LABELS } },
        template: {
            metadata: { labels: { ...LABELS } },
            spec: {
                containers: [
                    {
                        name: "httpbin",
                        image: DEMO_IMAGE,
                        ports: [{ name: "http", containerPort: DEMO_PORT }],
                        resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } },
                        env: [],
                        volumeMounts: [],
                    },
                ],
                initContainers: [],
                volumes: [],
            },
        },
    };
}

/** The demo Service: the container's port, selecting the Deployment's pods. */
export function demoServiceSpec() {
    return { ports: [{ name: "http", port: DEMO_PORT }], selector: { ...LABELS } };
}
