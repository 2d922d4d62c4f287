// The rules of the parts that load on demand, shipped with their chunks (src/chunks/names.ts)
// and added to the widget's shadow root when the part first renders (theme/styles.ts has the
// first screen's rules and the variables these read).

/** The month grid of days and the times (chunk "times"; the manage page's reschedule too). */
export const timesStyles = `
.bw-icon-button[aria-disabled=true]{opacity:.4}
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
.bw-time{border-color:var(--p);color:var(--p);font-weight:600;white-space:nowrap}
.bw-time-wide{text-align:left}
.bw-time-provider{color:var(--m);font-size:.9em;font-weight:400}
.bw-time-places{display:block;font-size:.8em;font-weight:400;white-space:normal}
.bw-time-full{border-style:dashed;border-color:var(--b);color:var(--m);cursor:not-allowed}
@media (max-width:420px){table{border-spacing:1px}}
`;

/**
 * The details form, hold timer, confirmation, payment and the manage page's actions (chunks
 * "steps", "payment", "manage").
 */
export const stepsStyles = `
input,textarea{font:inherit;color:inherit}
.bw-form,.bw-field{display:grid;gap:.75em}
.bw-button-danger{background:var(--d);border-color:var(--d);color:#fff}
.bw-actions{display:flex;flex-wrap:wrap;gap:.75em;margin:1em 0}
.bw-alert-success{background:var(--sb);border-color:var(--f)}
.bw-hold{display:flex;flex-wrap:wrap;align-items:center;gap:.5em 1em;padding:.5em 1em;margin:0 0 1em;border:1px solid var(--b);border-radius:var(--r)}
.bw-hold p{margin:0}
.bw-hold-time{font-variant-numeric:tabular-nums;font-weight:700}
.bw-hold-warning{flex-basis:100%;font-weight:600}
.bw-field{gap:.25em}
.bw-field p{margin:0}
input,textarea{min-height:44px}
[aria-invalid=true]{border:2px solid var(--d)}
.bw-field-error{color:var(--d);font-weight:600}
fieldset.bw-field{border:0;margin:0;padding:0}
legend{padding:0;font-weight:600}
.bw-check{display:grid;grid-template-columns:auto 1fr;gap:.25em .5em}
.bw-check input{width:24px;height:24px;min-height:0;margin:0}
.bw-check p{grid-column:2;margin:0}
.bw-remembered{display:flex;flex-wrap:wrap;align-items:center;gap:0 1em}
.bw-lead{font-size:1.1em}
.bw-next ul{padding-left:1.25em;list-style:disc}
.bw-amount{font-size:1.2em;font-weight:700}
`;
