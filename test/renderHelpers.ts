// Shared by the render specs (render-modes.spec.ts, render-helm.spec.ts): the program run offline
// with the address placeholder, and its objects as manifests.
import { ChartRef, toManifests } from "../scripts/manifests";
import { ADDRESS_PLACEHOLDER } from "../scripts/render";
import { runProgram } from "../scripts/offline/run";
import { stackConfig } from "../scripts/offline/stack";

export type Obj = Record<string, any>;
export const dev = stackConfig("dev");

export async function renderMode(config: Record<string, unknown>, renderChart?: (c: ChartRef) => string) {
    const run = await runProgram(config, { lbIngress: [{ hostname: ADDRESS_PLACEHOLDER }] });
    return { run, rendered: toManifests(run.resources, renderChart) };
}
