// Small pieces the checkout, reports and audit sections share: their stylesheet, the texts of the
// screen's language, a load-and-reload hook, and the live regions that announce results.

import type { ComponentChildren, JSX } from "preact";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { StaffApiError } from "../api.js";
import type { StaffLocale, StaffSectionProps } from "./contract.js";
import { type SectionFormat, sectionFormat } from "./format.js";

/** The sections' own rules, on top of the staff stylesheet (they render inside its shadow root). */
export const sectionStyles = `
.bw-x{display:grid;gap:1rem;padding:.5rem;background:var(--bg,#fff);color:var(--bookwell-color-text,#1f2328)}
.bw-x section{border:1px solid var(--b,#6e7781);border-radius:var(--r,6px);padding:.75rem}
.bw-x table{border-collapse:collapse;width:100%}
.bw-x th,.bw-x td{border-bottom:1px solid #d0d7de;padding:.3em .4em;text-align:left;vertical-align:middle}
.bw-x td.bw-x-num,.bw-x th.bw-x-num{text-align:right;font-variant-numeric:tabular-nums}
.bw-x form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:.5rem 0}
.bw-x input,.bw-x select{min-height:32px;min-width:24px}
.bw-x .bw-x-row{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center}
.bw-x .bw-x-kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.5rem;margin:0}
.bw-x .bw-x-kpis div{border:1px solid #d0d7de;border-radius:var(--r,6px);padding:.5rem}
.bw-x .bw-x-kpis dd{font-size:1.4em;font-weight:600}
.bw-x .bw-x-charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem}
.bw-x figure{margin:0}
.bw-x figcaption{font-weight:600;margin-bottom:.25rem}
.bw-x svg text{font:12px system-ui,sans-serif;fill:#1f2328}
.bw-x .bw-x-pdf{width:100%;height:28rem;border:1px solid #d0d7de}
.bw-x .bw-x-ok{background:#e6f4ea;border:1px solid #1a7f37;border-radius:var(--r,6px);padding:.5em}
.bw-x details summary{cursor:pointer;min-height:24px}
.bw-x .bw-x-form{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.6rem;align-items:end}
.bw-x .bw-x-wide{grid-column:1/-1}
.bw-x .bw-x-check{display:inline-flex;align-items:center;gap:.4em;font-weight:400}
.bw-x .bw-x-check input,.bw-x td input[type=checkbox]{width:24px;height:24px;margin:0}
.bw-x .bw-x-steps{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;padding:0;margin:0}
.bw-x .bw-x-steps [aria-current=step]{text-decoration:none;border-bottom:3px solid var(--p,#0b5cad)}
.bw-x textarea{width:100%}
.bw-x fieldset{border:1px solid #d0d7de;border-radius:var(--r,6px)}
.bw-x .bw-x-checks{display:flex;flex-wrap:wrap;gap:.3rem 1rem}
.bw-x .bw-x-scroll{overflow-x:auto}
.bw-x .bw-x-list{list-style:disc;padding-left:1.2em}
.bw-x .bw-x-snippet textarea{font-family:ui-monospace,monospace;font-size:.85em}
.bw-x .bw-x-mail{white-space:pre-wrap;font:inherit;margin:0 0 .5em}
.bw-x .bw-x-preview{border:1px dashed var(--b,#6e7781);padding:.5rem;margin:.5rem 0}
.bw-x .bw-x-kv{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:.25rem 0}
.bw-x .bw-x-kv dd{margin:0}
.bw-x .bw-x-entries{list-style:none;padding:0;display:grid;gap:.75rem}
.bw-x .bw-x-entries article{border:1px solid #d0d7de;border-radius:var(--r,6px);padding:.5rem .75rem}
.bw-x .bw-x-field{display:grid;gap:.2em}
.bw-x .bw-x-form:has(.bw-x-field){align-items:start}
.bw-x h3:focus,.bw-x h4:focus{outline:3px solid var(--fo,#b35900);outline-offset:2px}
`;

/**
 * The texts of the screen's language from a section's three dictionaries.
 *
 * @example
 * const t = textsFor("pt", { en: checkoutEn, pt: checkoutPt, es: checkoutEs });
 */
export function textsFor<T>(locale: StaffLocale, all: Record<StaffLocale, T>): T {
  return all[locale] ?? all.en;
}

/** A loaded value with its error and a way to load it again. */
export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * Loads `load()` when `key` changes (and on `reload()`); the previous value stays while loading.
 *
 * @example
 * const money = useLoaded(() => api.visit(visitId), visitId);
 */
export function useLoaded<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load().then(
      (value) => {
        if (!live) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(problemText(e));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

/**
 * A person's reading of a failed request: the server's detail and the fields it names, in the
 * screen's language (the staff client asks the server for it with `Accept-Language`). A field the
 * section has a label for is named by that label (`labels`, by the server's dotted path or its
 * first part), any other by its path. With field errors the problem's title leads (its detail
 * repeats the first field by path).
 *
 * @example
 * problemText(new StaffApiError({ status: 400, code: "VALIDATION_FAILED", title: "O pedido não é válido", errors: [{ field: "email", message: "tem de ser um endereço de e-mail" }] }), { email: "E-mail" });
 * // "O pedido não é válido — E-mail: tem de ser um endereço de e-mail"
 */
export function problemText(error: unknown, labels: Readonly<Record<string, string>> = {}): string {
  if (StaffApiError.is(error)) {
    const errors = error.problem.errors ?? [];
    const fields = errors.map(
      (e) => `${labels[e.field] ?? labels[e.field.split(".")[0] ?? ""] ?? e.field}: ${e.message}`,
    );
    const lead =
      errors.length > 0
        ? (error.problem.title ?? error.problem.detail ?? error.code)
        : (error.problem.detail ?? error.problem.title ?? error.code);
    return [lead, ...fields].join(" — ");
  }
  return error instanceof Error ? error.message : String(error);
}

/** What the section says after an action: a result (polite) or an error (assertive). */
export interface Notice {
  kind: "ok" | "error";
  text: string;
}

/**
 * The two live regions of a section: results are announced politely, errors at once. Both stay
 * in the page (empty) so screen readers announce what appears in them.
 *
 * @example
 * <Announce notice={notice} />
 */
export function Announce(props: { notice: Notice | undefined }): JSX.Element {
  const { notice } = props;
  return (
    <>
      <div role="status" class={notice?.kind === "ok" ? "bw-x-ok" : ""}>
        {notice?.kind === "ok" ? notice.text : ""}
      </div>
      <div role="alert" class={notice?.kind === "error" ? "bw-s-error" : ""}>
        {notice?.kind === "error" ? notice.text : ""}
      </div>
    </>
  );
}

/**
 * A section's frame: its stylesheet and a region named by its heading.
 *
 * @example
 * <SectionFrame id="bw-x-checkout" title="Checkout">…</SectionFrame>
 */
export function SectionFrame(props: {
  id: string;
  title: string;
  children: ComponentChildren;
}): JSX.Element {
  const ref = useRef<HTMLElement>(null);
  useLayoutEffect(() => {
    const root = ref.current?.getRootNode();
    if (root) adoptSectionStyles(root as Document | ShadowRoot);
  }, []);
  return (
    <section class="bw-x" aria-labelledby={props.id} ref={ref}>
      <h2 id={props.id}>{props.title}</h2>
      {props.children}
    </section>
  );
}

let sheet: CSSStyleSheet | undefined;

/**
 * Adds the sections' stylesheet to the shadow root (or document) they render in, once, as a
 * constructed stylesheet (a strict Content-Security-Policy allows it, unlike a `<style>` element);
 * where constructed stylesheets are missing, as a `<style>` element.
 *
 * @example
 * adoptSectionStyles(element.getRootNode() as ShadowRoot);
 */
export function adoptSectionStyles(root: Document | ShadowRoot): void {
  try {
    if (typeof CSSStyleSheet !== "undefined" && "adoptedStyleSheets" in root) {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(sectionStyles);
      }
      if (!root.adoptedStyleSheets.includes(sheet)) {
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      }
      return;
    }
  } catch {
    // Fall back to a <style> element below.
  }
  const host = root instanceof Document ? root.head : root;
  if (host.querySelector("style[data-bw-sections]")) return;
  const style = (root instanceof Document ? root : root.ownerDocument).createElement("style");
  style.dataset.bwSections = "";
  style.textContent = sectionStyles;
  host.appendChild(style);
}

/**
 * Runs an action and turns its outcome into a notice: `ok(result)` on success, the problem on
 * failure (its fields named by the section's `labels`, see {@link problemText}); `busy` is true
 * meanwhile.
 *
 * @example
 * const { run, busy, notice } = useAction();
 * run(() => api.issueInvoice(caseId), (inv) => t.invoiceIssued(inv.number));
 */
export function useAction(labels?: Readonly<Record<string, string>>): {
  busy: boolean;
  notice: Notice | undefined;
  run<T>(action: () => Promise<T>, ok: (result: T) => string): Promise<T | undefined>;
} {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice | undefined>(undefined);
  const labelsRef = useRef(labels);
  labelsRef.current = labels;
  const run = useCallback(async <T,>(action: () => Promise<T>, ok: (result: T) => string) => {
    setBusy(true);
    setNotice(undefined);
    try {
      const result = await action();
      setNotice({ kind: "ok", text: ok(result) });
      return result;
    } catch (e) {
      setNotice({ kind: "error", text: problemText(e, labelsRef.current) });
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, notice, run };
}

/**
 * A section's formatters for the screen's language and the clinic's zone and currency, made once
 * per language, zone and currency rather than on every render.
 *
 * @example
 * const f = useSectionFormat(props.locale, props.clinic);
 */
export function useSectionFormat(
  locale: StaffLocale,
  clinic: StaffSectionProps["clinic"],
): SectionFormat {
  return useMemo(() => sectionFormat(locale, clinic), [locale, clinic.timeZone, clinic.currency]);
}
