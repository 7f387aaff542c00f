// backend.host names a Service of Istio's registry; an IP is no such name and Envoy would drop the
// traffic.
import * as assert from "assert";
import { problemsOf } from "./configHelpers";

const IP =
    "is an IP address; the gateway routes only to hosts of Istio's service registry (Kubernetes Services, ServiceEntry hosts) " +
    "and drops the rest: use the Service's DNS name, such as argocd-server.argocd.svc.cluster.local";

describe("backend.host that is an IP address", () => {
    for (const host of ["10.0.0.5", "fd00::5", "::ffff:10.0.0.5"]) {
        it(`refuses ${host}`, () => {
            const raw = { apps: [{ name: "db", port: 30001, backend: { host, port: 80 } }] };
            assert.deepStrictEqual(problemsOf(raw), [
                `ncp-ingress:apps[0] (db) backend.host: ${JSON.stringify(host)} ${IP}`,
            ]);
        });
    }
    it("accepts DNS names, digits-only labels among them", () => {
        const raw = { apps: [{ name: "db", port: 30001, backend: { host: "db-1.10.svc.cluster.local", port: 80 } }] };
        assert.deepStrictEqual(problemsOf(raw), []);
    });
});
