// Public surface of @bookwell/widget/staff: the staff app, the staff calendar and its API client. Importing it
// has no side effects; the patient entry (@bookwell/widget) never imports this folder.

export {
  type AppointmentStatus,
  type AuditEntry,
  type CreateAppointmentInput,
  createStaffClient,
  type DayView,
  type FindSlotsQuery,
  type MoveInput,
  type Overrides,
  StaffApiError,
  type StaffAppointment,
  type StaffCalendar,
  type StaffClient,
  type StaffClientInfo,
  type StaffClientOptions,
  type StaffMe,
  type StaffNote,
  type StaffProblem,
  type StaffService,
  type StaffSlot,
  type StaffViolation,
  type StatusAction,
  type StatusEffect,
} from "./api.js";
export { hashOf, routeFromHash, type StaffAppOptions, sectionsFor } from "./app.js";
export {
  formatMoney,
  loadStaffTexts,
  type StaffTexts,
  staffLocaleOf,
} from "./i18n/index.js";
export { type SignInTexts, signInTexts } from "./i18n/sign-in.js";
export {
  type MountedStaffCalendar,
  mountStaffApp,
  mountStaffCalendar,
  staffOptionsFromAttributes,
} from "./mount.js";
export type {
  StaffLocale,
  StaffRoute,
  StaffSectionId,
  StaffSectionProps,
} from "./sections/contract.js";
export {
  createSessionClient,
  inviteTokenFrom,
  type SessionClient,
  type SessionClientOptions,
  type SignInStep,
  STAFF_CSRF_HEADER,
  type StaffSessionInfo,
  type StaffSessionUser,
} from "./session-client.js";
export { SignIn, type SignInProps } from "./sign-in.js";
export { STATUSES, type StaffCalendarOptions } from "./staff-calendar.js";
