// Calendar invites (.ics, RFC 5545 / iTIP RFC 5546) written with the `ics` package.

import { createEvent, type EventAttributes } from "ics";

/** What goes into an invite. */
export interface InviteInput {
  /** Stable per booking (the same across reschedules), e.g. `apt_1@bookwell`. */
  uid: string;
  /** Grows with every change of the booking, so calendar apps replace their copy. */
  sequence: number;
  /** `REQUEST` for a new or moved visit, `CANCEL` for a canceled one. */
  method: "REQUEST" | "CANCEL";
  /** UTC ISO instants. */
  start: string;
  end: string;
  /** DTSTAMP: when the invite was written (UTC ISO). */
  stamp: string;
  title: string;
  description?: string;
  location?: string;
  url?: string;
  organizer: { name: string; email?: string };
  attendee: { name: string; email?: string };
}

/** A rendered invite: the file text and what a mail client needs to attach it. */
export interface Invite {
  method: "REQUEST" | "CANCEL";
  content: string;
  filename: string;
}

function ms(iso: string): number {
  const value = Date.parse(iso);
  if (Number.isNaN(value)) throw new Error(`Bookwell: not an instant: ${iso}`);
  return value;
}

/**
 * Writes an iCalendar invite for one visit: times in UTC, a stable UID, the SEQUENCE given,
 * METHOD:REQUEST (status CONFIRMED) or METHOD:CANCEL (status CANCELLED), the clinic as organizer
 * and the patient as attendee (each only when it has an e-mail address, as iCalendar requires).
 *
 * @example
 * const invite = buildInvite({ uid: "apt_1@bookwell", sequence: 0, method: "REQUEST",
 *   start: "2026-03-09T09:00:00.000Z", end: "2026-03-09T09:50:00.000Z",
 *   stamp: "2026-03-02T08:00:00.000Z", title: "Physiotherapy",
 *   organizer: { name: "Clinic A", email: "hello@clinic-a.example" },
 *   attendee: { name: "Maria", email: "maria@example.com" } });
 * invite.content.includes("METHOD:REQUEST"); // true
 */
export function buildInvite(input: InviteInput): Invite {
  const attributes: EventAttributes & { timestamp: number } = {
    uid: input.uid,
    sequence: input.sequence,
    method: input.method,
    productId: "-//Bookwell//Notifications//EN",
    start: ms(input.start),
    startInputType: "utc",
    startOutputType: "utc",
    end: ms(input.end),
    endInputType: "utc",
    endOutputType: "utc",
    timestamp: ms(input.stamp),
    title: input.title,
    status: input.method === "CANCEL" ? "CANCELLED" : "CONFIRMED",
    busyStatus: "BUSY",
    // ORGANIZER and ATTENDEE are calendar addresses: without an e-mail they would be invalid.
    ...(input.organizer.email
      ? { organizer: { name: input.organizer.name, email: input.organizer.email } }
      : {}),
    ...(input.attendee.email
      ? {
          attendees: [
            {
              name: input.attendee.name,
              email: input.attendee.email,
              rsvp: false,
              partstat: "ACCEPTED" as const,
              role: "REQ-PARTICIPANT" as const,
            },
          ],
        }
      : {}),
    ...(input.description ? { description: input.description } : {}),
    ...(input.location ? { location: input.location } : {}),
    ...(input.url ? { url: input.url } : {}),
  };
  const { error, value } = createEvent(attributes);
  if (error || !value) throw new Error(`Bookwell: cannot write the invite: ${String(error)}`);
  return {
    method: input.method,
    content: value,
    filename: input.method === "CANCEL" ? "cancel.ics" : "invite.ics",
  };
}
