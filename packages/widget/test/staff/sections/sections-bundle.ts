// Builds the sections' test page entry (e2e-page.tsx) into one script with vite, for the browser
// test to serve; the sections are not in dist/ until the shell loads them.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "vite";

/**
 * Bundles the test page's entry as an IIFE into a fresh temporary folder; returns the folder
 * (it holds `sections.js`).
 *
 * @example
 * const dir = await buildSectionsPage(); // serve join(dir, "sections.js")
 */
export async function buildSectionsPage(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), "bookwell-sections-"));
  await build({
    configFile: false,
    logLevel: "error",
    root: new URL("../../../", import.meta.url).pathname,
    oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
    build: {
      outDir,
      emptyOutDir: false,
      minify: false,
      sourcemap: false,
      lib: {
        entry: new URL("./e2e-page.tsx", import.meta.url).pathname,
        formats: ["iife"],
        name: "BookwellSectionsPage",
        fileName: () => "sections.js",
      },
    },
  });
  return outDir;
}
