// One NCP load balancer for three apps, from Go: the ncp-ingress package's Ingress component through
// the Go SDK that `pulumi package gen-sdk ./provider --language go --out sdk` writes (docs/packages.md).
package main

import (
	"github.com/ncp-ingress/ncp-ingress/sdk/go/ncpingress"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// app is one app on its own LB port, routed to an in-cluster Service.
func app(name string, port int, host string, backendPort int) *ncpingress.AppArgs {
	return &ncpingress.AppArgs{
		Name:    pulumi.String(name),
		Port:    pulumi.IntPtr(port),
		Backend: &ncpingress.AppBackendArgs{Host: pulumi.String(host), Port: pulumi.Int(backendPort)},
	}
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		ingress, err := ncpingress.NewIngress(ctx, "ingress", &ncpingress.IngressArgs{
			Istio:        &ncpingress.IstioArgs{Install: pulumi.StringPtr("helm")},
			LoadBalancer: &ncpingress.LoadBalancerArgs{LayerType: pulumi.StringPtr("nlb"), Internal: pulumi.BoolPtr(false)},
			Apps: ncpingress.AppArray{
				app("argocd", 30001, "argocd-server.argocd.svc.cluster.local", 80),
				app("nginx", 30002, "nginx-service.nginx.svc.cluster.local", 80),
				app("kibana", 30003, "kibana-eck-kibana-kb-http.elastic-system.svc.cluster.local", 5601),
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("loadBalancerAddress", ingress.LoadBalancerAddress)
		ctx.Export("appUrls", ingress.AppUrls)
		return nil
	})
}
