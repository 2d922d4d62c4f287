import { z } from "zod";

/** Every reason a booking can be refused or warned about. */
export const violationCodeSchema = z.enum([
  "PAST",
  "LEAD_TIME",
  "HORIZON",
  "OFF_GRID",
  "OUTSIDE_SHIFT",
  "IN_BREAK",
  "OVERLAP",
  "BUFFER",
  "CAPACITY",
  "DISCIPLINE_MISMATCH",
  "LOCATION_MISMATCH",
  "SERVICE_NOT_OFFERED",
  "WRONG_CALENDAR_KIND",
  "MISSING_RESOURCE",
  "UNKNOWN_CALENDAR",
  "CALENDAR_INACTIVE",
  "SERVICE_INACTIVE",
  "NOT_BOOKABLE_ONLINE",
  "NO_PROVIDER",
  "MEMBER_BUSY",
  "TRAVEL_TIME",
  "MEMBER_LIMIT",
]);
/** Every reason a booking can be refused or warned about. */
export type ViolationCode = z.infer<typeof violationCodeSchema>;

/**
 * Soft violations are ones staff may knowingly override (a squeeze-in, a visit outside hours);
 * hard ones can never be overridden. Online bookings treat every violation as blocking.
 */
export const SOFT_VIOLATIONS: ReadonlySet<ViolationCode> = new Set<ViolationCode>([
  "PAST",
  "LEAD_TIME",
  "HORIZON",
  "OFF_GRID",
  "OUTSIDE_SHIFT",
  "IN_BREAK",
  "OVERLAP",
  "BUFFER",
  "CAPACITY",
  "MEMBER_BUSY",
  "TRAVEL_TIME",
  "MEMBER_LIMIT",
]);

/** One reason a booking is refused (hard) or needs a staff override (soft). */
export interface Violation {
  code: ViolationCode;
  severity: "hard" | "soft";
  message: string;
  /** The calendar the violation is about, when it is about one. */
  calendarId?: string;
  /** The existing appointment it collides with, for `OVERLAP`, `BUFFER` and `CAPACITY`. */
  appointmentId?: string;
}

/** A free start time with the calendars that would be booked. */
export interface Slot {
  /** Start, ISO-8601 in the provider calendar's zone, e.g. `2026-03-09T09:30:00-04:00`. */
  start: string;
  /** End (start + duration), ISO-8601 in the same zone. */
  end: string;
  startMs: number;
  endMs: number;
  providerId: string;
  /** Rooms / equipment that would be held, in the order of the service's `resourceKinds`. */
  resourceIds: string[];
  /** Provider first, then resources. */
  calendarIds: string[];
  /** Places left at this start (capacity − booked): ≥ 1, or 0 when staff `ignore` `CAPACITY`. */
  remaining: number;
}

/** Who would be booked: the provider and the rooms / equipment. */
export interface Assignment {
  providerId: string;
  resourceIds: string[];
  calendarIds: string[];
}

/** The verdict of {@link checkBooking}. */
export interface BookingCheck {
  /** True when nothing blocks the booking in its channel (after staff overrides). */
  ok: boolean;
  /** Every violation found, hard and soft. */
  violations: Violation[];
  /** The violations that block the booking in its channel. */
  blocking: Violation[];
  /** The calendars that were checked (the one chosen, for "any"); `null` when none could be. */
  assignment: Assignment | null;
  start: string;
  end: string;
  startMs: number;
  endMs: number;
}

/** Builds a violation with its severity. */
export function violation(
  code: ViolationCode,
  message: string,
  extra: { calendarId?: string | undefined; appointmentId?: string | undefined } = {},
): Violation {
  const v: Violation = { code, severity: SOFT_VIOLATIONS.has(code) ? "soft" : "hard", message };
  if (extra.calendarId !== undefined) v.calendarId = extra.calendarId;
  if (extra.appointmentId !== undefined) v.appointmentId = extra.appointmentId;
  return v;
}
