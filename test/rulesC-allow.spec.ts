// Allow lists on host names: the DENY policy must see the Host a client sends with a port too, since
// the gateway routes "h:80" like "h"; and a wildcard host cannot be matched with a port at all.
import * as assert from "assert";
import { allowListPolicySpec } from "../components/specs/istioRouting";
import { problemsOf } from "./configHelpers";

const backend = { host: "web.apps.svc.cluster.local", port: 80 };
const selector = { istio: "ingressgateway" };

describe("allow lists on host names", () => {
    it("match each host with and without a port", () => {
        const spec = allowListPolicySpec(
            { hosts: ["a.example.com", "b.example.com"], allow: ["10.0.0.0/8"] },
            selector,
        );
        assert.deepStrictEqual(spec.rules[0].to[0].operation.hosts, [
            "a.example.com",
            "a.example.com:*",
            "b.example.com",
            "b.example.com:*",
        ]);
    });

    it("refuse a wildcard host, which no AuthorizationPolicy host can match with a port", () => {
        const raw = {
            apps: [{ name: "a", hosts: ["a.example.com", "*.example.com"], allow: ["10.0.0.0/8"], backend }],
        };
        assert.deepStrictEqual(problemsOf(raw), [
            `ncp-ingress:apps[0] (a) allow: cannot cover the wildcard host "*.example.com": an AuthorizationPolicy host takes a single '*', ` +
                `so it cannot also match "<name>.example.com:<port>", which the gateway routes to the app as well (it ignores the port); ` +
                "list the host names instead of the wildcard, or leave allow out",
        ]);
    });

    it("accept a wildcard host without an allow list", () => {
        assert.deepStrictEqual(problemsOf({ apps: [{ name: "a", hosts: ["*.example.com"], backend }] }), []);
    });
});
