// Every app kind and LB option the docs offer, deployed for real in one helm stack: an HTTP app on
// its own port, HTTPS by host name with a real TLS Secret, a TCP app with an allow list, an admin UI
// by port and host name with an allow list, the demo backend; an nplb with PROXY protocol; an IPv6
// LB address. Exact objects, istioctl analyze, and the smoke check's requests built against the
// routes (answered by local servers: kwok's pods serve no traffic).
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { ISTIO_VERSIONS } from "../../components/config/schema";
import { smoke } from "../../scripts/smoke";
import {
    authority,
    chartServicePorts,
    E2eApp,
    expectedOutputs,
    ncpAnnotations,
    seedVirtualService,
    servicePorts,
    servicePortsFor,
} from "./expect";
import {
    clusterLeftovers,
    clusterScoped,
    E2E,
    harnessEnv,
    kubectl,
    kubectlGet,
    Project,
    setLbControl,
} from "./harness";
import { assertIstioAnalyzeClean, createBackends, deleteBackends, lbAddress, ok } from "./steps";

const env = harnessEnv();
const NS = "istio-system";
const SERVICE = "istio-ingressgateway";
const web: E2eApp = { name: "web", port: 30010, backend: { host: "nginx-service.nginx.svc.cluster.local", port: 80 } };
const shop = {
    name: "shop",
    protocol: "HTTPS",
    hosts: ["shop.example.com"],
    tls: { credentialName: "shop-example-com-tls" },
    backend: { host: "storefront.shop.svc.cluster.local", port: 8080 },
};
const postgres = {
    name: "postgres",
    protocol: "TCP",
    port: 30432,
    allow: ["10.0.0.0/8"],
    backend: { host: "postgres.db.svc.cluster.local", port: 5432 },
};
const grafana = {
    name: "grafana",
    port: 30004,
    hosts: ["grafana.example.com"],
    allow: ["203.0.113.0/24"],
    backend: { host: "grafana.monitoring.svc.cluster.local", port: 80 },
};
const DEMO_PORT = 30080;
const route = (b: { host: string; port: number }) => [{ destination: { host: b.host, port: { number: b.port } } }];

describe("every app kind and LB option for real: HTTPS, TCP, host names, allow lists, nplb + PROXY, IPv6, demo", function () {
    this.timeout(15 * 60 * 1000);
    const project = new Project("mixed");
    const stack = "e2e-mixed";
    let clusterBefore: Set<string>;

    before(async () => {
        setLbControl({ mode: "ipv6" });
        await createBackends([web, shop, postgres, grafana]);
        clusterBefore = await clusterScoped();
        ok(await kubectl(["create", "namespace", NS]), "namespace");
        // A real TLS Secret for the HTTPS app, as a user would create it (openssl, self-signed).
        const dir = fs.mkdtempSync(path.join(E2E, "run", "tls-"));
        execFileSync("openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=shop.example.com",
            "-addext", "subjectAltName=DNS:shop.example.com",
            "-keyout", path.join(dir, "tls.key"), "-out", path.join(dir, "tls.crt"),
        ], { stdio: "ignore" }); // prettier-ignore
        ok(
            await kubectl([
                "-n", NS, "create", "secret", "tls", shop.tls.credentialName,
                `--cert=${path.join(dir, "tls.crt")}`, `--key=${path.join(dir, "tls.key")}`,
            ]), // prettier-ignore
            "TLS Secret",
        );
        project.writeStack(stack, {
            istio: { install: "helm", namespace: NS, chartRepository: env.E2E_CHART_REPO },
            loadBalancer: { layerType: "nplb", proxyProtocol: true, internal: false, addressTimeoutSeconds: 60 },
            apps: [web, shop, postgres, grafana],
            demo: true,
        });
        await project.stackInit(stack);
    });
    after(async () => {
        await deleteBackends([web, shop, postgres, grafana]);
        setLbControl({ mode: "hostname" });
    });

    it("up: the Service, the routes, the policies and the Gateway are exactly what each app asks for", async () => {
        ok(await project.pulumi(["up", "--yes", "--skip-preview", "--stack", stack]), "up");
        const svc = await kubectlGet("service", SERVICE, NS);
        const appPorts = [web, grafana, { ...postgres }, { name: "httpbin", port: DEMO_PORT }] as E2eApp[];
        assert.deepEqual(
            servicePorts(svc),
            servicePortsFor(chartServicePorts(env.E2E_ISTIO_CHARTS!, ISTIO_VERSIONS.helm), appPorts),
        );
        assert.deepEqual(ncpAnnotations(svc), {
            "service.beta.kubernetes.io/ncloud-load-balancer-layer-type": "nplb",
            "service.beta.kubernetes.io/ncloud-load-balancer-internal": "false",
            "service.beta.kubernetes.io/ncloud-load-balancer-proxy-protocol": "true",
        });
        const address = await lbAddress(NS, SERVICE);
        assert.match(address, /^fd00::/, "the LB stand-in's IPv6 address");
        const vs = async (name: string) => (await kubectlGet("virtualservices.networking.istio.io", name, NS))?.spec;
        assert.deepEqual(await vs("web"), seedVirtualService(web, address));
        assert.deepEqual(await vs("grafana"), seedVirtualService(grafana, address));
        assert.deepEqual(await vs("postgres"), {
            gateways: ["istio-gateway"],
            hosts: ["*"],
            tcp: [{ match: [{ port: postgres.port }], route: route(postgres.backend) }],
        });
        assert.deepEqual(await vs("shop-hosts"), {
            gateways: ["istio-gateway"],
            hosts: shop.hosts,
            http: [{ name: "shop-hosts", match: [{ port: 443 }], route: route(shop.backend) }],
        });
        assert.deepEqual(await vs("grafana-hosts"), {
            gateways: ["istio-gateway"],
            hosts: grafana.hosts,
            http: [{ name: "grafana-hosts", match: [{ port: 80 }], route: route(grafana.backend) }],
        });
        const demo = await vs("httpbin");
        assert.deepEqual(demo.http[0].match, [
            { authority: { exact: authority(address, DEMO_PORT) }, port: DEMO_PORT },
        ]);
        for (const app of [postgres, grafana]) {
            const policy = await kubectlGet("authorizationpolicies.security.istio.io", `${app.name}-allow`, NS);
            assert.equal(policy.spec.action, "DENY");
            assert.deepEqual(policy.spec.selector, { matchLabels: { istio: "ingressgateway" } });
            assert.deepEqual(policy.spec.rules[0], {
                from: [{ source: { notRemoteIpBlocks: app.allow } }],
                to: [{ operation: { ports: [String(app.port)] } }],
            });
        }
        const gw = (await kubectlGet("gateways.networking.istio.io", "istio-gateway", NS)).spec;
        const byName = Object.fromEntries(gw.servers.map((s: { port: { name: string } }) => [s.port.name, s]));
        assert.deepEqual(byName["hosts-https-shop"], {
            port: { number: 443, name: "hosts-https-shop", protocol: "HTTPS" },
            hosts: shop.hosts,
            tls: { mode: "SIMPLE", credentialName: shop.tls.credentialName },
        });
        assert.deepEqual(byName["hosts-http"], {
            port: { number: 80, name: "hosts-http", protocol: "HTTP" },
            hosts: grafana.hosts,
        });
        assert.deepEqual(byName.postgres, { port: { number: 30432, name: "postgres", protocol: "TCP" }, hosts: ["*"] });
        // The gateway pods read the PROXY header the nplb sends.
        const deployment = await kubectlGet("deployment", SERVICE, NS);
        assert.deepEqual(JSON.parse(deployment.spec.template.metadata.annotations["proxy.istio.io/config"]), {
            gatewayTopology: { proxyProtocol: {} },
        });
        const outputs = await project.outputs(stack);
        const expected = expectedOutputs(svc, address, [], "helm");
        assert.equal(outputs.loadBalancerAddress, expected.loadBalancerAddress);
        assert.deepEqual(outputs.gatewayNodePorts, expected.gatewayNodePorts);
        assert.equal((outputs.appUrls as Record<string, string>).web, `http://${authority(address, web.port)}`);
        await assertIstioAnalyzeClean(NS);
        ok(
            await project.pulumi(["up", "--yes", "--skip-preview", "--expect-no-changes", "--stack", stack]),
            "no-change up",
        );
    });

    it("the smoke check sends each app's request with the authority its route matches", async () => {
        const outputs = await project.outputs(stack);
        const urls = outputs.appUrls as Record<string, string>;
        const seen: Record<number, string | undefined> = {};
        const servers = [web.port, DEMO_PORT].map((port) =>
            http.createServer((req, res) => {
                seen[port] = req.headers.host;
                res.end("ok");
            }),
        );
        await Promise.all(
            servers.map((s, i) => new Promise<void>((r) => s.listen([web.port, DEMO_PORT][i], "127.0.0.1", r))),
        );
        try {
            // The LB address does not route on the harness: the requests go to local servers instead.
            const checks = await smoke(
                { address: "127.0.0.1", urls: { web: urls.web, httpbin: urls.httpbin } },
                { timeoutMs: 2000, retries: 0, retryDelayMs: 0 },
            );
            assert.deepEqual(
                checks.map((c) => [c.app, c.ok]),
                [
                    ["web", true],
                    ["httpbin", true],
                ],
            );
        } finally {
            for (const s of servers) s.close();
        }
        const address = await lbAddress(NS, SERVICE);
        for (const [name, port] of [
            ["web", web.port],
            ["httpbin", DEMO_PORT],
        ] as const) {
            const vs = await kubectlGet("virtualservices.networking.istio.io", name, NS);
            assert.equal(seen[port], vs.spec.http[0].match[0].authority.exact, `${name}: Host = the route's authority`);
            assert.equal(seen[port], authority(address, port));
        }
    });

    it("destroy leaves nothing of ours", async () => {
        ok(await project.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stack]), "destroy");
        await kubectl(["-n", NS, "delete", "secret", shop.tls.credentialName, "--ignore-not-found"]);
        await kubectl(["delete", "namespace", NS, "--ignore-not-found", "--wait"]);
        assert.deepEqual(await clusterLeftovers(clusterBefore), [], "cluster-scoped objects left");
    });
});
