// The patient page: sign in by e-mailed link, then one's visits (upcoming, past, series), package
// balances and invoices, with cancel under the clinic's policy. Stateless parts only read the
// answer of GET /v1/patient/visits; every rule (what may be canceled, balances) is the server's.

import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { BookwellApiError } from "../api/client.js";
import type { Booking } from "../api/types.js";
import type { MyVisitsAnswer, PatientApi } from "./api.js";
import type { PatientTexts } from "./texts.js";

/** Props of {@link MyVisitsApp}. */
export interface MyVisitsProps {
  api: PatientApi;
  texts: PatientTexts;
  /** BCP 47 locale for dates. */
  locale: string;
  /** The sign-in token from the e-mailed link (`?signin=`), when the page was opened from it. */
  signInToken?: string | undefined;
  /** Called once the sign-in token was used (e.g. to drop it from the address bar). */
  onSignedIn?: (() => void) | undefined;
}

type Phase =
  | { kind: "form"; sent: boolean; failed?: boolean }
  | { kind: "opening" }
  | { kind: "invalid" }
  | { kind: "page"; session: string; data: MyVisitsAnswer | null; note?: string };

function when(b: Booking, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: b.timeZone,
  }).format(new Date(b.start));
}

/**
 * The patient page as a Preact component (see the file header).
 *
 * @example
 * <MyVisitsApp api={createPatientApi({ api })} texts={PATIENT_TEXTS.en} locale="en" />
 */
export function MyVisitsApp(props: MyVisitsProps): JSX.Element {
  const { api, texts: t, locale } = props;
  const [phase, setPhase] = useState<Phase>(
    props.signInToken ? { kind: "opening" } : { kind: "form", sent: false },
  );

  const load = async (session: string, note?: string) => {
    const data = await api.myVisits(session, locale);
    setPhase({ kind: "page", session, data, ...(note ? { note } : {}) });
  };

  useEffect(() => {
    const token = props.signInToken;
    if (!token) return;
    api
      .openSession(token)
      .then(async (opened) => {
        props.onSignedIn?.();
        await load(opened.sessionToken);
      })
      .catch(() => setPhase({ kind: "invalid" }));
  }, [props.signInToken]);

  if (phase.kind === "opening") {
    return (
      <p role="status" class="bw-status">
        {t.signingIn}
      </p>
    );
  }
  if (phase.kind === "form" || phase.kind === "invalid") {
    const sent = phase.kind === "form" && phase.sent;
    const submit = async (event: Event) => {
      event.preventDefault();
      const form = event.currentTarget as HTMLFormElement;
      const email = (form.elements.namedItem("email") as HTMLInputElement).value;
      try {
        await api.requestSignIn(email, locale);
        setPhase({ kind: "form", sent: true });
      } catch {
        setPhase({ kind: "form", sent: false, failed: true });
      }
    };
    return (
      <section aria-labelledby="bw-my-title">
        <h2 id="bw-my-title">{t.title}</h2>
        {phase.kind === "invalid" ? <p role="alert">{t.linkInvalid}</p> : null}
        <p>{t.signInIntro}</p>
        <form onSubmit={submit}>
          <label for="bw-my-email">{t.email}</label>
          <input id="bw-my-email" name="email" type="email" autocomplete="email" required />
          <button type="submit">{t.sendLink}</button>
        </form>
        <p role="status" class="bw-status">
          {sent ? t.linkSent : phase.kind === "form" && phase.failed ? t.error : ""}
        </p>
      </section>
    );
  }
  const { data, session } = phase;
  if (!data) return <p role="status">{t.signingIn}</p>;
  const cancel = async (id: string) => {
    try {
      await api.cancel(session, id);
      await load(session, t.canceled);
    } catch (error) {
      const text = error instanceof BookwellApiError ? error.message : t.error;
      setPhase({ ...phase, note: text });
    }
  };
  const move = async (id: string, start: string) => {
    try {
      await api.reschedule(session, id, start);
      await load(session, t.moved);
    } catch (error) {
      const text = error instanceof BookwellApiError ? error.message : t.error;
      setPhase({ ...phase, note: text });
    }
  };
  const leave = async (id: string) => {
    try {
      await api.leaveWaitlist(session, id);
      await load(session, t.left);
    } catch {
      setPhase({ ...phase, note: t.error });
    }
  };
  // Service names come with the patient's visits; an entry of another service shows its id.
  const serviceName = (id: string) =>
    [...data.upcoming, ...data.past].find((v) => v.booking.serviceId === id)?.booking.serviceName ??
    id;
  const download = async (id: string, number: string) => {
    const blob = await api.documentPdf(session, id);
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = `${number}.pdf`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  return (
    <section aria-labelledby="bw-my-title">
      <h2 id="bw-my-title">{t.title}</h2>
      <p>{data.email}</p>
      <p role="status" class="bw-status">
        {phase.note ?? ""}
      </p>
      <VisitList
        title={t.upcoming}
        visits={data.upcoming}
        texts={t}
        locale={locale}
        onCancel={cancel}
        onMove={move}
        freeTimes={api.freeTimes}
      />
      {data.series.length > 0 ? (
        <section aria-labelledby="bw-my-series">
          <h3 id="bw-my-series">{t.series}</h3>
          <ul>
            {data.series.map((s) => (
              <li key={s.seriesId}>
                {s.serviceName}: {t.seriesLine(s.upcoming, s.total)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {data.packages.length > 0 ? (
        <section aria-labelledby="bw-my-packages">
          <h3 id="bw-my-packages">{t.packages}</h3>
          <ul>
            {data.packages.map((p) => (
              <li key={p.id}>
                {p.name}: {p.line}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {data.documents.length > 0 ? (
        <section aria-labelledby="bw-my-invoices">
          <h3 id="bw-my-invoices">{t.invoices}</h3>
          <ul>
            {data.documents.map((d) => (
              <li key={d.id}>
                <button type="button" onClick={() => void download(d.id, d.number)}>
                  {t.download(d.number)}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {data.waitlist.length > 0 ? (
        <section aria-labelledby="bw-my-waitlist">
          <h3 id="bw-my-waitlist">{t.waitingFor}</h3>
          <ul>
            {data.waitlist.map((e) => {
              const what = serviceName(e.serviceId);
              return (
                <li key={e.id}>
                  {what}{" "}
                  <button type="button" onClick={() => void leave(e.id)}>
                    {t.leave(what)}
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      <VisitList title={t.past} visits={data.past} texts={t} locale={locale} />
    </section>
  );
}

function VisitList(props: {
  title: string;
  visits: MyVisitsAnswer["upcoming"];
  texts: PatientTexts;
  locale: string;
  onCancel?: (id: string) => void;
  onMove?: (id: string, start: string) => void;
  freeTimes?: PatientApi["freeTimes"];
}): JSX.Element {
  const { texts: t } = props;
  const [asking, setAsking] = useState<string | null>(null);
  const [picking, setPicking] = useState<{ id: string; times: string[] | null } | null>(null);
  const pick = async (b: Booking) => {
    setPicking({ id: b.id, times: null });
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const times = await props.freeTimes?.({
      serviceId: b.serviceId,
      providerId: b.providerId,
      from: day(Date.now()),
      to: day(Date.now() + 14 * 86_400_000),
    });
    setPicking({ id: b.id, times: (times ?? []).slice(0, 8).map((s) => s.start) });
  };
  const id = `bw-my-${props.title.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    <section aria-labelledby={id}>
      <h3 id={id}>{props.title}</h3>
      {props.visits.length === 0 ? <p>{t.none}</p> : null}
      <ul>
        {props.visits.map(({ booking: b, policy }) => {
          const what = `${b.serviceName}, ${when(b, props.locale)}`;
          return (
            <li key={b.id}>
              <span>{what}</span> <span>({t.status[b.status] ?? b.status})</span>
              {props.onCancel && policy.canCancel && b.status !== "canceled" ? (
                asking === b.id ? (
                  <span>
                    <button type="button" onClick={() => props.onCancel?.(b.id)}>
                      {t.confirmCancel}
                    </button>
                    <button type="button" onClick={() => setAsking(null)}>
                      {t.keep}
                    </button>
                  </span>
                ) : (
                  <button type="button" onClick={() => setAsking(b.id)}>
                    {t.cancel(what)}
                  </button>
                )
              ) : null}
              {props.onMove && policy.canReschedule && b.status !== "canceled" ? (
                <button type="button" onClick={() => void pick(b)}>
                  {t.move(what)}
                </button>
              ) : null}
              {picking?.id === b.id && picking.times ? (
                <fieldset>
                  <legend>{t.pickTime(what)}</legend>
                  {picking.times.length === 0 ? <p>{t.noTimes}</p> : null}
                  {picking.times.map((start) => (
                    <button key={start} type="button" onClick={() => props.onMove?.(b.id, start)}>
                      {when({ ...b, start }, props.locale)}
                    </button>
                  ))}
                </fieldset>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
