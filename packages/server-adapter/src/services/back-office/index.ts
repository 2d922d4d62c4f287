// Public surface of the back office: its options (payment provider, numbering), the payment
// provider interface with a Stripe-like implementation, and the visit-billing hooks a status
// route can call in its own transaction, and the one answer to a visit's payment state.

export {
  type BackOfficeOptions,
  backOfficeOptions,
  configureBackOffice,
  type NumberingOptions,
} from "./config.js";
export {
  type CreateIntentInput,
  createStripeLikeProvider,
  type PaymentProvider,
  PaymentProviderError,
  type ProviderEvent,
  type ProviderIntent,
  type ProviderIntentStatus,
  type StripeLikeOptions,
  signWebhook,
  WebhookSignatureError,
} from "./payment-provider.js";
export { syncVisitBilling, type VisitSyncReport, visitBillingContext } from "./visit-billing.js";
export { type VisitPayment, visitPayment } from "./visit-payment.js";
