// Parts of a visit's side panel beyond its status: the money around it (case, package balance,
// paid) and copy / repeat with a result per date and "Book all valid".
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import type {
  PlanResponse,
  PlanResult,
  StaffAppointment,
  StaffClient,
  StaffViolation,
  VisitBilling,
} from "./api.js";
import { StaffApiError } from "./api.js";
import { staffTextsEn, type Translate, translator } from "./i18n/index.js";
import { instantOf, localParts, wallTime } from "./layout.js";

/**
 * The visit's case, the package paying for it (with its balance) and whether it is paid, from
 * `GET /v1/staff/appointments/:id/billing` (and the case's title from `GET /v1/staff/cases/:id`).
 *
 * @example
 * <VisitMoney client={client} appointment={a} />
 */
export function VisitMoney(props: {
  client: StaffClient;
  appointment: StaffAppointment;
  /** The screen's texts (default English). */
  t?: Translate | undefined;
}): JSX.Element {
  const { client, appointment: a } = props;
  const t = props.t ?? translator(staffTextsEn);
  const [billing, setBilling] = useState<VisitBilling | null>(null);
  const [caseTitle, setCaseTitle] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setError(null);
    client
      .billing(a.id)
      .then(async (b) => {
        if (!live) return;
        setBilling(b);
        if (b.caseId) {
          const kase = await client.caseInfo(b.caseId).catch(() => null);
          if (live) setCaseTitle(kase ? kase.title : b.caseId);
        } else {
          setCaseTitle(null);
        }
      })
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [client, a.id, a.status, a.version]);

  if (error) return <p class="bw-s-meta">{t("money.loadFailed", { error })}</p>;
  if (!billing) return <p class="bw-s-meta">{t("app.loading")}</p>;
  const open = billing.charges.filter((c) => c.status !== "void");
  return (
    <dl aria-label={t("visit.caseAndPackage")}>
      <dt>{t("money.case")}</dt>
      <dd>{caseTitle ?? t("money.noCase")}</dd>
      <dt>{t("money.package")}</dt>
      <dd>
        {billing.package
          ? `${billing.package.name}: ${billing.package.balance.line}${billing.package.usedByThisVisit ? ` ${t("money.deducted")}` : ""}`
          : t("money.noPackage")}
      </dd>
      <dt>{t("money.charges")}</dt>
      <dd>
        {open.length === 0 ? t("money.noCharges") : open.map((c) => c.description).join(", ")}
        {open.length > 0 ? ` · ${billing.paid ? t("money.paid") : t("money.notPaid")}` : ""}
      </dd>
    </dl>
  );
}

/**
 * The local date of a server time as a short label in the locale ("Mon, Mar 16").
 *
 * @example
 * dateLabel("2026-03-16T09:00:00Z", "en"); // "Mon, Mar 16"
 */
export function dateLabel(start: string, locale: string | undefined): string {
  const { date } = localParts(start);
  try {
    return new Intl.DateTimeFormat(locale ?? "en", {
      weekday: "short",
      day: "numeric",
      month: "short",
      timeZone: "UTC",
    }).format(new Date(`${date}T12:00:00Z`));
  } catch {
    return date;
  }
}

/**
 * A violation as a sentence for the desk ("Ana Silva already has a visit at that time."), naming
 * the calendar instead of its id.
 *
 * @example
 * violationText({ code: "IN_BREAK", severity: "soft", calendarId: "ana" }, t, (id) => names.get(id));
 */
export function violationText(
  v: StaffViolation,
  t: Translate,
  calendarName: (id: string) => string | undefined,
): string {
  const calendar =
    (v.calendarId ? calendarName(v.calendarId) : undefined) ?? t("violation.thisCalendar");
  const key = `violation.${v.code}` as "violation.PAST";
  const sentence = t(key, { calendar, code: v.code });
  return sentence === key ? t("violation.other", { code: v.code }) : sentence;
}

/**
 * One line per date of a plan: "Tue 17 Mar 09:00 — free", "— booked" once done, or "— conflict:"
 * with the engine's reasons as the desk's sentences and the nearest free start that day.
 *
 * @example
 * <PlanList plan={plan} locale="en-GB" t={t} calendarName={(id) => names.get(id)} />
 */
export function PlanList(props: {
  plan: PlanResponse;
  locale: string | undefined;
  t: Translate;
  calendarName: (id: string) => string | undefined;
}): JSX.Element {
  const { plan, t } = props;
  const line = (r: PlanResult) => {
    const when = `${dateLabel(r.start, props.locale)} ${r.start.slice(11, 16)}`;
    if (r.appointmentId) return t("plan.booked", { when });
    if (r.status === "ok") return t("plan.free", { when });
    const why = (r.blocking.length > 0 ? r.blocking : r.violations)
      .map((v) => violationText(v, t, props.calendarName))
      .join(" ");
    return r.alternative
      ? t("plan.conflictNearest", { when, why, time: r.alternative.start.slice(11, 16) })
      : t("plan.conflict", { when, why });
  };
  return (
    <ul class="bw-s-list" aria-label={t("plan.results")}>
      {plan.results.map((r) => (
        <li key={r.start} class={r.status === "ok" ? undefined : "bw-s-conflict"}>
          {line(r)}
        </li>
      ))}
    </ul>
  );
}

/**
 * Copy a visit to one date, or repeat it on weekdays × N weeks at the same local time: "Check
 * dates" runs the plan as a dry run and lists every date; "Book all valid" books the free ones
 * (dates with conflicts are left out and listed).
 *
 * @example
 * <RepeatVisit client={client} appointment={a} zone="Europe/Lisbon" onBooked={refresh} />
 */
export function RepeatVisit(props: {
  client: StaffClient;
  appointment: StaffAppointment;
  zone: string;
  locale: string | undefined;
  onBooked: (message: string) => Promise<void>;
  /** The screen's texts (default English). */
  t?: Translate | undefined;
  /** A calendar's name for its id, to word the conflicts (default: "this calendar"). */
  calendarName?: ((id: string) => string | undefined) | undefined;
}): JSX.Element {
  const { client, appointment: a } = props;
  const t = props.t ?? translator(staffTextsEn);
  // Monday to Sunday in the screen's language (1 January 2024 was a Monday).
  const weekdayName = new Intl.DateTimeFormat(props.locale, { weekday: "short", timeZone: "UTC" });
  const weekdays7 = [0, 1, 2, 3, 4, 5, 6].map((i) => weekdayName.format(Date.UTC(2024, 0, 1 + i)));
  const start = localParts(a.start);
  const [kind, setKind] = useState<"repeat" | "copy">("repeat");
  const [weekdays, setWeekdays] = useState<number[]>([
    ((new Date(`${start.date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1,
  ]);
  const [weeks, setWeeks] = useState(4);
  const [copyDate, setCopyDate] = useState("");
  const [plan, setPlan] = useState<PlanResponse | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(dryRun: boolean) {
    setBusy(true);
    setProblem(null);
    try {
      const result =
        kind === "repeat"
          ? await client.repeat(a.id, { weekdays, weeks, dryRun, mode: "all-valid" })
          : await client.copy(a.id, {
              starts: [instantOf(copyDate, start.minutes, props.zone)],
              dryRun,
              mode: "all-valid",
            });
      setPlan(result);
      if (!dryRun) {
        const booked = result.results.filter((r) => r.appointmentId).length;
        const left = result.results.length - booked;
        await props.onBooked(t("plan.done", { booked, left }));
      }
    } catch (e) {
      setProblem(StaffApiError.is(e) || e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const ready =
    kind === "repeat" ? weekdays.length > 0 && weeks >= 1 : /^\d{4}-\d\d-\d\d$/.test(copyDate);
  const ok = plan ? plan.results.filter((r) => r.status === "ok" && !r.appointmentId).length : 0;
  return (
    <form
      class="bw-s-plan"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready && !busy) void run(true);
      }}
    >
      <fieldset>
        <legend>{t("plan.how")}</legend>
        <label>
          <input
            type="radio"
            name="bw-s-plan-kind"
            checked={kind === "repeat"}
            onChange={() => {
              setKind("repeat");
              setPlan(null);
            }}
          />{" "}
          {t("plan.repeat")}
        </label>
        <label>
          <input
            type="radio"
            name="bw-s-plan-kind"
            checked={kind === "copy"}
            onChange={() => {
              setKind("copy");
              setPlan(null);
            }}
          />{" "}
          {t("plan.copy")}
        </label>
      </fieldset>
      {kind === "repeat" ? (
        <>
          <fieldset class="bw-s-weekdays">
            <legend>{t("plan.on")}</legend>
            {weekdays7.map((name, i) => (
              <label key={name}>
                <input
                  type="checkbox"
                  checked={weekdays.includes(i + 1)}
                  onChange={(e) => {
                    const on = (e.currentTarget as HTMLInputElement).checked;
                    setWeekdays((list) =>
                      on ? [...list, i + 1].sort() : list.filter((d) => d !== i + 1),
                    );
                    setPlan(null);
                  }}
                />{" "}
                {name}
              </label>
            ))}
          </fieldset>
          <label>
            {t("plan.weeks")}
            <input
              type="number"
              min={1}
              max={52}
              value={weeks}
              onInput={(e) => {
                setWeeks(Number((e.currentTarget as HTMLInputElement).value) || 0);
                setPlan(null);
              }}
            />
          </label>
        </>
      ) : (
        <label>
          {t("plan.date", { time: wallTime(start.minutes) })}
          <input
            type="date"
            value={copyDate}
            onInput={(e) => {
              setCopyDate((e.currentTarget as HTMLInputElement).value);
              setPlan(null);
            }}
          />
        </label>
      )}
      <div class="bw-s-actions">
        <button type="submit" class="bw-s-btn" disabled={!ready || busy}>
          {t("plan.check")}
        </button>
        {plan?.dryRun && ok > 0 && (
          <button
            type="button"
            class="bw-s-btn bw-s-btn-primary"
            disabled={busy}
            onClick={() => void run(false)}
          >
            {t("plan.bookAll", { count: ok })}
          </button>
        )}
      </div>
      {problem && (
        <div class="bw-s-error" role="alert">
          {problem}
        </div>
      )}
      <div role="status">
        {plan &&
          t(plan.dryRun ? "plan.summaryFree" : "plan.summaryBooked", {
            ok: plan.summary.ok,
            total: plan.summary.total,
            conflicts: plan.summary.conflicts,
          })}
      </div>
      {plan && (
        <PlanList
          plan={plan}
          locale={props.locale}
          t={t}
          calendarName={props.calendarName ?? (() => undefined)}
        />
      )}
    </form>
  );
}
