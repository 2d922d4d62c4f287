// The reports section: the month's figures from the server's monthly report (the engine computes
// them; this screen only shows them) as a small dashboard — sessions per patient, no-show rate,
// share of patients with a tax ID, revenue per booked hour, new vs recurring patients, visits by
// status, revenue by therapist — with a month picker, a therapist filter and the CSV download.

import type { JSX } from "preact";
import { useMemo, useState } from "preact/hooks";
import { STATUSES } from "../api.js";
import { reportsEn } from "../i18n/sections/reports.en.js";
import { reportsEs } from "../i18n/sections/reports.es.js";
import { reportsPt } from "../i18n/sections/reports.pt.js";
import { BarChart } from "./bar-chart.js";
import { billingApi, type ReportFigures } from "./billing-api.js";
import type { StaffSectionProps } from "./contract.js";
import {
  Announce,
  SectionFrame,
  textsFor,
  useAction,
  useLoaded,
  useSectionFormat,
} from "./section-kit.js";

/**
 * The month (`YYYY-MM`) an instant falls in, in a time zone.
 *
 * @example
 * monthIn(Date.parse("2026-03-31T23:30:00Z"), "Europe/Lisbon"); // "2026-04"
 */
export function monthIn(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}`;
}

/**
 * The reports section (params `month` as `YYYY-MM` and `providerId`, both optional; the month
 * defaults to the clinic's current one).
 *
 * @example
 * <ReportsSection client={client} me={me} locale="es" clinic={{ timeZone: "Europe/Madrid", currency: "EUR" }}
 *   params={{ month: "2026-03" }} navigate={go} />
 */
export function ReportsSection(props: StaffSectionProps): JSX.Element {
  const t = textsFor(props.locale, { en: reportsEn, pt: reportsPt, es: reportsEs });
  const api = useMemo(() => billingApi(props.client), [props.client]);
  const f = useSectionFormat(props.locale, props.clinic);
  const [month, setMonth] = useState(
    props.params.month ?? monthIn(Date.now(), props.clinic.timeZone),
  );
  const [providerId, setProviderId] = useState(props.params.providerId ?? "");
  const providers = useLoaded(
    async () => (await props.client.calendars()).filter((c) => c.kind === "provider"),
    "providers",
  );
  const report = useLoaded(
    () => api.monthly(month, providerId || undefined),
    `${month}|${providerId}`,
  );
  const download = useAction();
  // Revenue without a therapist is booked to `clinic` by the server (e.g. a package sale).
  const nameOf = (id: string | null) =>
    id === null
      ? t.noProvider
      : (providers.data?.find((p) => p.id === id)?.name ??
        (id === "clinic" ? t.clinicRevenue : id));
  const scope: ReportFigures | undefined = providerId
    ? report.data?.byProvider.find((p) => p.providerId === providerId)
    : report.data?.totals;
  const ratio = (value: number | null, show: (v: number) => string) =>
    value === null ? t.none : show(value);
  const saveCsv = () =>
    download.run(
      async () => {
        const blob = await api.monthlyCsv(month, providerId || undefined);
        const url = URL.createObjectURL(blob);
        const a = document.createElement("a");
        a.href = url;
        a.download = `report-${month}${providerId ? `-${providerId}` : ""}.csv`;
        a.rel = "noopener";
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        return a.download;
      },
      (name) => name,
    );
  return (
    <SectionFrame id="bw-x-reports" title={t.title}>
      <form class="bw-x-row" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t.month}
          <input
            type="month"
            value={month}
            onChange={(e) => {
              const value = (e.currentTarget as HTMLInputElement).value;
              if (/^\d{4}-\d{2}$/.test(value)) setMonth(value);
            }}
          />
        </label>
        <label>
          {t.therapist}
          <select
            value={providerId}
            onChange={(e) => setProviderId((e.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t.allTherapists}</option>
            {(providers.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="bw-s-btn" disabled={download.busy} onClick={saveCsv}>
          {t.downloadFor(f.month(month))}
        </button>
      </form>
      <Announce notice={download.notice?.kind === "error" ? download.notice : undefined} />
      {report.error ? (
        <p class="bw-s-error">{report.error}</p>
      ) : !report.data || report.loading ? (
        <p role="status">{t.loading}</p>
      ) : (
        <section aria-labelledby="bw-x-figures">
          <h3 id="bw-x-figures">{t.figures(f.month(report.data.month))}</h3>
          {scope && (
            <>
              <dl class="bw-x-kpis">
                <div>
                  <dt>{t.sessionsPerPatient}</dt>
                  <dd>{ratio(scope.sessionsPerPatient.value, (v) => f.number(v, 1))}</dd>
                </div>
                <div>
                  <dt>{t.noShowRate}</dt>
                  <dd>{ratio(scope.noShowRate.value, f.percent)}</dd>
                </div>
                <div>
                  <dt>{t.taxIdShare}</dt>
                  <dd>{ratio(scope.taxIdShare.value, f.percent)}</dd>
                </div>
                <div>
                  <dt>{t.revenuePerHour}</dt>
                  <dd>{ratio(scope.revenuePerBookedHour, f.money)}</dd>
                </div>
                <div>
                  <dt>{t.revenue}</dt>
                  <dd>{f.money(scope.revenue)}</dd>
                </div>
                <div>
                  <dt>{t.netPayments}</dt>
                  <dd>{f.money(scope.netPayments)}</dd>
                </div>
                <div>
                  <dt>{t.completed}</dt>
                  <dd>{f.number(scope.completedVisits)}</dd>
                </div>
                <div>
                  <dt>{t.patients}</dt>
                  <dd>{f.number(scope.patients)}</dd>
                </div>
              </dl>
              <div class="bw-x-charts">
                <BarChart
                  id="bw-x-chart-patients"
                  title={t.patientsChart}
                  tableLabel={t.table}
                  columns={[t.label, t.patients]}
                  bars={[
                    {
                      label: t.newPatients,
                      value: scope.newPatients,
                      shown: f.number(scope.newPatients),
                    },
                    {
                      label: t.recurringPatients,
                      value: scope.recurringPatients,
                      shown: f.number(scope.recurringPatients),
                    },
                  ]}
                />
                <BarChart
                  id="bw-x-chart-status"
                  title={t.statusChart}
                  tableLabel={t.table}
                  columns={[t.label, t.value]}
                  bars={STATUSES.map((s) => ({
                    label: t.statuses[s] ?? s,
                    value: scope.byStatus[s] ?? 0,
                    shown: f.number(scope.byStatus[s] ?? 0),
                  }))}
                />
                {!providerId && report.data.byProvider.length > 0 && (
                  <BarChart
                    id="bw-x-chart-revenue"
                    title={t.revenueChart}
                    tableLabel={t.table}
                    columns={[t.therapist, t.revenue]}
                    bars={report.data.byProvider.map((p) => ({
                      label: nameOf(p.providerId),
                      value: p.revenue,
                      shown: f.money(p.revenue),
                    }))}
                  />
                )}
              </div>
            </>
          )}
        </section>
      )}
    </SectionFrame>
  );
}
