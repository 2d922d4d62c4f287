// How chunks load in the script-tag bundle (dist/bookwell.js): a classic <script> for
// dist/chunks/<name>.js next to bookwell.js, which registers its modules; the chunk reads
// Preact, signals and the shared widget modules from bookwell.js (shared.ts).
import { loadBeside, registry } from "../lib/beside-script.js";
import type { ChunkName, Chunks } from "./names.js";
import { sharedModules } from "./shared.js";

/**
 * Loads one on-demand part of the widget from `chunks/<name>.js` beside bookwell.js.
 *
 * @example
 * const { ManageApp } = await importChunk("manage");
 */
export function importChunk<N extends ChunkName>(name: N): Promise<Chunks[N]> {
  Object.assign(registry().modules, sharedModules);
  return loadBeside(`chunks/${name}.js`, () => registry().chunks[name] as Chunks[N] | undefined);
}
