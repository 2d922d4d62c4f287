// The widget's stylesheet: the first screen's rules here, the rules of the parts that load on
// demand in chunk-styles.ts (added to the shadow root with their chunk). It lives inside each
// widget's shadow root (a constructable stylesheet, or a <style> element where those are
// missing), so nothing leaks in or out; `:host`
// resets inherited properties, and the page themes the widget only through the documented
// --bookwell-* custom properties (theme/defaults.ts, docs/widget/theming.md), each read once on
// :host into a short private variable.

import { adoptStyles } from "./adopt.js";

/** The stylesheet text of the first screen. */
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
.bw-progress,.bw-hint,.bw-note,.bw-optional,.bw-choice-meta,.bw-choice-text,th,.bw-loading{color:var(--m);font-size:.9em;font-weight:400}
button{font:inherit;color:inherit}
:focus-visible{outline:3px solid var(--fo);outline-offset:2px}
button,a{cursor:pointer;min-height:44px;min-width:44px}
.bw-button{display:inline-flex;align-items:center;justify-content:center;padding:.5em 1em;border:2px solid var(--p);border-radius:var(--r);background:var(--bg);color:var(--p);font-weight:600;text-decoration:none}
.bw-button-primary{background:var(--p);border-color:var(--p);color:var(--pt)}
.bw-button-block,.bw-choice,.bw-time,.bw-day,input,textarea{width:100%}
[aria-disabled=true]{cursor:not-allowed}
.bw-link{background:0;border:0;padding:0;color:var(--p);text-decoration:underline}
.bw-choices,.bw-summary{display:grid;gap:.75em}
.bw-choice,.bw-time,.bw-icon-button,input,textarea{border:1px solid var(--b);border-radius:var(--r);background:var(--bg);padding:.5em .75em}
.bw-choice{display:flex;flex-direction:column;align-items:flex-start;text-align:left}
.bw-photo{border-radius:50%;object-fit:cover}
.bw-choice[aria-current=true]{border:2px solid var(--p)}
.bw-choice-title,label,dt,.bw-lead{font-weight:600}
.bw-summary{gap:.25em;margin:0 0 1em;padding:.75em 1em;background:var(--s);border-radius:var(--r)}
.bw-summary div{display:flex;flex-wrap:wrap;gap:.5em}
dt{min-width:7em}
dd{margin:0}
.bw-alert{padding:.75em 1em;margin:0 0 1em;border-radius:var(--r);border-left:4px solid}
.bw-alert-error{background:var(--eb);border-color:var(--d)}
.bw-alert-warning,.bw-hold-urgent{background:var(--wb);border-color:#9a6700}
.bw-loading{display:flex;align-items:center;gap:.5em}
.bw-spinner{width:1em;height:1em;border:2px solid;border-right-color:transparent;border-radius:50%;animation:s 1s linear infinite}
@keyframes s{to{transform:rotate(1turn)}}
@media (prefers-reduced-motion:reduce){.bw-spinner{animation:none}}
@media (max-width:420px){.bw{padding:.5em}dt{min-width:0}}
`;

/**
 * Puts a stylesheet (by default the widget's) into a shadow root, once: a shared constructable
 * stylesheet (not subject to CSP `style-src`), else a `<style>` element carrying the CSP nonce.
 *
 * @example
 * applyStyles(host.attachShadow({ mode: "open" }), undefined);
 */
export function applyStyles(root: ShadowRoot, nonce: string | undefined, css = styles): void {
  adoptStyles(root, css, { nonce, first: css === styles });
}
