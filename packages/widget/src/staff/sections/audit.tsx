// The audit section: who did what when, from the server's audit trail (`GET /v1/staff/audit`),
// filtered by visit, patient, user and a date range in the clinic's zone, newest pages loaded on
// demand ("show more" pages on with `afterSeq`).

import type { JSX } from "preact";
import { useMemo, useState } from "preact/hooks";
import { auditEn } from "../i18n/sections/audit.en.js";
import { auditEs } from "../i18n/sections/audit.es.js";
import { auditPt } from "../i18n/sections/audit.pt.js";
import { type AuditRow, billingApi } from "./billing-api.js";
import type { StaffSectionProps } from "./contract.js";
import { problemText, SectionFrame, textsFor, useLoaded, useSectionFormat } from "./section-kit.js";

const PAGE = 50;

/**
 * The instant a local day (`YYYY-MM-DD`) starts in a time zone, as ISO-8601 UTC.
 *
 * @example
 * zonedDayStart("2026-07-01", "Europe/Lisbon"); // "2026-06-30T23:00:00.000Z"
 */
export function zonedDayStart(day: string, timeZone: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  const offset = (at: number) => {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }).formatToParts(new Date(at));
    const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    return Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second")) - at;
  };
  return new Date(guess - offset(guess - offset(guess))).toISOString();
}

/** The day after a local day. */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

interface Filters {
  appointmentId: string;
  clientId: string;
  actor: string;
  from: string;
  to: string;
}

/**
 * The audit section (params `visitId`, `clientId`, `actor` preset the filters).
 *
 * @example
 * <AuditSection client={client} me={me} locale="en" clinic={{ timeZone: "Europe/Lisbon", currency: "EUR" }}
 *   params={{ visitId: "apt_1" }} navigate={go} />
 */
export function AuditSection(props: StaffSectionProps): JSX.Element {
  const t = textsFor(props.locale, { en: auditEn, pt: auditPt, es: auditEs });
  const api = useMemo(() => billingApi(props.client), [props.client]);
  const f = useSectionFormat(props.locale, props.clinic);
  const initial: Filters = {
    appointmentId: props.params.visitId ?? "",
    clientId: props.params.clientId ?? "",
    actor: props.params.actor ?? "",
    from: "",
    to: "",
  };
  const [draft, setDraft] = useState<Filters>(initial);
  const [applied, setApplied] = useState<Filters>(initial);
  const [more, setMore] = useState<AuditRow[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [moreError, setMoreError] = useState<string | undefined>(undefined);
  const clients = useLoaded(() => props.client.clients(), "clients");
  const query = (afterSeq?: number): Record<string, string> => {
    const q: Record<string, string> = { limit: String(PAGE) };
    if (applied.appointmentId) q.appointmentId = applied.appointmentId.trim();
    if (applied.clientId) q.clientId = applied.clientId;
    if (applied.actor) q.actor = applied.actor.trim();
    if (applied.from) q.from = zonedDayStart(applied.from, props.clinic.timeZone);
    if (applied.to) q.to = zonedDayStart(nextDay(applied.to), props.clinic.timeZone);
    if (afterSeq !== undefined) q.afterSeq = String(afterSeq);
    return q;
  };
  const first = useLoaded(async () => {
    const page = await api.audit(query());
    setMore([]);
    setNext(page.nextAfterSeq);
    return page.entries;
  }, JSON.stringify(applied));
  const entries = [...(first.data ?? []), ...more];
  const actors = [...new Set(entries.map((e) => e.actor))].sort();
  const set = (key: keyof Filters) => (e: Event) =>
    setDraft({ ...draft, [key]: (e.currentTarget as HTMLInputElement).value });
  const loadMore = async () => {
    if (next === null) return;
    try {
      const page = await api.audit(query(next));
      setMore([...more, ...page.entries]);
      setNext(page.nextAfterSeq);
      setMoreError(undefined);
    } catch (e) {
      setMoreError(problemText(e));
    }
  };
  const clientName = (id: string) => clients.data?.find((c) => c.id === id)?.name;
  return (
    <SectionFrame id="bw-x-audit" title={t.title}>
      <form
        aria-label={t.filters}
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(draft);
        }}
      >
        <label>
          {t.visit}
          <input value={draft.appointmentId} onInput={set("appointmentId")} />
        </label>
        <label>
          {t.patient}
          <select value={draft.clientId} onChange={set("clientId")}>
            <option value="">{t.anyPatient}</option>
            {(clients.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.user}
          <input value={draft.actor} onInput={set("actor")} list="bw-x-actors" />
          <datalist id="bw-x-actors">
            {actors.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <label>
          {t.from}
          <input type="date" value={draft.from} onInput={set("from")} />
        </label>
        <label>
          {t.to}
          <input type="date" value={draft.to} onInput={set("to")} />
        </label>
        <button type="submit" class="bw-s-btn bw-s-btn-primary">
          {t.apply}
        </button>
        <button
          type="button"
          class="bw-s-btn"
          onClick={() => {
            const empty = { appointmentId: "", clientId: "", actor: "", from: "", to: "" };
            setDraft(empty);
            setApplied(empty);
          }}
        >
          {t.clear}
        </button>
      </form>
      <p role="status">{first.loading ? t.loading : t.count(entries.length)}</p>
      {first.error && <p class="bw-s-error">{first.error}</p>}
      {!first.loading && entries.length === 0 && !first.error && <p>{t.none}</p>}
      {entries.length > 0 && (
        <table>
          <caption class="bw-sr">{t.title}</caption>
          <thead>
            <tr>
              <th scope="col">{t.when}</th>
              <th scope="col">{t.who}</th>
              <th scope="col">{t.what}</th>
              <th scope="col">{t.about}</th>
              <th scope="col">{t.details}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq}>
                <td>
                  <time dateTime={e.at}>{f.dateTime(e.at)}</time>
                </td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td>
                  {t.entity[e.entityType] ?? e.entityType}{" "}
                  {e.entityType === "client" ? (clientName(e.entityId) ?? e.entityId) : e.entityId}
                </td>
                <td>{detailText(e.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {moreError && <p role="alert">{moreError}</p>}
      {next !== null && (
        <button type="button" class="bw-s-btn" onClick={loadMore}>
          {t.more}
        </button>
      )}
    </SectionFrame>
  );
}

/** An entry's detail as short `key: value` pairs. */
function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join("; ")
    .slice(0, 300);
}
