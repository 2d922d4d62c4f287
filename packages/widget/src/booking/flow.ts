import { type Signal, signal } from "@preact/signals";
import type { CreateBookingResponse, Hold, Service, Slot } from "../api/types.js";

/** The steps of the booking flow, in order. */
export type Step = "category" | "service" | "provider" | "time" | "details" | "payment" | "done";

/** The details form's values. */
export interface DetailsValues {
  name: string;
  email: string;
  phone: string;
  notes: string;
}

/** A time that was taken meanwhile, with the nearest free times (null while they load). */
export interface TakenState {
  wanted: Slot;
  alternatives: Slot[] | null;
  /** The time passed or became too soon while the page was open (422), rather than taken (409). */
  gone?: boolean;
  /** A class whose last place was taken meanwhile (409 SLOT_TAKEN with a CAPACITY violation). */
  full?: boolean;
}

/** State of one booking flow (one per mounted widget). */
export interface BookingFlow {
  step: Signal<Step>;
  /** True once the patient has moved between steps: only then does focus follow the step. */
  moved: Signal<boolean>;
  category: Signal<string | null>;
  service: Signal<Service | null>;
  /** `"any"` or a provider id. */
  providerId: Signal<string>;
  hold: Signal<Hold | null>;
  pendingStart: Signal<string | null>;
  taken: Signal<TakenState | null>;
  /** A one-off message shown as an alert at the top of the step (e.g. the hold ran out). */
  notice: Signal<string | null>;
  details: Signal<DetailsValues>;
  remember: Signal<boolean>;
  result: Signal<CreateBookingResponse | null>;
  paid: Signal<"paid" | "later" | null>;
  /** Idempotency key of the last booking attempt and the body it was sent with. */
  attempt: { key: string; body: string } | null;
}

/** What the booking flow hands the time and details steps (loaded on demand). */
export interface FlowControls {
  flow: BookingFlow;
  service: Service;
  /** The steps of this flow, in order. */
  steps: readonly Step[];
  providerNames: ReadonlyMap<string, string>;
  /** `"any"` as the translated "any available", else the provider's name. */
  providerLabel(id: string): string;
  go(step: Step): void;
  releaseHold(): void;
  /** Forgets the cached times (of every service) and draws the time picker again. */
  invalidate(): void;
  /**
   * Starts loading the details step's chunk (once): called when the times are on screen (when
   * the page is idle) and when a time is chosen, so the details step shows without a wait while
   * staying out of the JavaScript loaded before the first time button.
   */
  preloadDetails(): void;
}

/**
 * Creates the state of a booking flow.
 *
 * @example
 * const flow = createFlow("service");
 * flow.step.value = "provider";
 */
export function createFlow(first: Step): BookingFlow {
  return {
    step: signal(first),
    moved: signal(false),
    category: signal(null),
    service: signal(null),
    providerId: signal("any"),
    hold: signal(null),
    pendingStart: signal(null),
    taken: signal(null),
    notice: signal(null),
    details: signal({ name: "", email: "", phone: "", notes: "" }),
    remember: signal(false),
    result: signal(null),
    paid: signal(null),
    attempt: null,
  };
}

/** Facts the list of steps depends on. */
export interface StepFacts {
  presetService: boolean;
  presetCategory: boolean;
  presetProvider: boolean;
  categories: number;
  /** Services offered after the category is chosen. */
  services: number;
  /** Providers of the chosen service. */
  providers: number;
  payment: boolean;
}

/**
 * The steps this patient goes through: steps with one possible answer are skipped.
 *
 * @example
 * stepsFor({ presetService: true, presetCategory: false, presetProvider: false, categories: 2, services: 5, providers: 3, payment: false });
 * // ["provider", "time", "details", "done"]
 */
export function stepsFor(facts: StepFacts): Step[] {
  const steps: Step[] = [];
  if (!facts.presetService && !facts.presetCategory && facts.categories > 1) steps.push("category");
  // A category (or a catalog) of one service has nothing to choose: that service is taken.
  if (!facts.presetService && facts.services !== 1) steps.push("service");
  if (!facts.presetProvider && facts.providers > 1) steps.push("provider");
  steps.push("time", "details");
  if (facts.payment) steps.push("payment");
  steps.push("done");
  return steps;
}

// As strict as the server's (zod's e-mail; a phone of digits, spaces and + ( ) - .), so that no
// English server message reaches a patient reading another language.
const EMAIL = /^(?!\.)(?!.*\.\.)[\w'+.-]*[\w+-]@([a-z\d][a-z\d-]*\.)+[a-z]{2,}$/i;
const PHONE = /^\+?[\d ().-]{6,20}$/;

/**
 * A phone number as sent: any run of white space (a pasted no-break space, a tab) as one space.
 *
 * @example
 * cleanPhone(" +351\u00a0912 345 678 "); // "+351 912 345 678"
 */
export const cleanPhone = (phone: string): string => phone.replace(/\s+/g, " ").trim();

/** Field errors of the details form, by field. */
export type DetailsErrors = Partial<Record<keyof DetailsValues | "policyConsent", string>> &
  Record<string, string | undefined>;

/**
 * Validates the details form; returns message keys per invalid field.
 *
 * @example
 * validateDetails({ name: "", email: "x", phone: "", notes: "" });
 * // { name: "nameRequired", email: "emailInvalid" }
 */
export function validateDetails(
  values: DetailsValues,
): Partial<
  Record<keyof DetailsValues, "nameRequired" | "emailRequired" | "emailInvalid" | "phoneInvalid">
> {
  const errors: Partial<
    Record<keyof DetailsValues, "nameRequired" | "emailRequired" | "emailInvalid" | "phoneInvalid">
  > = {};
  if (!values.name.trim()) errors.name = "nameRequired";
  const email = values.email.trim();
  if (!email) errors.email = "emailRequired";
  else if (!EMAIL.test(email)) errors.email = "emailInvalid";
  const phone = cleanPhone(values.phone);
  if (phone && !PHONE.test(phone)) errors.phone = "phoneInvalid";
  return errors;
}
