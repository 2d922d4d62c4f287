// The staff calendar's stylesheet, inside its own shadow root: nothing leaks in or out. It reads
// the same documented --bookwell-* variables as the patient widget (docs/widget/theming.md).

/** Height of one 15-minute row. */
export const ROW_PX = 26;

/** The stylesheet text. */
export const staffStyles = `
:host{all:initial;display:block;font:var(--bookwell-font-size,.9375rem)/1.4 var(--bookwell-font-family,system-ui,-apple-system,'Segoe UI',Roboto,sans-serif);color:var(--bookwell-color-text,#1f2328);--m:var(--bookwell-color-muted,#57606a);--bg:var(--bookwell-color-background,#fff);--s:var(--bookwell-color-surface,#f6f8fa);--b:var(--bookwell-color-border,#6e7781);--p:var(--bookwell-color-primary,#0b5cad);--pt:var(--bookwell-color-primary-text,#fff);--fo:var(--bookwell-color-focus,#b35900);--d:var(--bookwell-color-danger,#b42318);--wb:var(--bookwell-color-warning-background,#fff8e6);--eb:var(--bookwell-color-error-background,#fdecea);--r:var(--bookwell-radius,6px);--row:${ROW_PX}px}
*{box-sizing:border-box}
h2,h3,h4{margin:0 0 .5em;line-height:1.25}
h2{font-size:1.25em}h3{font-size:1.1em}h4{font-size:1em}
p{margin:0 0 .5em}
ul{margin:0;padding:0;list-style:none}
button,input,select,textarea{font:inherit;color:inherit}
:focus-visible{outline:3px solid var(--fo);outline-offset:2px}
.bw-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.bw-s{background:var(--bg);padding:.5rem}
.bw-s-bar{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;margin-bottom:.5rem}
.bw-s-bar h2{margin:0 auto 0 0}
.bw-s-btn{min-height:32px;min-width:32px;padding:.25em .75em;border:1px solid var(--b);border-radius:var(--r);background:var(--bg);cursor:pointer}
.bw-s-btn-primary{background:var(--p);border-color:var(--p);color:var(--pt);font-weight:600}
.bw-s-btn-danger{border-color:var(--d);color:var(--d)}
.bw-s-btn:disabled{opacity:.5;cursor:not-allowed}
input,select,textarea{border:1px solid var(--b);border-radius:var(--r);background:var(--bg);padding:.3em .5em;min-height:32px}
label{display:grid;gap:.2em;font-weight:600}
.bw-s-filter{display:flex;align-items:center;gap:.4em}
.bw-s-body{display:flex;gap:.75rem;align-items:flex-start}
.bw-s-scroll{flex:1;min-width:0;overflow:auto;max-height:var(--bookwell-staff-max-height,75vh);border:1px solid var(--b);border-radius:var(--r);scroll-padding-top:calc(var(--row) * 2.5);scroll-padding-left:4.5rem}
.bw-s-grid{display:grid;grid-template-columns:4rem repeat(var(--cols),minmax(9rem,1fr));min-width:max-content}
.bw-s-row{display:contents}
.bw-s-head>*{position:sticky;top:0;z-index:3;background:var(--s);border-bottom:1px solid var(--b);padding:.35em .5em;font-weight:600;min-height:2.5em}
.bw-s-kind{display:block;font-weight:400;color:var(--m);font-size:.85em}
.bw-s-time{position:sticky;left:0;z-index:2;background:var(--bg);color:var(--m);font-size:.8em;padding:0 .4em;border-right:1px solid var(--b);height:var(--row);line-height:1}
.bw-s-cell{position:relative;height:var(--row);border-left:1px solid #d0d7de;background:#eef0f2}
.bw-s-hour>.bw-s-cell,.bw-s-hour>.bw-s-time{border-top:1px solid #afb8c1}
.bw-s-cell.bw-s-on{background:var(--bg)}
.bw-s-cell.bw-s-break{background:repeating-linear-gradient(135deg,#eef0f2 0 6px,#dde1e5 6px 12px)}
.bw-s-cell.bw-s-away{background:repeating-linear-gradient(45deg,#e4e6ea 0 3px,#cfd4da 3px 6px)}
.bw-s-cell:focus-visible{outline-offset:-3px;z-index:2}
.bw-s-cell[data-target=true]{box-shadow:inset 0 0 0 3px var(--p)}
.bw-s-block{position:absolute;z-index:1;display:flex;flex-direction:column;align-items:flex-start;overflow:hidden;padding:.1em .35em;border:1px solid var(--b);border-left:5px solid var(--c,#0b5cad);border-radius:4px;background:var(--cb,#e7f0fb);color:#1f2328;font-size:.8em;line-height:1.2;text-align:left;cursor:grab;touch-action:none;min-height:24px}
.bw-s-block:focus-visible{z-index:4}
.bw-s-block[data-moving=true]{outline:3px dashed var(--p);z-index:5;opacity:.9}
.bw-s-block strong{font-weight:600}
.bw-s-grip{position:absolute;left:0;right:0;bottom:0;height:8px;cursor:ns-resize}
.bw-s-sep{font-size:0}
.bw-s-st-booked{--c:#0b5cad;--cb:#e7f0fb}
.bw-s-st-confirmed{--c:#0a6e75;--cb:#e3f4f4}
.bw-s-st-arrived{--c:#9a6700;--cb:#fff4d6}
.bw-s-st-started{--c:#6e40c9;--cb:#f1ebfd}
.bw-s-st-completed{--c:#1a7f37;--cb:#e6f4ea}
.bw-s-st-no_show{--c:#b42318;--cb:#fdecea}
.bw-s-st-canceled,.bw-s-st-rebooked{--c:#57606a;--cb:#f0f1f3;text-decoration:line-through}
.bw-s-panel{flex:0 0 20rem;border:1px solid var(--b);border-radius:var(--r);padding:.75rem;background:var(--bg);max-height:var(--bookwell-staff-max-height,75vh);overflow:auto}
.bw-s-panel form{display:grid;gap:.6em;margin-bottom:.75em}
.bw-s-actions{display:flex;flex-wrap:wrap;gap:.4em;margin:.5em 0}
.bw-s-warn{background:var(--wb);border:1px solid #9a6700;border-radius:var(--r);padding:.5em;margin:.5em 0}
.bw-s-error{background:var(--eb);border:1px solid var(--d);border-radius:var(--r);padding:.5em;margin:.5em 0}
.bw-s-warn ul,.bw-s-error ul{list-style:disc;padding-left:1.2em}
.bw-s-status{display:flex;flex-wrap:wrap;gap:.4em;align-items:center;margin-top:.5rem}
.bw-s-toggle{display:inline-flex;gap:.4em;align-items:center;border-left:5px solid var(--c)}
.bw-s-toggle[aria-pressed=false]{background:var(--s);color:var(--m);text-decoration:line-through}
.bw-s-week{border-collapse:collapse;width:100%;min-width:60rem}
.bw-s-week th,.bw-s-week td{border:1px solid #d0d7de;padding:.3em;vertical-align:top;text-align:left;font-size:.85em}
.bw-s-week thead th{position:sticky;top:0;background:var(--s);z-index:1}
.bw-s-week li{margin-bottom:.25em}
.bw-s-chip{display:block;width:100%;min-height:24px;text-align:left;border:1px solid var(--b);border-left:5px solid var(--c);border-radius:4px;background:var(--cb);color:#1f2328;padding:.1em .3em;cursor:pointer}
.bw-s-chip-status{display:block;font-size:.9em}
.bw-s-link{background:0;border:0;padding:0;min-height:24px;color:var(--p);text-decoration:underline;font-weight:600;cursor:pointer}
.bw-s-meta{color:var(--m);font-size:.9em}
.bw-s-list li{border-top:1px solid #d0d7de;padding:.3em 0;font-size:.9em}
.bw-s-list li.bw-s-conflict{color:var(--d)}
.bw-s-plan fieldset{display:flex;flex-wrap:wrap;gap:.3em .75em;border:0;padding:0;margin:0}
.bw-s-plan legend{font-weight:600;padding:0;margin-bottom:.2em}
.bw-s-plan fieldset label{display:inline-flex;align-items:center;gap:.3em}
.bw-s-plan input[type=checkbox],.bw-s-plan input[type=radio]{width:24px;height:24px;margin:0}
dl{display:grid;grid-template-columns:auto 1fr;gap:.2em .75em;margin:0 0 .5em}
@media (forced-colors:active){.bw-s-cell{forced-color-adjust:none;background:repeating-linear-gradient(90deg,Canvas 0 9px,GrayText 9px 10px);border-color:GrayText}.bw-s-cell.bw-s-on{background:Canvas}.bw-s-cell.bw-s-break{background:repeating-linear-gradient(135deg,Canvas 0 6px,GrayText 6px 8px)}.bw-s-cell.bw-s-away{background:repeating-linear-gradient(45deg,Canvas 0 3px,CanvasText 3px 5px)}.bw-s-cell:focus-visible{outline-color:Highlight}.bw-s-cell[data-target=true]{box-shadow:inset 0 0 0 3px Highlight}.bw-s-block{forced-color-adjust:auto}}
dt{font-weight:600}dd{margin:0}
.bw-s-block.bw-s-st-booked,.bw-s-chip.bw-s-st-booked,.bw-s-toggle.bw-s-st-booked{border-left-style:dashed}
dd{overflow-wrap:anywhere}
.bw-s-mark{font-weight:700}
.bw-s-nav{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;padding:.5rem;border-bottom:1px solid var(--b);background:var(--s)}
.bw-s-nav ul{display:flex;flex-wrap:wrap;gap:.25rem}
.bw-s-nav a{display:inline-block;min-height:32px;padding:.3em .75em;border-radius:var(--r);color:var(--p);font-weight:600}
.bw-s-nav a[aria-current=page]{background:var(--p);color:var(--pt)}
.bw-s-nav .bw-s-meta{margin-left:auto}
.bw-s-cals{position:relative}
.bw-s-cals summary{list-style:none;display:inline-flex;align-items:center}
.bw-s-cals fieldset{position:absolute;z-index:6;background:var(--bg);border:1px solid var(--b);border-radius:var(--r);padding:.5rem;display:grid;gap:.3em;min-width:14rem}
.bw-s-cals label{display:flex;align-items:center;gap:.4em;font-weight:400}
.bw-s-cals input{width:24px;height:24px;margin:0}
.bw-s-results{display:grid;gap:.25em;margin:.25em 0}
.bw-s-result{display:grid;width:100%;min-height:32px;text-align:left;border:1px solid var(--b);border-radius:var(--r);background:var(--bg);padding:.3em .5em;cursor:pointer}
.bw-s-patient{border:1px solid var(--b);border-radius:var(--r);padding:.5em;margin:0}
.bw-s-patient legend{font-weight:600}
.bw-s-new{display:grid;gap:.5em}
.bw-s-glance{list-style:disc;padding-left:1.2em;margin:.25em 0}
.bw-s-card{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.75rem;margin:.5rem 0}
.bw-s-card section,.bw-s-patients>section{border:1px solid #d0d7de;border-radius:var(--r);padding:.5rem}
.bw-s-patients>section{margin:.5rem 0}
.bw-s-patients a:not(.bw-s-btn){color:var(--p)}
.bw-s-patients a.bw-s-btn{display:inline-flex;align-items:center;text-decoration:none}
@media (max-width:800px){.bw-s-body{flex-direction:column}.bw-s-panel{flex-basis:auto;width:100%}}
`;
