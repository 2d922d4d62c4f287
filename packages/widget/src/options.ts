import type { Booking, Money } from "./api/types.js";
import type { Messages } from "./i18n/messages.js";

/** What a payment provider is asked to collect, once the booking exists. */
export interface PaymentRequest {
  booking: Booking;
  /** The booking's manage token (lets a payment backend tie the payment to the visit). */
  manageToken: string;
  amount: Money;
  locale: string;
  /** An element inside the widget's shadow root where the provider may render its own fields. */
  container: HTMLElement;
  /** Aborted when the patient leaves the step or the widget unmounts. */
  signal: AbortSignal;
}

/** The outcome of a payment attempt. */
export type PaymentResult =
  | { status: "paid"; reference?: string }
  | { status: "failed"; message?: string }
  | { status: "skipped" };

/**
 * A pluggable payment step (Stripe, Adyen, MB WAY…). The widget shows the amount and a pay button;
 * the provider does the rest. No provider means no payment step.
 */
export interface PaymentProvider {
  /** Shown under the amount, e.g. "Card or MB WAY". */
  label?: string;
  /** When true, patients may skip and pay at the clinic. */
  optional?: boolean;
  /** Called when the step appears; may render fields into `request.container`; returns a cleanup. */
  render?(request: PaymentRequest): undefined | (() => void);
  /** Called when the patient presses Pay. */
  collect(request: PaymentRequest): Promise<PaymentResult>;
}

/** Events a widget reports through `onEvent` and as DOM events (`bookwell:<type>`) on its host. */
export type WidgetEvent =
  | { type: "booked"; booking: Booking; manageToken: string }
  | { type: "paid"; booking: Booking; reference?: string }
  | { type: "rescheduled"; booking: Booking; manageToken?: string }
  | { type: "canceled"; booking: Booking; fee: Money | null };

/** Options of `mount()`, the custom element's attributes and the script tag's `data-*`. */
export interface WidgetOptions {
  /** Base URL of the Bookwell API, e.g. `https://clinic.example/api`. */
  api: string;
  /** Clinic id (sent as `X-Bookwell-Clinic`); omit when the server hosts one clinic. */
  clinic?: string;
  /** Preselect a service by id (skips the category and service steps). */
  service?: string;
  /** Only offer services of this category (skips the category step). */
  category?: string;
  /** Preselect a therapist by id, or `"any"`. */
  provider?: string;
  /** Locale tag ("en", "pt", "pt-PT", "es"…); defaults to the clinic's, then the browser's. */
  locale?: string;
  /** Open the manage page for this booking instead of the booking flow. */
  manageToken?: string;
  /** Read `?bookwell-manage=<token>` from the page URL (default true). */
  readManageTokenFromUrl?: boolean;
  /** Optional payment step after booking. */
  payment?: PaymentProvider;
  /** Override any text of the chosen language. */
  messages?: Partial<Messages>;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
  /** CSP nonce for the `<style>` fallback in browsers without constructable stylesheets. */
  nonce?: string;
  /** Where "remember me" keeps details; default `localStorage`, `null` turns the option off. */
  storage?: Storage | null;
  /** Seconds before a hold runs out when the patient is warned (default 60, at least 20). */
  holdWarningSeconds?: number;
  /** Level of the widget's top heading (default 2; steps use the next level). */
  headingLevel?: 2 | 3 | 4 | 5;
  /** Called for bookings, payments, reschedules and cancellations. */
  onEvent?: (event: WidgetEvent) => void;
  /** The clock, for tests and stories (default `Date.now`). */
  now?: () => number;
}
