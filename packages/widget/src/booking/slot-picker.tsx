import type { JSX } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import type { Service, Slot } from "../api/types.js";
import { useWidget } from "../context.js";
import type { I18n } from "../i18n/index.js";
import { addDays, addMonths, clampDay, dayKeyOf, firstDayOfWeek } from "../lib/dates.js";
import { ErrorMessage, Heading, Loading, useAsync } from "../ui/common.js";
import { DayGrid } from "./day-grid.js";
import {
  firstBookableDay,
  HORIZON_DAYS,
  monthSlots,
  nextMonthWithTimes,
  slotsByDay,
} from "./slots.js";
import { patientZoneIfDifferent } from "./when-noted.js";

/** The mark of a full class's time (this chunk's own words, so the language files stay as they are). */
const FULL: Record<I18n["language"], string> = { en: "Full", pt: "Sem vagas", es: "Sin plazas" };

/** A time that can be booked: anything but a full class (`remaining: 0`, from `includeFull`). */
const open = (slot: Slot) => slot.remaining !== 0;

/** Props of {@link SlotPicker}. */
export interface SlotPickerProps {
  serviceId: string;
  /** `"any"` or a provider id. */
  providerId: string;
  /** Day to open on ("YYYY-MM-DD"); default today. */
  initialDay?: string | undefined;
  /** Start of the slot being held right now (its button shows busy). */
  pending?: string | null;
  /** The service's notice and horizon: days before / after them are not offered or paged to. */
  limits?: Pick<Service, "leadTimeMinutes" | "horizonDays"> | null | undefined;
  /** Places per time: above 1 (a class) each time shows the places left (`Slot.remaining`). */
  capacity?: number | undefined;
  /** A manage token: the times to move that booking to (its own slots route). */
  token?: string | undefined;
  onPick(slot: Slot): void;
  /** Called once the first month's times have loaded and are shown. */
  onShown?: (() => void) | undefined;
}

/**
 * Month grid of days with free times, then the times of the chosen day as buttons, between the
 * first day the notice allows and the last day of the horizon (the months are paged no further).
 * Loading, the month's summary and the day's times are announced in the live region. A class's
 * full times are listed too, disabled and marked "Full" in words (not by colour only).
 *
 * @example
 * <SlotPicker serviceId="svc-massage" providerId="any" onPick={hold} />
 */
export function SlotPicker(props: SlotPickerProps): JSX.Element {
  const ctx = useWidget();
  const { i18n, clinic } = ctx;
  const zone = clinic.timeZone;
  const now = ctx.now();
  const today = dayKeyOf(now, zone);
  const minDay = firstBookableDay(ctx, props.limits);
  const maxDay = addDays(today, props.limits?.horizonDays ?? HORIZON_DAYS);
  const [active, setActive] = useState(clampDay(props.initialDay ?? minDay, minDay, maxDay));
  const [selected, setSelected] = useState<string | null>(null);
  const [moved, setMoved] = useState(false);
  const [jumps, setJumps] = useState(0);
  const month = active.slice(0, 7);
  // A class (more than one place) shows its full times too, disabled and marked "Full".
  const classes = (props.capacity ?? 1) > 1;
  const weekStart = useMemo(() => firstDayOfWeek(i18n.locale), [i18n.locale]);
  // Announced from the load itself (not an effect), so a later choice is never talked over.
  const [state, reload] = useAsync(
    async (signal) => {
      const title = i18n.monthTitle(month);
      const timer = setTimeout(() => ctx.announce(i18n.m.loadingTimes), 300);
      try {
        const slots = await monthSlots(
          ctx,
          props.serviceId,
          props.providerId,
          month,
          signal,
          props.token,
          classes,
        );
        const days = new Set(slots.filter(open).map((slot) => dayKeyOf(slot.start, zone))).size;
        if (!signal.aborted) {
          ctx.announce(
            days > 0
              ? i18n.plural(i18n.m.monthSummary, days, { month: title })
              : i18n.t(i18n.m.monthEmpty, { month: title }),
          );
        }
        return slots;
      } finally {
        clearTimeout(timer);
      }
    },
    [props.serviceId, props.providerId, props.token, month],
  );
  const shown = state.status === "ready";
  useEffect(() => {
    if (shown) props.onShown?.();
  }, [shown]);
  // Filtered on every render, not only when loaded: a time that passes while the page is open
  // disappears at the next interaction instead of staying on offer.
  const byDay =
    state.status === "ready"
      ? slotsByDay(
          state.data.filter((slot) => Date.parse(slot.start) > now),
          zone,
        )
      : null;
  // Days count their bookable times; a full class is listed on its day, but not counted.
  const counts =
    byDay &&
    new Map(
      [...byDay]
        .map(([day, list]) => [day, list.filter(open).length] as const)
        .filter(([, count]) => count > 0),
    );
  const firstFree = counts ? ([...counts.keys()].sort()[0] ?? null) : null;

  // Until the patient moves, the roving tabindex sits on the first day with free times.
  const tabbable = !moved && firstFree && firstFree.slice(0, 7) === month ? firstFree : active;

  // Until the patient chooses a day, the month's first day with free times (or the day asked
  // for, when it has some) is chosen for them, with its times shown: one step less.
  const wanted = props.initialDay && counts?.has(props.initialDay) ? props.initialDay : firstFree;
  const chosen =
    selected?.slice(0, 7) === month ? selected : wanted?.slice(0, 7) === month ? wanted : null;
  const daySlots = chosen && byDay ? (byDay.get(chosen) ?? []) : [];

  // The chosen day is kept across months only while its month is shown.
  const showTimes = chosen !== null && chosen.slice(0, 7) === month;
  const lastMonth = maxDay.slice(0, 7);
  // An empty month offers the next month that has free times, not merely the next month.
  const [ahead] = useAsync(
    (signal) =>
      counts && counts.size === 0
        ? nextMonthWithTimes(
            ctx,
            props.serviceId,
            props.providerId,
            month,
            lastMonth,
            signal,
            props.token,
          )
        : Promise.resolve(null),
    [state.status, month, props.serviceId, props.providerId, props.token],
  );
  const target = ahead.status === "ready" ? ahead.data : null;

  function select(day: string) {
    setSelected(day);
    setActive(day);
    setMoved(true);
    const count = counts?.get(day) ?? 0;
    ctx.announce(i18n.plural(i18n.m.timesLoaded, count, { date: i18n.dayLong(day) }));
  }

  function goMonth(delta: number) {
    goTo(addMonths(`${month}-01`, delta).slice(0, 7));
  }
  function goTo(next: string) {
    setActive(clampDay(`${next}-01`, minDay, maxDay));
    setMoved(false);
  }

  const monthId = ctx.id("month");
  const hintId = ctx.id("grid-hint");
  const timesId = ctx.id("times");
  const patientZone = patientZoneIfDifferent(zone, now);
  const nextMonth = addMonths(`${month}-01`, 1).slice(0, 7);
  const canPrev = month > minDay.slice(0, 7);
  const canNext = nextMonth <= maxDay.slice(0, 7);

  return (
    <div class="bw-picker">
      <div class="bw-month-bar">
        <button
          type="button"
          class="bw-icon-button"
          aria-label={i18n.m.previousMonth}
          aria-disabled={canPrev ? undefined : "true"}
          onClick={() => canPrev && goMonth(-1)}
        >
          <span aria-hidden="true">‹</span>
        </button>
        <Heading level={ctx.level.sub} id={monthId} focus={jumps}>
          {i18n.monthTitle(month)}
        </Heading>
        <button
          type="button"
          class="bw-icon-button"
          aria-label={i18n.m.nextMonth}
          aria-disabled={canNext ? undefined : "true"}
          aria-describedby={canNext ? undefined : hintId}
          onClick={() => canNext && goMonth(1)}
        >
          <span aria-hidden="true">›</span>
        </button>
      </div>
      <p class="bw-hint" id={hintId}>
        {i18n.m.calendarHint}
        {canNext ? "" : ` ${i18n.t(i18n.m.bookableUntil, { date: i18n.dayLong(maxDay) })}`}
      </p>
      {state.status === "error" ? <ErrorMessage error={state.error} onRetry={reload} /> : null}
      <DayGrid
        month={month}
        counts={state.status === "error" ? new Map() : counts}
        today={today}
        minDay={minDay}
        maxDay={maxDay}
        selected={chosen}
        active={tabbable}
        firstDayOfWeek={weekStart}
        labelledBy={monthId}
        describedBy={hintId}
        onMove={(day) => {
          setActive(day);
          setMoved(true);
        }}
        onSelect={select}
      />
      {state.status === "loading" ? <Loading label={i18n.m.loadingTimes} /> : null}
      {counts && counts.size === 0 ? (
        <div class="bw-empty-month">
          <p>{i18n.t(i18n.m.monthEmpty, { month: i18n.monthTitle(month) })}</p>
          {canNext ? (
            <button
              type="button"
              class="bw-button"
              onClick={() => {
                // This button goes away with the empty month: focus goes to the new month's title.
                goTo(target ?? nextMonth);
                setJumps(jumps + 1);
              }}
            >
              {i18n.t(i18n.m.showNextMonth, { month: i18n.monthTitle(target ?? nextMonth) })}
            </button>
          ) : null}
        </div>
      ) : null}
      {patientZone ? (
        <p class="bw-note">
          {i18n.t(i18n.m.zoneNote, {
            clinicZone: i18n.zoneName(zone),
            clinicNow: i18n.time(now),
            userZone: i18n.zoneName(patientZone),
          })}
        </p>
      ) : null}
      {showTimes && chosen ? (
        <section class="bw-times" aria-labelledby={timesId}>
          <Heading level={ctx.level.sub} id={timesId}>
            {i18n.t(i18n.m.timesOn, { date: i18n.dayLong(chosen) })}
          </Heading>
          <ul class="bw-time-list">
            {daySlots.map((slot) => {
              const isFull = !open(slot);
              const places = isFull
                ? FULL[i18n.language]
                : classes && slot.remaining !== undefined
                  ? i18n.plural(i18n.m.placesLeft, slot.remaining)
                  : null;
              const name = i18n.t(i18n.m.timeName, {
                start: i18n.time(slot.start),
                end: i18n.time(slot.end),
                date: i18n.dayLong(chosen),
              });
              const busy = props.pending === slot.start;
              return (
                <li key={`${slot.start}|${slot.providerId}`}>
                  <button
                    type="button"
                    class={isFull ? "bw-time bw-time-full" : "bw-time"}
                    aria-label={places ? `${name}, ${places}` : name}
                    aria-busy={busy ? "true" : undefined}
                    aria-disabled={props.pending || isFull ? "true" : undefined}
                    onClick={() => {
                      if (!props.pending && !isFull) props.onPick(slot);
                    }}
                  >
                    {i18n.time(slot.start)}
                    {places ? <span class="bw-time-places">{places}</span> : null}
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ) : counts && counts.size > 0 ? (
        <p class="bw-hint">{i18n.m.pickDayFirst}</p>
      ) : null}
    </div>
  );
}
