// Public surface of @bookwell/widget: explicit named exports only; importing it has no side
// effects (call `defineBookwellElement()` to register the custom element).

export {
  type ApiClient,
  type ApiClientOptions,
  BookwellApiError,
  createApiClient,
  newIdempotencyKey,
  type SlotsQuery,
} from "./api/client.js";
export type * from "./api/types.js";
export {
  autoMount,
  type BookwellElement,
  defineBookwellElement,
  type MountedWidget,
  mount,
  optionsFromAttributes,
} from "./embed.js";
export {
  createI18n,
  type I18n,
  languageOf,
  resolveLocale,
  type WidgetLanguage,
} from "./i18n/index.js";
export { loadMessages } from "./i18n/load.js";
export type { Messages, PluralMessage } from "./i18n/messages.js";
export type {
  PaymentProvider,
  PaymentRequest,
  PaymentResult,
  WidgetEvent,
  WidgetOptions,
} from "./options.js";
export {
  type CompletedPayment,
  type PaymentIntent,
  type ServerPaymentOptions,
  serverPayment,
} from "./payment/server-payment.js";
export { themeDefaults } from "./theme/defaults.js";
