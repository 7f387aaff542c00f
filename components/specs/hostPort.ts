// `<address>:<port>` as URLs and Host/:authority headers write it; shared by app URLs and routes.
import { isIPv6 } from "net";

/**
 * `<address>:<port>` as a URL and the Host/:authority header write it (RFC 3986 3.2.2): an IPv6
 * address in brackets (`[2001:db8::1]:30001`), a hostname or IPv4 address as it is.
 */
export function hostPort(address: string, port: number): string {
    return isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`;
}
