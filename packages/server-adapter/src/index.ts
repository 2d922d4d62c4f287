// Public surface of @bookwell/server-adapter: explicit named exports only.

export type { BookwellAppOptions } from "./app.js";
export { allRoutes, createBookwellApp } from "./app.js";
export { generateApiKey, generateManageToken, hashSecret } from "./auth/api-keys.js";
export type { AuthOptions } from "./auth/authenticate.js";
export type { AuthCallback, Principal, Role } from "./auth/principal.js";
export { canAccessAppointment, canAccessCalendar, ROLES } from "./auth/principal.js";
export type {
  BookwellErrorOptions,
  ProblemCode,
  ProblemDocument,
  ProblemFieldError,
} from "./errors.js";
export {
  BookwellError,
  isBookwellError,
  PROBLEM_CODES,
  problemDocument,
  problemResponse,
  toBookwellError,
} from "./errors.js";
export type {
  RateLimitDecision,
  RateLimitOptions,
  RateLimitStore,
} from "./middleware/rate-limit.js";
export { TokenBucketStore } from "./middleware/rate-limit.js";
export type {
  Housekeeper,
  HousekeepingOptions,
  HousekeepingResult,
} from "./housekeeping.js";
export { startHousekeeping } from "./housekeeping.js";
export type { OpenApiInfo } from "./openapi/document.js";
export { buildOpenApiDocument } from "./openapi/document.js";
export type {
  BookingCreatedResponse,
  CancelResponse,
  ClinicResponse,
  HoldResponse,
  ManageResponse,
  ProvidersResponse,
  PublicBooking,
  PublicPolicy,
  ServicesResponse,
  SlotsResponse,
} from "./routes/schemas/public.js";
export * from "./notify/index.js";
export * from "./services/back-office/index.js";
export type { BookwellEvent, Notifier } from "./services/context.js";
export * from "./storage/index.js";
