// Putting a stylesheet into a shadow root, for every view the widget package mounts (the booking
// widget, the staff app, the patient page): a shared constructable stylesheet, which CSP
// `style-src` does not govern, else a `<style>` element carrying the page's CSP nonce.

const sheets = new Map<string, CSSStyleSheet>();

/**
 * Adds `css` to `root` once: a constructable stylesheet (one per text, shared by all roots), else
 * a `<style>` element with `nonce`; `first` puts it before the root's other stylesheets.
 *
 * @example
 * adoptStyles(host.attachShadow({ mode: "open" }), "p{margin:0}", { nonce: undefined, first: true });
 */
export function adoptStyles(
  root: ShadowRoot,
  css: string,
  how: { nonce: string | undefined; first: boolean },
): void {
  const view = root.ownerDocument.defaultView;
  if (view && "adoptedStyleSheets" in root && "replaceSync" in view.CSSStyleSheet.prototype) {
    try {
      let sheet = sheets.get(css);
      if (!sheet || !(sheet instanceof view.CSSStyleSheet)) {
        sheet = new view.CSSStyleSheet();
        sheet.replaceSync(css);
        sheets.set(css, sheet);
      }
      if (!root.adoptedStyleSheets.includes(sheet)) {
        root.adoptedStyleSheets = how.first
          ? [sheet, ...root.adoptedStyleSheets]
          : [...root.adoptedStyleSheets, sheet];
      }
      return;
    } catch {
      // Fall through to a <style> element.
    }
  }
  for (const element of root.querySelectorAll("style")) {
    if (element.textContent === css) return;
  }
  const style = root.ownerDocument.createElement("style");
  if (how.nonce) style.nonce = how.nonce;
  style.textContent = css;
  const last = [...root.querySelectorAll("style")].pop();
  if (how.first || !last) root.prepend(style);
  else last.after(style);
}
