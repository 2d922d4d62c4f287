// The Patients section of the staff app: find a patient as you type (name, e-mail, phone, tax ID),
// and their card — contact details, tax ID, address, cases (payer, referral), upcoming and past
// visits with statuses, no-shows, private notes (each read audited by the server), packages with
// their balance, invoices, payments and the balance due — with a way to merge a duplicate into
// them and a link to Checkout. Every figure comes from the server; nothing is re-derived here.
import type { JSX } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import type { StaffAppointment, StaffNote, StaffService } from "../api.js";
import {
  formatDateTime,
  formatLocale,
  formatMoney,
  type Translate,
  useStaffTexts,
} from "../i18n/index.js";
import { PatientSearch } from "../patient-search.js";
import type { StaffSectionProps } from "./contract.js";

/** The patient card as `GET /v1/staff/clients/:id/summary` answers it. */
export interface PatientSummary {
  client: {
    id: string;
    name: string;
    email?: string;
    phone?: string;
    taxId?: string;
    address?: string;
    notes?: string;
  };
  cases: Array<{
    id: string;
    title: string;
    status: "open" | "closed";
    general: boolean;
    /** Who pays when it is not the patient (an insurer, an employer…). */
    payer?: { kind: string; name: string; reference?: string };
    referral?: { by: string; date?: string; reference?: string };
  }>;
  balance: { currency: string | null; charged: number; paid: number; outstanding: number };
  packages: Array<{ id: string; name: string; balance: { line: string; remaining: number } }>;
  attendance: {
    visits: number;
    noShows: number;
    lastVisit: string | null;
    nextVisit: string | null;
  };
}

interface DocumentRow {
  id: string;
  kind: "invoice" | "credit_note";
  number: string;
  issuedAt: string;
  total?: number;
}

interface PaymentRow {
  id: string;
  kind: "payment" | "refund";
  method: string;
  amount: { amount: number; currency: string };
  at: string;
}

interface Duplicate {
  id: string;
  name: string;
  matchedOn: string[];
}

/**
 * The Patients section: the search, or the card of `params.clientId`.
 *
 * @example
 * <PatientsSection client={client} me={me} locale="pt" clinic={clinic} params={{ clientId: "cli_1" }} navigate={go} />
 */
export function PatientsSection(props: StaffSectionProps): JSX.Element {
  const t = useStaffTexts(props.locale);
  const clientId = props.params.clientId;
  return (
    <div class="bw-s bw-s-patients">
      {clientId ? (
        <PatientCard {...props} t={t} clientId={clientId} />
      ) : (
        <>
          <h2>{t("patients.title")}</h2>
          <PatientSearch
            client={props.client}
            t={t}
            id="bw-s-patient-search"
            label={t("patients.search")}
            autoFocus
            onPick={(p) => props.navigate({ section: "patients", params: { clientId: p.id } })}
          />
        </>
      )}
    </div>
  );
}

const FIELD_KEYS = {
  email: "patients.email",
  phone: "patients.phone",
  taxId: "patients.taxId",
} as const;

function PatientCard(props: StaffSectionProps & { t: Translate; clientId: string }): JSX.Element {
  const { client, t, clientId } = props;
  const desk = props.me.role !== "provider";
  const tag = props.clinic.locale ?? formatLocale(props.locale, props.me.clinic?.locale);
  const when = (at: string) => formatDateTime(at, tag, props.clinic.timeZone);
  const [card, setCard] = useState<PatientSummary | null>(null);
  const [visits, setVisits] = useState<StaffAppointment[]>([]);
  const [services, setServices] = useState<StaffService[]>([]);
  const [documents, setDocuments] = useState<DocumentRow[]>([]);
  const [payments, setPayments] = useState<PaymentRow[]>([]);
  const [duplicates, setDuplicates] = useState<Duplicate[]>([]);
  const [notes, setNotes] = useState<Array<StaffNote & { at: string }> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [merging, setMerging] = useState<Duplicate | null>(null);
  const [notice, setNotice] = useState("");

  const load = useCallback(async () => {
    const path = `/clients/${encodeURIComponent(clientId)}`;
    try {
      const summary = await client.request<PatientSummary>("GET", `${path}/summary`);
      setCard(summary);
      setError(null);
      const c = summary.client;
      const [list, svcs] = await Promise.all([
        client.request<{ appointments: StaffAppointment[] }>("GET", "/appointments", {
          query: { clientId, limit: "200" },
        }),
        client.services().catch(() => []),
      ]);
      setVisits(list.appointments);
      setServices(svcs);
      if (!desk) return;
      const contact = Object.fromEntries(
        (["email", "phone", "taxId"] as const).flatMap((f) => (c[f] ? [[f, c[f] as string]] : [])),
      );
      const [docs, pays, dups] = await Promise.all([
        client.request<{ documents: DocumentRow[] }>("GET", "/invoices", { query: { clientId } }),
        client.request<{ payments: PaymentRow[] }>("GET", "/payments", { query: { clientId } }),
        Object.keys(contact).length === 0
          ? { duplicates: [] }
          : client.request<{ duplicates: Duplicate[] }>("GET", "/client-duplicates", {
              query: contact,
            }),
      ]);
      setDocuments(docs.documents);
      setPayments(pays.payments);
      setDuplicates(dups.duplicates.filter((d) => d.id !== clientId));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [client, clientId, desk]);
  useEffect(() => {
    setCard(null);
    setNotes(null);
    setNotice("");
    void load();
  }, [load]);

  const back = (
    <p>
      <button
        type="button"
        class="bw-s-link"
        onClick={() => props.navigate({ section: "patients" })}
      >
        {t("patients.back")}
      </button>
    </p>
  );
  if (error) {
    return (
      <>
        {back}
        <div class="bw-s-error" role="alert">
          {t("patients.error", { error })}
        </div>
      </>
    );
  }
  if (!card) {
    return (
      <>
        {back}
        <p class="bw-s-meta">{t("app.loading")}</p>
      </>
    );
  }
  const c = card.client;
  const currency = card.balance.currency ?? props.clinic.currency;
  const money = (amount: number, cur = currency) => formatMoney(amount, cur, tag);
  const now = Date.now();
  const live = visits.filter((v) => v.status !== "rebooked");
  // Upcoming: still to happen (booked, confirmed, or under way now); everything else is history.
  const isUpcoming = (v: StaffAppointment) =>
    Date.parse(v.start) >= now && ["booked", "confirmed", "arrived", "started"].includes(v.status);
  const upcoming = live.filter(isUpcoming).sort((a, b) => a.start.localeCompare(b.start));
  const past = live.filter((v) => !isUpcoming(v)).sort((a, b) => b.start.localeCompare(a.start));
  const serviceName = (id: string) => services.find((s) => s.id === id)?.name ?? id;
  const visitLine = (v: StaffAppointment) =>
    `${when(v.start)} · ${serviceName(v.serviceId)} · ${t(`status.${v.status}` as "status.booked")}`;
  const value = (text: string | undefined) => text || t("patients.none.value");

  const showNotes = async () => {
    const recent = past.slice(0, 10);
    const lists = await Promise.all(
      recent.map(async (v) => (await client.notes(v.id)).map((n) => ({ ...n, at: v.start }))),
    );
    setNotes(lists.flat());
  };

  return (
    <>
      {back}
      <h2 id="bw-s-patient">{c.name}</h2>
      <p role="status" class="bw-s-meta">
        {notice}
      </p>
      <div class="bw-s-card">
        <section aria-labelledby="bw-s-p-contact">
          <h3 id="bw-s-p-contact">{t("patients.contact")}</h3>
          <dl>
            <dt>{t("patients.phone")}</dt>
            <dd>
              {c.phone ? (
                <a href={`tel:${c.phone.replace(/\s+/g, "")}`}>{c.phone}</a>
              ) : (
                value(undefined)
              )}
            </dd>
            <dt>{t("patients.email")}</dt>
            <dd>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : value(undefined)}</dd>
            <dt>{t("patients.taxId")}</dt>
            <dd>{value(c.taxId)}</dd>
            <dt>{t("patients.address")}</dt>
            <dd>{value(c.address)}</dd>
            {c.notes && (
              <>
                <dt>{t("patients.adminNotes")}</dt>
                <dd>{c.notes}</dd>
              </>
            )}
          </dl>
        </section>
        <section aria-labelledby="bw-s-p-attendance">
          <h3 id="bw-s-p-attendance">{t("patients.attendance")}</h3>
          <dl>
            <dt>{t("patients.noShows")}</dt>
            <dd data-field="no-shows">{card.attendance.noShows}</dd>
            <dt>{t("patients.lastVisit")}</dt>
            <dd>
              {card.attendance.lastVisit ? when(card.attendance.lastVisit) : t("patients.never")}
            </dd>
            <dt>{t("patients.nextVisit")}</dt>
            <dd>
              {card.attendance.nextVisit ? when(card.attendance.nextVisit) : t("patients.never")}
            </dd>
          </dl>
        </section>
        <section aria-labelledby="bw-s-p-money">
          <h3 id="bw-s-p-money">{t("patients.money")}</h3>
          <dl>
            <dt>
              {card.balance.outstanding < 0 ? t("patients.credit") : t("patients.balanceDue")}
            </dt>
            <dd data-field="balance">{money(Math.abs(card.balance.outstanding))}</dd>
            <dt>{t("patients.charged")}</dt>
            <dd>{money(card.balance.charged)}</dd>
            <dt>{t("patients.paid")}</dt>
            <dd>{money(card.balance.paid)}</dd>
          </dl>
          {desk && (
            <a
              class="bw-s-btn bw-s-btn-primary"
              href={`#checkout?clientId=${encodeURIComponent(c.id)}`}
              onClick={(e) => {
                e.preventDefault();
                props.navigate({ section: "checkout", params: { clientId: c.id } });
              }}
            >
              {t("patients.checkout")}
            </a>
          )}
        </section>
      </div>
      <section aria-labelledby="bw-s-p-upcoming">
        <h3 id="bw-s-p-upcoming">{t("patients.upcoming")}</h3>
        <VisitList visits={upcoming} line={visitLine} empty={t("patients.noVisits")} />
      </section>
      <section aria-labelledby="bw-s-p-past">
        <h3 id="bw-s-p-past">{t("patients.past")}</h3>
        <VisitList visits={past} line={visitLine} empty={t("patients.noVisits")} />
      </section>
      <section aria-labelledby="bw-s-p-cases">
        <h3 id="bw-s-p-cases">{t("patients.cases")}</h3>
        {card.cases.length === 0 ? (
          <p class="bw-s-meta">{t("patients.noCases")}</p>
        ) : (
          <ul class="bw-s-list">
            {card.cases.map((k) => {
              const payer = k.payer
                ? `${k.payer.name}${k.payer.reference ? ` (${k.payer.reference})` : ""}`
                : undefined;
              const referral = k.referral
                ? `${k.referral.by}${k.referral.date ? `, ${k.referral.date}` : ""}`
                : undefined;
              return (
                <li key={k.id}>
                  <strong>{k.general ? t("book.generalCase") : k.title}</strong>{" "}
                  <span class="bw-s-meta">
                    ({k.status === "open" ? t("patients.caseOpen") : t("patients.caseClosed")})
                  </span>
                  {payer && (
                    <span>
                      {" "}
                      · {t("patients.payer")}: {payer}
                    </span>
                  )}
                  {referral && (
                    <span>
                      {" "}
                      · {t("patients.referral")}: {referral}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section aria-labelledby="bw-s-p-packages">
        <h3 id="bw-s-p-packages">{t("patients.packages")}</h3>
        {card.packages.length === 0 ? (
          <p class="bw-s-meta">{t("patients.noPackages")}</p>
        ) : (
          <ul class="bw-s-list">
            {card.packages.map((p) => (
              <li key={p.id}>
                <strong>{p.name}</strong>: {p.balance.line}
              </li>
            ))}
          </ul>
        )}
      </section>
      {desk && (
        <>
          <section aria-labelledby="bw-s-p-invoices">
            <h3 id="bw-s-p-invoices">{t("patients.invoices")}</h3>
            {documents.length === 0 ? (
              <p class="bw-s-meta">{t("patients.noInvoices")}</p>
            ) : (
              <ul class="bw-s-list">
                {documents.map((d) => (
                  <li key={d.id}>
                    {d.number} · {when(d.issuedAt)}
                    {d.total !== undefined ? ` · ${money(d.total)}` : ""}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="bw-s-p-payments">
            <h3 id="bw-s-p-payments">{t("patients.payments")}</h3>
            {payments.length === 0 ? (
              <p class="bw-s-meta">{t("patients.noPayments")}</p>
            ) : (
              <ul class="bw-s-list">
                {payments.map((p) => (
                  <li key={p.id}>
                    {when(p.at)} · {p.kind === "refund" ? "−" : ""}
                    {money(p.amount.amount, p.amount.currency)} · {p.method}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
      <section aria-labelledby="bw-s-p-notes">
        <h3 id="bw-s-p-notes">{t("patients.privateNotes")}</h3>
        {notes === null ? (
          <button type="button" class="bw-s-btn" onClick={() => void showNotes()}>
            {t("patients.showNotes")}
          </button>
        ) : notes.length === 0 ? (
          <p class="bw-s-meta">{t("patients.noNotes")}</p>
        ) : (
          <ul class="bw-s-list">
            {notes.map((n) => (
              <li key={n.id}>
                <span class="bw-s-meta">{when(n.at)} </span>
                {n.text}
              </li>
            ))}
          </ul>
        )}
      </section>
      {desk && (
        <section aria-labelledby="bw-s-p-dups">
          <h3 id="bw-s-p-dups">{t("patients.duplicates")}</h3>
          {duplicates.length === 0 ? (
            <p class="bw-s-meta">{t("patients.noDuplicates")}</p>
          ) : (
            <ul class="bw-s-list">
              {duplicates.map((d) => (
                <li key={d.id}>
                  <a
                    href={`#patients?clientId=${encodeURIComponent(d.id)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      props.navigate({ section: "patients", params: { clientId: d.id } });
                    }}
                  >
                    {d.name}
                  </a>{" "}
                  <span class="bw-s-meta">
                    (
                    {t("patients.matchedOn", {
                      fields: d.matchedOn
                        .map((f) => t(FIELD_KEYS[f as keyof typeof FIELD_KEYS] ?? "patients.email"))
                        .join(", "),
                    })}
                    )
                  </span>{" "}
                  <button type="button" class="bw-s-btn" onClick={() => setMerging(d)}>
                    {t("patients.merge", { name: d.name })}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {merging && (
            <div class="bw-s-warn" role="alertdialog" aria-labelledby="bw-s-merge-q">
              <p id="bw-s-merge-q">
                {t("patients.mergeConfirm", { name: merging.name, kept: c.name })}
              </p>
              <div class="bw-s-actions">
                <button
                  type="button"
                  class="bw-s-btn bw-s-btn-primary"
                  ref={(el) => el?.focus()}
                  onClick={async () => {
                    const gone = merging;
                    setMerging(null);
                    try {
                      await client.request("POST", `/clients/${encodeURIComponent(c.id)}/merge`, {
                        body: { duplicateId: gone.id },
                      });
                      await load();
                      setNotice(t("patients.merged", { name: gone.name }));
                    } catch (e) {
                      setError(e instanceof Error ? e.message : String(e));
                    }
                  }}
                >
                  {t("patients.mergeYes")}
                </button>
                <button type="button" class="bw-s-btn" onClick={() => setMerging(null)}>
                  {t("patients.mergeNo")}
                </button>
              </div>
            </div>
          )}
        </section>
      )}
    </>
  );
}

function VisitList(props: {
  visits: StaffAppointment[];
  line: (v: StaffAppointment) => string;
  empty: string;
}): JSX.Element {
  if (props.visits.length === 0) return <p class="bw-s-meta">{props.empty}</p>;
  return (
    <ul class="bw-s-list">
      {props.visits.map((v) => (
        <li key={v.id} class={`bw-s-visit bw-s-st-${v.status}`}>
          {props.line(v)}
        </li>
      ))}
    </ul>
  );
}
