// The three ways to put the booking widget on a clinic's website (docs/widget/embedding.md), as
// text to copy: the script tag, the custom element, and a JavaScript module calling `mount()`.
// The brand colour becomes the widget's documented theme variable (docs/widget/theming.md).

/** What the snippets are made of. */
export interface EmbedOptions {
  /** Where the website serves `bookwell.js` (with its `locales/` folder next to it). */
  scriptUrl: string;
  /** The Bookwell API's base URL. */
  api: string;
  clinic: string;
  /** `en`, `pt-PT`, `es`… */
  locale: string;
  /** `#rrggbb`, or empty for the default theme. */
  color: string;
}

/** The three snippets. */
export interface EmbedSnippets {
  script: string;
  element: string;
  esm: string;
}

const attr = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

/**
 * The script-tag, custom-element and ES-module snippets for a clinic.
 *
 * @example
 * embedSnippets({ scriptUrl: "/assets/bookwell.js", api: "https://api.clinic.example", clinic: "clinic", locale: "pt-PT", color: "#00696b" }).script;
 * // '<style>:root{--bookwell-color-primary:#00696b}</style>\n<script src="/assets/bookwell.js" …></script>'
 */
export function embedSnippets(o: EmbedOptions): EmbedSnippets {
  const color = /^#[0-9a-fA-F]{6}$/.test(o.color) ? o.color : "";
  const style = color ? `<style>:root{--bookwell-color-primary:${color}}</style>\n` : "";
  const data = `data-api="${attr(o.api)}" data-clinic="${attr(o.clinic)}" data-locale="${attr(o.locale)}"`;
  return {
    script: `${style}<script src="${attr(o.scriptUrl)}" ${data}></script>`,
    element: `${style}<script src="${attr(o.scriptUrl)}" defer></script>\n<bookwell-booking api="${attr(o.api)}" clinic="${attr(o.clinic)}" locale="${attr(o.locale)}"></bookwell-booking>`,
    esm: [
      `import { mount } from "@bookwell/widget";`,
      "",
      `const element = document.querySelector("#book");`,
      ...(color ? [`element.style.setProperty("--bookwell-color-primary", "${color}");`] : []),
      `mount(element, { api: ${JSON.stringify(o.api)}, clinic: ${JSON.stringify(o.clinic)}, locale: ${JSON.stringify(o.locale)} });`,
    ].join("\n"),
  };
}
