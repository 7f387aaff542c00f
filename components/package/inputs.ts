// The package's inputs are the stack config's keys under the same names: they are checked by the same
// schema and rules (config.ts parseStackConfig), and each problem is reworded to name the component's
// input path (apps[2].port (jenkins)) instead of the stack config key (ncp-ingress:apps (jenkins) port).
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig, RawStackConfig } from "../../config";
import { ConfigError, problemCount, problemLines } from "../config/problems";
import { StackModel } from "../model";
import { NS } from "../names";
import { INGRESS_TYPE } from "../ingress";

/** Thrown when a component's inputs are invalid; lists every problem, each naming its input path. */
export class InputError extends pulumi.RunError {
    constructor(
        readonly resource: string,
        readonly problems: readonly string[],
    ) {
        super(
            `${INGRESS_TYPE} "${resource}": the inputs have ${problemCount(problems.length)}; nothing was deployed.\n` +
                problemLines(problems),
        );
        this.name = "InputError";
    }
}

/** The app list's names by index, to give an app named in a problem its index. */
function appNames(raw: RawStackConfig): string[] {
    const apps = Array.isArray(raw.apps) ? (raw.apps as unknown[]) : [];
    return apps.map((a) => {
        const name = (a as { name?: unknown } | null)?.name;
        return typeof name === "string" ? name : "";
    });
}

// `ncp-ingress:apps[2] (jenkins) port`, `ncp-ingress:apps (jenkins) port`, or either without a field.
const APP_AT = new RegExp(`${NS}:apps(?:\\[(\\d+)\\])? \\(([^)]*)\\)(?: ([a-zA-Z]+))?`, "g");
const KEY_AT = new RegExp(`${NS}:`, "g");

/** A stack config problem, worded for the component: every stack key named as the input path. */
export function asInputProblem(problem: string, names: readonly string[]): string {
    return problem
        .replace(APP_AT, (_, index: string | undefined, app: string, field: string | undefined) => {
            const i = index ?? (names.indexOf(app) >= 0 ? String(names.indexOf(app)) : undefined);
            const at = i === undefined ? "apps" : `apps[${i}]`;
            return `${field ? `${at}.${field}` : at} (${app})`;
        })
        .replace(KEY_AT, "");
}

/**
 * Validates the component's inputs (plain values, as the engine passes known ones) into the model,
 * or throws an InputError listing every problem. Warnings come back worded the same way.
 */
export function parseIngressInputs(
    resource: string,
    raw: RawStackConfig,
): { readonly model: StackModel; readonly warnings: readonly string[] } {
    const names = appNames(raw);
    try {
        const { model, warnings } = parseStackConfig(raw);
        return { model, warnings: warnings.map((w) => asInputProblem(w, names)) };
    } catch (e) {
        if (e instanceof ConfigError)
            throw new InputError(
                resource,
                e.problems.map((p) => asInputProblem(p, names)),
            );
        throw e;
    }
}
