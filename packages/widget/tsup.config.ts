import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Options } from "tsup";
import { sharedNames } from "./src/chunks/shared-keys.js";

type Plugin = NonNullable<Options["esbuildPlugins"]>[number];

// Outputs:
// - dist/index.js (+ .d.ts): the ESM entry for bundlers; preact and @preact/signals stay external
//   (they are dependencies), nothing runs on import; Portuguese, Spanish and the chunks of
//   src/chunks/names.ts are lazy chunks.
// - dist/bookwell.js: the script-tag bundle (IIFE, minified, self-contained) that auto-mounts.
//   dist/locales/{en,pt,es}.js and dist/chunks/{times,steps,manage,payment}.js load next to it on
//   demand (classic scripts that register with the bookwell.js that loaded them;
//   see src/lib/beside-script.ts and src/chunks/).
// - dist/bookwell-staff.js: the staff app's script-tag bundle (the shell); its sections
//   (dist/staff/sections/<id>.js, sharing its Preact) and texts (dist/staff/locales/<lang>.js) load
//   beside it on demand.
// None of them bundles the engine, Temporal or zod: the widget never imports them.
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const srcDir = source("src/");
const scriptLocaleLoader = source("src/i18n/import-locale-script.ts");
const scriptChunkLoader = source("src/chunks/import-chunk-script.ts");
const staffTextsLoader = source("src/staff/i18n/import-texts-script.ts");
const staffSectionLoader = source("src/staff/sections/load-script.ts");

// The script-tag builds load files beside their script instead of import()ing modules.
const scriptLoaders: Plugin = {
  name: "script-loaders",
  setup(build) {
    build.onResolve({ filter: /\/import-locale\.js$/ }, () => ({ path: scriptLocaleLoader }));
    build.onResolve({ filter: /\/import-chunk\.js$/ }, () => ({ path: scriptChunkLoader }));
    build.onResolve({ filter: /\/import-texts\.js$/ }, () => ({ path: staffTextsLoader }));
    build.onResolve({ filter: /sections\/load\.js$/ }, () => ({ path: staffSectionLoader }));
  },
};

// In dist/chunks/*.js, an import of a module bookwell.js shares (src/chunks/shared-keys.ts)
// reads bookwell.js's instance from the registry instead of bundling a second copy; importing a
// name bookwell.js does not share fails the build ("No matching export").
const shared = new Map<string, readonly string[]>(Object.entries(sharedNames));
const sharedFromCore: Plugin = {
  name: "shared-from-core",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (!args.importer) return undefined;
      let key = args.path;
      if (key.startsWith(".")) {
        const path = resolve(dirname(args.importer), key);
        if (!path.startsWith(srcDir)) return undefined;
        key = path.slice(srcDir.length).replace(/\.(js|ts|tsx)$/, "");
      }
      return shared.has(key) ? { path: key, namespace: "bookwell-shared" } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: "bookwell-shared" }, (args) => {
      const names = shared.get(args.path) ?? [];
      // Read while the chunk runs, from the script element its bookwell.js created.
      const module = `document.currentScript.bookwell.modules[${JSON.stringify(args.path)}]`;
      return {
        contents: `const m = ${module};\n${names.map((name) => `export const ${name} = m.${name};`).join("\n")}`,
        loader: "js",
      };
    });
  },
};

/**
 * The staff sections' script files use the Preact of bookwell-staff.js (one Preact per page: hooks
 * and components must share it), its staff API client module (one `StaffApiError` class) and its
 * English texts, which that bundle puts on `__bookwellStaffRuntime` (src/staff/auto.ts).
 */
const sharedRuntime: Plugin = {
  name: "shared-runtime",
  setup(build) {
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

const scriptBuild = {
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
} satisfies Options;

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
    ...scriptBuild,
    entry: {
      bookwell: "src/auto.ts",
      // The staff app's script-tag bundle (src/staff/**); the patient bundle never imports it.
      "bookwell-staff": "src/staff/auto.ts",
      // The patient page ("My visits") and waitlist form (src/patient/**, src/waitlist/**).
      "bookwell-patient": "src/patient/auto.ts",
      // The setup wizard alone (src/staff/setup-auto.ts), until the staff shell loads its sections.
      "bookwell-setup": "src/staff/setup-auto.ts",
      "locales/en": "src/i18n/script/en.ts",
      "locales/pt": "src/i18n/script/pt.ts",
      "locales/es": "src/i18n/script/es.ts",
      "staff/locales/pt": "src/staff/i18n/script/pt.ts",
      "staff/locales/es": "src/staff/i18n/script/es.ts",
    },
    esbuildPlugins: [scriptLoaders],
  },
  {
    ...scriptBuild,
    // The on-demand chunks beside bookwell.js (src/chunks/names.ts).
    entry: {
      "chunks/times": "src/chunks/script/times.ts",
      "chunks/steps": "src/chunks/script/steps.ts",
      "chunks/manage": "src/chunks/script/manage.ts",
      "chunks/payment": "src/chunks/script/payment.ts",
    },
    esbuildPlugins: [sharedFromCore, scriptLoaders],
    esbuildOptions(options) {
      options.charset = "utf8";
      // A name bookwell.js does not share would be undefined at run time: fail the build.
      options.logOverride = { "import-is-undefined": "error" };
    },
  },
  {
    ...scriptBuild,
    // Each staff section as its own script file, loaded when the section is first opened.
    entry: {
      "staff/sections/calendar": "src/staff/sections/script/calendar.ts",
      "staff/sections/patients": "src/staff/sections/script/patients.ts",
      "staff/sections/checkout": "src/staff/sections/script/checkout.ts",
      "staff/sections/reports": "src/staff/sections/script/reports.ts",
      "staff/sections/audit": "src/staff/sections/script/audit.ts",
      "staff/sections/waitlist": "src/staff/sections/script/waitlist.ts",
      "staff/sections/import": "src/staff/sections/script/import.ts",
      "staff/sections/sign-in": "src/staff/sections/script/sign-in.ts",
      "staff/sections/setup": "src/staff/sections/script/setup.ts",
      "staff/sections/accounts": "src/staff/sections/script/accounts.ts",
      "staff/sections/account": "src/staff/sections/script/account.ts",
    },
    esbuildPlugins: [scriptLoaders, sharedRuntime],
  },
]);
