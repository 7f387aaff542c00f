// How the Kubernetes provider is told what "ready" means for an object it would not otherwise wait on.
// Source: pulumi-kubernetes, "pulumi.com/waitFor" and "pulumi.com/timeoutSeconds" annotations (>= 4.18).

/** The annotation that tells the provider what to wait for. */
export const WAIT_FOR = "pulumi.com/waitFor";

/**
 * Annotations that make `pulumi up` wait until `condition` holds (every one of a list: the provider
 * reads a JSON array of expressions as "all of them", pulumi-kubernetes
 * provider/pkg/metadata/overrides.go ReadyCondition), for at most `timeoutSeconds`.
 */
export function waitForAnnotations(
    condition: string | readonly string[],
    timeoutSeconds: number,
): Record<string, string> {
    const waitFor = typeof condition === "string" ? condition : JSON.stringify(condition);
    return { [WAIT_FOR]: waitFor, "pulumi.com/timeoutSeconds": String(timeoutSeconds) };
}

/**
 * `pulumi.com/waitFor` expressions that hold once a Service's spec.ports are exactly `ports` (by
 * number): one per port that must be there, then their count, so that none other is. The provider's
 * JSONPath is RFC 9535 (github.com/theory/jsonpath): `[?@.port==N]` selects the port, and
 * `$[?length(@.ports)==N].ports` selects spec.ports only when it has N items (the filter runs over
 * the object's top-level members; only spec has `ports`). Selecting nothing means "not yet". An
 * expression may hold no single "=" (the provider splits the value off at it), hence no `!=`.
 * A missing port comes first, so a timeout names it ("{.spec.ports[?@.port==30005]} selected nothing").
 */
export function exactServicePorts(ports: readonly number[]): string[] {
    return [
        ...ports.map((p) => `jsonpath={.spec.ports[?@.port==${p}]}`),
        `jsonpath={$[?length(@.ports)==${ports.length}].ports}`,
    ];
}
