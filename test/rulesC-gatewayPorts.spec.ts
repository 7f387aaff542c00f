// The gateway's own ports: app names must not repeat its Service port names, and with the operator's
// 1.23 gateway (unprivileged, built-in listeners on 8080/8443) some app ports cannot work.
import * as assert from "assert";
import { problemsOf } from "./configHelpers";

const backend = { host: "web.apps.svc.cluster.local", port: 80 };
const app = (name: string, port: number) => ({ name, port, backend });
const helm = { install: "helm", version: "1.28.0" };
const UNIQUE = "a Service's port names must be unique: pick another name";
const PRIVILEGED =
    'install "operator" runs the Istio 1.23 gateway unprivileged, and istiod skips gateway ports below 1024 (no listener); ' +
    'pick a port from 1024 up (e.g. 30000-32767), or use install "helm"';

describe("app names that are the gateway Service's port names", () => {
    for (const istio of [{ install: "operator" }, helm, { install: "none" }]) {
        it(`refuses status-port, http2 and https (install ${istio.install})`, () => {
            const raw = { istio, apps: [app("status-port", 30001), app("http2", 30002), app("https", 30003)] };
            assert.deepStrictEqual(problemsOf(raw), [
                `ncp-ingress:apps (status-port) name: "status-port" names the gateway Service's own port 15021; ${UNIQUE}`,
                `ncp-ingress:apps (http2) name: "http2" names the gateway Service's own port 80; ${UNIQUE}`,
                `ncp-ingress:apps (https) name: "https" names the gateway Service's own port 443; ${UNIQUE}`,
            ]);
        });
    }
    it("with gateway-api routing, only status-port, which Istio adds to the Service it provisions", () => {
        const raw = {
            istio: helm,
            routing: "gateway-api",
            apps: [app("status-port", 30001), app("http2", 30002), app("https", 30003)],
        };
        assert.deepStrictEqual(problemsOf(raw), [
            `ncp-ingress:apps (status-port) name: "status-port" names the gateway Service's own port 15021; ${UNIQUE}`,
        ]);
    });
});

describe("app ports with the operator's gateway", () => {
    it("refuses ports below 1024 and the built-in listeners' container ports 8080 and 8443", () => {
        const raw = { apps: [app("a", 1), app("b", 1023), app("c", 8080), app("d", 8443), app("e", 1024)] };
        assert.deepStrictEqual(problemsOf(raw), [
            `ncp-ingress:apps (a) port: 1: ${PRIVILEGED}`,
            `ncp-ingress:apps (b) port: 1023: ${PRIVILEGED}`,
            `ncp-ingress:apps (c) port: 8080 is the container port of the gateway's built-in HTTP listener (port 80) with install "operator"; pick another port (e.g. 30000-32767)`,
            `ncp-ingress:apps (d) port: 8443 is the container port of the gateway's built-in HTTPS listener (port 443) with install "operator"; pick another port (e.g. 30000-32767)`,
        ]);
    });
    it("refuses the same for the demo's port", () => {
        assert.deepStrictEqual(problemsOf({ apps: [app("web", 30001)], demo: { port: 8080 } }), [
            `ncp-ingress:demo.port: 8080 is the container port of the gateway's built-in HTTP listener (port 80) with install "operator"; pick another port (e.g. 30000-32767)`,
        ]);
        assert.deepStrictEqual(problemsOf({ apps: [app("web", 30001)], demo: { port: 81 } }), [
            `ncp-ingress:demo.port: 81: ${PRIVILEGED}`,
        ]);
    });
    it("reports 80 and 443 once, as the built-in listeners'", () => {
        assert.deepStrictEqual(problemsOf({ apps: [app("a", 80)] }), [
            "ncp-ingress:apps[0] (a) port: 80 is taken by the gateway's built-in HTTP listener; pick another port (e.g. 30000-32767)",
        ]);
    });
    it("accepts them with the chart's gateway, and with gateway-api routing (Istio's own gateway per Gateway)", () => {
        const apps = [app("a", 1), app("b", 8080), app("c", 8443)];
        assert.deepStrictEqual(problemsOf({ istio: helm, apps }), []);
        assert.deepStrictEqual(problemsOf({ istio: { install: "operator" }, routing: "gateway-api", apps }), []);
    });
});
