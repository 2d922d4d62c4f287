// The import section: a clinic moving from another tool uploads a CSV of patients (or, for a
// manager, of services). The server checks it first (`POST /v1/staff/imports/<kind>?dryRun=true`):
// the section shows the separator and columns it read, the first rows, and every problem by line,
// column and rule; then imports all rows, or only the valid ones (`mode=valid-rows`), and shows
// what was created, skipped and matched to existing patients. Every rule is the server's.

import type { JSX } from "preact";
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { StaffApiError } from "../api.js";
import { type ImportTexts, importEn } from "../i18n/sections/import.en.js";
import { importEs } from "../i18n/sections/import.es.js";
import { importPt } from "../i18n/sections/import.pt.js";
import type { StaffSectionProps } from "./contract.js";
import { Announce, type Notice, problemText, SectionFrame, textsFor } from "./section-kit.js";

/** What an import can bring in: the kinds of the server's import routes. */
export type ImportKind = "clients" | "services";

/** One problem of an import, as the server reports it (line 1 is the header). */
export interface ImportIssue {
  line: number;
  column: string | null;
  code: string;
  message: string;
}

/** The server's report of an import or dry run (docs/server/imports.md). */
export interface ImportReport {
  dryRun: boolean;
  mode: string;
  delimiter: string | null;
  rows: number;
  valid: number;
  imported: number;
  skipped: number;
  errors: ImportIssue[];
  created: { line: number; id: string; name: string }[];
  columns: { header: string; column: string | null }[];
  preview: { line: number; cells: string[] }[];
  matched: { line: number; column: string; id: string; name: string }[];
  fileRejected: boolean;
}

/**
 * Sends a CSV file to the server's import of `kind`: a dry run (`commit: false`) or the import in
 * `mode`. A refused file or import (422 `IMPORT_REJECTED`) answers its report too; any other
 * problem throws.
 *
 * @example
 * const report = await sendImport(client, "clients", file, "utf-8", { commit: false });
 */
export async function sendImport(
  client: StaffSectionProps["client"],
  kind: ImportKind,
  file: Blob,
  charset: string,
  how: { commit: false } | { commit: true; mode: "all-or-nothing" | "valid-rows" },
): Promise<ImportReport> {
  const query: Record<string, string> = how.commit ? { mode: how.mode } : { dryRun: "true" };
  try {
    return await client.request<ImportReport>("POST", `/imports/${kind}`, {
      query,
      file: { type: `text/csv; charset=${charset}`, data: file },
    });
  } catch (error) {
    const report = StaffApiError.is(error)
      ? (error.problem as { report?: ImportReport }).report
      : undefined;
    if (report) return report;
    throw error;
  }
}

/**
 * The import section (patients for the desk; services too for a manager).
 *
 * @example
 * <ImportSection client={client} me={me} locale="pt" clinic={{ timeZone: "Europe/Lisbon", currency: "EUR" }}
 *   params={{}} navigate={go} />
 */
export function ImportSection(props: StaffSectionProps): JSX.Element {
  const t = textsFor(props.locale, { en: importEn, pt: importPt, es: importEs });
  const kinds: ImportKind[] = props.me.role === "manager" ? ["clients", "services"] : ["clients"];
  const [kind, setKind] = useState<ImportKind>("clients");
  const [charset, setCharset] = useState("utf-8");
  const [file, setFile] = useState<File | null>(null);
  const [check, setCheck] = useState<ImportReport | null>(null);
  const [result, setResult] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | undefined>(undefined);
  const [formKey, setFormKey] = useState(0);
  // Only the answer to the latest request counts (a file chosen again while the first is checked).
  const latest = useRef(0);

  const dryRun = async (next: { file: File | null; kind: ImportKind; charset: string }) => {
    setCheck(null);
    setResult(null);
    setNotice(undefined);
    const ticket = ++latest.current;
    if (!next.file) return;
    setBusy(t.checking);
    try {
      const report = await sendImport(props.client, next.kind, next.file, next.charset, {
        commit: false,
      });
      if (ticket !== latest.current) return;
      setCheck(report);
      setNotice(
        report.fileRejected
          ? { kind: "error", text: t.rejected }
          : { kind: "ok", text: t.checked(report.rows, report.valid, report.skipped) },
      );
    } catch (e) {
      if (ticket === latest.current) setNotice({ kind: "error", text: problemText(e) });
    } finally {
      if (ticket === latest.current) setBusy(null);
    }
  };

  const commit = async (mode: "all-or-nothing" | "valid-rows") => {
    if (!file) return;
    ++latest.current;
    setBusy(t.importing);
    setNotice(undefined);
    try {
      const report = await sendImport(props.client, kind, file, charset, { commit: true, mode });
      if (report.dryRun || report.imported === 0) {
        // Refused (something changed since the check): show what the server found now.
        setCheck(report);
        setNotice({ kind: "error", text: t.checked(report.rows, report.valid, report.skipped) });
      } else {
        setCheck(null);
        setResult(report);
        setNotice({ kind: "ok", text: t.done(report.imported, report.skipped) });
      }
    } catch (e) {
      setNotice({ kind: "error", text: problemText(e) });
    } finally {
      setBusy(null);
    }
  };

  // A file-level problem names no column; a row-level one names the whole row.
  const field = (key: string | null) =>
    key === null ? "—" : key === "(row)" ? t.wholeRow : (t.fields[key] ?? key);
  const openCard = (clientId: string) =>
    props.navigate({ section: "patients", params: { clientId } });

  return (
    <SectionFrame id="bw-x-import" title={t.title}>
      <p>{t.intro}</p>
      <form
        key={formKey}
        aria-label={t.title}
        class="bw-x-form"
        onSubmit={(e) => e.preventDefault()}
      >
        {kinds.length > 1 && (
          <label>
            {t.what}
            <select
              value={kind}
              onChange={(e) => {
                const next = e.currentTarget.value as ImportKind;
                setKind(next);
                void dryRun({ file, kind: next, charset });
              }}
            >
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {t.kinds[k]}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t.charset}
          <select
            value={charset}
            onChange={(e) => {
              const next = e.currentTarget.value;
              setCharset(next);
              void dryRun({ file, kind, charset: next });
            }}
          >
            <option value="utf-8">{t.utf8}</option>
            <option value="windows-1252">{t.latin}</option>
          </select>
        </label>
        <label>
          {t.file}
          <input
            type="file"
            accept=".csv,.txt,text/csv"
            onChange={(e) => {
              const next = e.currentTarget.files?.[0] ?? null;
              setFile(next);
              void dryRun({ file: next, kind, charset });
            }}
          />
        </label>
      </form>
      {busy && <p class="bw-s-meta">{busy}</p>}
      <Announce notice={notice} />
      {check && <CheckView report={check} t={t} field={field} />}
      {check && !check.fileRejected && check.valid > 0 && (
        <div class="bw-x-row">
          {check.skipped > 0 && <p>{t.fixOrSkip}</p>}
          <button
            type="button"
            class="bw-s-btn bw-s-btn-primary"
            disabled={busy !== null}
            onClick={() => commit(check.skipped > 0 ? "valid-rows" : "all-or-nothing")}
          >
            {check.skipped > 0
              ? t.importValid(check.valid, check.skipped)
              : t.importAll(check.valid)}
          </button>
        </div>
      )}
      {result && (
        <ResultView
          report={result}
          t={t}
          field={field}
          patients={kind === "clients"}
          openCard={openCard}
          again={() => {
            setResult(null);
            setFile(null);
            setNotice(undefined);
            setFormKey((n) => n + 1);
          }}
        />
      )}
    </SectionFrame>
  );
}

type Texts = ImportTexts;

/** How many created or matched rows the result lists (the counts cover them all). */
const LISTED = 20;

/** A dry run's findings: the separator and columns read, the first rows, the rows with errors. */
function CheckView(props: {
  report: ImportReport;
  t: Texts;
  field: (key: string | null) => string;
}): JSX.Element {
  const { report, t, field } = props;
  return (
    <>
      {report.columns.length > 0 && (
        <section aria-labelledby="bw-x-import-preview">
          <h3 id="bw-x-import-preview">{t.preview}</h3>
          {report.delimiter && (
            <p>
              {t.separator}: {t.separators[report.delimiter] ?? report.delimiter}
            </p>
          )}
          <div class="bw-x-scroll">
            <table>
              <caption>{t.columns}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.line}</th>
                  {report.columns.map((c, i) => (
                    <th scope="col" key={`${i}-${c.header}`}>
                      {c.header}
                      <br />
                      <span class="bw-s-meta">
                        → {c.column === null ? t.ignored : field(c.column)}
                      </span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.preview.map((row) => (
                  <tr key={row.line}>
                    <th scope="row">{row.line}</th>
                    {report.columns.map((c, i) => (
                      <td key={`${i}-${c.header}`}>{row.cells[i] ?? ""}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {report.errors.length > 0 && (
        <section aria-labelledby="bw-x-import-errors">
          <h3 id="bw-x-import-errors">{t.errors}</h3>
          <div class="bw-x-scroll">
            <table>
              <caption class="bw-sr">{t.errors}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.line}</th>
                  <th scope="col">{t.column}</th>
                  <th scope="col">{t.rule}</th>
                  <th scope="col">{t.problem}</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((e, i) => (
                  <tr key={`${e.line}-${i}`}>
                    <th scope="row">{e.line}</th>
                    <td>{field(e.column)}</td>
                    <td>{t.codes[e.code] ?? e.code}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}

/** What an import did: counts, the patients created, the rows matched to existing patients. */
function ResultView(props: {
  report: ImportReport;
  t: Texts;
  field: (key: string | null) => string;
  patients: boolean;
  openCard: (clientId: string) => void;
  again: () => void;
}): JSX.Element {
  const { report, t, field } = props;
  // The import button is gone: focus moves to the result it produced.
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="bw-x-import-result">
      <h3 id="bw-x-import-result" tabIndex={-1} ref={heading}>
        {t.result}
      </h3>
      <dl class="bw-x-kpis">
        <div>
          <dt>{t.created}</dt>
          <dd>{report.imported}</dd>
        </div>
        <div>
          <dt>{t.updated}</dt>
          <dd>0</dd>
        </div>
        <div>
          <dt>{t.skipped}</dt>
          <dd>{report.skipped}</dd>
        </div>
      </dl>
      <p>{t.neverUpdates}</p>
      {report.created.length > 0 && (
        <>
          <h4>{props.patients ? t.createdRows : t.createdServices}</h4>
          <ul class="bw-x-list">
            {report.created.slice(0, LISTED).map((c) => (
              <li key={c.id}>
                {t.line} {c.line}:{" "}
                {props.patients ? (
                  <button type="button" class="bw-s-btn" onClick={() => props.openCard(c.id)}>
                    {c.name}
                  </button>
                ) : (
                  c.name
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.matched.length > 0 && (
        <>
          <h4>{t.matched}</h4>
          <ul class="bw-x-list">
            {report.matched.slice(0, LISTED).map((m) => (
              <li key={`${m.line}-${m.column}-${m.id}`}>
                {t.matchedOn(m.line, field(m.column))}{" "}
                <button type="button" class="bw-s-btn" onClick={() => props.openCard(m.id)}>
                  {m.name}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <button type="button" class="bw-s-btn" onClick={props.again}>
        {t.another}
      </button>
    </section>
  );
}
