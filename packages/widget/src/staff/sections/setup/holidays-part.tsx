// "Import public holidays" in the hours step: the server lists a country's public holidays for a
// year (`GET /holidays`, country preselected with the server's `holidayCountry`: the clinic's
// country setting, else its locale's region), the person ticks the ones
// the clinic closes on, and each becomes a `closed` override of the chosen calendars through the
// same override route as any closure. Dates already closed on every chosen calendar are shown as
// such and left alone.

import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { Choice, Field, onSubmit, Part, type StepProps, todayIn } from "./kit.js";
import type { HolidayList } from "./setup-api.js";

/**
 * The dates on which every one of `calendarIds` is already closed all day.
 *
 * @example
 * closedOnAll(data.calendars, ["ana", "bruno"]); // Set { "2027-04-25" }
 */
export function closedOnAll(
  calendars: StepProps["data"]["calendars"],
  calendarIds: readonly string[],
): Set<string> {
  const chosen = calendars.filter((c) => calendarIds.includes(c.id));
  const closedOf = (c: (typeof chosen)[number]) =>
    new Set(
      (c.overrides ?? [])
        .filter((o) => o.type === "closed" && o.start === undefined)
        .map((o) => o.date),
    );
  const [first, ...rest] = chosen.map(closedOf);
  if (!first) return new Set();
  return new Set([...first].filter((date) => rest.every((s) => s.has(date))));
}

/**
 * The holiday import: country, year, the list to tick, and closing the ticked dates.
 *
 * @example
 * <HolidayImport {...stepProps} chosen={["ana", "studio"]} />
 */
export function HolidayImport(props: StepProps & { chosen: string[] }): JSX.Element {
  const { t, f, api, action, data, chosen, reload } = props;
  const thisYear = Number(todayIn(data.settings.timeZone, Date.now()).slice(0, 4));
  const [list, setList] = useState<HolidayList | undefined>(undefined);
  const [picked, setPicked] = useState<string[]>([]);
  const closed = closedOnAll(data.calendars, chosen);
  const show = onSubmit((v) => {
    void action
      .run(
        () => api.holidays(v.country ?? "", Number(v.year)),
        (l) => t.holidaysFound(l.holidays.length, l.countryName, l.year),
      )
      .then((l) => {
        if (!l) return;
        setList(l);
        setPicked(l.holidays.map((h) => h.date).filter((d) => !closed.has(d)));
      });
  });
  const importChosen = () => {
    if (!list) return;
    const dates = list.holidays.filter((h) => picked.includes(h.date) && !closed.has(h.date));
    void action
      .run(async () => {
        for (const id of chosen) {
          const calendar = data.calendars.find((c) => c.id === id);
          const already = closedOnAll(calendar ? [calendar] : [], [id]);
          for (const h of dates) {
            if (!already.has(h.date)) await api.closeDate(id, h.date, h.name);
          }
        }
        return dates.length;
      }, t.closed)
      .then((n) => {
        if (n === undefined) return;
        setPicked([]);
        reload();
      });
  };
  return (
    <Part id="bw-x-holidays" title={t.holidays}>
      <form class="bw-x-form" aria-label={t.holidays} onSubmit={show}>
        <Field
          label={t.holidayCountry}
          hint={t.holidayCountryHint}
          name="country"
          required
          maxLength={2}
          autocomplete="off"
          defaultValue={data.settings.holidayCountry ?? ""}
        />
        <Choice
          label={t.holidayYear}
          name="year"
          options={[thisYear, thisYear + 1, thisYear + 2].map((y) => [String(y), String(y)])}
        />
        <button type="submit" class="bw-s-btn" disabled={action.busy}>
          {t.showHolidays}
        </button>
      </form>
      {list && (
        <fieldset class="bw-x-checks">
          <legend>{t.holidaysOf(list.countryName, list.year)}</legend>
          {list.holidays.map((h) => {
            const already = closed.has(h.date);
            return (
              <label class="bw-x-check" key={h.date}>
                <input
                  type="checkbox"
                  checked={already || picked.includes(h.date)}
                  disabled={already}
                  onChange={(e) => {
                    const on = (e.currentTarget as HTMLInputElement).checked;
                    setPicked((p) => (on ? [...p, h.date] : p.filter((d) => d !== h.date)));
                  }}
                />
                {`${f.date(h.date)} — ${h.name}${already ? ` (${t.alreadyClosed})` : ""}`}
              </label>
            );
          })}
          <button
            type="button"
            class="bw-s-btn bw-s-btn-primary"
            disabled={action.busy || chosen.length === 0 || picked.every((d) => closed.has(d))}
            onClick={importChosen}
          >
            {t.importHolidays}
          </button>
        </fieldset>
      )}
    </Part>
  );
}
