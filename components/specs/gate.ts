// A resource input that waits for a check: the resource registers only once the check has passed,
// and a failing check fails its registration (and, through the stack outputs built on it, the run).
// Used for what the stack learns only at run time: the previous install mode (installSwitch.ts) and
// an existing LB's layer type (clientIps.ts).
import * as pulumi from "@pulumi/pulumi";

/**
 * `value` once `check` holds; `value` itself without a check (left as it is, so that a spec with an
 * unknown part stays partly known in a preview).
 */
export function afterCheck<T>(check: pulumi.Output<unknown> | undefined, value: pulumi.Input<T>): pulumi.Input<T> {
    return check ? (pulumi.all([check, value]).apply(([, v]) => v as pulumi.Unwrap<T>) as pulumi.Input<T>) : value;
}
