// The e2e's operator replay (test/e2e/replay/specDiff.ts) comparing a CR with the captured inputs:
// the normalised spec, the differences by path, the capture matched or the nearest one, and the
// statuses it writes (ERROR for a CR it cannot replay, RECONCILING). Small inline objects
// (operatorReplayFixtures.ts): no capture folder (../shared) and no cluster needed.
import * as assert from "node:assert/strict";
import { differences, matchCapture, mismatchStatus, normaliseSpec, reconcilingStatus } from "./e2e/replay/specDiff";
import { BUILT_IN, capture, cr, port, spec } from "./operatorReplayFixtures";

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
