// @bookwell/server-adapter/stripe: the Stripe payment provider on Stripe's official SDK. Install
// `stripe` beside the server adapter to use it (an optional peer dependency).

export {
  createStripeProvider,
  type StripeProviderOptions,
} from "./services/back-office/stripe-provider.js";
