// The script-tag bundle (dist/bookwell.js): registers <bookwell-booking> and mounts a widget for
// the <script data-api="…"> tag that loaded it. Exposes the ESM API as `window.Bookwell`.
import { autoMount, defineBookwellElement } from "./embed.js";

export { autoMount, defineBookwellElement, mount, optionsFromAttributes } from "./embed.js";

const script = typeof document === "undefined" ? null : document.currentScript;
defineBookwellElement();
if (script instanceof HTMLScriptElement && script.hasAttribute("data-api")) {
  autoMount(script).catch((error: unknown) => {
    console.error(error);
  });
}
