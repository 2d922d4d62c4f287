// The page a waitlist offer's e-mail opens: the offered time, how long it is held, and "Book this
// time", which confirms the offer (the server books it for the waiting patient, or says it went).

import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { BookwellApiError } from "../api/client.js";
import { currencyDigits } from "../i18n/index.js";
import type { PatientApi, WaitlistOffer } from "../patient/api.js";
import type { PatientTexts } from "../patient/texts.js";

/** Props of {@link WaitlistOfferApp}. */
export interface WaitlistOfferProps {
  api: Pick<PatientApi, "getOffer" | "confirmOffer">;
  texts: PatientTexts;
  locale: string;
  /** The offer token from the link (`?offer=`). */
  token: string;
}

type State =
  | { kind: "loading" }
  | { kind: "gone" }
  | { kind: "offer"; offer: WaitlistOffer; failed?: string }
  | { kind: "booked"; start: string; timeZone: string };

function when(start: string, zone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: zone,
  }).format(new Date(start));
}

function money(m: { amount: number; currency: string }, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency: m.currency }).format(
    m.amount / 10 ** currencyDigits(m.currency),
  );
}

/**
 * The offered time and its "Book this time" button (see the file header).
 *
 * @example
 * <WaitlistOfferApp api={patientApi} texts={PATIENT_TEXTS.en} locale="en" token="…" />
 */
export function WaitlistOfferApp(props: WaitlistOfferProps): JSX.Element {
  const { api, texts: t, locale } = props;
  const [state, setState] = useState<State>({ kind: "loading" });
  useEffect(() => {
    api
      .getOffer(props.token)
      .then((offer) => setState({ kind: "offer", offer }))
      .catch(() => setState({ kind: "gone" }));
  }, [props.token]);
  const [consent, setConsent] = useState(false);
  const book = async () => {
    if (state.kind !== "offer") return;
    if (state.offer.terms?.feeFromBooking && !consent) {
      setState({ ...state, failed: t.offerConsent });
      return;
    }
    try {
      const booked = await api.confirmOffer(props.token, consent);
      setState({ kind: "booked", start: booked.booking.start, timeZone: booked.booking.timeZone });
    } catch (error) {
      const text = error instanceof BookwellApiError ? t.offerGone : t.error;
      setState({ ...state, failed: text });
    }
  };
  return (
    <section aria-labelledby="bw-offer-title">
      <h2 id="bw-offer-title">{t.offerTitle}</h2>
      {state.kind === "loading" ? <p role="status">{t.signingIn}</p> : null}
      {state.kind === "gone" ? <p role="alert">{t.offerGone}</p> : null}
      {state.kind === "offer" ? (
        <>
          <p>{when(state.offer.start, state.offer.timeZone, locale)}</p>
          {state.offer.status === "open" ? (
            <>
              <p>
                {state.offer.exclusive
                  ? t.offerHeld(when(state.offer.expiresAt, state.offer.timeZone, locale))
                  : t.offerOpen}
              </p>
              {state.offer.terms?.feeFromBooking && state.offer.terms.lateFee ? (
                <>
                  <p>{t.offerFee(money(state.offer.terms.lateFee, locale))}</p>
                  <label>
                    <input
                      type="checkbox"
                      required
                      checked={consent}
                      onChange={(e) => setConsent(e.currentTarget.checked)}
                    />{" "}
                    {t.offerConsent}
                  </label>
                </>
              ) : null}
              <button type="button" onClick={() => void book()}>
                {t.offerBook}
              </button>
            </>
          ) : (
            <p role="alert">{t.offerGone}</p>
          )}
        </>
      ) : null}
      <p role="status" class="bw-status">
        {state.kind === "booked"
          ? t.offerBooked(when(state.start, state.timeZone, locale))
          : state.kind === "offer"
            ? (state.failed ?? "")
            : ""}
      </p>
    </section>
  );
}
