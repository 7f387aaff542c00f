// components/ncp/: every NCP fact has its source, and the schema takes its values and ranges from there.
import * as assert from "node:assert/strict";
import { ANNOTATION_FIELDS } from "../components/names";
import { NCP_ANNOTATION_PREFIX, NCP_ANNOTATIONS, ncpKey, NcpAnnotation } from "../components/ncp/annotations";
import {
    IDLE_TIMEOUT_SECONDS,
    LAYER_TYPE,
    LB_PORTS,
    NCP_FACTS,
    SIZES,
    TLS_MIN_VERSIONS,
} from "../components/ncp/rules";
import { Source } from "../components/ncp/sources";
import { configSchema } from "../scripts/schema";

const NCP_PAGE = /^https:\/\/[a-z-]+\.ncloud-docs\.com\/\S+$/;
const cited = (what: string, { page, section }: Source) => {
    assert.match(page.url, NCP_PAGE, what);
    assert.ok(page.title && section.trim(), what);
};

describe("components/ncp: NCP's facts", () => {
    it("every annotation key and every rule names an NCP page and a section", () => {
        for (const [key, source] of Object.entries(NCP_ANNOTATIONS)) cited(key, source);
        for (const fact of NCP_FACTS) cited(fact.rule, fact.source);
    });

    it("every rule is about NCP annotations or Service fields", () => {
        const known = new Set<string>(Object.keys(NCP_ANNOTATIONS));
        for (const fact of NCP_FACTS)
            for (const a of fact.about) assert.ok(known.has(a) || a.startsWith("spec."), `${fact.rule}: ${a}`);
    });

    it("every NCP annotation has a typed loadBalancer field, and only those", () => {
        const keys = Object.keys(NCP_ANNOTATIONS) as NcpAnnotation[];
        assert.deepEqual([...ANNOTATION_FIELDS.keys()].sort(), keys.map(ncpKey).sort());
        for (const key of ANNOTATION_FIELDS.keys()) assert.ok(key.startsWith(NCP_ANNOTATION_PREFIX), key);
    });

    it("the stack config schema's values and ranges are NCP's", () => {
        const lb = configSchema().properties.loadBalancer.properties;
        assert.deepEqual(lb.layerType.enum, [...LAYER_TYPE.values]);
        assert.deepEqual(lb.size.enum, [...SIZES.values.nplb, ...SIZES.values.nlb]);
        assert.deepEqual(lb.tlsMinVersion.enum, [...TLS_MIN_VERSIONS.values]);
        assert.deepEqual(
            [lb.idleTimeoutSeconds.minimum, lb.idleTimeoutSeconds.maximum],
            [IDLE_TIMEOUT_SECONDS.min, IDLE_TIMEOUT_SECONDS.max],
        );
        assert.deepEqual([lb.tlsPorts.items.minimum, lb.tlsPorts.items.maximum], [LB_PORTS.min, LB_PORTS.max]);
    });
});
