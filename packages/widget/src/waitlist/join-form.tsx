// "Join the waitlist": the form the booking flow shows when no time suits. It takes the service,
// provider and the patient's query as props and sends them to POST /v1/waitlist; which freed time
// matches the wish is decided by the server (the engine's matchWaitlist).

import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { BookwellApiError } from "../api/client.js";
import type { JoinWaitlistBody, PatientApi } from "../patient/api.js";
import type { PatientTexts } from "../patient/texts.js";

/** Props of {@link WaitlistJoinForm}. */
export interface WaitlistJoinProps {
  api: Pick<PatientApi, "joinWaitlist">;
  texts: PatientTexts;
  serviceId: string;
  /** A provider id, or `any`. */
  providerId: string;
  /** The patient's query: the dates they looked at and, optionally, a time window. */
  query?: { dateFrom?: string; dateTo?: string; timeOfDay?: { from: string; to: string } };
  locale?: string;
  /** The heading level of the form's title (default 3, inside the booking flow's step). */
  headingLevel?: 2 | 3;
  /** Called with the entry's token once joined (it lets the patient leave the list later). */
  onJoined?: (token: string) => void;
}

/**
 * The waitlist join form (see the file header).
 *
 * @example
 * <WaitlistJoinForm api={patientApi} texts={PATIENT_TEXTS.en} serviceId="pilates" providerId="any" />
 */
export function WaitlistJoinForm(props: WaitlistJoinProps): JSX.Element {
  const { texts: t } = props;
  const [state, setState] = useState<"idle" | "sending" | "joined" | "failed">("idle");
  const [message, setMessage] = useState("");
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const value = (name: string) =>
      (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    const weekdays = t.weekdayNames
      .map((_, i) => i + 1)
      .filter((d) => (form.elements.namedItem(`day-${d}`) as HTMLInputElement).checked);
    const from = value("from");
    const to = value("to");
    const phone = value("phone");
    const body: JoinWaitlistBody = {
      serviceId: props.serviceId,
      providerId: props.providerId,
      client: { name: value("name"), email: value("email"), ...(phone ? { phone } : {}) },
      ...(weekdays.length > 0 && weekdays.length < 7 ? { weekdays } : {}),
      ...(from && to
        ? { timeOfDay: { from, to } }
        : props.query?.timeOfDay
          ? { timeOfDay: props.query.timeOfDay }
          : {}),
      ...(props.query?.dateFrom ? { dateFrom: props.query.dateFrom } : {}),
      ...(props.query?.dateTo ? { dateTo: props.query.dateTo } : {}),
      ...(props.locale ? { locale: props.locale } : {}),
    };
    setState("sending");
    try {
      const joined = await props.api.joinWaitlist(body);
      setState("joined");
      setMessage(t.joined);
      props.onJoined?.(joined.token);
    } catch (error) {
      setState("failed");
      setMessage(error instanceof BookwellApiError ? error.message : t.error);
    }
  };
  return (
    <section aria-labelledby="bw-wl-title">
      {props.headingLevel === 2 ? (
        <h2 id="bw-wl-title">{t.waitlistTitle}</h2>
      ) : (
        <h3 id="bw-wl-title">{t.waitlistTitle}</h3>
      )}
      <p>{t.waitlistIntro}</p>
      {state === "joined" ? null : (
        <form onSubmit={submit}>
          <label for="bw-wl-name">{t.name}</label>
          <input id="bw-wl-name" name="name" autocomplete="name" required />
          <label for="bw-wl-email">{t.email}</label>
          <input id="bw-wl-email" name="email" type="email" autocomplete="email" required />
          <label for="bw-wl-phone">
            {t.phone} ({t.optional})
          </label>
          <input id="bw-wl-phone" name="phone" type="tel" autocomplete="tel" />
          <fieldset>
            <legend>{t.days}</legend>
            {t.weekdayNames.map((day, i) => (
              <label key={day}>
                <input type="checkbox" name={`day-${i + 1}`} /> {day}
              </label>
            ))}
          </fieldset>
          <label for="bw-wl-from">{t.fromTime}</label>
          <input id="bw-wl-from" name="from" type="time" />
          <label for="bw-wl-to">{t.toTime}</label>
          <input id="bw-wl-to" name="to" type="time" />
          <button type="submit" disabled={state === "sending"}>
            {t.join}
          </button>
        </form>
      )}
      <p role="status" class="bw-status">
        {message}
      </p>
    </section>
  );
}
