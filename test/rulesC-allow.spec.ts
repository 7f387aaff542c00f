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
            [],
        );
        assert.deepStrictEqual(spec.rules, [
            {
                from: [{ source: { notRemoteIpBlocks: ["10.0.0.0/8"] } }],
                to: [
                    {
                        operation: {
                            hosts: ["a.example.com", "a.example.com:*", "b.example.com", "b.example.com:*"],
                            ports: ["80", "443", "8080", "8443"],
                        },
                    },
                ],
            },
        ]);
    });

    it("apply only on the shared listeners' container ports, not on an app's own port there", () => {
        const spec = allowListPolicySpec(
            { port: 30001, hosts: ["a.example.com"], allow: ["10.0.0.0/8"] },
            selector,
            [30001, 8443, 30432],
        );
        const from = [{ source: { notRemoteIpBlocks: ["10.0.0.0/8"] } }];
        assert.deepStrictEqual(spec.rules, [
            { from, to: [{ operation: { ports: ["30001"] } }] },
            {
                from,
                to: [{ operation: { hosts: ["a.example.com", "a.example.com:*"], ports: ["80", "443", "8080"] } }],
            },
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

describe("host allow lists leave TCP apps alone", () => {
    // A TCP listener has no Host: Istio drops the HTTP-only hosts field from a DENY rule there,
    // which widens the rule to every client outside the list, on every TCP port the rule covers.
    for (const install of ["helm", "operator"]) {
        it(`install ${install}: the host rule names the shared listeners' ports, never a TCP app's`, async () => {
            const { runProgram } = await import("../scripts/offline/run");
            const run = await runProgram({
                istio: { install, version: install === "helm" ? "1.28.0" : "1.23.6" },
                apps: [
                    { name: "admin", hosts: ["admin.example.com"], allow: ["203.0.113.0/24"], backend },
                    {
                        name: "db",
                        port: 30432,
                        protocol: "TCP",
                        backend: { host: "db.data.svc.cluster.local", port: 5432 },
                    },
                ],
            });
            const policy = run.ofType("kubernetes:security.istio.io/v1beta1:AuthorizationPolicy")[0].inputs;
            assert.deepStrictEqual(policy.spec.rules[0].to, [
                {
                    operation: {
                        hosts: ["admin.example.com", "admin.example.com:*"],
                        ports: ["80", "443", "8080", "8443"],
                    },
                },
            ]);
        });
    }
});
