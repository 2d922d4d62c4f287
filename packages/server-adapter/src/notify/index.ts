// Public surface of the notifications module (re-exported from the package index).

export type {
  DedupeMode,
  MessageAttachment,
  NotificationChannel,
  OutgoingMessage,
  PermanentFailure,
  SendOptions,
  SendReceipt,
} from "./channel.js";
export { describeFailure, isPermanentFailure, permanentFailure, wasRefused } from "./channel.js";
export type { ComposeOptions, Composition, DropReason } from "./compose.js";
export { clientLocale, composeMessage, messageIdFor, patientLocale } from "./compose.js";
export type {
  ChangePayload,
  ChangeRowType,
  ChannelName,
  MessagePayload,
  NotificationKind,
  RedactedOutboxRecord,
  WakePayload,
} from "./contract.js";
export {
  CHANGE_ROW_TYPES,
  changePayloadSchema,
  isChangeRowType,
  MESSAGE_ROW_TYPE,
  messagePayloadSchema,
  NOTIFICATION_KINDS,
  redactPayload,
  WAKE_ROW_TYPE,
  wakePayloadSchema,
} from "./contract.js";
export type { DeadLetter } from "./dead-letters.js";
export { listDeadLetters, retryDeadLetter } from "./dead-letters.js";
export type {
  AttachedDocument,
  DocumentMailDropReason,
  DocumentMailPayload,
} from "./document-mail.js";
export {
  composeDocumentMail,
  DOCUMENT_MAIL_ROW_TYPE,
  DOCUMENT_MAIL_TEXTS,
  documentMailPayloadSchema,
} from "./document-mail.js";
export type { SmtpEmailChannelOptions } from "./email-channel.js";
export { createSmtpEmailChannel } from "./email-channel.js";
export type { InboxChannel, InboxChannelOptions, InboxMessage } from "./inbox-channel.js";
export { createInboxChannel } from "./inbox-channel.js";
export type { Invite, InviteInput } from "./invite.js";
export { buildInvite, buildSeriesInvite } from "./invite.js";
export type { Lineage, LineageEvent } from "./lineage.js";
export {
  calendarIdentity,
  calendarUid,
  DEFAULT_NOTIFY_DOMAIN,
  lineageEvents,
  loadLineage,
} from "./lineage.js";
export type { Composed, MailParts, MailRequest } from "./mail-request.js";
export { mailMessage } from "./mail-request.js";
export type { NudgeDropReason } from "./package-nudge.js";
export {
  composePackageNudge,
  PACKAGE_NUDGE_ROW_TYPE,
  PACKAGE_NUDGE_TEMPLATES,
  packageNudgeRow,
  recordPackageNudge,
} from "./package-nudge.js";
export type { VisitPlace } from "./place.js";
export { visitPlace } from "./place.js";
export type { BookingState, Contact, Plan, PlanTrigger } from "./planner.js";
export { bookingPreferences, bookingState, contactFor, planMessages } from "./planner.js";
export { setBookingPreferences } from "./preferences.js";
export type {
  ClinicNotifyProfile,
  ClinicResolver,
  NotifyClinic,
  NotifyDefaults,
  NotifySettings,
  ProviderNotifyPreferences,
} from "./profile.js";
export { manageLink, notifyClinic, storageClinicResolver } from "./profile.js";
export type { NoticeTarget } from "./provider-notices.js";
export { noticeTarget, providerNoticeRows, providerView } from "./provider-notices.js";
export { afterQuietHours } from "./quiet-hours.js";
export type { SeriesMailDropReason, SeriesMailPayload } from "./series-mail.js";
export {
  composeSeriesMail,
  SERIES_MAIL_ROW_TYPE,
  SERIES_MAIL_TEXTS,
  seriesMailPayloadSchema,
} from "./series-mail.js";
export type { SmsSegments } from "./sms-text.js";
export { gsmText, smsSegments } from "./sms-text.js";
export type { MessageSettingsBody, StoredMessageSettings } from "./stored-settings.js";
export {
  mergeMessageSettings,
  messageSettingsSchema,
  saveMessageSettings,
  storedMessageSettings,
  templateOverridesSchema,
} from "./stored-settings.js";
export type {
  MessageView,
  ProviderNoticeKind,
  RenderedMessage,
  TemplateLanguage,
  TemplateOverrides,
  TemplateTexts,
} from "./templates.js";
export {
  DEFAULT_TEMPLATES,
  escapeHtml,
  fillTemplate,
  PROVIDER_TEMPLATES,
  renderMessage,
  templateLanguage,
} from "./templates.js";
export type { WebhookBody, WebhookChannelOptions } from "./webhook-channel.js";
export {
  createWebhookChannel,
  SIGNATURE_HEADER,
  signWebhookBody,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
} from "./webhook-channel.js";
export type { OutboxWorker, OutboxWorkerOptions, RunSummary, WorkerEvent } from "./worker.js";
export { createOutboxWorker } from "./worker.js";
