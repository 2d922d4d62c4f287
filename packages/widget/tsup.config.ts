import { fileURLToPath } from "node:url";
import { defineConfig } from "tsup";

// Outputs:
// - dist/index.js (+ .d.ts): the ESM entry for bundlers; preact and @preact/signals stay external
//   (they are dependencies), nothing runs on import; Portuguese and Spanish are lazy chunks.
// - dist/bookwell.js: the script-tag bundle (IIFE, minified, self-contained) that auto-mounts.
//   dist/locales/{en,pt,es}.js load next to it on demand (one per language).
// None of them bundles the engine, Temporal or zod: the widget never imports them.
const scriptLocaleLoader = fileURLToPath(
  new URL("src/i18n/import-locale-script.ts", import.meta.url),
);

export default defineConfig([
  {
    entry: { index: "src/index.ts", staff: "src/staff/index.ts", patient: "src/patient/index.ts" },
    format: ["esm"],
    dts: {
      entry: {
        index: "src/index.ts",
        staff: "src/staff/index.ts",
        patient: "src/patient/index.ts",
      },
    },
    clean: false,
    splitting: true,
    sourcemap: true,
    target: "es2022",
    platform: "browser",
    treeshake: true,
  },
  {
    entry: {
      bookwell: "src/auto.ts",
      // The staff calendar's script-tag bundle (src/staff/**); the patient bundle never imports it.
      "bookwell-staff": "src/staff/auto.ts",
      // The patient page ("My visits") and waitlist form (src/patient/**, src/waitlist/**).
      "bookwell-patient": "src/patient/auto.ts",
      "locales/en": "src/i18n/script/en.ts",
      "locales/pt": "src/i18n/script/pt.ts",
      "locales/es": "src/i18n/script/es.ts",
    },
    format: ["iife"],
    clean: false,
    // terser after esbuild: about 1 kB less gzipped than esbuild's minifier alone. Only safe
    // transforms (no pure_getters: signal `.value` reads subscribe and must stay).
    minify: "terser",
    terserOptions: {
      compress: { passes: 3, ecma: 2020 },
      mangle: { toplevel: true },
      ecma: 2020,
      toplevel: true,
    },
    sourcemap: true,
    target: "es2022",
    platform: "browser",
    noExternal: [/.*/],
    treeshake: true,
    outExtension: () => ({ js: ".js" }),
    esbuildOptions(options) {
      options.charset = "utf8";
    },
    esbuildPlugins: [
      {
        name: "script-locale-loader",
        setup(build) {
          build.onResolve({ filter: /\/import-locale\.js$/ }, () => ({ path: scriptLocaleLoader }));
        },
      },
    ],
  },
]);
