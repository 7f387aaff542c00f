// The e2e's operator replay reading its files (test/e2e/replay/captures.ts: the capture folder and
// dev/deleted-when-cr-deleted.txt; test/e2e/replay/timeline.ts: the timeline) and its leader election
// (test/e2e/replay/lease.ts: one step of client-go's tryAcquireOrRenew). Small inline objects
// (operatorReplayFixtures.ts) and a temporary folder: no capture folder (../shared) and no cluster needed.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { loadCaptures, parseDeletedList } from "./e2e/replay/captures";
import { nextLease } from "./e2e/replay/lease";
import { readTimeline } from "./e2e/replay/timeline";
import { BUILT_IN, cr, obj, spec } from "./operatorReplayFixtures";

describe("operator replay: deleted-when-cr-deleted.txt", () => {
    it("reads Kind:namespace:name, cluster-scoped objects with an empty namespace", () => {
        assert.deepEqual(
            parseDeletedList(
                "Removed ClusterRole::istiod-clusterrole-istio-system.\nRemoved Service:istio-system:istiod.\n\n",
            ),
            [
                { kind: "ClusterRole", namespace: "", name: "istiod-clusterrole-istio-system" },
                { kind: "Service", namespace: "istio-system", name: "istiod" },
            ],
        );
    });
    it("refuses any other line", () => {
        assert.throws(() => parseDeletedList("Deleted Service:a:b."), /Removed Kind:namespace:name/);
    });
});

describe("operator replay: leader election (client-go's tryAcquireOrRenew)", () => {
    const now = new Date("2026-12-02T01:41:45.119Z");
    const ms = now.getTime();

    it("creates the lease when there is none", () => {
        assert.deepEqual(nextLease(undefined, "me", ms, now), {
            holderIdentity: "me",
            leaseDurationSeconds: 20,
            acquireTime: now,
            renewTime: now,
            leaseTransitions: 0,
        });
    });
    it("waits while another holder's lease is valid, counted from when this candidate saw it change", () => {
        const theirs = { holderIdentity: "other", leaseDurationSeconds: 20, renewTime: "2000-01-01T00:00:00Z" };
        assert.equal(nextLease(theirs, "me", ms - 19000, now), "wait");
        const taken = nextLease({ ...theirs, leaseTransitions: 2 }, "me", ms - 21000, now);
        assert.notEqual(taken, "wait");
        assert.equal((taken as any).holderIdentity, "me");
        assert.equal((taken as any).leaseTransitions, 3);
        assert.equal((taken as any).acquireTime, now);
    });
    it("a renewal keeps acquireTime and the transition count", () => {
        const mine = {
            holderIdentity: "me",
            leaseDurationSeconds: 20,
            acquireTime: "t0",
            renewTime: "t1",
            leaseTransitions: 1,
        };
        assert.deepEqual(nextLease(mine, "me", ms, now), { ...mine, renewTime: now });
    });
});

describe("operator replay: capture folder and timeline", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "replay-spec-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("a missing capture folder: a clear error naming it and OPERATOR_CAPTURE_DIR", () => {
        assert.throws(
            () => loadCaptures(path.join(dir, "nowhere")),
            /no capture of the Istio 1\.23\.6 operator at .*nowhere.*OPERATOR_CAPTURE_DIR/s,
        );
    });

    it("loads each folder's input, objects and status, and the deletion list", () => {
        const root = path.join(dir, "capture");
        const input = { apiVersion: "install.istio.io/v1alpha1", kind: "IstioOperator", ...cr(spec(BUILT_IN)) };
        for (const name of ["dev", "dev-plus-echo"]) {
            fs.mkdirSync(path.join(root, name), { recursive: true });
            fs.writeFileSync(path.join(root, name, "istiooperator.yaml"), YAML.stringify(input));
            fs.writeFileSync(
                path.join(root, name, "objects.yaml"),
                [obj("Service", "a", "istio-system"), obj("ServiceAccount", "b", "istio-system")]
                    .map((o) => YAML.stringify(o))
                    .join("---\n"),
            );
            fs.writeFileSync(
                path.join(root, name, "istiooperator-after.yaml"),
                YAML.stringify({ status: { status: "HEALTHY" } }),
            );
        }
        fs.writeFileSync(path.join(root, "dev", "deleted-when-cr-deleted.txt"), "Removed Service:istio-system:a.\n");
        const c = loadCaptures(root);
        assert.deepEqual(
            c.captures.map((x) => [x.name, x.objects.length, x.status]),
            [
                ["dev", 2, { status: "HEALTHY" }],
                ["dev-plus-echo", 2, { status: "HEALTHY" }],
            ],
        );
        assert.deepEqual(c.captures[0].input.spec, spec(BUILT_IN));
        assert.deepEqual(c.deletedWhenCrDeleted, [{ kind: "Service", namespace: "istio-system", name: "a" }]);
    });

    it("reads the timeline's JSON lines; none when the file is missing", () => {
        const file = path.join(dir, "timeline.jsonl");
        assert.deepEqual(readTimeline(file), []);
        fs.writeFileSync(
            file,
            '{"t":1,"cr":"a/b","what":"seen"}\n{"t":2,"cr":"a/b","what":"status","status":"HEALTHY"}\n',
        );
        assert.deepEqual(
            readTimeline(file).map((e) => e.what),
            ["seen", "status"],
        );
    });
});
