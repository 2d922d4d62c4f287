import { memberViolations } from "./members.js";
import {
  assignResources,
  busyViolations,
  type CalendarIndex,
  hoursViolations,
  type PreparedState,
  providerFitViolations,
  resourceFitViolations,
  resourceTimeViolations,
  timeViolations,
} from "./state.js";
import { type Violation, type ViolationCode, violation } from "./types.js";

/** Options of {@link evaluateProvider}. */
export interface EvaluateOptions {
  locationId: string | undefined;
  /** Rooms / equipment chosen by the caller; `undefined` lets the engine assign them. */
  resourceIds: readonly string[] | undefined;
  ignore: ReadonlySet<ViolationCode>;
}

/**
 * Every violation of booking `provider` (and its rooms / equipment) for `[start, end)`: the single
 * source of truth behind both `checkBooking` and `computeSlots`.
 */
export function evaluateProvider(
  state: PreparedState,
  provider: CalendarIndex,
  start: number,
  end: number,
  options: EvaluateOptions,
): { violations: Violation[]; resourceIds: string[] } {
  const violations: Violation[] = [
    ...providerFitViolations(state.service, provider.calendar, options.locationId),
  ];
  if (provider.calendar.kind !== "provider") return { violations, resourceIds: [] };
  violations.push(...timeViolations(state, provider, start));
  violations.push(...hoursViolations(state, provider, start, end, true));
  violations.push(...busyViolations(state, provider, start, end, options.ignore).violations);
  violations.push(...memberViolations(state, provider, start, end, options.ignore));
  let resourceIds: string[];
  if (options.resourceIds === undefined) {
    const assigned = assignResources(state, provider.calendar, start, end, options.ignore);
    resourceIds = assigned.resourceIds;
    violations.push(...assigned.violations);
  } else {
    resourceIds = [...options.resourceIds];
    violations.push(
      ...givenResourceViolations(state, provider, start, end, resourceIds, options.ignore),
    );
  }
  return { violations: violations.filter((v) => !options.ignore.has(v.code)), resourceIds };
}

function givenResourceViolations(
  state: PreparedState,
  provider: CalendarIndex,
  start: number,
  end: number,
  resourceIds: readonly string[],
  ignore: ReadonlySet<ViolationCode>,
): Violation[] {
  const out: Violation[] = [];
  // Kinds still to fill, one entry per calendar needed (a service may need two of a kind).
  const needed = [...state.service.resourceKinds];
  const seen = new Set<string>();
  for (const id of resourceIds) {
    if (seen.has(id)) {
      out.push(
        violation("WRONG_CALENDAR_KIND", `Calendar ${id} is listed twice.`, { calendarId: id }),
      );
      continue;
    }
    seen.add(id);
    const index = state.calendars.get(id);
    if (!index || id === provider.calendar.id) {
      out.push(
        index
          ? violation(
              "WRONG_CALENDAR_KIND",
              `Calendar ${id} is the provider, not a room or equipment.`,
              { calendarId: id },
            )
          : violation("UNKNOWN_CALENDAR", `There is no calendar ${id}.`, { calendarId: id }),
      );
      continue;
    }
    const kind = index.calendar.resourceKind;
    const wanted = kind !== undefined && needed.includes(kind) ? kind : "\u0000";
    const fit = resourceFitViolations(
      index.calendar,
      wanted === "\u0000" ? undefined : wanted,
      provider.calendar.locationId,
      state.service.discipline,
    );
    if (wanted === "\u0000") {
      out.push(
        violation("WRONG_CALENDAR_KIND", `Calendar ${id} is not a resource this service needs.`, {
          calendarId: id,
        }),
      );
      continue;
    }
    needed.splice(needed.indexOf(wanted), 1);
    out.push(...fit, ...resourceTimeViolations(state, index, start, end, ignore));
  }
  for (const kind of needed) {
    out.push(violation("MISSING_RESOURCE", `The service needs a ${kind}.`));
  }
  return out;
}
