// Checks of single values a stack file holds (names, host names, CIDRs, annotation keys), as
// Kubernetes, Istio and Gateway API check them: each says what is wrong, or nothing. The schema's
// fields (fields.ts, schema.ts) word a refusal with them.
import { isIP } from "net";

/** A DNS-1123 label: lower case alphanumerics and '-', starting and ending with an alphanumeric. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** RFC 1123 label, as Kubernetes names: lower case alphanumerics and '-', at most 63 characters. */
export function dnsLabelProblem(value: string): string | undefined {
    if (value.length > 63) return `is ${value.length} characters long; at most 63 are allowed (DNS-1123 label)`;
    if (!DNS_LABEL.test(value)) {
        return "must be a DNS-1123 label: lower case letters, digits and '-', starting and ending with a letter or digit";
    }
    return undefined;
}

/** RFC 1123 subdomain, as in-cluster host names: dot-separated labels, at most 253 characters. */
export function dnsNameProblem(value: string): string | undefined {
    if (value.length > 253) return `is ${value.length} characters long; at most 253 are allowed`;
    if (value.split(".").some((label) => label.length > 63 || !DNS_LABEL.test(label))) {
        return "must be a DNS name: dot-separated labels of lower case letters, digits and '-' (e.g. argocd-server.argocd.svc.cluster.local)";
    }
    return undefined;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * A Kubernetes annotation key: [prefix/]name, the prefix a DNS subdomain of at most 253 characters,
 * the name at most 63 characters; compared in lower case.
 * Source: kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go
 * (ValidateAnnotations: IsQualifiedName(strings.ToLower(k))) and pkg/util/validation/validation.go.
 */
export function annotationKeyProblem(key: string): string | undefined {
    const parts = key.toLowerCase().split("/");
    const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
    const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix));
    if (parts.length > 2 || !prefixOk || name.length > 63 || !QUALIFIED_NAME.test(name)) {
        return (
            "is not an annotation key: [prefix/]name, the optional prefix a DNS subdomain (lower-case labels, at most 253 characters), " +
            "the name at most 63 characters of letters, digits, '-', '_' and '.', starting and ending with a letter or digit"
        );
    }
    return undefined;
}

/**
 * An IPv4 or IPv6 CIDR such as 203.0.113.0/24, as Go parses it: Istio validates allow lists with
 * netip.ParsePrefix (istio/istio pkg/config/security/security.go, ValidateIPs), which refuses IPv6
 * zones and leading zeros in an IPv4 part or in the prefix length.
 */
export function cidrProblem(value: string): string | undefined {
    const problem = "must be a CIDR such as 203.0.113.0/24 or 2001:db8::/32";
    const [ip, bits, extra] = value.split("/");
    if (ip.includes("%")) return `${problem} (no IPv6 zone such as %eth0)`;
    const v4 = ip.slice(ip.lastIndexOf(":") + 1);
    if ((v4.includes(".") && v4.split(".").some((part) => /^0\d/.test(part))) || /^0\d/.test(bits ?? "")) {
        return `${problem} (no leading zeros in an IPv4 part or in the prefix length)`;
    }
    const family = isIP(ip);
    const max = family === 4 ? 32 : 128;
    if (!family || extra !== undefined || !/^\d{1,3}$/.test(bits ?? "") || Number(bits) > max) return problem;
    return undefined;
}

/** A host name a client sends, optionally a wildcard: grafana.example.com, *.example.com. */
export function hostNameProblem(value: string): string | undefined {
    // The whole name, "*." included: the Gateway API CRDs' Hostname (maxLength 253, gateway-api
    // v1.2.1 apis/v1/shared_types.go, type Hostname) and DNS (RFC 1035 2.3.4) count every character.
    if (value.length > 253) return `is ${value.length} characters long; at most 253 are allowed, '*.' included`;
    const name = value.startsWith("*.") ? value.slice(2) : value;
    if (!name.includes(".") || dnsNameProblem(name)) {
        return "must be a lower-case DNS name with a domain, optionally starting with '*.' (e.g. grafana.example.com)";
    }
    return undefined;
}
