// The widget's only stylesheet. It lives inside each widget's shadow root (a constructable
// stylesheet, or a <style> element where those are missing), so nothing leaks in or out; `:host`
// resets inherited properties, and the page themes the widget only through the documented
// --bookwell-* custom properties (theme/defaults.ts, docs/widget/theming.md), each read once on
// :host into a short private variable.

/** The stylesheet text. */
export const styles = `
:host{all:initial;display:block;font:var(--bookwell-font-size,1rem)/1.5 var(--bookwell-font-family,system-ui,-apple-system,'Segoe UI',Roboto,sans-serif);color:var(--bookwell-color-text,#1f2328);--m:var(--bookwell-color-muted,#57606a);--bg:var(--bookwell-color-background,#fff);--s:var(--bookwell-color-surface,#f6f8fa);--b:var(--bookwell-color-border,#6e7781);--p:var(--bookwell-color-primary,#0b5cad);--pt:var(--bookwell-color-primary-text,#fff);--f:var(--bookwell-color-free,#1a7f37);--fo:var(--bookwell-color-focus,#b35900);--d:var(--bookwell-color-danger,#b42318);--wb:var(--bookwell-color-warning-background,#fff8e6);--sb:var(--bookwell-color-success-background,#eaf7ee);--eb:var(--bookwell-color-error-background,#fdecea);--r:var(--bookwell-radius,8px)}
:host([hidden]){display:none}
*{box-sizing:border-box}
.bw{max-width:var(--bookwell-max-width,42rem);margin:auto;padding:var(--bookwell-spacing,1rem);background:var(--bg);border-radius:var(--r)}
h2,h3,h4,h5,h6{margin:0 0 .5em;line-height:1.25;font-size:1.2em}
.bw-title{font-size:1.4em}
[tabindex="-1"]{outline:0}
p{margin:0 0 .75em}
ul{margin:0;padding:0;list-style:none}
.bw-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.bw-progress,.bw-hint,.bw-note,.bw-optional,.bw-choice-meta,.bw-choice-text,.bw-time-provider,th,.bw-loading{color:var(--m);font-size:.9em;font-weight:400}
button,input,textarea{font:inherit;color:inherit}
:focus-visible{outline:3px solid var(--fo);outline-offset:2px}
button,a{cursor:pointer;min-height:44px;min-width:44px}
.bw-button{display:inline-flex;align-items:center;justify-content:center;padding:.5em 1em;border:2px solid var(--p);border-radius:var(--r);background:var(--bg);color:var(--p);font-weight:600;text-decoration:none}
.bw-button-primary{background:var(--p);border-color:var(--p);color:var(--pt)}
.bw-button-danger{background:var(--d);border-color:var(--d);color:#fff}
.bw-button-block,.bw-choice,.bw-time,.bw-day,input,textarea{width:100%}
[aria-disabled=true]{cursor:not-allowed}
.bw-icon-button[aria-disabled=true]{opacity:.4}
.bw-link{background:0;border:0;padding:0;color:var(--p);text-decoration:underline}
.bw-actions{display:flex;flex-wrap:wrap;gap:.75em;margin:1em 0}
.bw-choices,.bw-form,.bw-field,.bw-summary{display:grid;gap:.75em}
.bw-choice,.bw-time,.bw-icon-button,input,textarea{border:1px solid var(--b);border-radius:var(--r);background:var(--bg);padding:.5em .75em}
.bw-choice{display:flex;flex-direction:column;align-items:flex-start;text-align:left}
.bw-choice[aria-current=true]{border:2px solid var(--p)}
.bw-choice-title,label,dt,.bw-lead{font-weight:600}
.bw-summary{gap:.25em;margin:0 0 1em;padding:.75em 1em;background:var(--s);border-radius:var(--r)}
.bw-summary div{display:flex;flex-wrap:wrap;gap:.5em}
dt{min-width:7em}
dd{margin:0}
.bw-month-bar{display:flex;align-items:center;justify-content:space-between}
.bw-month-bar>*{margin:0}
.bw-month-bar ::first-letter,th{text-transform:capitalize}
.bw-icon-button{font-size:1.4em;line-height:1}
table{width:100%;border-spacing:2px;table-layout:fixed;margin:.5em 0}
td{padding:0;text-align:center}
.bw-day{position:relative;aspect-ratio:1;min-width:0;max-height:3.5em;border:0;border-radius:var(--r);background:0;color:var(--m)}
.bw-day-free{border:1px solid var(--b);color:inherit;font-weight:600}
.bw-day-selected{background:var(--p);border:4px double var(--p);color:var(--pt)}
[aria-current=date]{text-decoration:underline}
.bw-dot{position:absolute;inset:auto 0 .3em;margin:auto;width:.35em;height:.35em;border-radius:50%;background:var(--f)}
.bw-day-selected .bw-dot{background:var(--pt)}
.bw-time-list{display:grid;grid-template-columns:repeat(auto-fill,minmax(6em,1fr));gap:.5em;margin:.5em 0 1em}
.bw-alternatives{grid-template-columns:1fr}
.bw-time{border-color:var(--p);color:var(--p);font-weight:600}
.bw-time-wide{text-align:left}
.bw-alert{padding:.75em 1em;margin:0 0 1em;border-radius:var(--r);border-left:4px solid}
.bw-alert-error{background:var(--eb);border-color:var(--d)}
.bw-alert-warning,.bw-hold-urgent{background:var(--wb);border-color:#9a6700}
.bw-alert-success{background:var(--sb);border-color:var(--f)}
.bw-loading{display:flex;align-items:center;gap:.5em}
.bw-spinner{width:1em;height:1em;border:2px solid;border-right-color:transparent;border-radius:50%;animation:s 1s linear infinite}
@keyframes s{to{transform:rotate(1turn)}}
@media (prefers-reduced-motion:reduce){.bw-spinner{animation:none}}
.bw-hold{display:flex;flex-wrap:wrap;align-items:center;gap:.5em 1em;padding:.5em 1em;margin:0 0 1em;border:1px solid var(--b);border-radius:var(--r)}
.bw-hold p{margin:0}
.bw-hold-time{font-variant-numeric:tabular-nums;font-weight:700}
.bw-hold-warning{flex-basis:100%;font-weight:600}
.bw-field{gap:.25em}
.bw-field p{margin:0}
input,textarea{min-height:44px}
[aria-invalid=true]{border:2px solid var(--d)}
.bw-field-error{color:var(--d);font-weight:600}
.bw-check{display:grid;grid-template-columns:auto 1fr;gap:.25em .5em}
.bw-check input{width:24px;height:24px;min-height:0;margin:0}
.bw-check p{grid-column:2;margin:0}
.bw-remembered{display:flex;flex-wrap:wrap;align-items:center;gap:0 1em}
.bw-lead{font-size:1.1em}
.bw-next ul{padding-left:1.25em;list-style:disc}
.bw-amount{font-size:1.2em;font-weight:700}
@media (max-width:420px){.bw{padding:.5em}dt{min-width:0}table{border-spacing:1px}}
`;

let shared: CSSStyleSheet | null = null;

/**
 * Puts the widget's styles into a shadow root: a shared constructable stylesheet (not subject to
 * CSP `style-src`), else a `<style>` element carrying the CSP nonce.
 *
 * @example
 * applyStyles(host.attachShadow({ mode: "open" }), undefined);
 */
export function applyStyles(root: ShadowRoot, nonce: string | undefined): void {
  const view = root.ownerDocument.defaultView;
  if (view && "adoptedStyleSheets" in root && "replaceSync" in view.CSSStyleSheet.prototype) {
    try {
      if (!shared || !(shared instanceof view.CSSStyleSheet)) {
        shared = new view.CSSStyleSheet();
        shared.replaceSync(styles);
      }
      if (!root.adoptedStyleSheets.includes(shared)) {
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, shared];
      }
      return;
    } catch {
      // Fall through to a <style> element.
    }
  }
  const style = root.ownerDocument.createElement("style");
  if (nonce) style.nonce = nonce;
  style.textContent = styles;
  root.prepend(style);
}
