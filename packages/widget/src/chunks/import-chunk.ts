// How chunks load in the ESM build: dynamic import(), so bundlers emit each as its own file. The
// script-tag build swaps this module for import-chunk-script.ts.
import type { ChunkName, Chunks } from "./names.js";

/**
 * Loads one on-demand part of the widget.
 *
 * @example
 * const { ManageApp } = await importChunk("manage");
 */
export function importChunk<N extends ChunkName>(name: N): Promise<Chunks[N]> {
  const modules: { [K in ChunkName]: () => Promise<Chunks[K]> } = {
    times: () => import("../booking/time-step.js"),
    steps: () => import("../booking/later-steps.js"),
    manage: () => import("../manage/manage-app.js"),
    payment: () => import("../booking/payment-step.js"),
  };
  return modules[name]();
}
