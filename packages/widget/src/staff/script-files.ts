// How the staff script-tag bundle (dist/bookwell-staff.js) loads its other files on demand: a
// classic <script> for `staff/<path>.js` next to bookwell-staff.js, which registers what it brings
// on a global. Classic scripts need no CORS and pass any CSP that already allows bookwell-staff.js
// (its nonce is reused). Files loaded this way (sections, texts) find the address through the
// global the first bundle leaves, since their own `document.currentScript` is another file.

interface StaffGlobals {
  __bookwellStaffBase?: string;
  __bookwellStaffNonce?: string;
}

const globals = globalThis as typeof globalThis & StaffGlobals;
const current = typeof document === "undefined" ? null : document.currentScript;
if (current instanceof HTMLScriptElement && current.src && !globals.__bookwellStaffBase) {
  globals.__bookwellStaffBase = current.src;
  globals.__bookwellStaffNonce = current.nonce;
}

/**
 * Loads `staff/<path>.js` beside bookwell-staff.js and answers what it registered under `name` in
 * the global registry `registry` (rejects when the file does not load or registers nothing).
 *
 * @example
 * const pt = await loadStaffScript<StaffTexts>("locales/pt", "__bookwellStaffTexts", "pt");
 */
export function loadStaffScript<T>(path: string, registry: string, name: string): Promise<T> {
  const read = () =>
    (globalThis as unknown as Record<string, Record<string, T> | undefined>)[registry]?.[name];
  const ready = read();
  if (ready) return Promise.resolve(ready);
  const base = globals.__bookwellStaffBase;
  if (!base) return Promise.reject(new Error("no script address"));
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = new URL(`staff/${path}.js`, base).href;
    // The widget's own files (chunks/, locales/) sit beside bookwell-staff.js, not beside this
    // file: a section that bundles the widget finds them through this (lib/beside-script.ts).
    script.dataset.bookwellBase = base;
    script.async = true;
    if (globals.__bookwellStaffNonce) script.nonce = globals.__bookwellStaffNonce;
    script.onload = script.onerror = () => {
      const loaded = read();
      if (loaded) resolve(loaded);
      else reject(new Error(`could not load ${script.src}`));
      script.remove();
    };
    document.head.appendChild(script);
  });
}
