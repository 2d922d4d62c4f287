// The cancellation terms before commitment (issue 18; the time step's sentence about the service's
// policy is in policy-sentence.ts): the chosen time's deadline and fee on the details step (with the consent the server asks for when a
// fee applies from booking), and the terms on the confirmation. Every figure comes from the server
// (`service.cancellationPolicy`, `hold.terms`, the booking's `terms`): nothing is re-derived here.
// The texts live in this on-demand module, in the three languages, so the first screen and the
// language files stay as they are.

import type { JSX } from "preact";
import type { BookingTerms } from "../api/types.js";
import { useWidget } from "../context.js";
import type { I18n } from "../i18n/index.js";

interface TermsTexts {
  /** `{date}`, `{fee}`: the chosen time's deadline and the fee after it. */
  freeUntil: string;
  /** `{fee}`: the free window has already passed. */
  fromBooking: string;
  consent: string;
  consentMissing: string;
}

const TEXTS: Record<I18n["language"], TermsTexts> = {
  en: {
    freeUntil: "Free cancellation until {date}; after that, cancelling costs {fee}.",
    fromBooking:
      "Cancelling this visit costs {fee} from the moment it is booked: the free-cancellation window has already passed.",
    consent: "I accept the cancellation policy",
    consentMissing: "Accept the cancellation policy to book.",
  },
  pt: {
    freeUntil: "Cancelamento gratuito até {date}; depois, cancelar custa {fee}.",
    fromBooking:
      "Cancelar esta marcação custa {fee} a partir do momento em que é feita: o prazo de cancelamento gratuito já passou.",
    consent: "Aceito a política de cancelamento",
    consentMissing: "Aceite a política de cancelamento para marcar.",
  },
  es: {
    freeUntil: "Cancelación gratuita hasta el {date}; después, cancelar cuesta {fee}.",
    fromBooking:
      "Cancelar esta cita cuesta {fee} desde el momento de la reserva: el plazo de cancelación gratuita ya pasó.",
    consent: "Acepto la política de cancelación",
    consentMissing: "Acepte la política de cancelación para reservar.",
  },
};

/**
 * The cancellation texts in the widget's language.
 *
 * @example
 * termsTexts(i18n).consent; // "I accept the cancellation policy"
 */
export function termsTexts(i18n: I18n): TermsTexts {
  return TEXTS[i18n.language];
}

/**
 * The sentence for the terms of one time (the hold's or the booking's), or `null` when no fee can
 * apply.
 *
 * @example
 * termsSentence(i18n, hold.terms); // "Free cancellation until Tuesday 3 March at 10:00; after that, …"
 */
export function termsSentence(i18n: I18n, terms: BookingTerms | undefined): string | null {
  if (!terms?.lateFee) return null;
  const texts = termsTexts(i18n);
  const fee = i18n.money(terms.lateFee);
  if (terms.feeFromBooking || !terms.freeUntil) return i18n.t(texts.fromBooking, { fee });
  return i18n.t(texts.freeUntil, { fee, date: i18n.when(terms.freeUntil) });
}

/**
 * A note stating the cancellation terms (a warning when the fee applies from booking); nothing
 * when there is nothing to say.
 *
 * @example
 * <TermsNote text={termsSentence(i18n, hold.terms)} warn={hold.terms?.feeFromBooking} id={id} />
 */
export function TermsNote(props: {
  text: string | null;
  warn?: boolean | undefined;
  id?: string | undefined;
}): JSX.Element | null {
  if (!props.text) return null;
  const note = (
    <p class={props.warn ? undefined : "bw-note"} id={props.id}>
      {props.text}
    </p>
  );
  return props.warn ? <div class="bw-alert bw-alert-warning">{note}</div> : note;
}

/**
 * The consent checkbox for the cancellation policy, described by the terms note and, after a
 * refused submit, by its error.
 *
 * @example
 * <ConsentCheck checked={consent} onChange={setConsent} error={errors.policyConsent} termsId={id} />
 */
export function ConsentCheck(props: {
  checked: boolean;
  onChange(checked: boolean): void;
  error?: string | undefined;
  termsId: string;
}): JSX.Element {
  const ctx = useWidget();
  const id = ctx.id("policy-consent");
  const describedBy = [props.termsId, props.error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={`bw-check${props.error ? " bw-field-invalid" : ""}`}>
      {props.error ? (
        <p class="bw-field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {props.error}
        </p>
      ) : null}
      <input
        type="checkbox"
        id={id}
        name="policyConsent"
        required
        aria-required="true"
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy}
        checked={props.checked}
        onChange={(event) => props.onChange((event.currentTarget as HTMLInputElement).checked)}
      />
      <label for={id}>{termsTexts(ctx.i18n).consent}</label>
    </div>
  );
}
