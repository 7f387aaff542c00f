// How the Kubernetes provider is told what "ready" means for an object it would not otherwise wait on.
// Source: pulumi-kubernetes, "pulumi.com/waitFor" and "pulumi.com/timeoutSeconds" annotations (>= 4.18).
import { createHash } from "crypto";

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

/**
 * The annotation by which a patch's wait knows the object as its own write left it.
 *
 * The provider tests `pulumi.com/waitFor` on whatever copy of the object its informers deliver last,
 * and stores the copy that met the condition as the patch's state (pulumi-kubernetes
 * provider/pkg/await/await.go Creation, condition/observer.go ObjectObserver.Observe). An informer
 * another resource started earlier (the chart's Service, awaited for its LB) may still deliver the
 * object from before the patch: its LB already has an address, so the wait ends at once, and the
 * stored state lacks the patch's annotations. The next `up` then shows the patch as changed (CI, the
 * helm scenario's second up: `ServicePatch ingress-lb-wait [diff: ~metadata]`).
 */
export const APPLIED = "ncp-ingress/applied";

/**
 * waitForAnnotations for an object's write, led by a condition only that write meets: APPLIED set to
 * a digest of the conditions, the timeout and `content`, so a copy from before the write, or from
 * before a change of any of them, fails it until the informer catches up.
 *
 * `content`: what else the write sets, for an object this stack alone writes (the IstioOperator's
 * spec: a copy with the old spec and the old HEALTHY would otherwise end the wait, and be stored).
 * None for the LB patch: two stacks patch one gateway Service (an Istio stack and a routes stack,
 * install none), and server-side apply lets two field managers share an annotation only while both
 * write the same value (else: "Apply failed with 2 conflicts ... pulumi.com/waitFor", the two-stack
 * e2e). The same conditions and timeout give every stack the same annotations.
 */
export function waitForOwnWrite(
    conditions: readonly string[],
    timeoutSeconds: number,
    content?: unknown,
): Record<string, string> {
    const digest = createHash("sha256")
        .update(JSON.stringify({ conditions, timeoutSeconds, content }))
        .digest("hex")
        .slice(0, 16);
    return {
        [APPLIED]: digest,
        ...waitForAnnotations(
            [`jsonpath={.metadata.annotations['${APPLIED}']}=${digest}`, ...conditions],
            timeoutSeconds,
        ),
    };
}
