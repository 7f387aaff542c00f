// An LB that reports an IPv6 address: URLs (and authorities) bracket it.
import * as assert from "assert";
import { appUrls } from "../components/specs/appUrls";
import { hostPort } from "../components/specs/hostPort";
import { runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";

const http = { protocol: "HTTP" as const, hosts: [], tls: undefined };

describe("hostPort", () => {
    const cases: [string, string][] = [
        ["x.kr.lb.naverncp.com", "x.kr.lb.naverncp.com:30001"],
        ["203.0.113.10", "203.0.113.10:30001"],
        ["2001:db8::1", "[2001:db8::1]:30001"],
        ["2001:0db8:0000:0000:0000:ff00:0042:8329", "[2001:0db8:0000:0000:0000:ff00:0042:8329]:30001"],
        ["::1", "[::1]:30001"],
        ["::ffff:203.0.113.10", "[::ffff:203.0.113.10]:30001"],
        ["[2001:db8::1]", "[2001:db8::1]:30001"],
    ];
    for (const [address, want] of cases) {
        it(`${address} -> ${want}`, () => {
            assert.strictEqual(hostPort(address, 30001), want);
            // A valid URL authority: the port is the app's, not a piece of the address.
            const url = new URL(`http://${want}/`);
            assert.strictEqual(url.port, "30001");
        });
    }
});

describe("appUrls and authorities with an IPv6 LB address", () => {
    it("brackets the address, for every scheme", () => {
        const apps = [
            { name: "web", port: 30001, ...http },
            { name: "shop", port: 30443, ...http, protocol: "HTTPS" as const },
            { name: "db", port: 30432, ...http, protocol: "TCP" as const },
        ];
        assert.deepStrictEqual(appUrls(apps, "2001:db8::1"), {
            web: "http://[2001:db8::1]:30001",
            shop: "https://[2001:db8::1]:30443",
            db: "tcp://[2001:db8::1]:30432",
        });
    });

    it("the program matches [address]:port as every VirtualService's authority", async () => {
        const run = await runProgram(stackConfig("dev"), { lbIngress: [{ ip: "2001:db8::1" }] });
        const authorities = run
            .ofType("kubernetes:networking.istio.io/v1beta1:VirtualService")
            .map((r) => r.inputs.spec.http[0].match[0].authority.exact);
        assert.deepStrictEqual(authorities.sort(), [
            "[2001:db8::1]:30001",
            "[2001:db8::1]:30002",
            "[2001:db8::1]:30003",
            "[2001:db8::1]:30004",
        ]);
    });

    it("the program exports bracketed URLs when the LB reports only an IPv6 address", async () => {
        const run = await runProgram(stackConfig("dev"), { lbIngress: [{ ip: "2001:db8::1" }] });
        assert.strictEqual(run.loadBalancerAddress.value, "2001:db8::1");
        assert.deepStrictEqual(run.appUrls.value, {
            argocd: "http://[2001:db8::1]:30001",
            grafana: "http://[2001:db8::1]:30004",
            kibana: "http://[2001:db8::1]:30003",
            nginx: "http://[2001:db8::1]:30002",
        });
    });
});
