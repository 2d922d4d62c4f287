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

// --- lifecycle (status machine) ---

// --- series (recurrence, copy, move, repeat, shift planning) ---

// --- billing, packages, policies ---

// --- reminders, reports ---
