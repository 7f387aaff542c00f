"""One NCP load balancer for three apps, from Python: the ncp-ingress package's Ingress component
through the Python SDK that `pulumi package gen-sdk ./provider --language python --out sdk` writes
(docs/packages.md)."""

import pulumi
import pulumi_ncp_ingress as ncp


def app(name: str, port: int, host: str, backend_port: int) -> ncp.AppArgs:
    """One app on its own LB port, routed to an in-cluster Service."""
    return ncp.AppArgs(name=name, port=port, backend=ncp.AppBackendArgs(host=host, port=backend_port))


ingress = ncp.Ingress(
    "ingress",
    istio=ncp.IstioArgs(install="helm"),
    load_balancer=ncp.LoadBalancerArgs(layer_type="nlb", internal=False),
    apps=[
        app("argocd", 30001, "argocd-server.argocd.svc.cluster.local", 80),
        app("nginx", 30002, "nginx-service.nginx.svc.cluster.local", 80),
        app("kibana", 30003, "kibana-eck-kibana-kb-http.elastic-system.svc.cluster.local", 5601),
    ],
)
pulumi.export("loadBalancerAddress", ingress.load_balancer_address)
pulumi.export("appUrls", ingress.app_urls)
