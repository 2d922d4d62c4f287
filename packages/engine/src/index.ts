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
  MemberLimit,
  MemberLimitInput,
  MemberRules,
  MemberRulesInput,
  Money,
  Service,
  ServiceInput,
  TimeOff,
  TimeRange,
  Travel,
  TravelInput,
  WeeklyShift,
} from "./model.js";
export {
  appointmentSchema,
  appointmentStatusSchema,
  calendarKindSchema,
  calendarSchema,
  channelSchema,
  currencySchema,
  DATE_YEARS,
  dateOverrideSchema,
  dateSchema,
  hoursSchema,
  idSchema,
  instantSchema,
  memberLimitSchema,
  memberRulesSchema,
  moneySchema,
  RELEASING_STATUSES,
  serviceSchema,
  timeOffSchema,
  timeRangeSchema,
  timeZoneSchema,
  travelMinutes,
  travelSchema,
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
export {
  canonicalZone,
  clockFor,
  formatDay,
  isoWeekday,
  parseDay,
  parseInstant,
  ZoneClock,
} from "./time/zoned.js";

// --- lifecycle (status machine) ---
export type {
  Actor,
  BillingItemInput,
  ServiceRules,
  ServiceRulesInput,
  TransitionContext,
  TransitionContextInput,
} from "./lifecycle/context.js";
export {
  actorSchema,
  billingItemSchema,
  moveTargetSchema,
  serviceRulesSchema,
  transitionContextSchema,
} from "./lifecycle/context.js";
export type {
  AppointmentCreatedEvent,
  AuditEvent,
  ChargesAddedEvent,
  ChargesVoidedEvent,
  CreditNoteNeededEvent,
  NotificationDueEvent,
  PackageDeductedEvent,
  PackageRestoredEvent,
  TransitionError,
  TransitionErrorCode,
  TransitionEvent,
  TransitionNotificationKind,
  TransitionResult,
} from "./lifecycle/events.js";
export type { StatusCount, StatusCounts, StatusCountsInput } from "./lifecycle/status-counts.js";
export { countStatuses, HIDDEN_BY_DEFAULT } from "./lifecycle/status-counts.js";
export type { AppointmentAction } from "./lifecycle/table.js";
export {
  APPOINTMENT_ACTIONS,
  allowedActions,
  appointmentActionSchema,
  FINAL_STATUSES,
  nextStatus,
  TRANSITIONS,
} from "./lifecycle/table.js";
export { transition } from "./lifecycle/transition.js";

// --- series (recurrence, copy, move, repeat, shift planning) ---
export type { PlanCopyMoveRequest } from "./series/copy-move.js";
export {
  appointmentsOnDate,
  MOVABLE_STATUSES,
  planCopy,
  planCopyMoveSchema,
  planMove,
  planSourceSchema,
  planTargetSchema,
} from "./series/copy-move.js";
export type { PlanBookingsRequest, PlanSeriesRequest } from "./series/plan-series.js";
export {
  appointmentFieldsSchema,
  planBookings,
  planBookingsSchema,
  planSeries,
  planSeriesSchema,
} from "./series/plan-series.js";
export type {
  AppointmentDraft,
  ConfirmMode,
  ConfirmResult,
  Plan,
  PlanAlternative,
  PlanItem,
  PlanKind,
  Rebooking,
} from "./series/planner.js";
export { confirmPlan, planAppointmentId, planBaseSchema } from "./series/planner.js";
export type { Occurrence, Recurrence, RecurrenceInput } from "./series/recurrence.js";
export {
  expandRecurrence,
  MAX_OCCURRENCES,
  MAX_OCCURRENCES_LIMIT,
  parseRecurrence,
  recurrenceSchema,
} from "./series/recurrence.js";
export type {
  CalendarShiftPlan,
  PlanShiftsRequest,
  ShiftConflict,
  ShiftPlan,
} from "./series/shift-plan.js";
export { planShifts, planShiftsSchema, shiftPatternRowSchema } from "./series/shift-plan.js";

// --- billing, packages, policies ---
export type {
  BalanceFigures,
  CaseBalance,
  ClientBalance,
  InvoiceBalance,
  InvoiceBalanceInput,
  InvoiceStatus,
} from "./billing/balance.js";
export { caseBalance, clientBalance, invoiceBalance } from "./billing/balance.js";
export type { ChargeError, ChargeErrorCode, ChargeOutcome, ChargePatch } from "./billing/charge.js";
export { chargeAmounts, createCharge, editCharge, voidCharge } from "./billing/charge.js";
export type {
  CreditNoteError,
  CreditNoteErrorCode,
  IssueCreditNoteInput,
  IssueCreditNoteOutcome,
} from "./billing/credit-note.js";
export { issueCreditNote } from "./billing/credit-note.js";
export type {
  CreditNote,
  CreditNoteLine,
  DeepReadonly,
  Invoice,
  InvoiceLine,
  TaxSummary,
} from "./billing/documents.js";
export {
  creditNoteLineSchema,
  creditNoteSchema,
  invoiceLineSchema,
  invoiceSchema,
  summarizeTaxes,
  taxSummarySchema,
} from "./billing/documents.js";
export type {
  InvoiceError,
  InvoiceErrorCode,
  IssueInvoiceInput,
  IssueInvoiceOutcome,
} from "./billing/invoice.js";
export { issueInvoice } from "./billing/invoice.js";
export { currencyMinorDigits, isCurrencyCode, minorUnitsToDecimal } from "./billing/currency.js";
export type { LedgerInput } from "./billing/ledger.js";
export { ledgerSchema } from "./billing/ledger.js";
export {
  basisPointsSchema,
  money,
  nonNegativeMoneySchema,
  positiveMoneySchema,
  signedMoneySchema,
} from "./billing/money.js";
export type { DocumentNumber } from "./billing/numbering.js";
export {
  formatDocumentNumber,
  nextDocumentNumber,
  parseDocumentNumber,
} from "./billing/numbering.js";
export type { Slice, VisitMoneyState, VisitPaymentStatus } from "./billing/paid.js";
export { allocatePayments, visitPaymentStatus } from "./billing/paid.js";
export type { RefundError } from "./billing/payment.js";
export { createPayment, createRefund } from "./billing/payment.js";
export { divRoundHalfUp, percentOfAmount } from "./billing/rounding.js";
export type {
  Charge,
  ChargeInput,
  ChargeSource,
  ChargeStatus,
  ClinicParty,
  NumberingInput,
  Party,
  Payment,
  PaymentInput,
  PaymentKind,
  PaymentMethod,
} from "./billing/schemas.js";
export {
  chargeSchema,
  chargeSourceSchema,
  chargeStatusSchema,
  clinicPartySchema,
  numberingSchema,
  partySchema,
  paymentKindSchema,
  paymentMethodSchema,
  paymentSchema,
} from "./billing/schemas.js";
export type { LineAmounts, TaxableLine } from "./billing/tax.js";
export { lineAmounts } from "./billing/tax.js";
export type { PackageBalance } from "./packages/balance.js";
export { packageBalance } from "./packages/balance.js";
export { packagePricing } from "./packages/pricing.js";
export { packageRefundAmount, refundPackage } from "./packages/refund.js";
export type { PackageSaleInput } from "./packages/sale.js";
export { packageSaleCharge } from "./packages/sale.js";
export type {
  PackagePricing,
  PackageUse,
  SessionPackage,
  SessionPackageInput,
} from "./packages/schema.js";
export { packageSchema, packageUseSchema } from "./packages/schema.js";
export type { PackageState } from "./packages/state.js";
export { createPackage, remainingSessions } from "./packages/state.js";
export type {
  PackageError,
  PackageErrorCode,
  PackageOutcome,
  PackageUseInput,
} from "./packages/use.js";
export { checkPackageUse, restorePackageSession, usePackageSession } from "./packages/use.js";
export type {
  BookingTerms,
  BookingTermsInput,
  CancellationInput,
  CancellationReason,
  CancellationVerdict,
  OnlineChangeReason,
  RescheduleInput,
  RescheduleVerdict,
} from "./policies/cancellation.js";
export {
  bookingTerms,
  termsInputSchema,
  CHANGEABLE_STATUSES,
  evaluateCancellation,
  evaluateReschedule,
} from "./policies/cancellation.js";
export { feeFor } from "./policies/fee.js";
export type {
  DepositRule,
  OnlinePaymentDue,
  OnlinePaymentRule,
} from "./policies/online-payment.js";
export {
  depositRuleSchema,
  onlinePaymentDue,
  onlinePaymentRuleSchema,
} from "./policies/online-payment.js";
export type { OnlineBookingBlockInput, OnlineBookingBlockVerdict } from "./policies/no-show.js";
export { evaluateOnlineBookingBlock, noShowFee } from "./policies/no-show.js";
export type {
  CancellationPolicy,
  CancellationPolicyInput,
  FeeRule,
  OnlineBookingBlockRuleInput,
} from "./policies/schemas.js";
export {
  cancellationPolicySchema,
  feeRuleSchema,
  onlineBookingBlockRuleSchema,
} from "./policies/schemas.js";

// --- reminders, reports ---
export type {
  ChangeEvent,
  ChangeMessage,
  CoalescedMessages,
  CoalesceRequest,
} from "./reminders/coalesce.js";
export {
  changeEventSchema,
  coalesceNotifications,
  coalesceRequestSchema,
} from "./reminders/coalesce.js";
export type {
  ReminderRequest,
  ReminderSchedule,
  ReminderSkipReason,
  ScheduledReminder,
} from "./reminders/schedule.js";
export { reminderRequestSchema, scheduleReminders } from "./reminders/schedule.js";
export type {
  BookingPreferencesInput,
  MessageChannel,
  NotificationSettings,
  NotificationSettingsInput,
  NotificationType,
  ProviderPreferencesInput,
  SuppressReason,
} from "./reminders/settings.js";
export {
  bookingPreferencesSchema,
  MAX_REMINDERS,
  messageChannelSchema,
  notificationSettingsSchema,
  notificationTypeSchema,
  providerPreferencesSchema,
  reminderOffsetsSchema,
} from "./reminders/settings.js";
export type { CsvCell } from "./reports/csv.js";
export { csvCell, MONTHLY_REPORT_COLUMNS, monthlyReportToCsv, toCsv } from "./reports/csv.js";
export type {
  MonthlyReport,
  MonthlyReportRequest,
  Ratio,
  ReportChargeInput,
  ReportFigures,
  ReportPaymentInput,
} from "./reports/monthly.js";
export {
  monthlyReport,
  monthlyReportSchema,
  reportChargeSchema,
  reportClientSchema,
  reportPaymentSchema,
} from "./reports/monthly.js";

// --- waitlist (matching a freed time, offer policy) ---
export type {
  FreedTime,
  MatchWaitlistInput,
  PlanWaitlistOfferInput,
  WaitlistEntry,
  WaitlistEntryInput,
  WaitlistOfferPlan,
  WaitlistPolicy,
} from "./waitlist/match.js";
export {
  freedTimeSchema,
  matchInputSchema,
  matchWaitlist,
  planInputSchema,
  planWaitlistOffer,
  waitlistEntrySchema,
  waitlistPolicySchema,
} from "./waitlist/match.js";
