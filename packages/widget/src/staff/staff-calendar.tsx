// biome-ignore-all lint/a11y/useSemanticElements: an ARIA grid laid out with CSS grid (a table cannot hold the absolutely placed, overlapping blocks); groups of buttons are not form fieldsets
// biome-ignore-all lint/a11y/useFocusableInteractive: roving tabindex: only the active cell (or its blocks) is tabbable, rows and headers are not focus targets
// The staff calendar: the clinic's day in a grid, a column per calendar the credentials may see,
// 15-minute rows, shifts shaded, breaks hatched, appointments as blocks (side by side when they
// overlap), a status bar with toggles, a side panel to book, change the status, read notes and
// the audit trail, and moving by pointer or keyboard. Talks only to the staff API.
import type { JSX } from "preact";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { newIdempotencyKey } from "../api/client.js";
import {
  type AuditEntry,
  createStaffClient,
  type DayView,
  type MoveInput,
  type Overrides,
  STATUSES,
  StaffApiError,
  type StaffAppointment,
  type StaffCalendar,
  type StaffClient,
  type StaffClientOptions,
  type StaffMe,
  type StaffNote,
  type StaffService,
  type StaffViolation,
  type StatusAction,
} from "./api.js";
import { type FindQuery, FindTime } from "./find-time.js";
import {
  formatDateTime,
  formatMoney,
  staffLocaleOf,
  staffTextsEn,
  type Translate,
  translator,
  useStaffTexts,
} from "./i18n/index.js";
import {
  addDays,
  hoursOn,
  instantOf,
  isoWeekday,
  localParts,
  type Placed,
  placeLanes,
  STEP,
  todayIn,
  visibleRange,
  wallTime,
} from "./layout.js";
import { PanelActions, ServiceSelect, SidePanel } from "./panel.js";
import { type FoundPatient, PatientSearch } from "./patient-search.js";
import { ROW_PX } from "./styles.js";
import { RepeatVisit, VisitMoney, violationText } from "./visit-extras.js";
import { WeekView } from "./week-view.js";

/** Options of the staff calendar. */
export interface StaffCalendarOptions extends StaffClientOptions {
  /** BCP 47 language for dates (labels are English for now). */
  locale?: string | undefined;
  /** The first day shown (`YYYY-MM-DD`); default today in the clinic's zone. */
  date?: string | undefined;
  /** Seconds between refreshes of the day (default 20; 0 turns polling off). */
  pollSeconds?: number | undefined;
}

export { STATUSES };

/** English texts until the screen's language has loaded (and for code outside a component). */
const EN = translator(staffTextsEn);

/** The status actions in the panel's order. */
const ACTIONS: readonly StatusAction[] = [
  "confirm",
  "arrive",
  "start",
  "complete",
  "no_show",
  "cancel",
  "rollback",
];

const actionLabel = (action: StatusAction, t: Translate) =>
  t(`action.${action}` as "action.confirm");

/** A column of the grid. */
interface Column {
  id: string;
  name: string;
  kind: string;
  member?: { id: string; name: string };
  calendar: StaffCalendar | undefined;
}

/**
 * The day view's calendars in its order, except that one person's calendars (a member with a
 * calendar per site) stand together, at the place of the first of them.
 */
function groupedByMember<T extends { member?: { id: string } }>(list: readonly T[]): T[] {
  const out: T[] = [];
  const placed = new Set<T>();
  for (const c of list) {
    if (placed.has(c)) continue;
    const group = c.member ? list.filter((o) => o.member?.id === c.member?.id) : [c];
    for (const g of group) placed.add(g);
    out.push(...group);
  }
  return out;
}

type Side =
  | { kind: "create"; column: number; minutes: number; serviceId?: string }
  | { kind: "appointment"; id: string }
  | { kind: "find" }
  | null;

/** A refused change the user may retry with overrides. */
interface Refusal {
  message: string;
  violations: StaffViolation[];
  soft: boolean;
  retry: ((overrides: Overrides) => Promise<void>) | null;
}

const statusLabel = (s: string, t: Translate = EN) => t(`status.${s}` as "status.booked");

/** The mark that tells statuses apart without colour (Booked ○, Confirmed ✓…). */
const STATUS_MARK: Record<string, string> = {
  booked: "○",
  confirmed: "✓",
  arrived: "●",
  started: "▶",
  completed: "✔",
  no_show: "✕",
  canceled: "—",
  rebooked: "↷",
};

function refusalOf(error: unknown, retry: Refusal["retry"]): Refusal {
  if (StaffApiError.is(error)) {
    const violations = error.violations;
    const soft = violations.length > 0 && violations.every((v) => v.severity === "soft");
    return { message: error.message, violations, soft, retry: soft ? retry : null };
  }
  return { message: String(error), violations: [], soft: false, retry: null };
}

function RefusalBox(props: {
  refusal: Refusal;
  action: string;
  t: Translate;
  calendarName: (id: string) => string | undefined;
  onDone?: () => void;
}) {
  const { refusal, t } = props;
  const [busy, setBusy] = useState(false);
  // Why the override itself failed (network, or refused harder meanwhile): said, never dropped.
  const [failed, setFailed] = useState<string | null>(null);
  const retry = refusal.retry;
  return (
    <div class={refusal.soft ? "bw-s-warn" : "bw-s-error"} role="alert">
      <p>
        <strong>{refusal.soft ? t("refusal.warning") : t("refusal.notPossible")}</strong>
        {refusal.message}
      </p>
      {refusal.violations.length > 0 && (
        <ul>
          {refusal.violations.map((v) => (
            <li key={v.code} data-code={v.code}>
              {violationText(v, t, props.calendarName)}{" "}
              <span class="bw-s-meta">
                {v.severity === "soft" ? t("refusal.soft") : t("refusal.hard")}
              </span>
            </li>
          ))}
        </ul>
      )}
      {retry && (
        <button
          type="button"
          class="bw-s-btn bw-s-btn-primary"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setFailed(null);
            try {
              await retry(refusal.violations.map((v) => v.code));
              props.onDone?.();
            } catch (error) {
              setFailed(refusalOf(error, null).message);
            } finally {
              setBusy(false);
            }
          }}
        >
          {t("refusal.override", { action: props.action })}
        </button>
      )}
      {failed && (
        <p>
          <strong>{t("refusal.overrideFailed", { action: props.action })}</strong>
          {failed}
        </p>
      )}
    </div>
  );
}

function describeEffects(
  effects: ReadonlyArray<{ type: string; reason?: string; count?: number }>,
) {
  const out: string[] = [];
  for (const e of effects) {
    const n = e.count ?? 0;
    const charges = `${n} charge${n === 1 ? "" : "s"}`;
    if (e.type === "charges_added")
      out.push(`${charges} added${e.reason ? ` (${e.reason})` : ""}.`);
    else if (e.type === "charges_voided") out.push(`${charges} voided.`);
  }
  return out.join(" ");
}

function timeRange(a: { start: string; end: string }): string {
  return `${a.start.slice(11, 16)}–${a.end.slice(11, 16)}`;
}

/** Shortest visit a resize makes, and the step of a pointer resize, in minutes. */
const FINE = 5;

/** A visit's length in minutes. */
const lengthOf = (a: { start: string; end: string }) =>
  Math.round((Date.parse(a.end) - Date.parse(a.start)) / 60_000);

/** Follows a pointer drag on the window (the dragged block re-renders under it) until it ends. */
function followPointer(
  event: PointerEvent,
  onMove: (e: PointerEvent) => void,
  onEnd: () => void,
): void {
  const view = (event.currentTarget as HTMLElement).ownerDocument.defaultView ?? window;
  const end = () => {
    view.removeEventListener("pointermove", onMove);
    view.removeEventListener("pointerup", end);
    view.removeEventListener("pointercancel", end);
    onEnd();
  };
  view.addEventListener("pointermove", onMove);
  view.addEventListener("pointerup", end);
  view.addEventListener("pointercancel", end);
}

/**
 * The staff calendar component (mounted by `mountStaffCalendar`).
 *
 * @example
 * render(<StaffCalendarApp options={{ api, apiKey }} />, container);
 */
export function StaffCalendarApp(props: {
  options: StaffCalendarOptions;
  /** The staff app's client (else one is made from `options`). */
  client?: StaffClient | undefined;
  /** The clinic's zone and currency when the staff app knows them. */
  clinic?: { timeZone: string; currency: string } | undefined;
  /** Opens a patient's card (the staff app's Patients section). */
  onOpenPatient?: ((clientId: string) => void) | undefined;
}): JSX.Element {
  const { options } = props;
  const client = useMemo(() => props.client ?? createStaffClient(options), [options, props.client]);
  const t = useStaffTexts(staffLocaleOf(options.locale));
  const [me, setMe] = useState<StaffMe | null>(null);
  const [calendars, setCalendars] = useState<StaffCalendar[]>([]);
  const [services, setServices] = useState<StaffService[]>([]);
  const [clients, setClients] = useState<Map<string, string>>(new Map());
  const [view, setView] = useState<DayView | null>(null);
  const [date, setDate] = useState<string | null>(options.date ?? null);
  // The day last asked for: an answer for another day (a slow poll, a quick click on › ›) that
  // arrives later is dropped instead of replacing the day on screen.
  const wantedDate = useRef(date);
  wantedDate.current = date;
  const [error, setError] = useState<string | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set(["canceled", "rebooked"]));
  const [side, setSide] = useState<Side>(null);
  const [active, setActive] = useState({ row: 0, col: 0 });
  const [moving, setMoving] = useState<{ id: string; col: number; minutes: number } | null>(null);
  const [moveRefusal, setMoveRefusal] = useState<Refusal | null>(null);
  const [refusedAction, setRefusedAction] = useState<"move" | "resize">("move");
  // A pending new length (keyboard or pointer resize), shown before it is saved.
  const [resizing, setResizing] = useState<{ id: string; length: number } | null>(null);
  const [announce, setAnnounce] = useState("");
  const [location, setLocation] = useState("");
  const [mode, setMode] = useState<"day" | "week">("day");
  const [tick, setTick] = useState(0);
  const [discipline, setDiscipline] = useState("");
  const [findQuery, setFindQuery] = useState<FindQuery | null>(null);
  // Calendars shown or hidden by hand (remembered on this device); the others follow the default.
  const [chosen, setChosen] = useState<Record<string, boolean>>(readChosenCalendars);
  const [weekAppointments, setWeekAppointments] = useState<StaffAppointment[] | null>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  /** Idempotency keys of bookings sent without an answer, by body. */
  const unanswered = useRef(new Map<string, string>());
  const focusGrid = useRef(false);
  const dragging = useRef<{ id: string; x: number; y: number; moved: boolean } | null>(null);

  // Who am I, the calendars' hours, services and client names.
  useEffect(() => {
    let stop = false;
    Promise.all([client.me(), client.calendars(), client.services()])
      .then(([who, cals, svcs]) => {
        if (stop) return;
        setMe(who);
        setCalendars(cals);
        setServices(svcs);
      })
      .catch((e: unknown) => !stop && setError(t("cal.loadFailed", { error: String(e) })));
    return () => {
      stop = true;
    };
  }, [client]);

  const loadClients = useCallback(() => {
    client
      .clients()
      .then((list) => setClients(new Map(list.map((c) => [c.id, c.name]))))
      .catch(() => undefined);
  }, [client]);
  useEffect(loadClients, [loadClients]);

  const refresh = useCallback(async () => {
    const zoneDate = date;
    try {
      const day = await client.dayView(zoneDate ?? todayIn("UTC"));
      if (wantedDate.current !== zoneDate) return;
      if (!zoneDate) {
        // The first load learns the clinic's zone; show its today.
        const today = todayIn(day.timeZone);
        setDate(today);
        if (today !== day.from) return;
      }
      setView(day);
      setError(null);
      if (day.appointments.some((a) => a.clientId && !clients.has(a.clientId))) loadClients();
    } catch (e) {
      setError(t("cal.dayFailed", { error: e instanceof Error ? e.message : String(e) }));
    }
  }, [client, date, clients, loadClients]);

  useEffect(() => {
    void refresh();
  }, [date]);

  useEffect(() => {
    const seconds = options.pollSeconds ?? 20;
    if (seconds <= 0) return;
    const timer = setInterval(() => {
      if (dragging.current) return;
      setTick((t) => t + 1);
      void refresh();
    }, seconds * 1000);
    return () => clearInterval(timer);
  }, [refresh, options.pollSeconds]);

  const zone = view?.timeZone ?? "UTC";
  const day = date ?? view?.from ?? "";
  const allColumns: Column[] = useMemo(
    () =>
      groupedByMember(view?.calendars ?? []).map((c) => ({
        ...c,
        calendar: calendars.find((full) => full.id === c.id),
      })),
    [view, calendars],
  );
  const locations = [
    ...new Set(allColumns.flatMap((c) => (c.calendar?.locationId ? [c.calendar.locationId] : []))),
  ].sort();
  const disciplines = [...new Set(allColumns.flatMap((c) => c.calendar?.disciplines ?? []))].sort();
  const dayVisits = view?.appointments ?? [];
  const shownByDefault = (c: Column) => {
    if (c.calendar?.active === false) return false;
    if (c.kind !== "provider" || !c.calendar) return true;
    if (dayVisits.some((a) => a.calendarIds.includes(c.id))) return true;
    return hoursOn(c.calendar, day, zone).shifts.length > 0;
  };
  const isShown = (c: Column) => chosen[c.id] ?? shownByDefault(c);
  const columns: Column[] = useMemo(
    () =>
      allColumns.filter(
        (c) =>
          isShown(c) &&
          (!location || c.calendar?.locationId === location) &&
          (!discipline ||
            (c.calendar?.disciplines ?? []).includes(discipline) ||
            (c.kind !== "provider" && (c.calendar?.disciplines ?? []).length === 0)),
      ),
    [allColumns, location, discipline, chosen, view, day, zone],
  );
  const dayAppointments = useMemo(
    () => (view?.appointments ?? []).filter((a) => localParts(a.start).date === day),
    [view, day],
  );
  const shown = useMemo(
    () => dayAppointments.filter((a) => !hidden.has(a.status)),
    [dayAppointments, hidden],
  );
  const range = useMemo(
    () =>
      visibleRange(
        columns.flatMap((c) => (c.calendar ? [c.calendar] : [])),
        day,
        shown,
      ),
    [columns, day, shown],
  );
  const rows = useMemo(() => {
    const out: number[] = [];
    for (let m = range.start; m < range.end; m += STEP) out.push(m);
    return out;
  }, [range]);

  // Blocks per column, with the moving one shown at its pending place.
  const placed = useMemo(() => {
    const perColumn = columns.map((column, ci) => {
      const list = shown
        .map((a) => {
          if (moving && a.id === moving.id) {
            if (ci !== moving.col) return null;
            // The real length (a visit past midnight or over a clock change is not end − start).
            const length = lengthOf(a);
            return {
              ...a,
              start: `${day}T${wallTime(moving.minutes)}:00`,
              end: `${day}T${wallTime(Math.min(24 * 60, moving.minutes + Math.max(length, STEP)))}:00`,
            };
          }
          if (!a.calendarIds.includes(column.id)) return null;
          if (resizing && a.id === resizing.id) {
            const from = localParts(a.start).minutes;
            return {
              ...a,
              end: `${day}T${wallTime(Math.min(24 * 60, from + resizing.length))}:00`,
            };
          }
          return a;
        })
        .filter((a): a is StaffAppointment => a !== null);
      return placeLanes(list, day);
    });
    return perColumn;
  }, [columns, shown, moving, resizing, day]);

  const rowOf = (minutes: number) =>
    Math.max(0, Math.min(rows.length - 1, Math.floor((minutes - range.start) / STEP)));

  const nameOf = (a: StaffAppointment) =>
    a.contact?.name ?? (a.clientId ? clients.get(a.clientId) : undefined) ?? t("cal.noClient");
  const serviceOf = (id: string) => services.find((s) => s.id === id)?.name ?? id;
  // New visits only for services the server has not archived; past ones keep their names above.
  const bookable = services.filter((s) => s.active !== false);
  const labelOf = (a: StaffAppointment) =>
    `${timeRange(a)} ${nameOf(a)}, ${serviceOf(a.serviceId)}, ${statusLabel(a.status, t).toLowerCase()}`;

  // Keep focus on the active cell (or its first block) after keyboard navigation; a layout effect,
  // so the next key press already lands on the re-rendered element.
  useLayoutEffect(() => {
    if (!focusGrid.current) return;
    focusGrid.current = false;
    const grid = gridRef.current;
    const target =
      grid?.querySelector<HTMLElement>(`[data-cell="${active.row}:${active.col}"] .bw-s-block`) ??
      grid?.querySelector<HTMLElement>(`[data-cell="${active.row}:${active.col}"]`);
    target?.focus();
  });

  const dayLabel = day
    ? new Intl.DateTimeFormat(options.locale ?? "en", {
        weekday: "long",
        day: "numeric",
        month: "long",
        year: "numeric",
        timeZone: "UTC",
      }).format(new Date(`${day}T12:00:00Z`))
    : "";

  const afterChange = async (message: string) => {
    setAnnounce(message);
    setTick((t) => t + 1);
    await refresh();
  };

  async function commitMove(
    appointment: StaffAppointment,
    fromCol: number,
    col: number,
    minutes: number,
  ) {
    const target = columns[col];
    const source = columns[fromCol];
    if (!target) return;
    const body: { start: string; providerId?: string; resourceIds?: string[] } = {
      start: instantOf(day, minutes, zone),
    };
    if (target.id !== source?.id) {
      if (target.kind === "provider") body.providerId = target.id;
      else body.resourceIds = [target.id];
    }
    const where = `${wallTime(minutes)}, ${target.name}`;
    await sendMove(appointment, body, "move", `Move to ${where}`, `Moved to ${where}`);
  }

  /** Sends a move or resize; a refusal names `intent` and offers "Override and …" when soft. */
  async function sendMove(
    appointment: StaffAppointment,
    body: MoveInput,
    action: "move" | "resize",
    intent: string,
    done: string,
  ) {
    const send = async (overrides?: Overrides) => {
      await client.move(appointment.id, overrides ? { ...body, overrides } : body);
      setMoveRefusal(null);
      setSide(null);
      await afterChange(done);
    };
    setRefusedAction(action);
    try {
      await send();
      return true;
    } catch (e) {
      const refusal = refusalOf(e, (overrides) => send(overrides));
      setMoveRefusal({ ...refusal, message: `${intent}: ${refusal.message}` });
      setAnnounce(`The ${action} was refused`);
      return false;
    }
  }

  function commitResize(a: StaffAppointment, length: number) {
    const ends = wallTime(localParts(a.start).minutes + length);
    void sendMove(
      a,
      { start: a.start, durationMinutes: length },
      "resize",
      `Resize to end at ${ends} (${length} minutes)`,
      `Resized: ends ${ends}, ${length} minutes`,
    ).then((saved) => {
      // The resized visit is a new block in the same cell: keep the focus there.
      if (!saved) return;
      focusGrid.current = true;
      setActive((at) => ({ ...at }));
    });
  }

  /** Changes a pending resize by `delta` minutes (at least 5 minutes long, ending by midnight). */
  function stepResize(a: StaffAppointment, length: number, delta: number) {
    const from = localParts(a.start).minutes;
    const next = Math.max(FINE, Math.min(24 * 60 - from, length + delta));
    setResizing({ id: a.id, length: next });
    setAnnounce(`Ends ${wallTime(from + next)}, ${next} minutes. Enter saves, Escape cancels.`);
  }

  function startKeyboardResize(a: StaffAppointment, delta = 0) {
    setMoveRefusal(null);
    stepResize(a, lengthOf(a), delta);
  }

  function startKeyboardMove(a: StaffAppointment, col: number) {
    setMoving({ id: a.id, col, minutes: localParts(a.start).minutes });
    setMoveRefusal(null);
    setAnnounce(
      `Moving ${labelOf(a)}. Arrow keys move by 15 minutes or a column; Enter confirms, Escape cancels.`,
    );
  }

  function onGridKey(event: KeyboardEvent) {
    const { key } = event;
    const step = event.ctrlKey || event.metaKey ? FINE : STEP;
    if (resizing) {
      const a = shown.find((x) => x.id === resizing.id);
      if (!a) return;
      if (key === "ArrowDown") stepResize(a, resizing.length, step);
      else if (key === "ArrowUp") stepResize(a, resizing.length, -step);
      else if (key === "Escape") {
        setResizing(null);
        setAnnounce("Resize canceled");
      } else if (key === "Enter") {
        setResizing(null);
        if (resizing.length !== lengthOf(a)) commitResize(a, resizing.length);
        else setAnnounce("Length unchanged");
      } else return;
      event.preventDefault();
      return;
    }
    const focusedId = event.target instanceof HTMLElement ? event.target.dataset.appointment : "";
    if (!moving && event.shiftKey && (key === "ArrowDown" || key === "ArrowUp") && focusedId) {
      const a = shown.find((x) => x.id === focusedId);
      if (a) {
        event.preventDefault();
        startKeyboardResize(a, key === "ArrowDown" ? step : -step);
      }
      return;
    }
    if (moving) {
      const a = shown.find((x) => x.id === moving.id);
      if (!a) return;
      let { col, minutes } = moving;
      if (key === "ArrowUp") minutes = Math.max(range.start, minutes - STEP);
      else if (key === "ArrowDown") minutes = Math.min(range.end - STEP, minutes + STEP);
      else if (key === "ArrowLeft") col = Math.max(0, col - 1);
      else if (key === "ArrowRight") col = Math.min(columns.length - 1, col + 1);
      else if (key === "Escape") {
        setMoving(null);
        setAnnounce("Move canceled");
        event.preventDefault();
        return;
      } else if (key === "Enter") {
        event.preventDefault();
        const fromCol = columns.findIndex((c) => a.calendarIds.includes(c.id));
        setMoving(null);
        void commitMove(a, Math.max(0, fromCol), col, minutes);
        return;
      } else return;
      event.preventDefault();
      setMoving({ id: a.id, col, minutes });
      setAnnounce(`${wallTime(minutes)}, ${columns[col]?.name ?? ""}`);
      focusGrid.current = true;
      setActive({ row: rowOf(minutes), col });
      return;
    }
    let { row, col } = active;
    if (key === "ArrowUp") row -= 1;
    else if (key === "ArrowDown") row += 1;
    else if (key === "ArrowLeft") col -= 1;
    else if (key === "ArrowRight") col += 1;
    else if (key === "Home") {
      col = 0;
      if (event.ctrlKey) row = 0;
    } else if (key === "End") {
      col = columns.length - 1;
      if (event.ctrlKey) row = rows.length - 1;
    } else if (key === "PageUp") row -= 4;
    else if (key === "PageDown") row += 4;
    else if ((key === "m" || key === "M") && event.target instanceof HTMLElement) {
      const id = event.target.dataset.appointment;
      const a = id ? shown.find((x) => x.id === id) : undefined;
      if (a) {
        event.preventDefault();
        startKeyboardMove(a, active.col);
      }
      return;
    } else return;
    event.preventDefault();
    focusGrid.current = true;
    setActive({
      row: Math.max(0, Math.min(rows.length - 1, row)),
      col: Math.max(0, Math.min(columns.length - 1, col)),
    });
  }

  // Pointer drag: the block re-renders in its pending cell while dragged, so the move and up
  // events are followed on the window, not on the (replaced) button.
  const suppressClick = useRef(false);
  const dragRef = useRef<{
    appointment: StaffAppointment;
    col: number;
    x: number;
    y: number;
    moved: boolean;
    pending: { col: number; minutes: number } | null;
  } | null>(null);
  const latest = useRef({ range, columns });
  latest.current = { range, columns };

  function columnAt(x: number): number {
    const heads = gridRef.current?.querySelectorAll<HTMLElement>("[data-column]") ?? [];
    let found = -1;
    heads.forEach((h, i) => {
      const r = h.getBoundingClientRect();
      if (x >= r.left && x < r.right) found = i;
    });
    return found;
  }

  /** Dragging the bottom edge of a block: a new end in 5-minute steps, saved on release. */
  function onResizePointerDown(event: PointerEvent, a: StaffAppointment) {
    const base = lengthOf(a);
    const y0 = event.clientY;
    let pending = base;
    let moved = false;
    dragging.current = { id: a.id, x: event.clientX, y: y0, moved: false };
    followPointer(
      event,
      (e) => {
        const dy = e.clientY - y0;
        if (!moved && Math.abs(dy) < 4) return;
        moved = true;
        const from = localParts(a.start).minutes;
        const delta = Math.round(dy / (ROW_PX / (STEP / FINE))) * FINE;
        pending = Math.max(FINE, Math.min(24 * 60 - from, base + delta));
        setResizing({ id: a.id, length: pending });
      },
      () => {
        dragging.current = null;
        setResizing(null);
        if (!moved) return;
        suppressClick.current = true;
        setTimeout(() => {
          suppressClick.current = false;
        }, 0);
        if (pending !== base) commitResize(a, pending);
      },
    );
  }

  function onBlockPointerDown(event: PointerEvent, a: StaffAppointment, col: number) {
    if (event.button !== 0 || moving || resizing) return;
    if ((event.target as HTMLElement).closest?.("[data-resize]")) {
      onResizePointerDown(event, a);
      return;
    }
    dragRef.current = {
      appointment: a,
      col,
      x: event.clientX,
      y: event.clientY,
      moved: false,
      pending: null,
    };
    dragging.current = { id: a.id, x: event.clientX, y: event.clientY, moved: false };
    const onMove = (e: PointerEvent) => {
      const drag = dragRef.current;
      if (!drag) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (!drag.moved && Math.hypot(dx, dy) < 6) return;
      drag.moved = true;
      const { range: r } = latest.current;
      const origin = localParts(drag.appointment.start).minutes;
      const minutes = Math.max(
        r.start,
        Math.min(r.end - STEP, origin + Math.round(dy / ROW_PX) * STEP),
      );
      const target = columnAt(e.clientX);
      drag.pending = { col: target >= 0 ? target : drag.col, minutes };
      setMoving({ id: drag.appointment.id, ...drag.pending });
    };
    const onUp = () => {
      const drag = dragRef.current;
      dragRef.current = null;
      dragging.current = null;
      setMoving(null);
      if (!drag?.moved || !drag.pending) return;
      // The click that follows a drag must not open the panel.
      suppressClick.current = true;
      setTimeout(() => {
        suppressClick.current = false;
      }, 0);
      const { col: to, minutes } = drag.pending;
      if (to === drag.col && minutes === localParts(drag.appointment.start).minutes) return;
      void commitMove(drag.appointment, drag.col, to, minutes);
    };
    followPointer(event, onMove, onUp);
  }

  function openCreate(row: number, col: number) {
    setActive({ row, col });
    setSide({ kind: "create", column: col, minutes: rows[row] ?? range.start });
  }

  function closeSide() {
    setSide(null);
    focusGrid.current = true;
    setActive({ ...active });
  }

  const selected =
    side?.kind === "appointment" ? dayAppointments.find((a) => a.id === side.id) : undefined;

  // The status bar counts what is on screen: the day, or in week view the week's visible calendars.
  const counted = useMemo(() => {
    if (mode !== "week" || !weekAppointments) return dayAppointments;
    const ids = new Set(columns.map((c) => c.id));
    return weekAppointments.filter((a) => a.calendarIds.some((id) => ids.has(id)));
  }, [mode, weekAppointments, dayAppointments, columns]);
  const counts = useMemo(() => {
    const map = new Map<string, number>();
    for (const a of counted) map.set(a.status, (map.get(a.status) ?? 0) + 1);
    return map;
  }, [counted]);
  const total = counted.filter((a) => a.status !== "canceled" && a.status !== "rebooked").length;
  const calendarName = (id: string) =>
    calendars.find((c) => c.id === id)?.name ?? view?.calendars.find((c) => c.id === id)?.name;

  return (
    <div class="bw-s">
      <div class="bw-s-bar">
        <h2 id="bw-s-title">{dayLabel || t("cal.title")}</h2>
        {me && (
          <span class="bw-s-meta">
            {me.role === "provider"
              ? columns.length === 1
                ? t("cal.providerOne")
                : t("cal.providerMany", { count: columns.length })
              : me.role === "manager"
                ? t("cal.managerAll")
                : t("cal.deskAll")}
          </span>
        )}
        <button
          type="button"
          class="bw-s-btn"
          aria-label={mode === "week" ? t("cal.prevWeek") : t("cal.prevDay")}
          onClick={() => day && setDate(addDays(day, mode === "week" ? -7 : -1))}
        >
          ‹
        </button>
        <button type="button" class="bw-s-btn" onClick={() => setDate(todayIn(zone))}>
          {t("cal.today")}
        </button>
        <button
          type="button"
          class="bw-s-btn"
          aria-label={mode === "week" ? t("cal.nextWeek") : t("cal.nextDay")}
          onClick={() => day && setDate(addDays(day, mode === "week" ? 7 : 1))}
        >
          ›
        </button>
        <label class="bw-s-date">
          <span class="bw-sr">{t("cal.date")}</span>
          <input
            type="date"
            value={day}
            onChange={(e) => {
              const v = (e.currentTarget as HTMLInputElement).value;
              if (/^\d{4}-\d{2}-\d{2}$/.test(v)) setDate(v);
            }}
          />
        </label>
        {locations.length > 1 && (
          <label class="bw-s-filter">
            {t("cal.location")}
            <select
              value={location}
              onChange={(e) => setLocation((e.currentTarget as HTMLSelectElement).value)}
            >
              <option value="">{t("cal.all")}</option>
              {locations.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </label>
        )}
        {disciplines.length > 1 && (
          <label class="bw-s-filter">
            {t("cal.discipline")}
            <select
              value={discipline}
              onChange={(e) => setDiscipline((e.currentTarget as HTMLSelectElement).value)}
            >
              <option value="">{t("cal.all")}</option>
              {disciplines.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
        )}
        {allColumns.length > 1 && (
          <details class="bw-s-cals">
            <summary class="bw-s-btn">
              {t("calendars.toggle", {
                shown: allColumns.filter(isShown).length,
                total: allColumns.length,
              })}
            </summary>
            <fieldset>
              <legend>{t("calendars.legend")}</legend>
              {allColumns.map((c) => {
                const note =
                  c.calendar?.active === false
                    ? t("calendars.inactive")
                    : c.kind === "provider" && c.calendar && !shownByDefault(c)
                      ? t("calendars.offShift")
                      : "";
                return (
                  <label key={c.id}>
                    <input
                      type="checkbox"
                      checked={isShown(c)}
                      onChange={(e) => {
                        const next = {
                          ...chosen,
                          [c.id]: (e.currentTarget as HTMLInputElement).checked,
                        };
                        setChosen(next);
                        writeChosenCalendars(next);
                      }}
                    />
                    {c.name}
                    {note && <span class="bw-s-meta"> ({note})</span>}
                  </label>
                );
              })}
            </fieldset>
          </details>
        )}
        <button
          type="button"
          class="bw-s-btn"
          aria-pressed={mode === "week"}
          onClick={() => setMode(mode === "week" ? "day" : "week")}
        >
          {t("cal.week")}
        </button>
        <button type="button" class="bw-s-btn" onClick={() => void afterChange(t("cal.updated"))}>
          {t("cal.refresh")}
        </button>
        <button
          type="button"
          class="bw-s-btn"
          onClick={() => {
            setMode("day");
            setSide({ kind: "find" });
          }}
        >
          {t("cal.find")}
        </button>
      </div>
      <div role="status" class="bw-sr">
        {announce}
      </div>
      {error && (
        <div class="bw-s-error" role="alert">
          {error}
        </div>
      )}
      {moveRefusal && (
        <RefusalBox
          refusal={moveRefusal}
          action={refusedAction}
          t={t}
          calendarName={calendarName}
          onDone={() => setMoveRefusal(null)}
        />
      )}
      {!view && !error && <p class="bw-s-meta">{t("app.loading")}</p>}
      {view && columns.length === 0 && <p>{t("cal.noCalendars")}</p>}
      {view && mode === "week" && day && (
        <WeekView
          client={client}
          from={addDays(day, 1 - isoWeekday(day))}
          calendarIds={columns.map((c) => c.id)}
          hidden={hidden}
          locale={options.locale}
          tick={tick}
          nameOf={nameOf}
          statusLabel={(status) => statusLabel(status, t)}
          onLoaded={setWeekAppointments}
          t={t}
          onOpenDay={(d, id) => {
            setMode("day");
            setDate(d);
            if (id) setSide({ kind: "appointment", id });
          }}
        />
      )}
      {view && mode === "day" && columns.length > 0 && (
        <div class="bw-s-body">
          <div class="bw-s-scroll">
            <div
              ref={gridRef}
              role="grid"
              aria-labelledby="bw-s-title"
              aria-rowcount={rows.length + 1}
              aria-colcount={columns.length + 1}
              aria-describedby="bw-s-help"
              class="bw-s-grid"
              style={{ "--cols": String(columns.length) }}
              onKeyDown={onGridKey}
            >
              <div role="row" class="bw-s-row bw-s-head" aria-rowindex={1}>
                <div role="columnheader" aria-colindex={1}>
                  <span class="bw-sr">{t("cal.time")}</span>
                </div>
                {columns.map((c, ci) => (
                  <div role="columnheader" key={c.id} data-column={c.id} aria-colindex={ci + 2}>
                    {c.name}
                    <span class="bw-s-kind">{c.kind}</span>
                    {c.member && c.member.name !== c.name && (
                      <span class="bw-s-kind">{c.member.name}</span>
                    )}
                  </div>
                ))}
              </div>
              {rows.map((minutes, ri) => (
                <div
                  role="row"
                  key={minutes}
                  class={`bw-s-row${minutes % 60 === 0 ? " bw-s-hour" : ""}`}
                  aria-rowindex={ri + 2}
                >
                  <div role="rowheader" class="bw-s-time" aria-colindex={1}>
                    {minutes % 60 === 0 ? (
                      wallTime(minutes)
                    ) : (
                      <span class="bw-sr">{wallTime(minutes)}</span>
                    )}
                  </div>
                  {columns.map((c, ci) => {
                    const hours = c.calendar ? hoursOn(c.calendar, day, zone) : null;
                    const inside = (list: Array<{ start: number; end: number }> | undefined) =>
                      (list ?? []).some((s) => minutes >= s.start && minutes < s.end);
                    const away = hours?.timeOff.find((s) => minutes >= s.start && minutes < s.end);
                    const closed = inside(hours?.closed) || away !== undefined;
                    const onShift = !closed && inside(hours?.shifts);
                    const onBreak = onShift && inside(hours?.breaks);
                    const blocks = (placed[ci] ?? []).filter(
                      (p) => rowOf(p.start) === ri && p.start < range.end,
                    );
                    const isActive =
                      Math.min(active.row, rows.length - 1) === ri &&
                      Math.min(active.col, columns.length - 1) === ci;
                    const state = away
                      ? `${t("cal.timeOff")}${away.reason ? ` (${away.reason})` : ""}`
                      : onBreak
                        ? t("cal.break")
                        : onShift
                          ? t("cal.onShift")
                          : t("cal.offShift");
                    return (
                      <div
                        role="gridcell"
                        key={c.id}
                        data-cell={`${ri}:${ci}`}
                        aria-colindex={ci + 2}
                        data-target={moving?.col === ci && rowOf(moving.minutes) === ri}
                        class={`bw-s-cell${onShift ? " bw-s-on" : ""}${onBreak ? " bw-s-break" : ""}${away ? " bw-s-away" : ""}`}
                        tabIndex={isActive && blocks.length === 0 ? 0 : -1}
                        onClick={(e) => {
                          if (e.target === e.currentTarget) openCreate(ri, ci);
                        }}
                        onKeyDown={(e) => {
                          if (e.target !== e.currentTarget || moving) return;
                          if (e.key === "Enter" || e.key === " ") {
                            e.preventDefault();
                            openCreate(ri, ci);
                          }
                        }}
                        onFocus={() => {
                          if (!isActive) setActive({ row: ri, col: ci });
                        }}
                      >
                        <span class="bw-sr">{`${c.name} ${wallTime(minutes)}, ${state}`}</span>
                        {blocks.map((p) => (
                          <Block
                            key={p.appointment.id}
                            placed={p}
                            top={((p.start - minutes) / STEP) * ROW_PX}
                            name={nameOf(p.appointment)}
                            service={serviceOf(p.appointment.serviceId)}
                            status={statusLabel(p.appointment.status, t)}
                            dragEnd={t("cal.dragEnd")}
                            tabbable={isActive}
                            moving={
                              moving?.id === p.appointment.id || resizing?.id === p.appointment.id
                            }
                            onFocus={() => {
                              if (!isActive) setActive({ row: ri, col: ci });
                            }}
                            onClick={() => {
                              if (suppressClick.current) {
                                suppressClick.current = false;
                                return;
                              }
                              if (moving) return;
                              setActive({ row: ri, col: ci });
                              setSide({ kind: "appointment", id: p.appointment.id });
                            }}
                            onPointerDown={(e) => onBlockPointerDown(e, p.appointment, ci)}
                          />
                        ))}
                      </div>
                    );
                  })}
                </div>
              ))}
            </div>
          </div>
          {side?.kind === "find" && (
            <FindTime
              client={client}
              services={bookable}
              calendars={allColumns.flatMap((c) =>
                c.kind === "provider"
                  ? [{ id: c.id, name: c.name, disciplines: c.calendar?.disciplines ?? [] }]
                  : [],
              )}
              day={day}
              locale={options.locale}
              query={findQuery}
              onQuery={setFindQuery}
              t={t}
              onClose={closeSide}
              onPick={(slot, serviceId) => {
                const at = localParts(slot.start);
                const col = allColumns.findIndex((c) => c.id === slot.providerId);
                if (col < 0) return;
                // The chosen calendar must be a column: the filters are cleared.
                setLocation("");
                setDiscipline("");
                setDate(at.date);
                setActive({ row: rowOf(at.minutes), col });
                setSide({ kind: "create", column: col, minutes: at.minutes, serviceId });
              }}
            />
          )}
          {side?.kind === "create" && columns[side.column] && (
            <CreatePanel
              column={columns[side.column] as Column}
              minutes={side.minutes}
              serviceId={side.serviceId}
              dayLabel={dayLabel}
              services={bookable}
              onClose={closeSide}
              client={client}
              t={t}
              locale={options.locale ?? "en"}
              zone={zone}
              currency={props.clinic?.currency ?? "EUR"}
              calendarName={calendarName}
              onOpenPatient={props.onOpenPatient}
              onBook={async (input) => {
                const column = columns[side.column] as Column;
                const clientId = input.clientId;
                const body = {
                  serviceId: input.serviceId,
                  ...(column.kind === "provider"
                    ? { providerId: column.id }
                    : { providerId: "any", resourceIds: [column.id] }),
                  start: instantOf(day, input.minutes, zone),
                  ...(clientId ? { clientId } : {}),
                  ...(input.overrides ? { overrides: input.overrides } : {}),
                };
                // A booking whose answer was lost (network failure: it may be booked) keeps its key,
                // so trying it again, even after other attempts, gets that booking back, not a
                // second one. Any answer from the server ends the key.
                const json = JSON.stringify(body);
                const key = unanswered.current.get(json) ?? newIdempotencyKey();
                unanswered.current.set(json, key);
                let booked: StaffAppointment;
                try {
                  booked = (await client.create(body, key)).appointment;
                  unanswered.current.clear();
                } catch (error) {
                  if (!(StaffApiError.is(error) && error.code === "NETWORK")) {
                    unanswered.current.delete(json);
                  }
                  throw error;
                }
                if (input.caseId) {
                  await client.request(
                    "PUT",
                    `/appointments/${encodeURIComponent(booked.id)}/case`,
                    {
                      body: { caseId: input.caseId },
                    },
                  );
                }
                setSide(null);
                loadClients();
                await afterChange(
                  t("book.booked", { time: wallTime(input.minutes), calendar: column.name }),
                );
              }}
            />
          )}
          {selected && (
            <AppointmentPanel
              appointment={selected}
              label={labelOf(selected)}
              name={nameOf(selected)}
              service={serviceOf(selected.serviceId)}
              calendars={selected.calendarIds.map(
                (id) => columns.find((c) => c.id === id)?.name ?? id,
              )}
              canAudit={me?.role !== "provider"}
              zone={zone}
              locale={options.locale}
              client={client}
              t={t}
              calendarName={calendarName}
              onOpenPatient={props.onOpenPatient}
              onClose={closeSide}
              onChanged={afterChange}
              onMove={(kind) => {
                const col = columns.findIndex((c) => selected.calendarIds.includes(c.id));
                if (kind === "move") startKeyboardMove(selected, Math.max(0, col));
                else startKeyboardResize(selected);
                focusGrid.current = true;
                setActive({
                  row: rowOf(localParts(selected.start).minutes),
                  col: Math.max(0, col),
                });
              }}
            />
          )}
        </div>
      )}
      <p id="bw-s-help" class="bw-s-meta" hidden={mode !== "day"}>
        {t("cal.help")}
      </p>
      {view && (
        <div class="bw-s-status" role="group" aria-label={t("cal.byStatus")}>
          <span>
            <strong>{t("cal.total", { count: total })}</strong>
          </span>
          {STATUSES.map((s) => (
            <button
              type="button"
              key={s}
              class={`bw-s-btn bw-s-toggle bw-s-st-${s}`}
              aria-pressed={!hidden.has(s)}
              onClick={() => {
                const next = new Set(hidden);
                if (next.has(s)) next.delete(s);
                else next.add(s);
                setHidden(next);
              }}
            >
              <span aria-hidden="true">{STATUS_MARK[s]}</span> {statusLabel(s, t)}{" "}
              <span>{counts.get(s) ?? 0}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

function Block(props: {
  placed: Placed;
  top: number;
  name: string;
  service: string;
  status: string;
  dragEnd: string;
  tabbable: boolean;
  moving: boolean;
  onFocus: () => void;
  onClick: () => void;
  onPointerDown: (e: PointerEvent) => void;
}) {
  const { placed: p } = props;
  const a = p.appointment;
  const height = Math.max(ROW_PX - 2, ((p.end - p.start) / STEP) * ROW_PX - 2);
  return (
    <button
      type="button"
      class={`bw-s-block bw-s-st-${a.status}`}
      data-appointment={a.id}
      data-moving={props.moving}
      tabIndex={props.tabbable ? 0 : -1}
      style={{
        top: `${props.top}px`,
        height: `${height}px`,
        // A strip on the right stays free: clicking it books an overlapping visit.
        left: `calc((100% - 24px) * ${p.lane / p.lanes} + 1px)`,
        width: `calc((100% - 24px) / ${p.lanes} - 2px)`,
      }}
      onFocus={props.onFocus}
      onClick={props.onClick}
      onPointerDown={props.onPointerDown}
    >
      <strong>
        {timeRange(a)} {props.name}
        <span class="bw-s-sep">, </span>
      </strong>
      <span>
        {props.service}
        <span class="bw-s-sep">, </span>
      </span>
      <span>
        <span aria-hidden="true" class="bw-s-mark">
          {STATUS_MARK[a.status]}{" "}
        </span>
        {props.status}
      </span>
      <span class="bw-s-grip" data-resize="true" aria-hidden="true" title={props.dragEnd} />
    </button>
  );
}

/** What the desk booking form sends. */
interface BookInput {
  serviceId: string;
  minutes: number;
  /** The patient (a new one is created by the form first). */
  clientId: string;
  /** A case other than the patient's general one. */
  caseId?: string | undefined;
  overrides?: Overrides;
}

/** The patient card's part the booking form shows (`GET /v1/staff/clients/:id/summary`). */
interface PatientGlance {
  cases: Array<{ id: string; title: string; status: string; general: boolean }>;
  balance: { currency: string | null; outstanding: number };
  attendance?: { noShows: number; lastVisit: string | null };
}

function CreatePanel(props: {
  column: Column;
  minutes: number;
  serviceId?: string | undefined;
  dayLabel: string;
  services: StaffService[];
  client: StaffClient;
  t: Translate;
  locale: string;
  zone: string;
  currency: string;
  calendarName: (id: string) => string | undefined;
  onOpenPatient?: ((clientId: string) => void) | undefined;
  onClose: () => void;
  onBook: (input: BookInput) => Promise<void>;
}) {
  const { column, t } = props;
  const disciplines = column.calendar?.disciplines ?? [];
  const offered = props.services.filter(
    (s) =>
      column.kind !== "provider" ||
      disciplines.length === 0 ||
      !s.discipline ||
      disciplines.includes(s.discipline),
  );
  const [serviceId, setServiceId] = useState(props.serviceId ?? offered[0]?.id ?? "");
  const [picked, setPicked] = useState<FoundPatient | null>(null);
  const [glance, setGlance] = useState<PatientGlance | null>(null);
  const [caseId, setCaseId] = useState("");
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [phone, setPhone] = useState("");
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [duplicates, setDuplicates] = useState<FoundPatient[]>([]);
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    setGlance(null);
    setCaseId("");
    if (!picked) return;
    let live = true;
    props.client
      .request<PatientGlance>("GET", `/clients/${encodeURIComponent(picked.id)}/summary`)
      .then((g) => live && setGlance(g))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [picked?.id]);

  // A new patient is created first (POST /clients/intake), so that one who exists already (same
  // e-mail, phone or tax ID) is offered instead of entered twice; then they are the picked one.
  const created = useRef<FoundPatient | null>(null);
  const patientId = async (): Promise<string> => {
    if (picked) return picked.id;
    // A retry (override) after the patient was created books that patient.
    if (created.current) return created.current.id;
    const fields = {
      name: name.trim(),
      ...(email.trim() ? { email: email.trim() } : {}),
      ...(phone.trim() ? { phone: phone.trim() } : {}),
    };
    const answer = await props.client.request<{ client: FoundPatient }>("POST", "/clients/intake", {
      body: fields,
    });
    created.current = answer.client;
    setPicked(answer.client);
    setCreating(false);
    return answer.client.id;
  };
  const book = async (overrides?: Overrides) => {
    const clientId = await patientId();
    const general = glance?.cases.find((k) => k.general)?.id;
    const input: BookInput = {
      serviceId,
      minutes: props.minutes,
      clientId,
      ...(caseId && caseId !== general ? { caseId } : {}),
    };
    await props.onBook(overrides ? { ...input, overrides } : input);
  };
  const pick = (p: FoundPatient) => {
    setPicked(p);
    setCreating(false);
    setDuplicates([]);
  };
  const openCases = (glance?.cases ?? []).filter((k) => k.status === "open");
  const due = glance?.balance.outstanding ?? 0;
  return (
    <SidePanel
      id="bw-s-create"
      title={t("book.title")}
      focusKey={`${column.id}@${props.minutes}`}
      onClose={props.onClose}
    >
      <p class="bw-s-meta">
        {column.name}, {props.dayLabel}, {wallTime(props.minutes)}
      </p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!picked && !(creating && name.trim())) return;
          if (!picked && !email.trim() && !phone.trim()) {
            setMissing(true);
            return;
          }
          setMissing(false);
          setBusy(true);
          setRefusal(null);
          try {
            await book();
          } catch (error) {
            if (StaffApiError.is(error) && error.code === "DUPLICATE_CLIENT") {
              const found = (error.problem as { duplicates?: FoundPatient[] }).duplicates ?? [];
              setDuplicates(found);
            } else {
              setRefusal(refusalOf(error, (overrides) => book(overrides)));
            }
          } finally {
            setBusy(false);
          }
        }}
      >
        <ServiceSelect
          services={offered}
          value={serviceId}
          onChange={setServiceId}
          label={t("book.service")}
        />
        <fieldset class="bw-s-patient">
          <legend>{t("book.patient")}</legend>
          {picked ? (
            <div>
              <p>
                <strong>{picked.name}</strong>{" "}
                <span class="bw-s-meta">
                  {[picked.phone, picked.email].filter(Boolean).join(" · ")}
                </span>
              </p>
              {glance && (
                <ul class="bw-s-glance" aria-label={picked.name}>
                  <li data-field="balance">
                    {due > 0
                      ? t("book.balanceDue", {
                          amount: formatMoney(
                            due,
                            glance.balance.currency ?? props.currency,
                            props.locale,
                          ),
                        })
                      : t("book.noBalance")}
                  </li>
                  <li data-field="no-shows">
                    {t("book.noShows", { count: glance.attendance?.noShows ?? 0 })}
                  </li>
                  {glance.attendance?.lastVisit && (
                    <li>
                      {t("book.lastVisit", {
                        date: formatDateTime(glance.attendance.lastVisit, props.locale, props.zone),
                      })}
                    </li>
                  )}
                </ul>
              )}
              {openCases.length > 1 && (
                <label>
                  {t("book.case")}
                  <select
                    value={caseId || (openCases.find((k) => k.general)?.id ?? "")}
                    onChange={(e) => setCaseId((e.currentTarget as HTMLSelectElement).value)}
                  >
                    {openCases.map((k) => (
                      <option key={k.id} value={k.id}>
                        {k.general ? t("book.generalCase") : k.title}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <div class="bw-s-actions">
                <button type="button" class="bw-s-btn" onClick={() => setPicked(null)}>
                  {t("book.change")}
                </button>
                {props.onOpenPatient && (
                  <button
                    type="button"
                    class="bw-s-btn"
                    onClick={() => props.onOpenPatient?.(picked.id)}
                  >
                    {t("book.openCard")}
                  </button>
                )}
              </div>
            </div>
          ) : creating ? (
            <div class="bw-s-new">
              <label>
                {t("book.name")}
                <input
                  value={name}
                  required
                  autocomplete="off"
                  onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
                />
              </label>
              <label>
                {t("book.email")}
                <input
                  type="email"
                  value={email}
                  autocomplete="off"
                  onInput={(e) => setEmail((e.currentTarget as HTMLInputElement).value)}
                />
              </label>
              <label>
                {t("book.phone")}
                <input
                  type="tel"
                  value={phone}
                  autocomplete="off"
                  onInput={(e) => setPhone((e.currentTarget as HTMLInputElement).value)}
                />
              </label>
              {missing && (
                <p class="bw-s-error" role="alert">
                  {t("book.contactNeeded")}
                </p>
              )}
              {duplicates.length > 0 && (
                <div class="bw-s-warn" role="alert">
                  <p>{t("patients.duplicates")}</p>
                  <ul>
                    {duplicates.map((d) => (
                      <li key={d.id}>
                        <button type="button" class="bw-s-btn" onClick={() => pick(d)}>
                          {t("book.pick")}: {d.name}
                        </button>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </div>
          ) : (
            <>
              <PatientSearch
                client={props.client}
                t={t}
                id="bw-s-book-search"
                label={t("book.find")}
                pickPrefix={t("book.pick")}
                onPick={pick}
              />
              <button type="button" class="bw-s-btn" onClick={() => setCreating(true)}>
                {t("book.new")}
              </button>
            </>
          )}
        </fieldset>
        <PanelActions
          close={t("common.close")}
          submit={t("book.submit")}
          disabled={busy || !serviceId || (!picked && !(creating && name.trim()))}
          onClose={props.onClose}
        />
      </form>
      {refusal && (
        <RefusalBox
          refusal={refusal}
          action={t("book.submit").toLowerCase()}
          t={t}
          calendarName={props.calendarName}
        />
      )}
    </SidePanel>
  );
}

function AppointmentPanel(props: {
  appointment: StaffAppointment;
  label: string;
  name: string;
  service: string;
  calendars: string[];
  canAudit: boolean;
  zone: string;
  locale: string | undefined;
  client: ReturnType<typeof createStaffClient>;
  t: Translate;
  calendarName: (id: string) => string | undefined;
  onOpenPatient?: ((clientId: string) => void) | undefined;
  onClose: () => void;
  onChanged: (message: string) => Promise<void>;
  onMove: (kind: "move" | "resize") => void;
}) {
  const { appointment: a, client, t } = props;
  // The patient's phone and e-mail: the visit's contact, else the client record.
  const [contact, setContact] = useState<{ email?: string; phone?: string }>({});
  useEffect(() => {
    setContact({});
    if ((a.contact?.email && a.contact.phone) || !a.clientId) return;
    let live = true;
    client
      .request<{ client: { email?: string; phone?: string } }>(
        "GET",
        `/clients/${encodeURIComponent(a.clientId)}`,
      )
      .then((r) => live && setContact(r.client))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, a.id, a.clientId]);
  const phone = a.contact?.phone || contact.phone;
  const email = a.contact?.email || contact.email;
  const [notes, setNotes] = useState<StaffNote[] | null>(null);
  const [audit, setAudit] = useState<AuditEntry[] | null>(null);
  const [auditError, setAuditError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  const [text, setText] = useState("");

  const load = useCallback(() => {
    client
      .notes(a.id)
      .then(setNotes)
      .catch(() => setNotes([]));
    if (props.canAudit) {
      client
        .audit(a.id)
        .then((entries) => {
          setAudit(entries);
          setAuditError(null);
        })
        .catch((e: unknown) => setAuditError(e instanceof Error ? e.message : String(e)));
    }
  }, [client, a.id, props.canAudit]);
  useEffect(load, [load, a.status, a.version]);

  const allowed = ACTIONS.filter((x) => a.allowedActions.includes(x));
  const formatAt = (at: string) => {
    try {
      return new Intl.DateTimeFormat(props.locale ?? "en", {
        timeZone: props.zone,
        dateStyle: "short",
        timeStyle: "short",
      }).format(new Date(at));
    } catch {
      return at;
    }
  };
  return (
    <SidePanel id="bw-s-apt" title={props.name} focusKey={a.id} onClose={props.onClose}>
      <dl>
        <dt>{t("visit.time")}</dt>
        <dd>{timeRange(a)}</dd>
        <dt>{t("visit.service")}</dt>
        <dd>{props.service}</dd>
        <dt>{t("visit.status")}</dt>
        <dd>
          <span aria-hidden="true">{STATUS_MARK[a.status]} </span>
          {statusLabel(a.status, t)}
        </dd>
        <dt>{t("visit.calendars")}</dt>
        <dd>{props.calendars.join(", ")}</dd>
        {phone && (
          <>
            <dt>{t("patients.phone")}</dt>
            <dd>
              <a href={`tel:${phone.replace(/\s+/g, "")}`}>{phone}</a>
            </dd>
          </>
        )}
        {email && (
          <>
            <dt>{t("patients.email")}</dt>
            <dd>
              <a href={`mailto:${email}`}>{email}</a>
            </dd>
          </>
        )}
        {a.patientMessage && (
          <>
            <dt>{t("visit.message")}</dt>
            <dd>{a.patientMessage}</dd>
          </>
        )}
      </dl>
      {a.clientId && props.onOpenPatient && (
        <p>
          <button
            type="button"
            class="bw-s-link"
            onClick={() => a.clientId && props.onOpenPatient?.(a.clientId)}
          >
            {t("book.openCard")}
          </button>
        </p>
      )}
      <h4>{t("visit.status")}</h4>
      <div class="bw-s-actions" role="group" aria-label={t("visit.statusActions")}>
        {allowed.length === 0 && <span class="bw-s-meta">{t("visit.noStatusChange")}</span>}
        {allowed.map((action) => (
          <button
            type="button"
            key={action}
            disabled={busy}
            class={`bw-s-btn${action === "cancel" || action === "no_show" ? " bw-s-btn-danger" : ""}`}
            onClick={async () => {
              setBusy(true);
              setProblem(null);
              try {
                const result = await client.status(a.id, action);
                const effects = describeEffects(result?.effects ?? []);
                setNotice(effects);
                await props.onChanged(`${actionLabel(action, t)}: done. ${effects}`.trim());
              } catch (e) {
                const err = StaffApiError.is(e) ? e : null;
                setProblem(
                  err?.problem.allowedActions
                    ? `${err.message} (allowed: ${err.problem.allowedActions.join(", ")})`
                    : String(err?.message ?? e),
                );
              } finally {
                setBusy(false);
              }
            }}
          >
            {actionLabel(action, t)}
          </button>
        ))}
      </div>
      {problem && (
        <div class="bw-s-error" role="alert">
          {problem}
        </div>
      )}
      {notice && <p class="bw-s-warn">{notice}</p>}
      <div class="bw-s-actions">
        {a.status !== "canceled" && a.status !== "rebooked" && (
          <>
            <button type="button" class="bw-s-btn" onClick={() => props.onMove("move")}>
              {t("visit.moveKeyboard")}
            </button>
            <button type="button" class="bw-s-btn" onClick={() => props.onMove("resize")}>
              {t("visit.resizeKeyboard")}
            </button>
          </>
        )}
        <button type="button" class="bw-s-btn" onClick={props.onClose}>
          {t("common.close")}
        </button>
      </div>
      <h4>{t("visit.caseAndPackage")}</h4>
      <VisitMoney client={client} appointment={a} t={t} />
      {a.status !== "canceled" && a.status !== "rebooked" && (
        <>
          <h4>{t("visit.copyRepeat")}</h4>
          <RepeatVisit
            client={client}
            appointment={a}
            zone={props.zone}
            locale={props.locale}
            onBooked={props.onChanged}
            t={t}
            calendarName={props.calendarName}
          />
        </>
      )}
      <h4>{t("visit.notes")}</h4>
      {notes === null ? (
        <p class="bw-s-meta">{t("app.loading")}</p>
      ) : notes.length === 0 ? (
        <p class="bw-s-meta">{t("visit.noNotes")}</p>
      ) : (
        <ul class="bw-s-list">
          {notes.map((n) => (
            <li key={n.id}>
              {n.text}
              {n.author && <span class="bw-s-meta"> — {n.author}</span>}
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!text.trim()) return;
          await client.addNote(a.id, text.trim());
          setText("");
          load();
        }}
      >
        <label>
          {t("visit.addNote")}
          <textarea
            rows={2}
            value={text}
            onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </label>
        <button type="submit" class="bw-s-btn">
          {t("visit.saveNote")}
        </button>
      </form>
      <h4>{t("visit.history")}</h4>
      {!props.canAudit ? (
        <p class="bw-s-meta">{t("visit.noAudit")}</p>
      ) : auditError ? (
        <p class="bw-s-meta">{t("visit.auditFailed", { error: auditError })}</p>
      ) : (
        <ul class="bw-s-list" aria-label={t("visit.auditTrail")}>
          {(audit ?? []).map((entry) => (
            <li key={entry.seq}>
              <span class="bw-s-meta">{formatAt(entry.at)} </span>
              {entry.action}
              {typeof entry.detail.to === "string" ? ` → ${entry.detail.to}` : ""}
              <span class="bw-s-meta"> · {entry.actor}</span>
            </li>
          ))}
        </ul>
      )}
    </SidePanel>
  );
}

const CHOSEN_KEY = "bookwell.staff.calendars";

/** The calendars shown or hidden by hand on this device (`{ id: shown }`). */
function readChosenCalendars(): Record<string, boolean> {
  try {
    const raw = globalThis.localStorage?.getItem(CHOSEN_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (!parsed || typeof parsed !== "object") return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((e): e is [string, boolean] => typeof e[1] === "boolean"),
    );
  } catch {
    return {};
  }
}

function writeChosenCalendars(chosen: Record<string, boolean>): void {
  try {
    globalThis.localStorage?.setItem(CHOSEN_KEY, JSON.stringify(chosen));
  } catch {
    // Storage full or blocked: the choice lasts until the page closes.
  }
}
