// Shared by the config specs.
import * as assert from "assert";
import { parseStackConfig, RawStackConfig } from "../config";
import { ConfigError } from "../components/config/problems";

/** The problems parseStackConfig reports for `raw`, in order; none if it accepts it. */
export function problemsOf(raw: RawStackConfig): readonly string[] {
    try {
        parseStackConfig(raw);
    } catch (e) {
        assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${e}`);
        return e.problems;
    }
    return [];
}

/** LB settings as config.ts fills them when nothing optional is set. */
export const plainLb = {
    layerType: "nlb" as const,
    internal: false,
    annotations: {},
    addressTimeoutSeconds: 600,
    sourceRanges: [],
    proxyProtocol: false,
    tlsPorts: [],
    retainPublicIpOnTermination: false,
};
