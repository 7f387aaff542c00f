// The offline engine's cluster (scripts/offline/cluster.ts, controllers.ts): Services as objects,
// written by server-side apply, with NodePorts as the API server gives them; and what the program's
// gatewayNodePorts output reads of the gateway Service in every mode, as a real run reports it.
import * as k8s from "@pulumi/kubernetes";
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { parseStackConfig, RawStackConfig } from "../config";
import { STATUS_PORT } from "../components/limits";
import { existingGatewayPatchPorts, gatewayServicePorts } from "../components/specs/ports";
import { applyService, Cluster, ClusterRefusal, readObject, serviceKey } from "../scripts/offline/cluster";
import { Run, runInline, runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";

const SVC = serviceKey("istio-system", "istio-ingressgateway");
const MIN = 30000;
const MAX = 32767;
const ports = (c: Cluster, key = SVC) => readObject(c, key)?.spec?.ports as Record<string, unknown>[];
const byPort = (c: Cluster, key = SVC) => Object.fromEntries(ports(c, key).map((p) => [p.port, p]));

describe("the offline cluster: a Service written by server-side apply", () => {
    const lb = (...items: object[]) => ({ type: "LoadBalancer", ports: items });

    it("a writer's ports merge into the live list by (port, protocol); fields it leaves out stay", () => {
        const c: Cluster = new Map();
        applyService(c, SVC, "owner", lb({ name: "http2", port: 80, targetPort: 8080 }));
        applyService(c, SVC, "patch", {
            ports: [
                { port: 80, protocol: "TCP" },
                { name: "web", port: 30001 },
            ],
        });
        assert.deepEqual(
            ports(c).map((p) => ({ ...p, nodePort: typeof p.nodePort })),
            [
                { name: "http2", port: 80, protocol: "TCP", targetPort: 8080, nodePort: "number" },
                { name: "web", port: 30001, protocol: "TCP", targetPort: 30001, nodePort: "number" },
            ],
        );
        assert.equal(readObject(c, SVC)?.spec?.type, "LoadBalancer", "the patch applied no type: it stays");
    });

    it("the same port number over UDP is another item", () => {
        const c: Cluster = new Map();
        applyService(c, SVC, "owner", lb({ name: "dns", port: 53 }, { name: "dns-udp", port: 53, protocol: "UDP" }));
        assert.deepEqual(
            ports(c).map((p) => `${p.port}/${p.protocol}`),
            ["53/TCP", "53/UDP"],
        );
    });

    it("a port its only writer stops applying goes; one another writer applied too stays", () => {
        const c: Cluster = new Map();
        applyService(c, SVC, "owner", lb({ name: "status-port", port: 15021 }));
        applyService(c, SVC, "patch", {
            ports: [{ port: 15021 }, { name: "a", port: 30001 }, { name: "b", port: 30002 }],
        });
        applyService(c, SVC, "patch", { ports: [{ name: "b", port: 30002 }] });
        assert.deepEqual(Object.keys(byPort(c)), ["15021", "30002"]);
    });

    it("LoadBalancer and NodePort Services get distinct NodePorts in 30000-32767; ClusterIP ones none", () => {
        const c: Cluster = new Map();
        applyService(c, SVC, "a", lb({ name: "x", port: 1 }, { name: "y", port: 2 }));
        const other = serviceKey("other", "np");
        applyService(c, other, "b", { type: "NodePort", ports: [{ name: "z", port: 3 }] });
        const internal = serviceKey("other", "cip");
        applyService(c, internal, "c", { ports: [{ name: "w", port: 4 }] });
        const all = [...ports(c), ...ports(c, other)].map((p) => p.nodePort as number);
        assert.equal(new Set(all).size, 3);
        for (const n of all) assert.ok(Number.isInteger(n) && n >= MIN && n <= MAX, String(n));
        assert.equal(ports(c, internal)[0].nodePort, undefined);
        assert.equal(readObject(c, internal)?.spec?.type, "ClusterIP");
    });

    it("an explicit NodePort is kept, and no other port gets it", () => {
        const c: Cluster = new Map();
        applyService(c, SVC, "a", lb({ name: "x", port: 1, nodePort: MIN }, { name: "y", port: 2 }));
        assert.equal(byPort(c)[1].nodePort, MIN);
        assert.notEqual(byPort(c)[2].nodePort, MIN);
    });

    it("a port keeps its NodePort on every later apply that leaves it out, whoever applies", () => {
        const c: Cluster = new Map();
        applyService(c, SVC, "a", lb({ name: "x", port: 1 }, { name: "y", port: 2 }));
        const before = byPort(c);
        applyService(
            c,
            SVC,
            "a",
            lb({ name: "new", port: 3 }, { name: "x", port: 1 }, { name: "y", port: 2, targetPort: 9 }),
        );
        applyService(c, SVC, "b", { ports: [{ name: "x", port: 1 }] });
        assert.equal(byPort(c)[2].nodePort, before[2].nodePort);
        assert.equal(byPort(c)[1].nodePort, before[1].nodePort);
    });

    it("a NodePort out of range or held by another Service is refused", () => {
        const c: Cluster = new Map();
        applyService(c, SVC, "a", lb({ name: "x", port: 1, nodePort: 31000 }));
        const other = serviceKey("other", "lb");
        assert.throws(() => applyService(c, other, "b", lb({ name: "y", port: 1, nodePort: 31000 })), ClusterRefusal);
        assert.throws(() => applyService(c, other, "b", lb({ name: "y", port: 1, nodePort: 80 })), ClusterRefusal);
        assert.equal(readObject(c, other), undefined, "a refused write leaves nothing");
    });

    it("changing the type to ClusterIP drops the NodePorts", () => {
        const c: Cluster = new Map();
        applyService(c, SVC, "a", lb({ name: "x", port: 1 }));
        applyService(c, SVC, "a", { type: "ClusterIP", ports: [{ name: "x", port: 1 }] });
        assert.equal(byPort(c)[1].nodePort, undefined);
    });
});

const dev = stackConfig("dev");
const MODES: Record<string, RawStackConfig> = {
    "install operator (Pulumi.dev.yaml)": dev,
    "install helm": { ...dev, istio: { install: "helm", version: "1.28.10" } },
    "install none, the user's gateway Service": { ...dev, istio: { install: "none" } },
    "routing gateway-api": { ...dev, istio: { install: "helm", version: "1.28.10" }, routing: "gateway-api" },
};

/** The gateway Service ports the program asks for: its own port list, or Istio's from the Gateway's listeners. */
function askedPorts(config: RawStackConfig, run: Run): number[] {
    const { model } = parseStackConfig(config);
    if (model.routing === "gateway-api") {
        const [gateway] = run.ofType("kubernetes:gateway.networking.k8s.io/v1:Gateway");
        return [STATUS_PORT, ...gateway.inputs.spec.listeners.map((l: { port: number }) => l.port)];
    }
    if (model.istio.install === "none") return existingGatewayPatchPorts(model.apps).map((p) => p.port);
    return gatewayServicePorts(model.apps, model.istio.install === "operator" ? "operator" : "helm").map((p) => p.port);
}

/** gatewayNodePorts of an up: known, exactly the asked ports as keys, distinct NodePorts in range. */
function nodePortsOf(config: RawStackConfig, run: Run): Record<string, number> {
    assert.equal(run.gatewayNodePorts.known, true);
    const out = run.gatewayNodePorts.value ?? {};
    const asc = (a: number, b: number) => a - b;
    assert.deepEqual(Object.keys(out).map(Number).sort(asc), [...new Set(askedPorts(config, run))].sort(asc));
    const values = Object.values(out);
    assert.equal(new Set(values).size, values.length, `NodePorts repeat: ${JSON.stringify(out)}`);
    for (const n of values) assert.ok(Number.isInteger(n) && n >= MIN && n <= MAX, `${n} is no NodePort`);
    return out;
}

const keeps = (before: Record<string, number>, after: Record<string, number>) => {
    for (const [port, nodePort] of Object.entries(before)) assert.equal(after[port], nodePort, `port ${port}`);
};

// Below every app port of the dev stack: first among the app ports, where NodePorts handed out afresh
// would move every other port's.
const echo = { name: "echo", port: 30000, backend: { host: "echo.echo.svc.cluster.local", port: 8080 } };
const withApp = (config: RawStackConfig, app: object) => ({ ...config, apps: [...(config.apps as object[]), app] });

for (const [mode, config] of Object.entries(MODES)) {
    describe(`gatewayNodePorts offline, ${mode}`, () => {
        it("an up reports every port the program asked for, each with its own NodePort; a later preview the same", async () => {
            const up = await runProgram(config);
            const nodePorts = nodePortsOf(config, up);
            const preview = await runProgram(config, { preview: true, after: up });
            assert.deepEqual(preview.gatewayNodePorts, { known: true, value: nodePorts });
        });

        it("adding an app adds its port; every other port keeps its NodePort", async () => {
            const first = await runProgram(config);
            const next = await runProgram(withApp(config, echo), { after: first });
            const after = nodePortsOf(withApp(config, echo), next);
            keeps(nodePortsOf(config, first), after);
            assert.ok("30000" in after);
        });

        it("removing an app drops its port; every other port keeps its NodePort", async () => {
            const first = await runProgram(config);
            const fewer = { ...config, apps: (config.apps as { name: string }[]).filter((a) => a.name !== "kibana") };
            const after = nodePortsOf(fewer, await runProgram(fewer, { after: first }));
            assert.ok(!("30003" in after));
            keeps(after, nodePortsOf(config, first));
        });
    });
}

describe("gatewayNodePorts offline: NodePorts the API server already gave", () => {
    const none = MODES["install none, the user's gateway Service"];
    const own = (nodePort: Record<string, number>) => ({
        key: SVC,
        spec: {
            type: "LoadBalancer",
            ports: [
                { name: "status-port", port: 15021, targetPort: 15021, nodePort: nodePort[15021] },
                { name: "http2", port: 80, targetPort: 8080, nodePort: nodePort[80] },
                { name: "https", port: 443, targetPort: 8443, nodePort: nodePort[443] },
            ],
        },
    });

    it("install none: the existing Service's explicit NodePorts stay, the apps' ports get others", async () => {
        const given = { 15021: 31021, 80: 31380, 443: 31390 };
        const first = await runProgram(none, { existing: [own(given)] });
        const nodePorts = nodePortsOf(none, first);
        keeps(given, nodePorts);
        keeps(nodePorts, nodePortsOf(withApp(none, echo), await runProgram(withApp(none, echo), { after: first })));
    });

    it("NodePorts another Service holds are not handed out again", async () => {
        const held = Array.from({ length: 5 }, (_, i) => ({ name: `p${i}`, port: 1000 + i, nodePort: MIN + 2 * i }));
        const other = { key: serviceKey("other", "nodeports"), spec: { type: "NodePort", ports: held } };
        const run = await runProgram(dev, { existing: [other] });
        const taken = new Set(held.map((p) => p.nodePort));
        for (const n of Object.values(nodePortsOf(dev, run))) assert.ok(!taken.has(n), `${n} was taken`);
    });

    it("a NodePort the API server refuses fails the step that wrote it", async () => {
        const held = {
            key: serviceKey("other", "held"),
            spec: { type: "NodePort", ports: [{ port: 1, nodePort: 31000 }] },
        };
        const program = () => {
            const spec = { type: "NodePort", ports: [{ port: 80, nodePort: 31000 }] };
            return { id: new k8s.core.v1.Service("web", { metadata: { name: "web", namespace: "apps" }, spec }).id };
        };
        await assert.rejects(runInline(program, dev, { existing: [held] }), {
            message:
                "kubernetes:core/v1:Service (web): Service apps/web: spec.ports[port 80].nodePort: Invalid value: 31000: provided port is already allocated",
        });
    });

    it("two fresh ups of the same stack report the same NodePorts", async () => {
        assert.deepEqual((await runProgram(dev)).gatewayNodePorts, (await runProgram(dev)).gatewayNodePorts);
    });

    it("taking over from the operator keeps every NodePort of its gateway Service", async () => {
        // Each step after an up of the one before, with the outputs it left (what installSwitch.ts reads).
        const steps = [
            { install: "operator", version: "1.23.6" },
            { install: "helm", version: "1.23.6", adoptFrom: "operator" },
            { install: "helm", version: "1.28.10", adoptFrom: "operator" },
            { install: "helm", version: "1.28.10" },
        ];
        let run = await runProgram(dev);
        const first = nodePortsOf(dev, run);
        for (let i = 1; i < steps.length; i++) {
            const [before, istio] = [steps[i - 1], steps[i]];
            const stackOutputs = {
                istioInstall: before.install,
                istioVersion: before.version,
                ...(before.adoptFrom ? { istioAdoptedFrom: before.adoptFrom } : {}),
            };
            run = await runProgram({ ...dev, istio }, { after: run, stackOutputs });
            assert.deepEqual(run.gatewayNodePorts, { known: true, value: first }, JSON.stringify(istio));
        }
    });
});

describe("gatewayNodePorts offline: any app list, any mode", () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/).map((s) => `app-${s}`);
    const app = fc.record({
        name,
        port: fc.integer({ min: 30000, max: 30999 }),
        protocol: fc.constantFrom("HTTP", "TCP"),
        host: fc.boolean(),
    });
    const apps = fc
        .uniqueArray(app, { minLength: 2, maxLength: 8, selector: (a) => a.name })
        .filter((list) => new Set(list.map((a) => a.port)).size === list.length);
    type Generated = { name: string; port: number; protocol: string; host: boolean };
    /** The app as a stack file holds it: TCP only with Istio routing (Gateway API's TCPRoute is experimental). */
    const asConfig = (routing: unknown) => (a: Generated) => {
        const protocol = routing === "gateway-api" ? "HTTP" : a.protocol;
        return {
            name: a.name,
            port: a.port,
            protocol,
            ...(a.host && protocol === "HTTP" ? { hosts: [`${a.name}.example.com`] } : {}),
            backend: { host: `${a.name}.apps.svc.cluster.local`, port: 80 },
        };
    };

    it("every asked port has a NodePort of its own; apps added later leave the others' NodePorts", async () =>
        fc.assert(
            fc.asyncProperty(
                fc.constantFrom(...Object.values(MODES)),
                apps,
                fc.integer({ min: 1, max: 3 }),
                async (mode, list, kept) => {
                    const config = (l: Generated[]) => ({ ...mode, apps: l.map(asConfig(mode.routing)) });
                    const first = await runProgram(config(list.slice(0, kept)));
                    const next = await runProgram(config(list), { after: first });
                    keeps(nodePortsOf(config(list.slice(0, kept)), first), nodePortsOf(config(list), next));
                },
            ),
            { numRuns: 12 },
        ));
});
