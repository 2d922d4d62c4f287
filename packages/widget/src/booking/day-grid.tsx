import type { JSX } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { useWidget } from "../context.js";
import { addDays, addMonths, clampDay, monthWeeks, weekBounds } from "../lib/dates.js";

/** Props of {@link DayGrid}. */
export interface DayGridProps {
  /** The month shown ("YYYY-MM"). */
  month: string;
  /** Free times per day of the month, `null` while loading. */
  counts: ReadonlyMap<string, number> | null;
  today: string;
  /** The first bookable day (never before `today`). */
  minDay: string;
  maxDay: string;
  selected: string | null;
  /** The day that holds the roving tabindex (and keyboard focus once the grid has it). */
  active: string;
  firstDayOfWeek: number;
  labelledBy: string;
  describedBy?: string;
  /** Keyboard moved the active day (it may be in another month). */
  onMove(day: string): void;
  onSelect(day: string): void;
}

/**
 * The next active day for an APG date-grid key, or `null` when the key is not a grid key.
 * Arrows move by a day or a week, Home/End to the week's ends, PageUp/PageDown by a month,
 * Shift+PageUp/PageDown by a year; the result is clamped to [min, max].
 *
 * @example
 * gridKeyTarget("2026-03-04", { key: "PageDown", shiftKey: false }, 1, "2026-03-01", "2027-03-01"); // "2026-04-04"
 */
export function gridKeyTarget(
  day: string,
  event: { key: string; shiftKey: boolean },
  firstDayOfWeek: number,
  min: string,
  max: string,
): string | null {
  let next: string;
  switch (event.key) {
    case "ArrowLeft":
      next = addDays(day, -1);
      break;
    case "ArrowRight":
      next = addDays(day, 1);
      break;
    case "ArrowUp":
      next = addDays(day, -7);
      break;
    case "ArrowDown":
      next = addDays(day, 7);
      break;
    case "Home":
      next = weekBounds(day, firstDayOfWeek)[0];
      break;
    case "End":
      next = weekBounds(day, firstDayOfWeek)[1];
      break;
    case "PageUp":
      next = addMonths(day, event.shiftKey ? -12 : -1);
      break;
    case "PageDown":
      next = addMonths(day, event.shiftKey ? 12 : 1);
      break;
    default:
      return null;
  }
  return clampDay(next, min, max);
}

/**
 * A month of days as a WAI-ARIA grid with a roving tabindex; each day is a button named
 * "Tuesday 3 March, 4 times free" (or "no times"), days without times are aria-disabled.
 *
 * @example
 * <DayGrid month="2026-03" counts={counts} today="2026-03-02" active="2026-03-03" … />
 */
export function DayGrid(props: DayGridProps): JSX.Element {
  const { i18n } = useWidget();
  const table = useRef<HTMLTableElement>(null);
  const keyboard = useRef(false);
  const weeks = monthWeeks(props.month, props.firstDayOfWeek);

  useEffect(() => {
    if (!keyboard.current) return;
    keyboard.current = false;
    const button = table.current?.querySelector<HTMLButtonElement>(`[data-day="${props.active}"]`);
    button?.focus();
  }, [props.active, props.month]);

  function onKeyDown(day: string, event: KeyboardEvent) {
    const target = gridKeyTarget(day, event, props.firstDayOfWeek, props.minDay, props.maxDay);
    if (target === null) return;
    event.preventDefault();
    keyboard.current = true;
    if (target === day) {
      (event.currentTarget as HTMLElement).focus();
      keyboard.current = false;
      return;
    }
    props.onMove(target);
  }

  const headers = Array.from({ length: 7 }, (_, i) => (props.firstDayOfWeek + i) % 7);

  return (
    // The APG date picker puts role=grid on the month's table (arrow keys move between days, and
    // screen readers switch to focus mode); each gridcell holds the day's button.
    <table
      ref={table}
      // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: APG date grid pattern
      role="grid"
      class="bw-grid"
      aria-labelledby={props.labelledBy}
      aria-describedby={props.describedBy}
      aria-busy={props.counts === null ? "true" : undefined}
    >
      <thead>
        <tr>
          {headers.map((index) => (
            <th scope="col" key={index}>
              <span aria-hidden="true">{i18n.weekdayName(index, "short")}</span>
              <span class="bw-sr">{i18n.weekdayName(index, "long")}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week.find((d) => d) ?? "w"}>
            {week.map((day, i) => {
              if (!day) return <td key={`empty-${i}`} class="bw-empty" />;
              const bookable = day >= props.minDay && day <= props.maxDay;
              const count = bookable ? (props.counts?.get(day) ?? 0) : 0;
              const loading = props.counts === null && bookable;
              const parts = [i18n.dayLong(day)];
              if (!loading)
                parts.push(count > 0 ? i18n.plural(i18n.m.timesFree, count) : i18n.m.noTimes);
              if (day === props.today) parts.push(i18n.m.today);
              const selected = day === props.selected;
              if (selected) parts.push(i18n.m.selected);
              return (
                // biome-ignore lint/a11y/useFocusableInteractive: the day's button inside takes focus
                <td
                  key={day}
                  // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: APG date grid cell
                  role="gridcell"
                  aria-selected={selected ? "true" : "false"}
                >
                  <button
                    type="button"
                    class={`bw-day${count > 0 ? " bw-day-free" : ""}${selected ? " bw-day-selected" : ""}`}
                    data-day={day}
                    tabIndex={day === props.active ? 0 : -1}
                    aria-label={parts.join(", ")}
                    aria-disabled={count > 0 ? undefined : "true"}
                    aria-current={day === props.today ? "date" : undefined}
                    onKeyDown={(event) => onKeyDown(day, event)}
                    onClick={() => {
                      if (count > 0) props.onSelect(day);
                    }}
                  >
                    <span aria-hidden="true">{Number(day.slice(8))}</span>
                    {count > 0 ? <span class="bw-dot" aria-hidden="true" /> : null}
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
