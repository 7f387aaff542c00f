import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LayerType } from "./model";
import { exactServicePorts, waitForOwnWrite } from "./specs/await";
import { liveLayerType } from "./specs/clientIps";
import { afterCheck } from "./specs/gate";
import { addressFromStatus } from "./specs/loadBalancerStatus";
import { nodePortsOf } from "./specs/nodePorts";
import { PatchPortSpec } from "./specs/ports";

/** Holds once the LB has given the Service an address. */
const HAS_ADDRESS = "jsonpath={.status.loadBalancer.ingress}";

export interface LoadBalancerAddressArgs {
    /** Namespace of the LoadBalancer Service. */
    readonly namespace: string;
    /** Name of the LoadBalancer Service (created by Istio, the chart or the Gateway controller). */
    readonly serviceName: string;
    /** How long `pulumi up` waits for the address. */
    readonly timeoutSeconds: number;
    /** A check that may fail: the Service patch, this component's first object, waits for it. Default: none. */
    readonly guard?: pulumi.Output<unknown>;
    /**
     * Wait also until the Service's ports are exactly these (by number) before reading it: for a
     * Service another controller applies after a change, asynchronously (the Istio operator). The
     * 1.23.6 operator's status has no observedGeneration, so its HEALTHY from before a change still
     * stands when `pulumi up` looks; these ports are what the change needs. The list is in the
     * patch's waitFor annotation, so a change of the ports changes the patch, whose update waits
     * again. Default: no port condition.
     */
    readonly expectedPorts?: readonly number[];
    /**
     * What to add to the Service's spec (install: none, where someone else owns it): ports, which
     * server-side apply merges into spec.ports by port number, and the LB fields from config.
     * Default: nothing; the Service is only read.
     */
    readonly patch?: {
        readonly ports: readonly PatchPortSpec[];
        readonly loadBalancerSourceRanges?: string[];
        readonly loadBalancerIP?: string;
        readonly externalTrafficPolicy?: string;
    };
}

/**
 * The address (hostname, else IP) the cloud assigned to a LoadBalancer Service that something else
 * created. Depend on whatever creates the Service (opts.dependsOn).
 *
 * Two steps, because `Service.get` neither waits nor tolerates a missing Service:
 * 1. a ServicePatch that only adds `pulumi.com/waitFor` on `.status.loadBalancer.ingress` (and, with
 *    expectedPorts, on the Service's ports), so that on create, and on an update when the ports
 *    change, the provider waits (up to timeoutSeconds) until the LB has an address (and the ports),
 *    seen on the Service as this patch left it (waitForOwnWrite);
 * 2. a `Service.get` whose ID is the patch's ID, read on every run (so a recreated LB's new address
 *    reaches the routes on the next `up`). Not an ID built from the patch's `metadata`: in a preview
 *    the provider echoes a patch's inputs as its outputs, so the metadata is known while the Service
 *    may not exist yet (a first preview), and the engine reads any known ID, which then fails. The
 *    ID itself stays empty, hence unknown, until the patch is created: the read is skipped and the
 *    address is unknown in a first preview; nothing fails.
 */
export class LoadBalancerAddress extends pulumi.ComponentResource {
    /** The LB hostname or IP. Unknown during a first preview. */
    readonly address: pulumi.Output<string>;
    /** Service port -> NodePort of the Service (what the workers' ACG must allow). */
    readonly nodePorts: pulumi.Output<Record<string, number>>;
    /**
     * The layer type of the Service's LB, from its own annotation (absent: NCP's default); undefined
     * when the read is no live one (liveLayerType). Unknown when the address is.
     */
    readonly layerType: pulumi.Output<LayerType | undefined>;
    /** The patch on the gateway Service (the wait for its address, and with install none its ports). */
    readonly patch: k8s.core.v1.ServicePatch;
    /** The gateway Service as read on this run (after the patch): `dependsOn` it for "the LB has its address". */
    readonly service: k8s.core.v1.Service;

    constructor(name: string, args: LoadBalancerAddressArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ncp-ingress:network:LoadBalancerAddress", name, {}, opts);
        const spec = args.patch ? { spec: { ...args.patch, ports: [...args.patch.ports] } } : {};
        const conditions = [HAS_ADDRESS, ...(args.expectedPorts ? exactServicePorts(args.expectedPorts) : [])];
        const wait = new k8s.core.v1.ServicePatch(
            `${name}-wait`,
            {
                metadata: {
                    name: afterCheck(args.guard, args.serviceName),
                    namespace: args.namespace,
                    annotations: waitForOwnWrite(conditions, args.timeoutSeconds),
                },
                ...spec,
            },
            { parent: this },
        );
        // "<namespace>/<name>" of the Service once the patch exists; unknown while it is yet to be created.
        const service = k8s.core.v1.Service.get(`${name}-service`, wait.id, { parent: this, dependsOn: [wait] });
        this.patch = wait;
        this.service = service;
        const svc = { namespace: args.namespace, name: args.serviceName };
        this.address = service.status.apply((status) => addressFromStatus(status, svc, args.timeoutSeconds));
        this.nodePorts = service.spec.apply((spec) => nodePortsOf(spec));
        this.layerType = service.metadata.apply((metadata) => liveLayerType(metadata?.annotations));
        this.registerOutputs({ address: this.address, nodePorts: this.nodePorts, layerType: this.layerType });
    }
}
