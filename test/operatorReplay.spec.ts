// The pure parts of the e2e's operator replay (test/e2e/operatorReplay.ts), on small inline objects:
// no capture folder (../shared) and no cluster needed.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import {
    applyOrder,
    Capture,
    differences,
    K8sObject,
    loadCaptures,
    matchCapture,
    mismatchStatus,
    nextLease,
    normaliseSpec,
    orderLikeCr,
    parseDeletedList,
    readTimeline,
    reconcilingStatus,
    toPrune,
} from "./e2e/operatorReplay";

const port = (name: string, p: number, targetPort = p) => ({ name, port: p, targetPort });
const spec = (ports: object[]) => ({
    profile: "default",
    components: {
        ingressGateways: [{ name: "istio-ingressgateway", enabled: true, k8s: { service: { ports } } }],
    },
});
const BUILT_IN = [port("status-port", 15021), port("http2", 80, 8080)];
const cr = (s: unknown, name = "istio", namespace = "istio-system") => ({ metadata: { name, namespace }, spec: s });
const capture = (name: string, ports: object[], objects: K8sObject[] = []): Capture => ({
    name,
    input: { apiVersion: "install.istio.io/v1alpha1", kind: "IstioOperator", ...cr(spec(ports)) },
    objects,
    status: { status: "HEALTHY" },
});
const obj = (kind: string, name: string, namespace?: string, component?: string, extra: object = {}): K8sObject => ({
    apiVersion: "v1",
    kind,
    metadata: {
        name,
        ...(namespace ? { namespace } : {}),
        ...(component ? { labels: { "operator.istio.io/component": component } } : {}),
    },
    ...extra,
});

describe("operator replay: deleted-when-cr-deleted.txt", () => {
    it("reads Kind:namespace:name, cluster-scoped objects with an empty namespace", () => {
        assert.deepEqual(
            parseDeletedList(
                "Removed ClusterRole::istiod-clusterrole-istio-system.\nRemoved Service:istio-system:istiod.\n\n",
            ),
            [
                { kind: "ClusterRole", namespace: "", name: "istiod-clusterrole-istio-system" },
                { kind: "Service", namespace: "istio-system", name: "istiod" },
            ],
        );
    });
    it("refuses any other line", () => {
        assert.throws(() => parseDeletedList("Deleted Service:a:b."), /Removed Kind:namespace:name/);
    });
});

describe("operator replay: comparing a CR with the captured inputs", () => {
    const devPorts = [...BUILT_IN, port("argocd", 30001), port("grafana", 30004), port("nginx", 30002)];
    const dev = capture("dev", devPorts);
    const echo = capture("dev-plus-echo", [...devPorts, port("echo", 30005)]);

    it("normalises only the gateway Service ports' order, leaving the input untouched", () => {
        const s = spec([port("b", 30002), port("a", 30001)]);
        const before = JSON.stringify(s);
        const keyed = { "port=30001": port("a", 30001), "port=30002": port("b", 30002) };
        assert.deepEqual(normaliseSpec(s), spec(keyed as any));
        assert.deepEqual(Object.keys((normaliseSpec(s) as any).components.ingressGateways[0].k8s.service.ports), [
            "port=30001",
            "port=30002",
        ]);
        assert.equal(JSON.stringify(s), before);
    });

    it("a CR equal to a capture but for the order of its ports matches it (ordered by port, as the program does)", () => {
        const byPort = [...BUILT_IN, port("argocd", 30001), port("nginx", 30002), port("grafana", 30004)];
        assert.equal(matchCapture(cr(spec(byPort)), [dev, echo]).capture?.name, "dev");
        assert.equal(
            matchCapture(cr(spec([...byPort, port("echo", 30005)])), [dev, echo]).capture?.name,
            "dev-plus-echo",
        );
    });

    it("any other CR: no match, the nearest capture and the paths that differ", () => {
        const other = [...BUILT_IN, port("argocd", 30001), port("grafana", 30004), port("nginx", 30002, 8080)];
        const m = matchCapture(cr(spec(other)), [dev, echo]);
        assert.equal(m.capture, undefined);
        assert.ok(!m.capture);
        assert.equal(m.nearest.name, "dev");
        assert.deepEqual(m.differences, [
            "spec.components.ingressGateways[0].k8s.service.ports[port=30002].targetPort: 8080, the capture has 30002",
        ]);
        const status = mismatchStatus(m);
        assert.equal(status.status, "ERROR");
        assert.match(String(status.message), /differs from every captured input/);
        assert.match(
            String(status.message),
            /nearest capture dev \(1 difference\): spec\.components\.ingressGateways\[0\]\.k8s\.service\.ports\[port=30002\]\.targetPort/,
        );
    });

    it("a port the capture lacks is named as one difference, not as every later port", () => {
        const more = [
            ...BUILT_IN,
            port("argocd", 30001),
            port("extra", 30003),
            port("grafana", 30004),
            port("nginx", 30002),
        ];
        const m = matchCapture(cr(spec(more)), [dev]);
        assert.ok(!m.capture);
        assert.deepEqual(m.differences, [
            'spec.components.ingressGateways[0].k8s.service.ports[port=30003]: {"name":"extra","port":30003,"targetPort":30003}, not in the capture',
        ]);
    });

    it("a repeated port is not hidden by the normalisation", () => {
        const twice = [
            ...BUILT_IN,
            port("argocd", 30001),
            port("grafana", 30004),
            port("nginx", 30002),
            port("nginx2", 30002),
        ];
        assert.ok(!matchCapture(cr(spec(twice)), [dev]).capture);
    });

    it("the CR's name and namespace count too (the objects' labels name them)", () => {
        const m = matchCapture(cr(dev.input.spec, "istio", "istio-ingress"), [dev]);
        assert.ok(!m.capture);
        assert.deepEqual(m.differences, ['metadata.namespace: "istio-ingress", the capture has "istio-system"']);
    });

    it("the ERROR message names the first five differences and counts the rest", () => {
        const m = { nearest: dev, differences: ["a", "b", "c", "d", "e", "f", "g"] };
        assert.match(String(mismatchStatus(m).message), /\(7 differences\): a; b; c; d; e; and 2 more$/);
    });
});

describe("operator replay: differences", () => {
    it("missing, extra, changed and retyped values, by path", () => {
        assert.deepEqual(
            differences(
                { a: 1, b: { c: "x", d: [1, 2] }, e: true, "x.y": 1 },
                { a: 1, b: { c: "y", d: [1] }, f: null, "x.y": "1" },
            ),
            [
                'spec.b.c: "x", the capture has "y"',
                "spec.b.d[1]: 2, not in the capture",
                "spec.e: true, not in the capture",
                "spec.f: missing (the capture has null)",
                'spec["x.y"]: 1 (number), the capture has "1" (string)',
            ],
        );
    });
    it("equal objects: none; a limit stops early", () => {
        assert.deepEqual(differences({ a: [{ b: 1 }] }, { a: [{ b: 1 }] }), []);
        assert.equal(differences([1, 2, 3], [4, 5, 6], "x", 2).length, 2);
    });
});

describe("operator replay: objects as the operator renders them", () => {
    const crSpec = spec([...BUILT_IN, port("nginx", 30002), port("argocd", 30001)]);
    const service = obj("Service", "istio-ingressgateway", "istio-system", "IngressGateways", {
        spec: {
            ports: [...BUILT_IN, port("argocd", 30001), port("nginx", 30002)].map((p) => ({ ...p, protocol: "TCP" })),
        },
    });
    const deployment = obj("Deployment", "istio-ingressgateway", "istio-system", "IngressGateways", {
        spec: {
            template: {
                spec: {
                    containers: [
                        {
                            name: "istio-proxy",
                            ports: [15021, 8080, 30001, 30002, 15090].map((containerPort) => ({ containerPort })),
                        },
                    ],
                },
            },
        },
    });

    it("the gateway Service's and container's ports follow the CR's order; other ports keep their place", () => {
        const [svc, dep, other] = orderLikeCr([service, deployment, obj("Service", "istiod", "istio-system")], crSpec);
        assert.deepEqual(
            (svc as any).spec.ports.map((p: any) => p.name),
            ["status-port", "http2", "nginx", "argocd"],
        );
        assert.deepEqual(
            (dep as any).spec.template.spec.containers[0].ports.map((p: any) => p.containerPort),
            [15021, 8080, 30002, 30001, 15090],
        );
        assert.deepEqual(other, obj("Service", "istiod", "istio-system"));
        assert.deepEqual((service as any).spec.ports[2].name, "argocd", "the capture is not changed");
    });

    it("applies Base, then Pilot, then IngressGateways, keeping the file's order within each", () => {
        const objects = [
            obj("Service", "gw", "ns", "IngressGateways"),
            obj("ClusterRole", "pilot-1", undefined, "Pilot"),
            obj("CustomResourceDefinition", "crd", undefined, "Base"),
            obj("ConfigMap", "pilot-2", "ns", "Pilot"),
        ];
        assert.deepEqual(
            applyOrder(objects).map((o) => o.metadata.name),
            ["crd", "pilot-1", "pilot-2", "gw"],
        );
    });

    it("prunes what is labelled as the CR's and not in the capture, never CRDs", () => {
        const c = capture("dev", [], [obj("Service", "keep", "ns")]);
        assert.deepEqual(
            toPrune(
                [
                    { kind: "Service", namespace: "ns", name: "keep" },
                    { kind: "Service", namespace: "ns", name: "gone" },
                    { kind: "CustomResourceDefinition", namespace: "", name: "x.istio.io" },
                ],
                c,
            ),
            [{ kind: "Service", namespace: "ns", name: "gone" }],
        );
    });
});

describe("operator replay: status", () => {
    it("RECONCILING as Istio's SetStatusBegin writes it: alone at first, over every component later", () => {
        assert.deepEqual(reconcilingStatus(undefined), { status: "RECONCILING" });
        assert.deepEqual(
            reconcilingStatus({
                status: "HEALTHY",
                componentStatus: { Base: { status: "HEALTHY" }, Pilot: { status: "HEALTHY" } },
            }),
            {
                status: "RECONCILING",
                componentStatus: { Base: { status: "RECONCILING" }, Pilot: { status: "RECONCILING" } },
            },
        );
    });
});

describe("operator replay: leader election (client-go's tryAcquireOrRenew)", () => {
    const now = new Date("2026-12-02T01:41:45.119Z");
    const ms = now.getTime();

    it("creates the lease when there is none", () => {
        assert.deepEqual(nextLease(undefined, "me", ms, now), {
            holderIdentity: "me",
            leaseDurationSeconds: 20,
            acquireTime: now,
            renewTime: now,
            leaseTransitions: 0,
        });
    });
    it("waits while another holder's lease is valid, counted from when this candidate saw it change", () => {
        const theirs = { holderIdentity: "other", leaseDurationSeconds: 20, renewTime: "2000-01-01T00:00:00Z" };
        assert.equal(nextLease(theirs, "me", ms - 19000, now), "wait");
        const taken = nextLease({ ...theirs, leaseTransitions: 2 }, "me", ms - 21000, now);
        assert.notEqual(taken, "wait");
        assert.equal((taken as any).holderIdentity, "me");
        assert.equal((taken as any).leaseTransitions, 3);
        assert.equal((taken as any).acquireTime, now);
    });
    it("a renewal keeps acquireTime and the transition count", () => {
        const mine = {
            holderIdentity: "me",
            leaseDurationSeconds: 20,
            acquireTime: "t0",
            renewTime: "t1",
            leaseTransitions: 1,
        };
        assert.deepEqual(nextLease(mine, "me", ms, now), { ...mine, renewTime: now });
    });
});

describe("operator replay: capture folder and timeline", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "replay-spec-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("a missing capture folder: a clear error naming it and OPERATOR_CAPTURE_DIR", () => {
        assert.throws(
            () => loadCaptures(path.join(dir, "nowhere")),
            /no capture of the Istio 1\.23\.6 operator at .*nowhere.*OPERATOR_CAPTURE_DIR/s,
        );
    });

    it("loads each folder's input, objects and status, and the deletion list", () => {
        const root = path.join(dir, "capture");
        const input = { apiVersion: "install.istio.io/v1alpha1", kind: "IstioOperator", ...cr(spec(BUILT_IN)) };
        for (const name of ["dev", "dev-plus-echo"]) {
            fs.mkdirSync(path.join(root, name), { recursive: true });
            fs.writeFileSync(path.join(root, name, "istiooperator.yaml"), YAML.stringify(input));
            fs.writeFileSync(
                path.join(root, name, "objects.yaml"),
                [obj("Service", "a", "istio-system"), obj("ServiceAccount", "b", "istio-system")]
                    .map((o) => YAML.stringify(o))
                    .join("---\n"),
            );
            fs.writeFileSync(
                path.join(root, name, "istiooperator-after.yaml"),
                YAML.stringify({ status: { status: "HEALTHY" } }),
            );
        }
        fs.writeFileSync(path.join(root, "dev", "deleted-when-cr-deleted.txt"), "Removed Service:istio-system:a.\n");
        const c = loadCaptures(root);
        assert.deepEqual(
            c.captures.map((x) => [x.name, x.objects.length, x.status]),
            [
                ["dev", 2, { status: "HEALTHY" }],
                ["dev-plus-echo", 2, { status: "HEALTHY" }],
            ],
        );
        assert.deepEqual(c.captures[0].input.spec, spec(BUILT_IN));
        assert.deepEqual(c.deletedWhenCrDeleted, [{ kind: "Service", namespace: "istio-system", name: "a" }]);
    });

    it("reads the timeline's JSON lines; none when the file is missing", () => {
        const file = path.join(dir, "timeline.jsonl");
        assert.deepEqual(readTimeline(file), []);
        fs.writeFileSync(
            file,
            '{"t":1,"cr":"a/b","what":"seen"}\n{"t":2,"cr":"a/b","what":"status","status":"HEALTHY"}\n',
        );
        assert.deepEqual(
            readTimeline(file).map((e) => e.what),
            ["seen", "status"],
        );
    });
});
