// The components hand their child resources out as typed properties (as pulumi-awsx does), so that a
// user's program can `dependsOn` one app's routing, the Gateway or the LB's Service.
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { AppRoutes } from "../components/appRoutes";
import { GatewayApiRoutes } from "../components/gatewayApiRoutes";
import { Ingress } from "../components/ingress";
import { LoadBalancerAddress } from "../components/loadBalancerAddress";
import { parseStackConfig } from "../config";
import { expectedExisting, runInline } from "../scripts/offline/run";

const { apps } = parseStackConfig({
    apps: [
        { name: "web", port: 30001, backend: { host: "web.apps.svc.cluster.local", port: 80 } },
        {
            name: "admin",
            port: 30002,
            hosts: ["admin.example.com"],
            allow: ["10.0.0.0/8"],
            backend: { host: "admin.apps.svc.cluster.local", port: 80 },
        },
        { name: "docs", hosts: ["docs.example.com"], backend: { host: "docs.apps.svc.cluster.local", port: 80 } },
    ],
}).model;

/** How the offline runner reports a settled, known output. */
const known = <T>(value: T) => ({ known: true, value });
/** The logical name a URN ends with. */
const nameOf = (urn: pulumi.Output<string>) => urn.apply((u) => u.split("::").pop()!);
const namesOf = (byApp: Readonly<Record<string, readonly pulumi.Resource[]>>) =>
    pulumi.output(Object.fromEntries(Object.entries(byApp).map(([app, rs]) => [app, rs.map((r) => nameOf(r.urn))])));

describe("child resources as typed outputs", () => {
    it("AppRoutes: the Gateway, and per app exactly the routes and policy it has", async () => {
        const run = await runInline(() => {
            const r = new AppRoutes("apps", {
                apps,
                namespace: "istio-system",
                gatewayName: "ncp-ingress-gateway",
                address: "lb.example.com",
            });
            return { gateway: nameOf(r.gateway!.urn), routes: namesOf(r.routes) };
        }, {});
        assert.deepEqual(run.outputs, {
            gateway: known("apps-gateway"),
            routes: known({
                web: ["apps-web"],
                admin: ["apps-admin", "apps-admin-hosts", "apps-admin-allow"],
                docs: ["apps-docs-hosts"],
            }),
        });
    });

    it("AppRoutes with no apps: no Gateway, no routes", async () => {
        const run = await runInline(() => {
            const r = new AppRoutes("apps", { apps: [], namespace: "n", gatewayName: "g", address: "a" });
            return { gateway: pulumi.output(r.gateway === undefined), routes: pulumi.output(r.routes) };
        }, {});
        assert.deepEqual(run.outputs, { gateway: known(true), routes: known({}) });
    });

    it("GatewayApiRoutes: per app its HTTPRoutes", async () => {
        const run = await runInline(() => {
            const r = new GatewayApiRoutes("apps", {
                apps,
                namespace: "istio-system",
                gatewayName: "ncp-ingress",
                serviceAnnotations: {},
                timeoutSeconds: 60,
            });
            return { gateway: nameOf(r.gateway.urn), routes: namesOf(r.routes) };
        }, {});
        assert.deepEqual(run.outputs, {
            gateway: known("apps-gateway"),
            routes: known({ web: ["apps-web"], admin: ["apps-admin", "apps-admin-hosts"], docs: ["apps-docs-hosts"] }),
        });
    });

    it("LoadBalancerAddress: the patch and the Service read after it, of the gateway Service", async () => {
        const run = await runInline(
            () => {
                const lb = new LoadBalancerAddress("ingress-lb", {
                    namespace: "istio-system",
                    serviceName: "istio-ingressgateway",
                    timeoutSeconds: 60,
                });
                return {
                    patch: nameOf(lb.patch.urn),
                    service: nameOf(lb.service.urn),
                    serviceName: lb.service.metadata.name,
                };
            },
            {},
            { existing: expectedExisting({ istio: { install: "none" } }) },
        ); // the Service to patch
        assert.deepEqual(run.outputs, {
            patch: known("ingress-lb-wait"),
            service: known("ingress-lb-service"),
            serviceName: known("istio-ingressgateway"),
        });
    });

    it("Ingress: its child components, named after it, and through them the Gateway and each app's routes", async () => {
        const { model } = parseStackConfig({
            apps: [{ name: "web", port: 30001, backend: { host: "web.apps.svc.cluster.local", port: 80 } }],
            demo: true,
        });
        const run = await runInline(() => {
            const ingress = new Ingress("edge", { model });
            const routes = ingress.routes as AppRoutes;
            return {
                istio: nameOf(ingress.istio.urn),
                loadBalancer: nameOf(ingress.loadBalancer.urn),
                routes: nameOf(routes.urn),
                demo: nameOf(ingress.demo!.urn),
                gateway: nameOf(routes.gateway!.urn),
                appRoutes: namesOf(routes.routes),
            };
        }, {});
        assert.deepEqual(run.outputs, {
            istio: known("edge-istio"),
            loadBalancer: known("edge-ingress-lb"),
            routes: known("edge-apps"),
            demo: known("edge-demo"),
            gateway: known("edge-apps-gateway"),
            appRoutes: known({ httpbin: ["edge-apps-httpbin"], web: ["edge-apps-web"] }),
        });
    });
});
