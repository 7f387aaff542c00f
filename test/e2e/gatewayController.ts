// Ours, not upstream: stands in for the part of istiod's Gateway API controller that the
// end-to-end run needs, because no istiod runs on the harness (its pods are kwok's fakes). For
// each Gateway of class "istio" it provisions the Service `<name>-istio` (type LoadBalancer, the
// Gateway's spec.infrastructure annotations and labels, one port per listener named
// `<protocol>-<port>`, owned by the Gateway so the garbage collector removes it), as
// istiod does; once our LB controller has given that Service an address it reports the address
// and the Accepted and Programmed conditions in the Gateway's status.
import * as k8s from "@kubernetes/client-node";

const GROUP = "gateway.networking.k8s.io";
const VERSION = "v1";
const CLASS = "istio";

interface Gateway {
    metadata: k8s.V1ObjectMeta;
    spec: {
        gatewayClassName: string;
        listeners: { name: string; port: number; protocol: string }[];
        infrastructure?: { annotations?: Record<string, string>; labels?: Record<string, string> };
    };
    status?: Record<string, unknown>;
}

export function gatewayService(gw: Gateway): k8s.V1Service {
    const ports = [...new Map(gw.spec.listeners.map((l) => [l.port, l])).values()].map((l) => ({
        name: `${l.protocol.toLowerCase()}-${l.port}`,
        port: l.port,
        protocol: "TCP",
        targetPort: l.port,
    }));
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: {
            name: `${gw.metadata.name}-${CLASS}`,
            namespace: gw.metadata.namespace,
            annotations: gw.spec.infrastructure?.annotations ?? {},
            labels: {
                ...(gw.spec.infrastructure?.labels ?? {}),
                "gateway.networking.k8s.io/gateway-name": gw.metadata.name!,
            },
            ownerReferences: [
                {
                    apiVersion: `${GROUP}/${VERSION}`,
                    kind: "Gateway",
                    name: gw.metadata.name!,
                    uid: gw.metadata.uid!,
                    controller: true,
                },
            ],
        },
        spec: {
            type: "LoadBalancer",
            selector: { "gateway.networking.k8s.io/gateway-name": gw.metadata.name! },
            ports: [{ name: "status-port", port: 15021, protocol: "TCP", targetPort: 15021 }, ...ports],
        },
    };
}

export async function reconcileGateways(kc: k8s.KubeConfig): Promise<void> {
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    let list: { items: Gateway[] };
    try {
        list = (await custom.listClusterCustomObject({ group: GROUP, version: VERSION, plural: "gateways" })) as {
            items: Gateway[];
        };
    } catch {
        return; // the Gateway API CRDs are not installed
    }
    for (const gw of list.items) {
        if (gw.spec.gatewayClassName !== CLASS || gw.metadata.deletionTimestamp) continue;
        const namespace = gw.metadata.namespace!;
        const want = gatewayService(gw);
        const name = want.metadata!.name!;
        let svc = await core.readNamespacedService({ name, namespace }).catch(() => undefined);
        if (!svc) {
            svc = await core.createNamespacedService({ namespace, body: want });
            console.log(`gateway-controller: created ${namespace}/${name}`);
        } else if (
            JSON.stringify([svc.metadata?.annotations ?? {}, svc.spec?.ports?.map((p) => p.port)]) !==
            JSON.stringify([want.metadata!.annotations, want.spec!.ports!.map((p) => p.port)])
        ) {
            svc.metadata!.annotations = want.metadata!.annotations;
            svc.spec!.ports = want.spec!.ports!.map((p) => ({
                ...p,
                nodePort: svc!.spec!.ports!.find((o) => o.port === p.port)?.nodePort,
            }));
            svc = await core.replaceNamespacedService({ name, namespace, body: svc });
            console.log(`gateway-controller: updated ${namespace}/${name}`);
        }
        const ingress = svc.status?.loadBalancer?.ingress?.[0];
        const address = ingress?.hostname
            ? { type: "Hostname", value: ingress.hostname }
            : ingress?.ip
              ? { type: "IPAddress", value: ingress.ip }
              : undefined;
        const generation = gw.metadata.generation;
        const condition = (type: string, ok: boolean, reason: string, message: string) => ({
            type,
            status: ok ? "True" : "False",
            reason,
            message,
            observedGeneration: generation,
            lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
        });
        const conditions = [
            condition("Accepted", true, "Accepted", "Resource accepted"),
            address
                ? condition(
                      "Programmed",
                      true,
                      "Programmed",
                      "Resource programmed, assigned to service(s) " + `${name}.${namespace}.svc.cluster.local`,
                  )
                : condition(
                      "Programmed",
                      false,
                      "AddressNotAssigned",
                      "Assigned to service(s), but failed to assign to all requested addresses",
                  ),
        ];
        const old = gw.status as
            | { addresses?: unknown; conditions?: { type: string; status: string; observedGeneration?: number }[] }
            | undefined;
        const same =
            JSON.stringify(old?.addresses ?? []) === JSON.stringify(address ? [address] : []) &&
            conditions.every((c) =>
                old?.conditions?.some(
                    (o) => o.type === c.type && o.status === c.status && o.observedGeneration === generation,
                ),
            );
        if (same) continue;
        gw.status = { ...(address ? { addresses: [address] } : {}), conditions };
        await custom
            .replaceNamespacedCustomObjectStatus({
                group: GROUP,
                version: VERSION,
                namespace,
                plural: "gateways",
                name: gw.metadata.name!,
                body: gw,
            })
            .then(() => console.log(`gateway-controller: ${namespace}/${gw.metadata.name} Programmed=${!!address}`))
            .catch((e) =>
                console.error(`gateway-controller: status of ${namespace}/${gw.metadata.name}: ${e.body ?? e.message}`),
            );
    }
}
