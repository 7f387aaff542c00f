// Config keys that are also names on Object.prototype (toString, constructor, __proto__, ...) are
// ordinary keys: unknown fields get the usual message, annotation keys are plain annotations.
// Pulumi hands structured config over as JSON.parse output, so the tests build it the same way.
import * as assert from "assert";
import { RawStackConfig } from "../config";
import { loadBalancerAnnotations } from "../components/specs/annotations";
import { parseStackConfig } from "../config";
import { problemsOf } from "./configHelpers";

const fromJson = (json: string): RawStackConfig => JSON.parse(json);
const app = '{"name": "web", "port": 30001, "backend": {"host": "web.apps.svc.cluster.local", "port": 80}}';
const LB_FIELDS =
    "layerType, internal, annotations, addressTimeoutSeconds, sourceRanges, size, subnetId, proxyProtocol, sslCertificateNo, tlsPorts, tlsMinVersion, idleTimeoutSeconds, description, retainPublicIpOnTermination, loadBalancerIP";

describe("config keys named like Object.prototype members", () => {
    for (const key of ["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf"]) {
        it(`"${key}" in a section, an app, a backend and the demo is an unknown field`, () => {
            const raw = fromJson(`{
                "istio": {"${key}": 1},
                "loadBalancer": {"${key}": 1},
                "apps": [{"name": "web", "port": 30001, "${key}": 1,
                          "backend": {"host": "web.apps.svc.cluster.local", "port": 80, "${key}": 1}}],
                "demo": {"${key}": 1}
            }`);
            assert.deepStrictEqual(problemsOf(raw), [
                `ncp-ingress:istio.${key}: unknown field; allowed: install, version, namespace, chartRepository, gatewayService, adoptFrom`,
                `ncp-ingress:loadBalancer.${key}: unknown field; allowed: ${LB_FIELDS}`,
                `ncp-ingress:apps[0] (web).${key}: unknown field; allowed: name, port, backend, protocol, hosts, tls, allow`,
                `ncp-ingress:apps[0] (web) backend.${key}: unknown field; allowed: host, port`,
                `ncp-ingress:demo.${key}: unknown field; allowed: port, namespace`,
            ]);
        });
    }

    it("toString, constructor, hasOwnProperty as annotation keys are ordinary annotations", () => {
        const raw = fromJson(`{"apps": [${app}],
            "loadBalancer": {"annotations": {"toString": "a", "constructor": "b", "hasOwnProperty": "c"}}}`);
        assert.deepStrictEqual(problemsOf(raw), []);
        const lb = parseStackConfig(raw).model.loadBalancer;
        assert.deepStrictEqual(lb.annotations, { toString: "a", constructor: "b", hasOwnProperty: "c" });
        const emitted = loadBalancerAnnotations(lb);
        assert.strictEqual(emitted.toString, "a");
        assert.strictEqual(emitted.constructor, "b");
    });
});
