// The script-tag bundle (dist/bookwell.js): registers <bookwell-booking> and mounts a widget for
// the <script data-api="…"> tag that loaded it. Exposes the ESM API as `window.Bookwell`.
import { autoMount, defineBookwellElement, mount, optionsFromAttributes } from "./embed.js";

export { autoMount, defineBookwellElement, mount, optionsFromAttributes };

// A page that loaded the script once adds more widgets through `window.Bookwell` (the IIFE
// bundle's exports are not globals by themselves).
(globalThis as { Bookwell?: unknown }).Bookwell = {
  autoMount,
  defineBookwellElement,
  mount,
  optionsFromAttributes,
};

const script = typeof document === "undefined" ? null : document.currentScript;
defineBookwellElement();
if (script instanceof HTMLScriptElement && script.hasAttribute("data-api")) {
  autoMount(script).catch((error: unknown) => {
    console.error(error);
  });
}
