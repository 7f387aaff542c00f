// ncp-ingress:apps in the schema: each app's fields, their types, ranges, defaults and meanings. The
// rules across one app's fields run on each app here (rules/apps.ts, checkApp), so that a problem
// names the app's index; those across apps run on the parsed list (rules/).
import { isIP } from "net";
import { z } from "zod";
import { TCP_PORT_MAX } from "../limits";
import { App } from "../model";
import { appPort, cidr, documented, expecting, integer, label, text } from "./fields";
import { describe } from "./problems";
import { checkApp } from "./rules/apps";
import { dnsNameProblem, hostNameProblem } from "./values";

// Istio's Destination.host is "the name of a service from the service registry ... Traffic forwarded
// to destinations that are not found ... will be dropped" (istio.io/v1.23/docs/reference/config/networking/virtual-service/#Destination).
const EXAMPLE_HOST = "argocd-server.argocd.svc.cluster.local";
const IP_BACKEND =
    "is an IP address; the gateway routes only to hosts of Istio's service registry (Kubernetes Services, ServiceEntry hosts) " +
    `and drops the rest: use the Service's DNS name, such as ${EXAMPLE_HOST}`;
const backend = z.strictObject(
    documented(
        {
            host: text((s) => (isIP(s) ? IP_BACKEND : dnsNameProblem(s)), `a DNS name such as ${EXAMPLE_HOST}`).meta({
                title: "DNS name",
            }),
            port: integer(1, TCP_PORT_MAX, "the backend Service port"),
        },
        {
            host: `The backend Service's DNS name, e.g. ${EXAMPLE_HOST}, not an IP (with gateway-api routing <service>.<namespace>[.svc.cluster.local]).`,
            port: "The backend Service's port.",
        },
    ),
    { error: expecting("{host: <service DNS name>, port: <service port>}") },
);
const tls = z.strictObject(
    documented(
        { credentialName: text(dnsNameProblem).meta({ title: "Secret name" }) },
        { credentialName: "A kubernetes.io/tls Secret in istio.namespace." },
    ),
    { error: expecting("{credentialName: <kubernetes.io/tls Secret in the gateway's namespace>}") },
);
const SHAPE = "{name, port, backend: {host, port}} (optional: protocol, hosts, tls, allow)";
const app = documented(
    {
        name: label('a DNS-1123 label such as "argocd"'),
        port: appPort.optional(),
        backend,
        protocol: z.enum(["HTTP", "HTTPS", "TCP"]).default("HTTP"),
        hosts: z.array(text(hostNameProblem).meta({ title: "host name" })).default([]),
        tls: tls.optional(),
        allow: z
            .array(cidr)
            .min(1, { error: "an empty list would shut everyone out; leave allow out to admit everyone" })
            .optional(),
    },
    {
        name:
            "Names the gateway Service port, the Gateway server and the route; unique; not status-port, http2, https, " +
            "hosts-…, nor another app's <name>-hosts.",
        port:
            "On the LB and the gateway Service, e.g. 30001; unique; not 80, 443 or Istio's ports; operator mode: 1024 " +
            "or more, not 8080 or 8443. Optional with hosts.",
        backend: "The in-cluster Service the app routes to.",
        protocol:
            "HTTP, or HTTPS terminated at the gateway with tls, routed by authority; TCP: passed through on the app's own port.",
        hosts: "Host names routed to the app on the shared 80 (and, with tls, 443) listeners, e.g. [grafana.example.com]; then port is optional.",
        tls: "TLS at the gateway; required for HTTPS.",
        allow: "Only these client CIDRs reach the app (an AuthorizationPolicy); leave it out to admit everyone.",
    },
);
const App = z
    .strictObject(app, { error: expecting(`an object ${SHAPE}`) })
    .meta({ anyOf: [{ required: ["port"] }, { required: ["hosts"] }] })
    .superRefine((a, ctx) => checkApp(a, (field, message) => ctx.addIssue({ code: "custom", path: [field], message })))
    .transform(({ allow, ...a }): App => ({ ...a, allow: allow ?? [] }));
/** ncp-ingress:apps: the list of apps, each refused or parsed on its own. */
export const apps = z.array(App, {
    error: (iss) =>
        `${iss.input === undefined ? "is required:" : `got ${describe(iss.input)}; expected`} a list of apps, each ${SHAPE}`,
});
