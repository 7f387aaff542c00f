import * as assert from "node:assert/strict";
import { nodePortsOf } from "../components/specs/nodePorts";

describe("nodePortsOf: the gateway Service's NodePorts for the workers' ACG", () => {
    for (const [what, spec, expected] of [
        ["no spec (a preview)", undefined, {}],
        ["no ports", {}, {}],
        [
            "every port with a NodePort",
            {
                ports: [
                    { port: 15021, nodePort: 31021 },
                    { port: 30001, nodePort: 32001 },
                ],
            },
            { "15021": 31021, "30001": 32001 },
        ],
        [
            "a port without one (ClusterIP)",
            { ports: [{ port: 80 }, { port: 30001, nodePort: 32001 }] },
            { "30001": 32001 },
        ],
    ] as const) {
        it(what, () => assert.deepEqual(nodePortsOf(spec), expected));
    }
});
