import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

export interface GatewayApiCrdsArgs {
    /** URL of Gateway API's install manifest (standard channel), e.g. a release's standard-install.yaml. */
    readonly manifest: string;
}

/**
 * The Gateway API CRDs, which Istio needs but does not install. yaml.v2.ConfigFile renders the
 * manifest in the provider, so `pulumi preview` lists each CRD. On a cluster that already has them,
 * set ncp-ingress:gatewayApiCrds to "installed" instead.
 */
export class GatewayApiCrds extends pulumi.ComponentResource {
    constructor(name: string, args: GatewayApiCrdsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ncp-ingress:routing:GatewayApiCrds", name, {}, opts);
        new k8s.yaml.v2.ConfigFile(`${name}-manifest`, { file: args.manifest }, { parent: this });
        this.registerOutputs({});
    }
}
