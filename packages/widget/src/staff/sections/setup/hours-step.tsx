// Step 5: hours — a weekly editor of shifts and breaks applied to many calendars at once through
// the server's shift planner (a dry run first lists the booked visits the new hours would strand;
// applying them needs the person's explicit consent), then public holidays imported for the
// clinic's country (holidays-part.tsx), closures for a list of dates, special hours on one date, and time off.

import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { HolidayImport } from "./holidays-part.js";
import { Check, Choice, Field, listOf, onSubmit, Part, type StepProps, todayIn } from "./kit.js";
import type { ShiftPlanAnswer } from "./setup-api.js";
import { type DayHours, defaultWeek, patternOf } from "./week-pattern.js";

/**
 * The hours step: `POST /calendars/shift-plan` (dry run, then `apply`), overrides and time off.
 *
 * @example
 * <HoursStep {...stepProps} />
 */
export function HoursStep(props: StepProps): JSX.Element {
  const { t, data } = props;
  const calendars = data.calendars;
  const [chosen, setChosen] = useState<string[]>(() =>
    calendars.filter((c) => !c.weekly?.length).map((c) => c.id),
  );
  const toggle = (id: string, on: boolean) =>
    setChosen((list) => (on ? [...list, id] : list.filter((x) => x !== id)));
  return (
    <>
      <fieldset class="bw-x-checks">
        <legend>{t.hoursFor}</legend>
        {calendars.map((c) => (
          <Check
            key={c.id}
            label={c.name}
            checked={chosen.includes(c.id)}
            onChange={(e) => toggle(c.id, (e.currentTarget as HTMLInputElement).checked)}
          />
        ))}
      </fieldset>
      <WeeklyHours {...props} chosen={chosen} />
      <HolidayImport {...props} chosen={chosen} />
      <Closures {...props} chosen={chosen} />
      <TimeOff {...props} />
    </>
  );
}

function WeeklyHours(props: StepProps & { chosen: string[] }): JSX.Element {
  const { t, f, api, action, data, chosen, reload } = props;
  const [week, setWeek] = useState<DayHours[]>(defaultWeek);
  const [startDate, setStartDate] = useState(() => todayIn(data.settings.timeZone, Date.now()));
  const [plan, setPlan] = useState<ShiftPlanAnswer | undefined>(undefined);
  const [accept, setAccept] = useState(false);
  const set = (index: number, change: Partial<DayHours>) => {
    setWeek((w) => w.map((d, i) => (i === index ? { ...d, ...change } : d)));
    setPlan(undefined);
  };
  const request = (apply: boolean) => ({
    calendarIds: chosen,
    pattern: patternOf(week),
    startDate,
    apply,
    ...(apply && accept ? { acceptConflicts: true } : {}),
  });
  const invalid =
    chosen.length === 0 ? t.chooseCalendars : patternOf(week).length === 0 ? t.noHours : undefined;
  const check = () => {
    if (invalid) return;
    setAccept(false);
    void action
      .run(
        () => api.planShifts(request(false)),
        (p) => t.checked(p.summary.calendars, p.summary.conflicts),
      )
      .then((p) => setPlan(p));
  };
  const apply = () =>
    void action
      .run(
        () => api.planShifts(request(true)),
        (p) => t.applied(p.summary.calendars),
      )
      .then((p) => {
        if (!p) return;
        setPlan(undefined);
        reload();
      });
  const stranded = plan?.calendars.flatMap((c) =>
    c.conflicts.map((v) => ({
      ...v,
      calendar: data.calendars.find((x) => x.id === c.calendarId)?.name ?? c.calendarId,
    })),
  );
  const field = (index: number, key: keyof DayHours, label: string) => {
    const day = t.weekdays[index] ?? "";
    return (
      <td>
        <input
          type="time"
          aria-label={t.fieldOf(label, day)}
          value={week[index]?.[key] as string}
          disabled={!week[index]?.works}
          onInput={(e) => set(index, { [key]: (e.currentTarget as HTMLInputElement).value })}
        />
      </td>
    );
  };
  return (
    <Part id="bw-x-weekly" title={t.weekly}>
      <div class="bw-x-scroll">
        <table class="bw-x-week">
          <caption class="bw-sr">{t.weekly}</caption>
          <thead>
            <tr>
              <th scope="col">{t.weekday}</th>
              <th scope="col">{t.works}</th>
              <th scope="col">{t.from}</th>
              <th scope="col">{t.to}</th>
              <th scope="col">{t.breakFrom}</th>
              <th scope="col">{t.breakTo}</th>
            </tr>
          </thead>
          <tbody>
            {week.map((d, i) => (
              <tr key={t.weekdays[i]}>
                <th scope="row">{t.weekdays[i]}</th>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t.worksOn(t.weekdays[i] ?? "")}
                    checked={d.works}
                    onChange={(e) =>
                      set(i, { works: (e.currentTarget as HTMLInputElement).checked })
                    }
                  />
                </td>
                {field(i, "start", t.from)}
                {field(i, "end", t.to)}
                {field(i, "breakStart", t.breakFrom)}
                {field(i, "breakEnd", t.breakTo)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="bw-x-row">
        <button
          type="button"
          class="bw-s-btn"
          onClick={() => {
            const monday = week[0] as DayHours;
            setWeek((w) => w.map((d, i) => (i > 0 && i < 5 ? { ...monday } : d)));
            setPlan(undefined);
          }}
        >
          {t.copyMonday}
        </button>
        <Field
          label={t.startDate}
          name="startDate"
          type="date"
          value={startDate}
          onInput={(e) => {
            setStartDate((e.currentTarget as HTMLInputElement).value);
            setPlan(undefined);
          }}
        />
        <button type="button" class="bw-s-btn" disabled={action.busy || !!invalid} onClick={check}>
          {t.check}
        </button>
      </div>
      {invalid && <p class="bw-s-meta">{invalid}</p>}
      {plan && (
        <div>
          {stranded && stranded.length > 0 && (
            <div class="bw-s-warn">
              <h5>{t.stranded}</h5>
              <ul>
                {stranded.map((v) => (
                  <li key={v.appointmentId}>
                    {v.calendar}: {f.dateTime(v.start)} — {t.strandedReason[v.reason] ?? v.reason}
                  </li>
                ))}
              </ul>
              <Check
                label={t.acceptConflicts}
                checked={accept}
                onChange={(e) => setAccept((e.currentTarget as HTMLInputElement).checked)}
              />
            </div>
          )}
          <button
            type="button"
            class="bw-s-btn bw-s-btn-primary"
            disabled={action.busy || (plan.summary.conflicts > 0 && !accept)}
            onClick={apply}
          >
            {t.apply}
          </button>
        </div>
      )}
    </Part>
  );
}

function Closures(props: StepProps & { chosen: string[] }): JSX.Element {
  const { t, api, action, chosen, reload } = props;
  const close = onSubmit((v, form) => {
    const dates = listOf(v.dates ?? "");
    void action
      .run(async () => {
        for (const id of chosen) {
          for (const date of dates) await api.closeDate(id, date, v.reason || undefined);
        }
        return dates.length;
      }, t.closed)
      .then((n) => {
        if (n === undefined) return;
        form.reset();
        reload();
      });
  });
  const special = onSubmit((v, form) => {
    void action
      .run(
        async () => {
          for (const id of chosen) {
            await api.specialHours(id, v.date ?? "", [
              { weekdays: [], start: v.start ?? "", end: v.end ?? "", breaks: [] },
            ]);
          }
        },
        () => t.specialSaved,
      )
      .then(() => form.reset());
  });
  return (
    <Part id="bw-x-closures" title={t.closures}>
      <form class="bw-x-form" aria-label={t.closures} onSubmit={close}>
        <label>
          {t.closureDates}
          <textarea name="dates" rows={3} required />
        </label>
        <Field label={t.closureReason} name="reason" />
        <button type="submit" class="bw-s-btn" disabled={action.busy || chosen.length === 0}>
          {t.addClosures}
        </button>
      </form>
      <form class="bw-x-form" aria-label={t.special} onSubmit={special}>
        <Field label={t.specialDate} name="date" type="date" required />
        <Field label={t.from} name="start" type="time" required />
        <Field label={t.to} name="end" type="time" required />
        <button type="submit" class="bw-s-btn" disabled={action.busy || chosen.length === 0}>
          {t.addSpecial}
        </button>
      </form>
    </Part>
  );
}

/** The UTC offset of a zone at an instant, in minutes (e.g. 60 for Lisbon in summer). */
function offsetMinutes(timeZone: string, at: number): number {
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
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return Math.round((wall - at) / 60_000);
}

/**
 * The instant a local midnight starts in a zone, as ISO-8601 with `Z`.
 *
 * @example
 * midnightIn("2026-08-03", "Europe/Lisbon"); // "2026-08-02T23:00:00.000Z"
 */
export function midnightIn(date: string, timeZone: string): string {
  const guess = Date.parse(`${date}T00:00:00Z`);
  const first = guess - offsetMinutes(timeZone, guess) * 60_000;
  return new Date(guess - offsetMinutes(timeZone, first) * 60_000).toISOString();
}

function TimeOff(props: StepProps): JSX.Element {
  const { t, api, action, data, reload } = props;
  const therapists = data.calendars;
  const save = onSubmit((v, form) => {
    const zone = data.settings.timeZone;
    const next = new Date(Date.parse(`${v.to}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    void action
      .run(
        () =>
          api.timeOff(
            v.calendarId ?? "",
            midnightIn(v.from ?? "", zone),
            midnightIn(next, zone),
            v.reason || undefined,
          ),
        () => t.timeOffSaved,
      )
      .then((done) => {
        if (done === undefined) return;
        form.reset();
        reload();
      });
  });
  return (
    <Part id="bw-x-timeoff" title={t.timeOff}>
      <form class="bw-x-form" aria-label={t.timeOff} onSubmit={save}>
        <Choice
          label={t.timeOffWho}
          name="calendarId"
          options={therapists.map((c) => [c.id, c.name] as const)}
        />
        <Field label={t.timeOffFrom} name="from" type="date" required />
        <Field label={t.timeOffTo} name="to" type="date" required />
        <Field label={t.closureReason} name="reason" />
        <button type="submit" class="bw-s-btn" disabled={action.busy || therapists.length === 0}>
          {t.addTimeOff}
        </button>
      </form>
    </Part>
  );
}
