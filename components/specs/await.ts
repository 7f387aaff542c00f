// How the Kubernetes provider is told what "ready" means for an object it would not otherwise wait on.
// Source: pulumi-kubernetes, "pulumi.com/waitFor" and "pulumi.com/timeoutSeconds" annotations (>= 4.18).

/** Annotations that make `pulumi up` wait until `condition` holds, for at most `timeoutSeconds`. */
export function waitForAnnotations(condition: string, timeoutSeconds: number): Record<string, string> {
    return { "pulumi.com/waitFor": condition, "pulumi.com/timeoutSeconds": String(timeoutSeconds) };
}
