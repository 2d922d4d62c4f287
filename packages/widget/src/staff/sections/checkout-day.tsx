// The checkout's landing: the day's visits (default today in the clinic's zone) with what each
// still owes, each a button into its checkout. What is owed is the server's answer for the visit
// (`GET /billing/visits`: one request for the day's visits), never added up here. When that
// answer fails, the day shows the server's reason and Try again, never a column of blanks.

import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { StaffAppointment } from "../api.js";
import type { CheckoutTexts } from "../i18n/sections/checkout.en.js";
import { todayIn } from "../layout.js";
import { type BillingApi, VISITS_PER_READ, type VisitMoney } from "./billing-api.js";
import type { StaffSectionProps } from "./contract.js";
import { intlLocale, type SectionFormat } from "./format.js";
import { useLoaded } from "./section-kit.js";

/** Statuses that never reach the till: the visit was canceled or moved to another time. */
const GONE = new Set(["canceled", "rebooked"]);

/** One row of the day: the visit, its names and the server's money answer. */
interface DayRow {
  visit: StaffAppointment;
  therapist: string;
  service: string;
  money: VisitMoney | undefined;
}

/**
 * Loads the day's visits that can be checked out, in time order, each with its money.
 *
 * @example
 * const rows = await loadDay(client, api, "2026-03-09");
 */
export async function loadDay(
  client: StaffSectionProps["client"],
  api: BillingApi,
  date: string,
): Promise<DayRow[]> {
  const [view, services] = await Promise.all([client.dayView(date), client.services()]);
  const calendars = new Map(view.calendars.map((c) => [c.id, c.member?.name ?? c.name]));
  const serviceNames = new Map(services.map((s) => [s.id, s.name]));
  const visits = view.appointments
    .filter((a) => !GONE.has(a.status))
    .sort((a, b) => a.start.localeCompare(b.start));
  const money = new Map<string, VisitMoney>();
  // One request for the day (a day of more visits than one request names takes one per batch).
  for (let i = 0; i < visits.length; i += VISITS_PER_READ) {
    const ids = visits.slice(i, i + VISITS_PER_READ).map((v) => v.id);
    for (const m of await api.visits(ids)) money.set(m.appointmentId, m);
  }
  return visits.map((visit) => ({
    visit,
    therapist: calendars.get(visit.providerId) ?? visit.providerId,
    service: serviceNames.get(visit.serviceId) ?? visit.serviceId,
    money: money.get(visit.id),
  }));
}

/**
 * The day's visits with what each owes, and a button into each one's checkout.
 *
 * @example
 * <CheckoutDay client={client} api={api} t={t} f={f} locale="pt" timeZone="Europe/Lisbon" navigate={go} />
 */
export function CheckoutDay(props: {
  client: StaffSectionProps["client"];
  api: BillingApi;
  t: CheckoutTexts;
  f: SectionFormat;
  locale: StaffSectionProps["locale"];
  timeZone: string;
  navigate: StaffSectionProps["navigate"];
}): JSX.Element {
  const { t, f } = props;
  const [date, setDate] = useState(() => todayIn(props.timeZone));
  const day = useLoaded(() => loadDay(props.client, props.api, date), date);
  const clock = new Intl.DateTimeFormat(intlLocale(props.locale), {
    timeStyle: "short",
    timeZone: props.timeZone,
  });
  // The server's verdict (`no_charges | unpaid | partly_paid | paid`) and what is left to pay.
  const moneyText = (m: VisitMoney | undefined) => {
    if (!m) return "—";
    if (m.money.outstanding > 0) return t.owed(f.money(m.money.outstanding));
    if (m.package?.usedByThisVisit) return t.packageSession;
    if (m.money.money === "no_charges") return t.nothingCharged;
    return m.money.money === "paid" ? t.paid : t.notPaid;
  };
  return (
    <div>
      <p>{t.noContext}</p>
      <label class="bw-x-row">
        {t.day}
        <input
          type="date"
          value={date}
          onChange={(e) => {
            const value = (e.currentTarget as HTMLInputElement).value;
            if (value) setDate(value);
          }}
        />
      </label>
      {day.error ? (
        <div role="alert">
          <p class="bw-s-error">{day.error}</p>
          <button type="button" onClick={day.reload}>
            {t.retry}
          </button>
        </div>
      ) : !day.data ? (
        <p>{t.loading}</p>
      ) : day.data.length === 0 ? (
        <p>{t.noVisits}</p>
      ) : (
        <div class="bw-x-scroll">
          <table>
            <caption>{t.dayVisits(f.date(date))}</caption>
            <thead>
              <tr>
                <th scope="col">{t.time}</th>
                <th scope="col">{t.patient}</th>
                <th scope="col">{t.service}</th>
                <th scope="col">{t.therapist}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.money}</th>
                <th scope="col">{t.actions}</th>
              </tr>
            </thead>
            <tbody>
              {day.data.map((row) => {
                const name = row.visit.contact?.name || t.noName;
                const at = clock.format(new Date(row.visit.start));
                return (
                  <tr key={row.visit.id}>
                    <td>{at}</td>
                    <td>{name}</td>
                    <td>{row.service}</td>
                    <td>{row.therapist}</td>
                    <td>{t.statuses[row.visit.status] ?? row.visit.status}</td>
                    <td>{moneyText(row.money)}</td>
                    <td>
                      <button
                        type="button"
                        class="bw-s-btn"
                        aria-label={t.checkOut(name, at)}
                        onClick={() =>
                          props.navigate({ section: "checkout", params: { visitId: row.visit.id } })
                        }
                      >
                        {t.checkOutShort}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
