// "Add to Google Calendar" and "Add to Outlook" links for a booked visit: the services' own
// pages for adding one event, filled in from the visit (never with the patient's notes). The .ics
// file from the server stays the way that keeps a calendar up to date after a move.

/** The event a calendar link adds. */
export interface CalendarEvent {
  title: string;
  /** ISO instants. */
  start: string;
  end: string;
  details: string;
  location?: string | undefined;
}

const compact = (iso: string) => new Date(iso).toISOString().replace(/[-:]|\.\d{3}/g, "");

/**
 * Google Calendar's "add event" page for an event.
 *
 * @example
 * googleCalendarUrl({ title: "Massage", start: "2026-12-07T10:00:00Z", end: "2026-12-07T10:50:00Z", details: "" });
 * // "https://calendar.google.com/calendar/render?action=TEMPLATE&text=Massage&dates=20261207T100000Z%2F20261207T105000Z&details="
 */
export function googleCalendarUrl(event: CalendarEvent): string {
  const query = new URLSearchParams({
    action: "TEMPLATE",
    text: event.title,
    dates: `${compact(event.start)}/${compact(event.end)}`,
    details: event.details,
  });
  if (event.location) query.set("location", event.location);
  return `https://calendar.google.com/calendar/render?${query}`;
}

/**
 * Outlook on the web's "new event" page for an event (outlook.live.com; the .ics file serves any
 * other calendar).
 *
 * @example
 * outlookCalendarUrl({ title: "Massage", start: "2026-12-07T10:00:00Z", end: "2026-12-07T10:50:00Z", details: "" });
 */
export function outlookCalendarUrl(event: CalendarEvent): string {
  const query = new URLSearchParams({
    path: "/calendar/action/compose",
    rru: "addevent",
    subject: event.title,
    startdt: new Date(event.start).toISOString(),
    enddt: new Date(event.end).toISOString(),
    body: event.details,
  });
  if (event.location) query.set("location", event.location);
  return `https://outlook.live.com/calendar/0/deeplink/compose?${query}`;
}
