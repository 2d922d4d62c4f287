// The service's cancellation policy in one sentence, for the time step (chunk "times"): the
// figures are the server's summary (`service.cancellationPolicy`); only the words are here, in the
// three languages, so the first screen and the language files stay as they are.

import type { CancellationPolicySummary } from "../api/types.js";
import type { I18n } from "../i18n/index.js";

const TEXTS: Record<I18n["language"], [fee: string, call: string]> = {
  en: [
    "Free cancellation up to {hours} hours before the visit; after that, cancelling costs {fee}.",
    "Free cancellation up to {hours} hours before the visit; after that, please call the clinic.",
  ],
  pt: [
    "Cancelamento gratuito até {hours} horas antes da consulta; depois, cancelar custa {fee}.",
    "Cancelamento gratuito até {hours} horas antes da consulta; depois, contacte a clínica.",
  ],
  es: [
    "Cancelación gratuita hasta {hours} horas antes de la cita; después, cancelar cuesta {fee}.",
    "Cancelación gratuita hasta {hours} horas antes de la cita; después, llame a la clínica.",
  ],
};

/**
 * The sentence for a service's policy as the server summarises it, or `null` when cancelling is
 * free (nothing to warn about).
 *
 * @example
 * policySentence(i18n, { freeUntilHoursBefore: 24, lateCancellation: "fee", lateFee: eur(2250) });
 * // "Free cancellation up to 24 hours before the visit; after that, cancelling costs €22.50."
 */
export function policySentence(
  i18n: I18n,
  policy: CancellationPolicySummary | undefined,
): string | null {
  if (!policy) return null;
  const [fee, call] = TEXTS[i18n.language];
  const hours = i18n.number(policy.freeUntilHoursBefore);
  if (policy.lateCancellation === "fee" && policy.lateFee) {
    return i18n.t(fee, { hours, fee: i18n.money(policy.lateFee) });
  }
  if (policy.lateCancellation === "not_allowed" && policy.freeUntilHoursBefore > 0) {
    return i18n.t(call, { hours });
  }
  return null;
}
