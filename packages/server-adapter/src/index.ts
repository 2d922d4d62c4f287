// Public surface of @bookwell/server-adapter: explicit named exports only.

export type { BookwellApp, BookwellAppOptions } from "./app.js";
export { allRoutes, createBookwellApp } from "./app.js";
export { generateApiKey, generateManageToken, hashSecret } from "./auth/api-keys.js";
export type { AuthOptions } from "./auth/authenticate.js";
export type { AuthCallback, Principal, Role } from "./auth/principal.js";
export { canAccessAppointment, canAccessCalendar, ROLES } from "./auth/principal.js";
export type { PasswordCost } from "./auth/passwords.js";
export { DEFAULT_PASSWORD_COST, hashPassword, verifyPassword } from "./auth/passwords.js";
export type { StaffAccountOptions, StaffAccountSettings } from "./auth/staff-sessions.js";
export {
  resolveStaffAccounts,
  STAFF_CSRF_HEADER,
  STAFF_SESSION_COOKIE,
} from "./auth/staff-sessions.js";
export { totpCode } from "./auth/totp.js";
export { firstManagerLink, STAFF_INVITE_ROW_TYPE } from "./commands/staff-accounts.js";
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
export {
  localizeProblem,
  negotiateProblemLocale,
  PROBLEM_LOCALES,
  type ProblemLocale,
} from "./problems-i18n/index.js";
export { bookwellAuthentication } from "./middleware/authentication.js";
export type { BodyLimitOptions } from "./middleware/body-limit.js";
export { bookwellBodyLimit } from "./middleware/body-limit.js";
export type { BookwellMiddleware, BookwellMiddlewareChain } from "./middleware/chain.js";
export { defaultMiddlewareChain } from "./middleware/chain.js";
export { bookwellCors } from "./middleware/cors.js";
export type { ErrorHandlerOptions } from "./middleware/error-handler.js";
export { bookwellErrorHandler } from "./middleware/error-handler.js";
export { bookwellIdempotency } from "./middleware/idempotency.js";
export { resolvePublicClinic } from "./middleware/public-clinic.js";
export type {
  RateLimitDecision,
  RateLimitMiddlewareOptions,
  RateLimitOptions,
  RateLimitStore,
} from "./middleware/rate-limit.js";
export { bookwellRateLimit, TokenBucketStore } from "./middleware/rate-limit.js";
export { bookwellValidation } from "./middleware/validation.js";
export type { HoldLimitOptions, HoldLimitRule } from "./services/hold-limits.js";
export type {
  BookwellEnv,
  BookwellMiddlewareHandler,
  BookwellVariables,
} from "./middleware/variables.js";
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
export type { AnyRouteSpec, HttpMethod, Reply, RouteInput, RouteSpec } from "./routes/define.js";
export type {
  AppContext,
  BookwellEvent,
  IdempotencyHandle,
  Notifier,
  RequestContext,
} from "./services/context.js";
export * from "./storage/index.js";
