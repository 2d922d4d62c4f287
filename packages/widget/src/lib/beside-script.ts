// Loading files that sit next to dist/bookwell.js (the script-tag build): the language files and
// the on-demand chunks. Each is a classic <script> that registers what it brings with the copy of
// bookwell.js that loaded it, so it needs no CORS and passes any CSP that already allows
// bookwell.js (the CSP nonce of the bookwell.js tag is reused). Two copies of bookwell.js on one
// page (two script tags) each keep their own registry, Preact and chunks. The address is read
// once, while bookwell.js runs (document.currentScript is only set then). A staff section file
// that bundles the widget (the setup wizard's live preview) is loaded from dist/staff/sections/:
// its loader names the folder of bookwell-staff.js, where the widget's chunks/ and locales/ are,
// in `data-bookwell-base`.
const current = typeof document === "undefined" ? null : document.currentScript;
const base =
  current instanceof HTMLScriptElement ? current.dataset.bookwellBase || current.src || null : null;
const nonce = current instanceof HTMLScriptElement ? current.nonce : "";

/** What one copy of bookwell.js shares with the files it loads beside it. */
export interface BesideRegistry {
  /** Language texts by language, registered by dist/locales/<language>.js. */
  locales: Record<string, unknown>;
  /** Chunks by name, registered by dist/chunks/<name>.js. */
  chunks: Record<string, unknown>;
  /** Modules bookwell.js shares with its chunks, by the key the chunk build maps imports to. */
  modules: Record<string, unknown>;
}

/** A script element loaded by {@link loadBeside}, carrying the registry of its loader. */
type BesideScript = HTMLScriptElement & { bookwell?: BesideRegistry };

const own: BesideRegistry = { locales: {}, chunks: {}, modules: {} };

/**
 * This copy of bookwell.js's registry.
 *
 * @example
 * Object.assign(registry().modules, sharedModules);
 */
export function registry(): BesideRegistry {
  return own;
}

/**
 * In a file loaded beside bookwell.js, while it runs: the registry of the bookwell.js that loaded
 * it (empty when the file was loaded some other way).
 *
 * @example
 * loaderRegistry().chunks.manage = manageModule;
 */
export function loaderRegistry(): BesideRegistry {
  return (current as BesideScript | null)?.bookwell ?? { locales: {}, chunks: {}, modules: {} };
}

/**
 * Loads `path` (relative to bookwell.js) as a classic script and resolves with what it registered,
 * as read by `read()`; rejects when the file does not load or registers nothing.
 *
 * @example
 * const manage = await loadBeside("chunks/manage.js", () => registry().chunks.manage);
 */
export function loadBeside<T>(path: string, read: () => T | undefined): Promise<T> {
  const ready = read();
  if (ready) return Promise.resolve(ready);
  if (!base) return Promise.reject(new Error("no script address"));
  return new Promise((resolve, reject) => {
    const script: BesideScript = document.createElement("script");
    script.bookwell = own;
    script.src = new URL(path, base).href;
    script.async = true;
    if (nonce) script.nonce = nonce;
    // Loaded without registering or not loaded at all: the same failure.
    script.onload = script.onerror = () => {
      const value = read();
      if (value) resolve(value);
      else reject(new Error(`could not load ${script.src}`));
      script.remove();
    };
    document.head.appendChild(script);
  });
}
