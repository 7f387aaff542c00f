// Namespaces and names the stack would share with something else: the operator's namespace, the
// namespaces Kubernetes keeps itself, Istio's own components, Helm's release-name limit.
import * as assert from "assert";
import { problemsOf } from "./configHelpers";

const apps = [{ name: "web", port: 30001, backend: { host: "web.apps.svc.cluster.local", port: 80 } }];
const helm = { install: "helm", version: "1.28.0" };
const SYSTEM = (ns: string, what: string) =>
    `"${ns}" is a namespace the Kubernetes API server creates and keeps; ${what} creates it as a Namespace of this stack ` +
    "(and pulumi destroy would delete it): use a namespace of its own";

describe("istio.namespace", () => {
    it('refuses the operator\'s own namespace with install "operator"', () => {
        assert.deepStrictEqual(problemsOf({ apps, istio: { install: "operator", namespace: "istio-operator" } }), [
            'ncp-ingress:istio.namespace: "istio-operator" is the Istio operator\'s namespace, which install "operator" creates as well ' +
                "(two Namespace resources for one namespace): use another, such as istio-system",
        ]);
        assert.deepStrictEqual(problemsOf({ apps, istio: { ...helm, namespace: "istio-operator" } }), []);
    });
    for (const ns of ["kube-system", "kube-public", "kube-node-lease", "default"]) {
        it(`refuses ${ns} where the stack creates it (operator, helm), not with install "none"`, () => {
            for (const install of ["operator", "helm"]) {
                const istio = install === "helm" ? { ...helm, namespace: ns } : { install, namespace: ns };
                assert.deepStrictEqual(problemsOf({ apps, istio }), [
                    `ncp-ingress:istio.namespace: ${SYSTEM(ns, `install "${install}"`)}, such as istio-system`,
                ]);
            }
            assert.deepStrictEqual(problemsOf({ apps, istio: { install: "none", namespace: ns } }), []);
        });
    }
});

describe("demo.namespace", () => {
    it("refuses the Istio namespace, in every install mode", () => {
        for (const istio of [{ install: "operator" }, helm, { install: "none" }]) {
            assert.deepStrictEqual(problemsOf({ apps, istio, demo: { namespace: "istio-system" } }), [
                'ncp-ingress:demo.namespace: "istio-system" is also ncp-ingress:istio.namespace; the demo creates its namespace ' +
                    "as a Namespace of its own (and pulumi destroy would delete it, with Istio in it): use another, such as ncp-ingress-demo",
            ]);
        }
    });
    it('refuses the operator\'s namespace with install "operator", and the system namespaces', () => {
        assert.deepStrictEqual(problemsOf({ apps, demo: { namespace: "istio-operator" } }), [
            'ncp-ingress:demo.namespace: "istio-operator" is the Istio operator\'s namespace, which install "operator" creates as well ' +
                "(two Namespace resources for one namespace): use another, such as ncp-ingress-demo",
        ]);
        assert.deepStrictEqual(problemsOf({ apps, demo: { namespace: "kube-system" } }), [
            `ncp-ingress:demo.namespace: ${SYSTEM("kube-system", "the demo")}, such as ncp-ingress-demo`,
        ]);
    });
    it("is not checked when the demo is off", () => {
        assert.deepStrictEqual(problemsOf({ apps, demo: false }), []);
    });
});

describe("istio.gatewayService", () => {
    for (const [name, what] of [
        ["istiod", "Istio's control plane (its Deployment and Service)"],
        ["istio-egressgateway", "Istio's egress gateway"],
    ]) {
        it(`refuses ${name}`, () => {
            for (const istio of [{ install: "operator" }, helm, { install: "none" }]) {
                assert.deepStrictEqual(problemsOf({ apps, istio: { ...istio, gatewayService: name } }), [
                    `ncp-ingress:istio.gatewayService: "${name}" is the name of ${what} in ncp-ingress:istio.namespace, ` +
                        "not of an ingress gateway: use another, such as istio-ingressgateway",
                ]);
            }
        });
    }
    it('refuses more than 53 characters with install "helm", where it is the gateway chart\'s release name', () => {
        const long = "g".repeat(54);
        assert.deepStrictEqual(problemsOf({ apps, istio: { ...helm, gatewayService: long } }), [
            `ncp-ingress:istio.gatewayService: "${long}" is 54 characters long; install "helm" makes it the gateway chart's ` +
                "release name, and Helm allows at most 53",
        ]);
        assert.deepStrictEqual(problemsOf({ apps, istio: { ...helm, gatewayService: "g".repeat(53) } }), []);
        assert.deepStrictEqual(problemsOf({ apps, istio: { install: "operator", gatewayService: long } }), []);
        assert.deepStrictEqual(
            problemsOf({ apps, istio: { ...helm, gatewayService: long }, routing: "gateway-api" }),
            [],
            "no gateway chart with gateway-api routing",
        );
    });
});
