// Public surface of the back office: its options (payment provider, numbering), the payment
// provider interface with a Stripe-like implementation, and the visit-billing hooks a status
// route can call in its own transaction, and the one answer to a visit's payment state.

export type { BackOfficeOptions, NumberingOptions } from "./config.js";
export { backOfficeOptions, configureBackOffice } from "./config.js";
export type {
  CreateIntentInput,
  PaymentProvider,
  ProviderEvent,
  ProviderIntent,
  ProviderIntentStatus,
  StripeLikeOptions,
} from "./payment-provider.js";
export {
  createStripeLikeProvider,
  PaymentProviderError,
  signWebhook,
  WebhookSignatureError,
} from "./payment-provider.js";
export type { VisitSyncReport } from "./visit-billing.js";
export { syncVisitBilling, visitBillingContext } from "./visit-billing.js";
export type { VisitPayment } from "./visit-payment.js";
export { visitPayment } from "./visit-payment.js";
