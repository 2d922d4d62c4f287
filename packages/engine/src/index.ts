// NOTE TO EVERY ENGINEER WORKING IN PARALLEL (temporary, the lead removes it): the "{COMMON}" and
// "{ENGINE_API}" placeholders in your task mean the files /tmp/common.md (shared rules: toolchain PATH,
// own-files-only, commit only your own paths, standards) and /tmp/engine-api.md (availability API).
// Read both now.
// Public surface of @bookwell/engine: explicit named exports only.

export type { EngineErrorCode, FieldIssue } from "./errors.js";
export { EngineError, isEngineError } from "./errors.js";
export type {
  Appointment,
  AppointmentInput,
  AppointmentStatus,
  Calendar,
  CalendarInput,
  CalendarKind,
  Channel,
  DateOverride,
  Hours,
  Money,
  Service,
  ServiceInput,
  TimeOff,
  TimeRange,
  WeeklyShift,
} from "./model.js";
export {
  appointmentSchema,
  appointmentStatusSchema,
  calendarKindSchema,
  calendarSchema,
  channelSchema,
  currencySchema,
  dateOverrideSchema,
  dateSchema,
  hoursSchema,
  instantSchema,
  moneySchema,
  RELEASING_STATUSES,
  serviceSchema,
  timeOffSchema,
  timeRangeSchema,
  timeZoneSchema,
  wallTimeSchema,
  weeklyShiftSchema,
} from "./model.js";

// --- availability (slots, booking checks) ---
export {
  bookingCheckSchema,
  checkBooking,
  computeSlots,
  SOFT_VIOLATIONS,
  slotQuerySchema,
  violationCodeSchema,
} from "./availability/index.js";
export type {
  Assignment,
  BookingCheck,
  BookingCheckRequest,
  Slot,
  SlotQuery,
  Violation,
  ViolationCode,
} from "./availability/index.js";
export { clockFor, formatDay, isoWeekday, parseDay, parseInstant, ZoneClock } from "./time/zoned.js";

// --- lifecycle (status machine) ---

// --- series (recurrence, copy, move, repeat, shift planning) ---

// --- billing, packages, policies ---

// --- reminders, reports ---
