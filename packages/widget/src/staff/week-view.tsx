// The week view: a table with a row per calendar and a column per day, each cell listing that
// day's visits (time, client, status). A visit or a day header opens that day in the grid.
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { DayView, StaffAppointment, StaffClient } from "./api.js";
import { staffTextsEn, type Translate, translator } from "./i18n/index.js";
import { addDays, localParts } from "./layout.js";

/** Props of {@link WeekView}. */
export interface WeekViewProps {
  client: StaffClient;
  /** Monday of the week (`YYYY-MM-DD`). */
  from: string;
  calendarIds: readonly string[];
  hidden: ReadonlySet<string>;
  locale: string | undefined;
  /** Bumped to refetch (polling, own changes). */
  tick: number;
  nameOf: (a: StaffAppointment) => string;
  statusLabel: (status: string) => string;
  onOpenDay: (date: string, appointmentId?: string) => void;
  /** Called with the week's visits once they have loaded (the status bar counts them). */
  onLoaded?: ((appointments: StaffAppointment[]) => void) | undefined;
  /** The screen's texts (default English). */
  t?: Translate | undefined;
}

/**
 * Seven days of the visible calendars as a table.
 *
 * @example
 * <WeekView client={client} from="2026-03-09" calendarIds={["ana"]} … />
 */
export function WeekView(props: WeekViewProps): JSX.Element {
  const [view, setView] = useState<DayView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const to = addDays(props.from, 6);
  useEffect(() => {
    let stop = false;
    props.client
      .rangeView(props.from, to)
      .then((v) => {
        if (!stop) {
          setView(v);
          setError(null);
          props.onLoaded?.(v.appointments);
        }
      })
      .catch((e: unknown) => !stop && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      stop = true;
    };
  }, [props.client, props.from, props.tick]);
  if (error) {
    return (
      <div class="bw-s-error" role="alert">
        {(props.t ?? translator(staffTextsEn))("week.loadFailed", { error })}
      </div>
    );
  }
  if (!view) return <p class="bw-s-meta">{(props.t ?? translator(staffTextsEn))("app.loading")}</p>;
  const days = Array.from({ length: 7 }, (_, i) => addDays(props.from, i));
  const dayName = new Intl.DateTimeFormat(props.locale ?? "en", {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  });
  const calendars = view.calendars.filter((c) => props.calendarIds.includes(c.id));
  return (
    <div class="bw-s-scroll">
      <table class="bw-s-week">
        <caption class="bw-sr">
          Week of {dayName.format(new Date(`${props.from}T12:00:00Z`))}
        </caption>
        <thead>
          <tr>
            <th scope="col">Calendar</th>
            {days.map((d) => (
              <th scope="col" key={d}>
                <button type="button" class="bw-s-link" onClick={() => props.onOpenDay(d)}>
                  {dayName.format(new Date(`${d}T12:00:00Z`))}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {calendars.map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.name}</th>
              {days.map((d) => {
                const list = view.appointments
                  .filter(
                    (a) =>
                      a.calendarIds.includes(c.id) &&
                      localParts(a.start).date === d &&
                      !props.hidden.has(a.status),
                  )
                  .sort((a, b) => a.start.localeCompare(b.start));
                return (
                  <td key={d}>
                    <ul>
                      {list.map((a) => (
                        <li key={a.id}>
                          <button
                            type="button"
                            class={`bw-s-chip bw-s-st-${a.status}`}
                            onClick={() => props.onOpenDay(d, a.id)}
                          >
                            {a.start.slice(11, 16)} {props.nameOf(a)}
                            <span class="bw-s-sep">, </span>
                            <span class="bw-s-chip-status">{props.statusLabel(a.status)}</span>
                          </button>
                        </li>
                      ))}
                    </ul>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
