// Stack config validation of ncp-ingress:apps: every rule for an app's name, port and backend, and
// how many apps fit, with its exact message; the admin-UI warning (the other settings:
// config-settings.spec.ts; config as `pulumi config set` stores it: config-sources.spec.ts).
import * as assert from "assert";
import { parseStackConfig, RawStackConfig } from "../config";
import { app, backend, problemsOf } from "./configHelpers";

const cases: { title: string; raw: RawStackConfig; problems: string[] }[] = [
    {
        title: "apps missing",
        raw: {},
        problems: [
            "ncp-ingress:apps: is required: a list of apps, each {name, port, backend: {host, port}} (optional: protocol, hosts, tls, allow)",
        ],
    },
    {
        title: "apps not a list",
        raw: { apps: { name: "web" } },
        problems: [
            "ncp-ingress:apps: got an object; expected a list of apps, each {name, port, backend: {host, port}} (optional: protocol, hosts, tls, allow)",
        ],
    },
    {
        title: "an entry not an object",
        raw: { apps: ["web"] },
        problems: [
            'ncp-ingress:apps[0]: got "web" (a string); expected an object {name, port, backend: {host, port}} (optional: protocol, hosts, tls, allow)',
        ],
    },
    {
        title: "unknown fields, with a typo hint",
        raw: { apps: [{ ...app("web", 30001), prot: 1, backend: { ...backend, hots: "x" } }] },
        problems: [
            'ncp-ingress:apps[0] (web).prot: unknown field; did you mean "port"?',
            'ncp-ingress:apps[0] (web) backend.hots: unknown field; did you mean "host"?',
        ],
    },
    {
        title: "name missing",
        raw: { apps: [{ port: 30001, backend }] },
        problems: ['ncp-ingress:apps[0] name: got nothing; expected a DNS-1123 label such as "argocd"'],
    },
    {
        title: "name not a DNS-1123 label",
        raw: { apps: [app("Web_UI", 30001)] },
        problems: [
            `ncp-ingress:apps[0] (Web_UI) name: "Web_UI" must be a DNS-1123 label: lower case letters, digits and '-', starting and ending with a letter or digit`,
        ],
    },
    {
        title: "name longer than 63",
        raw: { apps: [app("a".repeat(64), 30001)] },
        problems: [
            `ncp-ingress:apps[0] (${"a".repeat(64)}) name: "${"a".repeat(64)}" is 64 characters long; at most 63 are allowed (DNS-1123 label)`,
        ],
    },
    {
        title: "duplicate names and ports",
        raw: { apps: [app("web", 30001), app("web", 30002), app("api", 30001)] },
        problems: [
            'ncp-ingress:apps (web) name: "web" is already used by ncp-ingress:apps (web); app names must be unique',
            "ncp-ingress:apps (api) port: 30001 is already used by ncp-ingress:apps (web); one listener per port",
        ],
    },
    {
        title: "port missing, not an integer, out of range",
        raw: { apps: [{ name: "a", backend }, app("b", 30001.5), { ...app("c", 0), port: "30003" }, app("d", 70000)] },
        problems: [
            "ncp-ingress:apps[0] (a) port: got nothing; expected a load balancer port: an integer from 1 to 65534 (or hosts, to share 80/443)",
            "ncp-ingress:apps[1] (b) port: got 30001.5; expected a load balancer port: an integer from 1 to 65534",
            'ncp-ingress:apps[2] (c) port: got "30003" (a string); expected a load balancer port: an integer from 1 to 65534',
            "ncp-ingress:apps[3] (d) port: got 70000; expected a load balancer port: an integer from 1 to 65534",
        ],
    },
    {
        title: "65535, which NCP listeners refuse",
        raw: { apps: [app("web", 65535)] },
        problems: [
            "ncp-ingress:apps[0] (web) port: 65535 is refused by NCP load balancer listeners, which take ports 1-65534",
        ],
    },
    {
        title: "ports the gateway uses",
        raw: { apps: [app("a", 80), app("b", 443), app("c", 15021), app("d", 15090)] },
        problems: [
            "ncp-ingress:apps[0] (a) port: 80 is taken by the gateway's built-in HTTP listener; pick another port (e.g. 30000-32767)",
            "ncp-ingress:apps[1] (b) port: 443 is taken by the gateway's built-in HTTPS listener; pick another port (e.g. 30000-32767)",
            "ncp-ingress:apps[2] (c) port: 15021 is taken by the gateway's health check port (status-port); pick another port (e.g. 30000-32767)",
            "ncp-ingress:apps[3] (d) port: 15090 is taken by Envoy's Prometheus telemetry port; pick another port (e.g. 30000-32767)",
        ],
    },
    {
        title: "backend missing, host invalid, port out of range",
        raw: {
            apps: [
                { name: "a", port: 30001 },
                { name: "b", port: 30002, backend: { host: "Not A Host", port: 80 } },
                { name: "c", port: 30003, backend: { port: 0 } },
                { name: "d", port: 30004, backend: { host: "d.ns.svc", port: 65536 } },
            ],
        },
        problems: [
            "ncp-ingress:apps[0] (a) backend: got nothing; expected {host: <service DNS name>, port: <service port>}",
            `ncp-ingress:apps[1] (b) backend.host: "Not A Host" must be a DNS name: dot-separated labels of lower case letters, digits and '-' (e.g. argocd-server.argocd.svc.cluster.local)`,
            "ncp-ingress:apps[2] (c) backend.host: got nothing; expected a DNS name such as argocd-server.argocd.svc.cluster.local",
            "ncp-ingress:apps[2] (c) backend.port: got 0; expected the backend Service port: an integer from 1 to 65535",
            "ncp-ingress:apps[3] (d) backend.port: got 65536; expected the backend Service port: an integer from 1 to 65535",
        ],
    },
    {
        title: "more apps than the NodePort range can carry",
        raw: { apps: Array.from({ length: 2766 }, (_, i) => app(`app-${i}`, 20000 + i)) },
        problems: [
            "ncp-ingress:apps: 2766 apps need 2769 gateway Service ports, each taking a NodePort; the default NodePort range 30000-32767 has 2768",
        ],
    },
    {
        title: "more apps than a Gateway API Gateway's 64 listeners",
        raw: {
            apps: Array.from({ length: 65 }, (_, i) => app(`app-${i}`, 30000 + i)),
            routing: "gateway-api",
            istio: { install: "helm", version: "1.28.0" },
        },
        problems: [
            'ncp-ingress:apps: these apps need 65 listeners, but a Gateway API Gateway allows at most 64; use ncp-ingress:routing "istio" or fewer apps',
        ],
    },
    {
        title: "64 app ports plus the shared host-name listener on a Gateway API Gateway",
        raw: {
            apps: [
                ...Array.from({ length: 64 }, (_, i) => app(`app-${i}`, 30000 + i)),
                { name: "blog", hosts: ["blog.example.com"], backend },
            ],
            routing: "gateway-api",
            istio: { install: "helm", version: "1.28.0" },
        },
        problems: [
            'ncp-ingress:apps: these apps need 65 listeners, but a Gateway API Gateway allows at most 64; use ncp-ingress:routing "istio" or fewer apps',
        ],
    },
];

describe("stack config validation", () => {
    for (const c of cases) {
        it(`refuses ${c.title}`, () => assert.deepStrictEqual(problemsOf(c.raw), c.problems));
    }

    it("accepts 64 Gateway API listeners: 63 app ports and the shared host-name listener", () => {
        const apps = [
            ...Array.from({ length: 63 }, (_, i) => app(`app-${i}`, 30000 + i)),
            { name: "blog", hosts: ["blog.example.com"], backend },
        ];
        assert.deepStrictEqual(
            problemsOf({ apps, routing: "gateway-api", istio: { install: "helm", version: "1.28.0" } }),
            [],
        );
    });

    it("accepts the edges: port 1 (from the chart's gateway) and 65534, a 63-character name, 2765 apps", () => {
        const helm = { install: "helm", version: "1.28.0" };
        assert.deepStrictEqual(problemsOf({ istio: helm, apps: [app("a".repeat(63), 1), app("b", 65534)] }), []);
        assert.deepStrictEqual(
            problemsOf({ apps: Array.from({ length: 2765 }, (_, i) => app(`app-${i}`, 20000 + i)) }),
            [],
        );
    });

    it("warns, without failing, about admin UIs on a public LB over plain HTTP", () => {
        const { warnings } = parseStackConfig({ apps: [app("grafana", 30004), app("shop", 30005)] });
        assert.deepStrictEqual(warnings, [
            "ncp-ingress:apps (grafana): looks like an admin UI and is open to anyone on a public load balancer over plain HTTP (port 30004); add allow: [<your office CIDR>] to the app, or set ncp-ingress:loadBalancer.internal: true",
        ]);
        assert.deepStrictEqual(
            parseStackConfig({ apps: [app("grafana", 30004)], loadBalancer: { internal: true } }).warnings,
            [],
        );
        const allowed = { ...app("grafana", 30004), allow: ["203.0.113.0/24"] };
        assert.deepStrictEqual(parseStackConfig({ apps: [allowed] }).warnings, []);
        const https = { ...app("grafana", 30004), protocol: "HTTPS", tls: { credentialName: "grafana-cert" } };
        assert.deepStrictEqual(parseStackConfig({ apps: [https] }).warnings, []);
    });
});
