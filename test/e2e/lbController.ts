// Ours, not upstream: a stand-in for NCP's cloud controller on the end-to-end cluster. For each
// Service of type LoadBalancer it sets status.loadBalancer.ingress after a short delay, to a
// hostname shaped like NCP's (<ns>-<name>-<hash>.kr.lb.naverncp.com) or, in ip/ipv6 mode, an
// address (as MetalLB does) — unless NCP would refuse the Service: one whose
// ncloud-load-balancer-* annotations or ports break NCP's documented rules (ncpRules.ts, written
// from NCP's docs, not from the program) gets no address, and a Warning Event
// (reason NcpLoadBalancerRefused, like a cloud controller's SyncLoadBalancerFailed) naming each
// broken rule, once per distinct set of reasons. A Service that already had an address keeps it
// (NCP does not delete a load balancer over a later bad annotation); that is logged.
// Steered by .e2e/run/lb-control.json (re-read every poll):
//   { "mode": "hostname" | "ip" | "ipv6", "withhold": ["ns/name"], "generation": 0, "delayMs": 1500 }
// withhold: never give that Service an address; generation: change it to change every address.
// It records what it saw in .e2e/run/lb-seen.json: per Service, the ncloud-load-balancer-*
// annotations, its ports, the address it assigned (or, if refused, the one it kept, else null)
// and `refused`: why NCP would refuse it (empty when accepted).
import * as k8s from "@kubernetes/client-node";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { ncpRefusals } from "./ncpRules";

const RUN = path.resolve(__dirname, "../../.e2e/run");
const CONTROL = path.join(RUN, "lb-control.json");
const SEEN = path.join(RUN, "lb-seen.json");
const POLL_MS = 500;
/** The reason of the Event recorded on a Service that NCP would refuse. */
const REFUSED_REASON = "NcpLoadBalancerRefused";

interface Control {
    mode: "hostname" | "ip" | "ipv6";
    withhold: string[];
    generation: number;
    delayMs: number;
}

function readControl(): Control {
    const defaults: Control = { mode: "hostname", withhold: [], generation: 0, delayMs: 1500 };
    try {
        return { ...defaults, ...JSON.parse(fs.readFileSync(CONTROL, "utf8")) };
    } catch {
        return defaults;
    }
}

/** The address this Service gets under the current control settings. */
export function addressFor(
    svc: { namespace: string; name: string; uid: string },
    control: Control,
): k8s.V1LoadBalancerIngress {
    const h = createHash("sha256").update(`${svc.uid}/${control.generation}`).digest();
    if (control.mode === "ip") return { ip: `10.255.${h[0]}.${h[1] || 1}`, ipMode: "VIP" };
    if (control.mode === "ipv6")
        return { ip: `fd00::${h.readUInt16BE(0).toString(16)}:${h.readUInt16BE(2).toString(16)}`, ipMode: "VIP" };
    return { hostname: `${svc.namespace}-${svc.name}-${h.toString("hex").slice(0, 10)}.kr.lb.naverncp.com` };
}

/** Records a Warning Event on the Service, as a cloud controller does when it cannot sync its LB. */
async function recordRefusal(core: k8s.CoreV1Api, svc: k8s.V1Service, refused: string[]): Promise<void> {
    const { namespace, name, uid, resourceVersion } = svc.metadata!;
    const now = new Date();
    await core.createNamespacedEvent({
        namespace: namespace!,
        body: {
            metadata: { generateName: `${name}.`, namespace },
            involvedObject: { apiVersion: "v1", kind: "Service", namespace, name, uid, resourceVersion },
            type: "Warning",
            reason: REFUSED_REASON,
            message: `NCP would refuse the load balancer of this Service: ${refused.join("; ")}`,
            source: { component: "ncp-lb-controller-standin" },
            reportingComponent: "ncp-lb-controller-standin",
            reportingInstance: `ncp-lb-controller-standin-${process.pid}`,
            firstTimestamp: now,
            lastTimestamp: now,
            count: 1,
        },
    });
}

async function main(): Promise<void> {
    const kc = new k8s.KubeConfig();
    kc.loadFromDefault();
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const firstSeen = new Map<string, number>();
    // Per Service uid, the refusals (joined) last logged and last recorded in an Event: once per distinct set.
    const logged = new Map<string, string>();
    const reported = new Map<string, string>();
    const seen: Record<string, unknown> = {};
    fs.writeFileSync(path.join(RUN, "lb-controller.ready"), String(process.pid));
    for (;;) {
        const control = readControl();
        try {
            const list = await core.listServiceForAllNamespaces();
            for (const svc of list.items) {
                if (svc.spec?.type !== "LoadBalancer") continue;
                const namespace = svc.metadata!.namespace!;
                const name = svc.metadata!.name!;
                const key = `${namespace}/${name}`;
                const uid = svc.metadata!.uid!;
                if (!firstSeen.has(uid)) firstSeen.set(uid, Date.now());
                const annotations = Object.fromEntries(
                    Object.entries(svc.metadata?.annotations ?? {}).filter(([k]) => k.includes("ncloud-load-balancer")),
                );
                const refused = ncpRefusals(svc.metadata?.annotations ?? {}, svc.spec.ports ?? []);
                const current = svc.status?.loadBalancer?.ingress?.[0];
                const ingress =
                    refused.length || control.withhold.includes(key)
                        ? undefined
                        : addressFor({ namespace, name, uid }, control);
                seen[key] = {
                    uid,
                    annotations,
                    ports: svc.spec.ports,
                    address: refused.length
                        ? (current?.hostname ?? current?.ip ?? null)
                        : (ingress?.hostname ?? ingress?.ip ?? null),
                    refused,
                };
                const why = refused.join("\n");
                if (!refused.length) {
                    logged.delete(uid);
                    reported.delete(uid);
                } else if (reported.get(uid) !== why) {
                    const first = logged.get(uid) !== why;
                    logged.set(uid, why);
                    if (first) {
                        const kept = current
                            ? ` (it keeps ${current.hostname ?? current.ip}: NCP does not delete an LB over a later bad change)`
                            : "";
                        console.log(`lb-controller: ${key}: refused${kept}: ${refused.join("; ")}`);
                    }
                    try {
                        await recordRefusal(core, svc, refused);
                        reported.set(uid, why);
                    } catch (e) {
                        // Not marked reported, so tried again next poll (the namespace may be terminating); said once.
                        const err = e as { body?: unknown; message?: string };
                        if (first)
                            console.error(`lb-controller: ${key}: recording the Event: ${err.body ?? err.message}`);
                    }
                }
                if (!ingress || Date.now() - firstSeen.get(uid)! < control.delayMs) continue;
                if (current?.hostname === ingress.hostname && current?.ip === ingress.ip) continue;
                svc.status = { ...svc.status, loadBalancer: { ingress: [ingress] } };
                await core.replaceNamespacedServiceStatus({ name, namespace, body: svc }).catch((e) => {
                    console.error(`lb-controller: ${key}: ${e.body ?? e.message}`); // a conflict: next poll
                });
                console.log(`lb-controller: ${key} -> ${ingress.hostname ?? ingress.ip}`);
            }
            fs.writeFileSync(SEEN + ".tmp", JSON.stringify(seen, null, 2));
            fs.renameSync(SEEN + ".tmp", SEEN);
        } catch (e) {
            console.error(`lb-controller: ${(e as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
    }
}

if (require.main === module) void main();
