// TLS at the load balancer (an nplb with sslCertificateNo and tlsPorts): the fields that go together,
// and the ports it may terminate TLS on, given where the gateway terminates TLS itself (HTTPS apps,
// 443). That an nlb has no TLS at all is loadBalancer.ts's; an app's own tls field is apps.ts's.
import { HTTPS_PORT, HTTP_PORT } from "../../limits";
import { App, LoadBalancerSettings } from "../../model";
import { NS } from "../../names";
import { Findings } from "../problems";

const KEY = `${NS}:loadBalancer`;

/** The certificate, its ports and the TLS floor go together. Part of checkLoadBalancer. */
export function checkLoadBalancerTls(
    f: Findings,
    { sslCertificateNo, tlsPorts, tlsMinVersion }: LoadBalancerSettings,
): void {
    // TLS_NEEDS_CERTIFICATE: and a certificate serves nothing without TLS listeners.
    if ((sslCertificateNo === undefined) !== (tlsPorts.length === 0)) {
        f.error(
            `${KEY}.tlsPorts`,
            "sslCertificateNo and tlsPorts go together: the certificate is served on those ports",
        );
    }
    if (tlsMinVersion !== undefined && sslCertificateNo === undefined) {
        f.error(`${KEY}.tlsMinVersion`, "applies to TLS listeners only; set sslCertificateNo and tlsPorts");
    }
}

/**
 * TLS at the LB forwards plain traffic: only to ports where the gateway expects it (80, HTTP apps, and
 * TCP apps, whose backends then get the decrypted stream), never where the gateway terminates TLS.
 */
export function checkTlsPorts(f: Findings, apps: readonly App[], lb: LoadBalancerSettings): void {
    const plain = new Map<number, string>([[HTTP_PORT, "the built-in HTTP listener"]]);
    for (const app of apps)
        if (app.port !== undefined && app.protocol !== "HTTPS") plain.set(app.port, `app ${app.name}`);
    lb.tlsPorts.forEach((port, i) => {
        if (plain.has(port)) return;
        const why =
            port === HTTPS_PORT || apps.some((a) => a.port === port)
                ? "the gateway terminates TLS there itself, so TLS would be terminated twice"
                : "no app or built-in listener uses it";
        f.error(`${KEY}.tlsPorts[${i}]`, `${port}: ${why}; allowed: ${[...plain.keys()].join(", ")}`);
    });
}
