import { fileURLToPath } from "node:url";
import { defineConfig } from "tsup";

// Outputs:
// - dist/index.js (+ .d.ts): the ESM entry for bundlers; preact and @preact/signals stay external
//   (they are dependencies), nothing runs on import; Portuguese and Spanish are lazy chunks.
// - dist/bookwell.js: the script-tag bundle (IIFE, minified, self-contained) that auto-mounts.
//   dist/locales/{en,pt,es}.js load next to it on demand (one per language).
// - dist/bookwell-staff.js: the staff app's script-tag bundle (the shell); its sections
//   (dist/staff/sections/<id>.js, sharing its Preact) and texts (dist/staff/locales/<lang>.js) load
//   beside it on demand.
// None of them bundles the engine, Temporal or zod: the widget never imports them.
const scriptLocaleLoader = fileURLToPath(
  new URL("src/i18n/import-locale-script.ts", import.meta.url),
);
const staffTextsLoader = fileURLToPath(
  new URL("src/staff/i18n/import-texts-script.ts", import.meta.url),
);
const staffSectionLoader = fileURLToPath(
  new URL("src/staff/sections/load-script.ts", import.meta.url),
);

/** The script-tag builds load texts and staff sections as files beside the script. */
const scriptLoaders = {
  name: "script-loaders",
  setup(build: { onResolve: (o: { filter: RegExp }, f: () => { path: string }) => void }) {
    build.onResolve({ filter: /\/import-locale\.js$/ }, () => ({ path: scriptLocaleLoader }));
    build.onResolve({ filter: /\/import-texts\.js$/ }, () => ({ path: staffTextsLoader }));
    build.onResolve({ filter: /sections\/load\.js$/ }, () => ({ path: staffSectionLoader }));
  },
};

/**
 * The staff sections' script files use the Preact of bookwell-staff.js (one Preact per page: hooks
 * and components must share it), its staff API client module (one `StaffApiError` class) and its
 * English texts, which that bundle puts on `__bookwellStaffRuntime` (src/staff/auto.ts).
 */
const sharedRuntime = {
  name: "shared-runtime",
  setup(build: {
    onResolve: (
      o: { filter: RegExp },
      f: (a: { path: string; importer: string }) => { path: string; namespace: string } | undefined,
    ) => void;
    onLoad: (
      o: { filter: RegExp; namespace: string },
      f: (a: { path: string }) => { contents: string; loader: "js" },
    ) => void;
  }) {
    const runtime = (path: string) => ({ path, namespace: "bookwell-staff-runtime" });
    build.onResolve({ filter: /^preact(\/hooks|\/jsx-runtime)?$/ }, (args) => runtime(args.path));
    build.onResolve({ filter: /^\.\.?\/api\.js$/ }, (args) =>
      /[\\/]src[\\/]staff[\\/](sections[\\/])?[^\\/]+$/.test(args.importer)
        ? runtime("bookwell-staff-api")
        : undefined,
    );
    build.onResolve({ filter: /^\.\/en\.js$/ }, (args) =>
      /[\\/]src[\\/]staff[\\/]i18n[\\/]/.test(args.importer)
        ? runtime("bookwell-staff-en")
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "bookwell-staff-runtime" }, (args) => ({
      contents: `module.exports = globalThis.__bookwellStaffRuntime[${JSON.stringify(args.path)}];`,
      loader: "js",
    }));
  },
};

const iifeOptions = {
  format: ["iife"] as "iife"[],
  clean: false,
  // terser after esbuild: about 1 kB less gzipped than esbuild's minifier alone. Only safe
  // transforms (no pure_getters: signal `.value` reads subscribe and must stay).
  minify: "terser" as const,
  terserOptions: {
    compress: { passes: 3, ecma: 2020 as const },
    mangle: { toplevel: true },
    ecma: 2020 as const,
    toplevel: true,
  },
  sourcemap: true,
  target: "es2022",
  platform: "browser" as const,
  noExternal: [/.*/],
  treeshake: true,
  outExtension: () => ({ js: ".js" }),
  esbuildOptions(options: { charset?: string }) {
    options.charset = "utf8";
  },
};

export default defineConfig([
  {
    entry: { index: "src/index.ts", staff: "src/staff/index.ts" },
    format: ["esm"],
    dts: { entry: { index: "src/index.ts", staff: "src/staff/index.ts" } },
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
      // The staff app's script-tag bundle (src/staff/**); the patient bundle never imports it.
      "bookwell-staff": "src/staff/auto.ts",
      "locales/en": "src/i18n/script/en.ts",
      "locales/pt": "src/i18n/script/pt.ts",
      "locales/es": "src/i18n/script/es.ts",
      "staff/locales/pt": "src/staff/i18n/script/pt.ts",
      "staff/locales/es": "src/staff/i18n/script/es.ts",
    },
    ...iifeOptions,
    esbuildPlugins: [scriptLoaders],
  },
  {
    // Each staff section as its own script file, loaded when the section is first opened.
    entry: {
      "staff/sections/calendar": "src/staff/sections/script/calendar.ts",
      "staff/sections/patients": "src/staff/sections/script/patients.ts",
    },
    ...iifeOptions,
    esbuildPlugins: [scriptLoaders, sharedRuntime],
  },
]);
