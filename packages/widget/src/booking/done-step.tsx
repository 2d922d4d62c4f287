import type { JSX } from "preact";
import type { Booking, BookingTerms, PaymentAsked } from "../api/types.js";
import { useWidget } from "../context.js";
import {
  type CalendarEvent,
  googleCalendarUrl,
  outlookCalendarUrl,
} from "../lib/calendar-links.js";
import { Summary } from "../ui/common.js";
import { TermsNote, termsSentence } from "./terms.js";
import { whenNoted } from "./when-noted.js";

/**
 * "Add to calendar": the booking's .ics file on the server (`GET /v1/manage/:token/ics`, which
 * calendars keep up to date by its UID), and beside it Google Calendar's and Outlook's own pages
 * for adding the visit (new tabs).
 *
 * @example
 * <CalendarLinks token={manageToken} booking={booking} />
 */
export function CalendarLinks(props: { token: string; booking: Booking }): JSX.Element {
  const ctx = useWidget();
  const { i18n, clinic } = ctx;
  const { booking } = props;
  const event: CalendarEvent = {
    title: `${booking.serviceName} · ${clinic.name}`,
    start: booking.start,
    end: booking.end,
    details: i18n.t(i18n.m.withProvider, { provider: booking.providerName }),
    location: clinic.address,
  };
  const away = (href: string, label: string) => (
    <a class="bw-button" href={href} target="_blank" rel="noopener noreferrer">
      {label}
      <span class="bw-sr"> ({i18n.m.newTab})</span>
    </a>
  );
  return (
    <>
      <a class="bw-button" href={ctx.api.icsUrl(props.token)} download="appointment.ics">
        {i18n.m.addToCalendar}
      </a>
      {away(googleCalendarUrl(event), i18n.m.addToGoogle)}
      {away(outlookCalendarUrl(event), i18n.m.addToOutlook)}
    </>
  );
}

/**
 * The rows describing a booking (service, therapist, when, duration, price), shared by the
 * confirmation and the manage page.
 *
 * @example
 * <Summary rows={bookingRows(i18n, booking)} />
 */
export function useBookingRows(
  booking: Booking,
  extra: Array<[string, string] | null> = [],
): Array<[string, string] | null> {
  const ctx = useWidget();
  const { i18n } = ctx;
  const minutes = Math.round((Date.parse(booking.end) - Date.parse(booking.start)) / 60_000);
  return [
    [i18n.m.summaryService, booking.serviceName],
    [i18n.m.summaryProvider, booking.providerName],
    [i18n.m.summaryWhen, whenNoted(ctx, booking.start)],
    [i18n.m.summaryDuration, i18n.duration(minutes)],
    [i18n.m.summaryPrice, booking.price.amount === 0 ? i18n.m.free : i18n.money(booking.price)],
    ...extra,
  ];
}

/**
 * The confirmation: what was booked, the cancellation terms it was booked under, "Add to
 * calendar", and what happens next.
 *
 * @example
 * <DoneStep booking={booking} manageToken={token} terms={terms} paid="paid" onAgain={restart} />
 */
export function DoneStep(props: {
  booking: Booking;
  manageToken: string;
  terms?: BookingTerms | undefined;
  paid: "paid" | "later" | null;
  /** What the server asked to pay online (a deposit is named as one). */
  asked?: PaymentAsked | undefined;
  onAgain(): void;
}): JSX.Element {
  const { i18n } = useWidget();
  const { booking, asked } = props;
  const paid =
    asked?.kind === "deposit"
      ? i18n.t(i18n.m.depositPaid, { amount: i18n.money(asked.amount) })
      : i18n.m.paid;
  const rows = useBookingRows(
    booking,
    props.paid ? [[i18n.m.paymentHeading, props.paid === "paid" ? paid : i18n.m.payAtClinic]] : [],
  );
  return (
    <div class="bw-done">
      <p class="bw-lead">
        {i18n.t(i18n.m.doneSummary, {
          service: booking.serviceName,
          provider: i18n.t(i18n.m.withProvider, { provider: booking.providerName }),
          date: i18n.dateOf(booking.start),
          time: i18n.time(booking.start),
        })}
      </p>
      <Summary rows={rows} />
      <TermsNote text={termsSentence(i18n, props.terms)} />
      <p>{i18n.t(i18n.m.emailSent, { email: booking.client.email })}</p>
      <div class="bw-actions">
        <CalendarLinks token={props.manageToken} booking={booking} />
      </div>
      <NextSteps />
      <div class="bw-actions">
        <button type="button" class="bw-link" onClick={props.onAgain}>
          {i18n.m.bookAnother}
        </button>
      </div>
    </div>
  );
}

function NextSteps(): JSX.Element {
  const ctx = useWidget();
  const { i18n } = ctx;
  const id = ctx.id("next");
  const Tag = `h${ctx.level.sub}` as "h4";
  return (
    <section aria-labelledby={id} class="bw-next">
      <Tag id={id}>{i18n.m.nextStepsHeading}</Tag>
      <ul>
        <li>{i18n.m.nextReminder}</li>
        <li>{i18n.m.nextManage}</li>
        <li>{i18n.m.nextArrive}</li>
      </ul>
    </section>
  );
}
