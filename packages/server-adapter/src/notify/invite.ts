// Calendar invites (.ics, RFC 5545 / iTIP RFC 5546) written with the `ics` package.

import { createEvent, createEvents, type EventAttributes } from "ics";
import { setFields } from "../services/fields.js";

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
  /** `PUBLISH`: several visits in one file (a series), added to the calendar, no reply asked. */
  method: "REQUEST" | "CANCEL" | "PUBLISH";
  content: string;
  filename: string;
  /** What the invite was written from, so a sender can write it again (e.g. with an organizer address). */
  source: InviteInput;
}

/**
 * A name as an iCalendar parameter value (`CN="…"`): a quoted string may not contain a double
 * quote or control characters at all (RFC 5545 §3.1), so they become `'` and spaces.
 */
function paramName(name: string): string {
  return name
    .replace(/"/g, "'")
    .replace(/\p{Cc}+/gu, " ")
    .trim();
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 sequence: each
 * continuation line starts with one space, which counts towards its 75 octets.
 *
 * @example
 * foldLine("DESCRIPTION:" + "ção ".repeat(40)).split("\r\n").every((l) => Buffer.byteLength(l) <= 75); // true
 */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = "";
  let size = 0;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    if (size + n > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = "";
      size = 0;
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

/**
 * Folds every content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character: the
 * `ics` package folds at 75 characters, which is up to 150 octets of Portuguese text.
 *
 * @example
 * foldIcs("DESCRIPTION:" + "ção ".repeat(40)).split("\r\n").every((l) => Buffer.byteLength(l) <= 75); // true
 */
export function foldIcs(content: string): string {
  return content
    .replace(/\r\n[ \t]/g, "")
    .split("\r\n")
    .map(foldLine)
    .join("\r\n");
}

function ms(iso: string): number {
  const value = Date.parse(iso);
  if (Number.isNaN(value)) throw new Error(`Bookwell: not an instant: ${iso}`);
  return value;
}

/**
 * Writes an iCalendar invite for one visit: times in UTC, a stable UID, the SEQUENCE given,
 * METHOD:REQUEST (status CONFIRMED) or METHOD:CANCEL (status CANCELLED), the clinic as organizer
 * and the patient as attendee (each only when it has an e-mail address, as iCalendar requires;
 * the e-mail channel fills in its sending address for a clinic without one). Lines are folded at
 * 75 octets and names are made valid parameter values (no `"`).
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
  const { error, value } = createEvent(eventAttributes(input));
  if (error || !value) throw new Error(`Bookwell: cannot write the invite: ${String(error)}`);
  return {
    method: input.method,
    content: foldIcs(value),
    filename: input.method === "CANCEL" ? "cancel.ics" : "invite.ics",
    source: input,
  };
}

/**
 * Writes one iCalendar file with every visit of a series booked together: one VEVENT per visit
 * with the UID and SEQUENCE its own invites use (so a later reschedule or cancel of one visit
 * updates it), under METHOD:PUBLISH, which iTIP allows for several events (REQUEST and CANCEL
 * are about one UID each).
 *
 * @example
 * const invite = buildSeriesInvite([first, second]); // inputs as for buildInvite
 * invite.content.match(/BEGIN:VEVENT/g)?.length; // 2
 */
export function buildSeriesInvite(inputs: readonly [InviteInput, ...InviteInput[]]): Invite {
  const { error, value } = createEvents(
    inputs.map((input) => {
      const { method: _m, productId: _p, ...event } = eventAttributes(input);
      return event;
    }),
    { productId: "-//Bookwell//Notifications//EN", method: "PUBLISH" },
  );
  if (error || !value) throw new Error(`Bookwell: cannot write the invite: ${String(error)}`);
  return {
    method: "PUBLISH",
    content: foldIcs(value),
    filename: "sessions.ics",
    source: inputs[0],
  };
}

/**
 * One visit as a calendar file to download ("add to calendar"): the same UID and SEQUENCE as its
 * e-mailed invites (so the calendar app keeps one copy), under METHOD:PUBLISH; `CANCEL` marks the
 * event CANCELLED.
 *
 * @example
 * const text = buildCalendarFile({ uid: "apt_1@bookwell", sequence: 0, method: "REQUEST",
 *   start: "2026-03-09T09:00:00.000Z", end: "2026-03-09T09:50:00.000Z",
 *   stamp: "2026-03-02T08:00:00.000Z", title: "Physiotherapy — Clinic A",
 *   organizer: { name: "Clinic A" }, attendee: { name: "Maria" } });
 * text.includes("DTSTART:20260309T090000Z"); // true
 */
export function buildCalendarFile(input: InviteInput): string {
  return buildSeriesInvite([input]).content;
}

function eventAttributes(input: InviteInput): EventAttributes & { timestamp: number } {
  return {
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
      ? { organizer: { name: paramName(input.organizer.name), email: input.organizer.email } }
      : {}),
    ...(input.attendee.email
      ? {
          attendees: [
            {
              name: paramName(input.attendee.name),
              email: input.attendee.email,
              rsvp: false,
              partstat: "ACCEPTED" as const,
              role: "REQ-PARTICIPANT" as const,
            },
          ],
        }
      : {}),
    ...setFields(input, ["description", "location", "url"]),
  };
}
