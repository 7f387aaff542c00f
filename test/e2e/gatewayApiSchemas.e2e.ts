// test/gatewayApiSchemas.ts is written by hand, for the unit tests (npm test has no CRDs): here it is
// held to the Gateway API v1.2.1 CRDs themselves (the standard channel the e2e build fetches, the
// default of ncp-ingress:gatewayApiCrds). At every object it lists, the same fields and the same
// required ones as the CRD's openAPIV3Schema; every type, enum and limit it states, the CRD's.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { GATEWAY_API_V1_2_1 } from "../gatewayApiSchemas";
import { harnessEnv } from "./harness";

type Schema = Record<string, any>;

/** The keywords the hand schemas state, compared where they state them. */
const STATED = ["type", "enum", "minimum", "maximum", "minItems", "maxItems", "maxProperties"] as const;

/** Where the hand schema `hand` and the CRD's `crd` disagree, below `at`. */
function disagreements(hand: Schema, crd: Schema, at: string): string[] {
    const found: string[] = [];
    for (const k of STATED)
        if (k in hand && JSON.stringify(hand[k]) !== JSON.stringify(crd[k]))
            found.push(`${at}: ${k} ${JSON.stringify(hand[k])}, the CRD's ${JSON.stringify(crd[k])}`);
    if (hand.properties) {
        const mine = Object.keys(hand.properties).sort();
        const theirs = Object.keys(crd.properties ?? {}).sort();
        if (JSON.stringify(mine) !== JSON.stringify(theirs))
            found.push(`${at}: fields ${mine.join(",")}, the CRD's ${theirs.join(",")}`);
        const required = [...(hand.required ?? [])].sort();
        const crdRequired = [...(crd.required ?? [])].sort();
        if (JSON.stringify(required) !== JSON.stringify(crdRequired))
            found.push(`${at}: required ${required.join(",")}, the CRD's ${crdRequired.join(",")}`);
        for (const f of mine)
            if (crd.properties?.[f]) found.push(...disagreements(hand.properties[f], crd.properties[f], `${at}.${f}`));
    }
    if (hand.items) found.push(...disagreements(hand.items, crd.items ?? {}, `${at}[]`));
    if (typeof hand.additionalProperties === "object")
        found.push(...disagreements(hand.additionalProperties, crd.additionalProperties ?? {}, `${at}{}`));
    return found;
}

describe("the hand-written Gateway API schemas (test/gatewayApiSchemas.ts) against the v1.2.1 CRDs", function () {
    const dir = harnessEnv().E2E_GATEWAY_API_CRDS;
    const crds = () =>
        fs
            .readdirSync(dir!)
            .filter((f) => f.endsWith(".yaml"))
            .map((f) => YAML.parse(fs.readFileSync(path.join(dir!, f), "utf8")));

    before(function () {
        assert.ok(dir && fs.existsSync(dir), "E2E_GATEWAY_API_CRDS (set by npm run e2e:up) names the CRDs");
    });

    for (const [key, hand] of Object.entries(GATEWAY_API_V1_2_1)) {
        it(`${key}: the same fields, required fields, types, enums and limits as the CRD's spec`, () => {
            const [apiVersion, kind] = key.split(" ");
            const [group, version] = apiVersion.split("/");
            const crd = crds().find((c) => c.spec.group === group && c.spec.names.kind === kind);
            assert.ok(crd, `no CRD for ${group} ${kind}`);
            const served = crd.spec.versions.find((v: Schema) => v.name === version);
            assert.ok(served?.served, `${kind} ${version} is not served`);
            const spec = served.schema.openAPIV3Schema.properties.spec;
            assert.deepEqual(disagreements((hand as Schema).properties.spec, spec, "spec"), []);
        });
    }

    it("the comparison finds a disagreement: a field the CRD lacks, a changed limit", () => {
        const crd = { type: "object", properties: { a: { type: "integer", maximum: 5 } } };
        const hand = { type: "object", properties: { a: { type: "integer", maximum: 6 }, b: { type: "string" } } };
        assert.deepEqual(disagreements(hand, crd, "spec"), [
            "spec: fields a,b, the CRD's a",
            "spec.a: maximum 6, the CRD's 5",
        ]);
    });
});
