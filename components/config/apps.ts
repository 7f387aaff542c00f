// ncp-ingress:apps: each app's own fields. The rules across apps are in appRules.ts.
import { isIP } from "net";
import { LB_PORT_MAX, LB_PORT_MIN, RESERVED_PORTS, TCP_PORT_MAX } from "../limits";
import { App, AppProtocol } from "../model";
import {
    checkKnownKeys,
    cidrProblem,
    describe,
    dnsLabelProblem,
    dnsNameProblem,
    Findings,
    hostNameProblem,
    integerProblem,
    isObject,
    oneOf,
    stringList,
} from "../validation";

const KEY = "ncp-ingress:apps";
// Istio's Destination.host is "the name of a service from the service registry ... Traffic forwarded
// to destinations that are not found ... will be dropped" (istio.io/v1.23/docs/reference/config/networking/virtual-service/#Destination).
const IP_BACKEND =
    "is an IP address; the gateway routes only to hosts of Istio's service registry (Kubernetes Services, ServiceEntry hosts) " +
    "and drops the rest: use the Service's DNS name, such as argocd-server.argocd.svc.cluster.local";
const SHAPE = "{name, port, backend: {host, port}} (optional: protocol, hosts, tls, allow)";

function appWhere(index: number, name: unknown): string {
    return typeof name === "string" && name !== "" ? `${KEY}[${index}] (${name})` : `${KEY}[${index}]`;
}

export function parseApps(f: Findings, value: unknown): App[] {
    if (value === undefined) {
        f.error(KEY, `is required: a list of apps, each ${SHAPE}`);
        return [];
    }
    if (!Array.isArray(value)) {
        f.error(KEY, `got ${describe(value)}; expected a list of apps, each ${SHAPE}`);
        return [];
    }
    return value.flatMap((entry, i) => {
        const app = parseApp(f, i, entry);
        return app ? [app] : [];
    });
}

function parseApp(f: Findings, i: number, entry: unknown): App | undefined {
    if (!isObject(entry)) {
        f.error(`${KEY}[${i}]`, `got ${describe(entry)}; expected an object ${SHAPE}`);
        return undefined;
    }
    const where = appWhere(i, entry.name);
    const before = f.problems.length;
    checkKnownKeys(f, where, entry, ["name", "port", "backend", "protocol", "hosts", "tls", "allow"]);
    const { name, port, backend } = entry;
    if (typeof name !== "string")
        f.error(`${where} name`, `got ${describe(name)}; expected a DNS-1123 label such as "argocd"`);
    else {
        const p = dnsLabelProblem(name);
        if (p) f.error(`${where} name`, `${JSON.stringify(name)} ${p}`);
    }
    const protocol = oneOf<AppProtocol>(f, `${where} protocol`, entry.protocol, ["HTTP", "HTTPS", "TCP"], "HTTP");
    const hosts = stringList(f, `${where} hosts`, entry.hosts, hostNameProblem);
    const allow = stringList(f, `${where} allow`, entry.allow, cidrProblem);
    if (Array.isArray(entry.allow) && entry.allow.length === 0) {
        f.error(`${where} allow`, "an empty list would shut everyone out; leave allow out to admit everyone");
    }
    if (allow.length) {
        // See policyHosts in specs/istioRouting.ts: a policy host takes a single '*'.
        for (const host of hosts.filter((h) => h.startsWith("*."))) {
            f.error(
                `${where} allow`,
                `cannot cover the wildcard host "${host}": an AuthorizationPolicy host takes a single '*', ` +
                    `so it cannot also match "<name>${host.slice(1)}:<port>", which the gateway routes to the app as well (it ignores the port); ` +
                    "list the host names instead of the wildcard, or leave allow out",
            );
        }
    }
    const tls = parseTls(f, `${where} tls`, entry.tls);
    if (port !== undefined || hosts.length === 0) checkLbPort(f, `${where} port`, port, hosts.length === 0);
    checkProtocolRules(f, where, protocol, { port, hosts, tls, tlsGiven: entry.tls !== undefined });
    if (!isObject(backend)) {
        f.error(
            `${where} backend`,
            `got ${describe(backend)}; expected {host: <service DNS name>, port: <service port>}`,
        );
    } else {
        checkKnownKeys(f, `${where} backend`, backend, ["host", "port"]);
        if (typeof backend.host !== "string") {
            f.error(
                `${where} backend.host`,
                `got ${describe(backend.host)}; expected a DNS name such as argocd-server.argocd.svc.cluster.local`,
            );
        } else {
            const p = isIP(backend.host) ? IP_BACKEND : dnsNameProblem(backend.host);
            if (p) f.error(`${where} backend.host`, `${JSON.stringify(backend.host)} ${p}`);
        }
        const p = integerProblem(backend.port, 1, TCP_PORT_MAX, "the backend Service port");
        if (p) f.error(`${where} backend.port`, p);
    }
    if (f.problems.length > before || !isObject(backend)) return undefined;
    return {
        name: name as string,
        ...(port === undefined ? {} : { port: port as number }),
        protocol,
        hosts,
        ...(tls ? { tls } : {}),
        allow,
        backend: { host: backend.host as string, port: backend.port as number },
    };
}

function parseTls(f: Findings, where: string, value: unknown): App["tls"] {
    if (value === undefined) return undefined;
    if (!isObject(value) || typeof value.credentialName !== "string") {
        f.error(
            where,
            `got ${describe(value)}; expected {credentialName: <kubernetes.io/tls Secret in the gateway's namespace>}`,
        );
        return undefined;
    }
    checkKnownKeys(f, where, value, ["credentialName"]);
    const p = dnsNameProblem(value.credentialName);
    if (p) f.error(`${where}.credentialName`, `${JSON.stringify(value.credentialName)} ${p}`);
    return { credentialName: value.credentialName };
}

function checkProtocolRules(
    f: Findings,
    where: string,
    protocol: AppProtocol,
    app: { port: unknown; hosts: readonly string[]; tls: App["tls"]; tlsGiven: boolean },
): void {
    if (protocol === "HTTPS" && !app.tlsGiven) {
        f.error(
            `${where} tls`,
            "HTTPS apps need tls: {credentialName: <kubernetes.io/tls Secret>}; the gateway terminates TLS with it",
        );
    }
    if (protocol === "TCP") {
        if (app.hosts.length)
            f.error(`${where} hosts`, "TCP has no host name to route on; give a TCP app its own port instead");
        if (app.tls)
            f.error(
                `${where} tls`,
                "a TCP app is passed through untouched; use protocol HTTPS to terminate TLS at the gateway",
            );
    }
    if (protocol === "HTTP" && app.tls && app.hosts.length === 0) {
        f.error(`${where} tls`, "is used by HTTPS apps and by hosts on 443; set protocol: HTTPS, or add hosts");
    }
}

export function checkLbPort(f: Findings, where: string, port: unknown, required = true): void {
    if (port === undefined && required) {
        f.error(
            where,
            `got nothing; expected a load balancer port: an integer from ${LB_PORT_MIN} to ${LB_PORT_MAX} (or hosts, to share 80/443)`,
        );
        return;
    }
    if (port === TCP_PORT_MAX) {
        f.error(
            where,
            `${TCP_PORT_MAX} is refused by NCP load balancer listeners, which take ports ${LB_PORT_MIN}-${LB_PORT_MAX}`,
        );
        return;
    }
    const p = integerProblem(port, LB_PORT_MIN, LB_PORT_MAX, "a load balancer port");
    if (p) f.error(where, p);
    else if (RESERVED_PORTS.has(port as number)) {
        f.error(
            where,
            `${port} is taken by ${RESERVED_PORTS.get(port as number)}; pick another port (e.g. 30000-32767)`,
        );
    }
}
