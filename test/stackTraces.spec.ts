// components/stackTraces.ts: the remembering wrapper returns exactly what the wrapped hook returns,
// calling it once per distinct stack, and with a real hook installed `.stack` reads the same.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { MAX_STACKS, rememberingStackTraces, rememberStackTraces } from "../components/stackTraces";

/** A stand-in CallSite: V8's text of the frame is all the wrapper reads of it. */
const frame = (text: string) => ({ toString: () => text }) as unknown as NodeJS.CallSite;

describe("stack traces remembered (components/stackTraces.ts)", () => {
    it("returns what the hook returns, calling it once per distinct header and frames", () => {
        fc.assert(
            fc.property(
                fc.array(
                    fc.tuple(
                        fc.constantFrom("Error", "TypeError"),
                        fc.string(),
                        fc.array(fc.constantFrom("a", "b", "c")),
                    ),
                    {
                        maxLength: 40,
                    },
                ),
                (stacks) => {
                    let calls = 0;
                    const hook = (e: Error, frames: NodeJS.CallSite[]) => {
                        calls++;
                        return `${e.name}|${e.message}|${frames.map(String).join(",")}|${calls}`;
                    };
                    const wrapped = rememberingStackTraces(hook);
                    const firstAnswer = new Map<string, unknown>();
                    for (const [name, message, texts] of stacks) {
                        const error = new Error(message);
                        error.name = name;
                        const key = JSON.stringify([name, message, texts]);
                        const got = wrapped(error, texts.map(frame));
                        // The first answer for a stack is the hook's own; later ones repeat it.
                        if (!firstAnswer.has(key)) {
                            assert.equal(got, `${name}|${message}|${texts.join(",")}|${firstAnswer.size + 1}`);
                            firstAnswer.set(key, got);
                        }
                        assert.equal(got, firstAnswer.get(key));
                    }
                    assert.equal(calls, firstAnswer.size);
                },
            ),
        );
    });

    it("calls the hook for an error it cannot print, and keeps at most MAX_STACKS stacks", () => {
        let calls = 0;
        const wrapped = rememberingStackTraces(() => ++calls);
        const unprintable = {
            toString() {
                throw new Error("no");
            },
        } as unknown as Error;
        wrapped(unprintable, []);
        wrapped(unprintable, []);
        assert.equal(calls, 2);
        for (let i = 0; i <= MAX_STACKS; i++) wrapped(new Error(String(i)), []);
        calls = 0;
        wrapped(new Error("0"), []); // forgotten when the cache started over
        wrapped(new Error(String(MAX_STACKS)), []); // remembered since
        assert.equal(calls, 1);
    });

    it("with a hook installed, every `.stack` reads as without the wrapper", () => {
        const before = Error.prepareStackTrace;
        const hook = (e: Error, frames: NodeJS.CallSite[]) =>
            `${e}${frames.map((f) => `\n    at ${f.getFunctionName()} ${f.getLineNumber()}`).join("")}`;
        const stacks = (): string[] => {
            const out: string[] = [];
            function inner(i: number) {
                out.push(new Error(`m${i % 3}`).stack!);
            }
            for (let i = 0; i < 6; i++) inner(i);
            return out;
        };
        try {
            Error.prepareStackTrace = hook;
            const read: string[][] = [];
            for (const wrap of [false, true]) {
                if (wrap) rememberStackTraces();
                read.push(stacks()); // the same call site both times
            }
            assert.notEqual(Error.prepareStackTrace, hook);
            assert.deepEqual(read[1], read[0]);
        } finally {
            Error.prepareStackTrace = before;
        }
    });
});
