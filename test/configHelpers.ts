// Shared by the specs of stack config rules (config-*, options-*, rulesC-*, istioB-helm).
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

/** A backend every test app may point at (the rules only check its form). */
export const backend = { host: "svc.ns.svc.cluster.local", port: 80 };
/** An app on `port` with that backend. */
export const app = (name: string, port: number) => ({ name, port, backend });
/** How a bad CIDR (allow list, sourceRanges) is refused. */
export const CIDR_PROBLEM = "must be a CIDR such as 203.0.113.0/24 or 2001:db8::/32";
