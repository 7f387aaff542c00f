// Allow lists and source ranges are parsed by Go (Istio's AuthorizationPolicy validation, the
// Kubernetes API server): a CIDR Go refuses is refused here, with its key and index.
import * as assert from "assert";
import { CIDR_PROBLEM as CIDR, problemsOf } from "./configHelpers";

const backend = { host: "web.apps.svc.cluster.local", port: 80 };
const ZONE = "must be a CIDR such as 203.0.113.0/24 or 2001:db8::/32 (no IPv6 zone such as %eth0)";
const ZEROS =
    "must be a CIDR such as 203.0.113.0/24 or 2001:db8::/32 (no leading zeros in an IPv4 part or in the prefix length)";

describe("CIDRs as Go parses them", () => {
    const cases: [string, string][] = [
        ["010.0.0.0/8", ZEROS],
        ["10.0.0.01/32", ZEROS],
        ["::ffff:010.0.0.0/104", ZEROS],
        ["10.0.0.0/08", ZEROS],
        ["2001:db8::/032", ZEROS],
        ["fe80::%eth0/64", ZONE],
        ["fe80::1%25eth0/128", ZONE],
        ["10.0.0.0/", CIDR],
        ["10.0.0.0/+8", CIDR],
    ];
    for (const [cidr, message] of cases) {
        it(`refuses ${cidr} in an allow list and in sourceRanges`, () => {
            const raw = {
                apps: [{ name: "web", port: 30001, allow: [cidr], backend }],
                loadBalancer: { sourceRanges: ["203.0.113.0/24", cidr] },
            };
            assert.deepStrictEqual(problemsOf(raw), [
                `ncp-ingress:loadBalancer.sourceRanges[1]: ${JSON.stringify(cidr)} ${message}`,
                `ncp-ingress:apps[0] (web) allow[0]: ${JSON.stringify(cidr)} ${message}`,
            ]);
        });
    }
    it("accepts /0, a zero octet, IPv6 and IPv4-mapped IPv6", () => {
        const allow = ["0.0.0.0/0", "10.0.0.0/8", "192.168.0.10/32", "2001:db8::/32", "::ffff:10.0.0.0/104", "::/0"];
        assert.deepStrictEqual(problemsOf({ apps: [{ name: "web", port: 30001, allow, backend }] }), []);
    });
});
