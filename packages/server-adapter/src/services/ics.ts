// A minimal RFC 5545 calendar file for one visit ("add to calendar").

/** What goes into the event. */
export interface IcsEvent {
  uid: string;
  start: string;
  end: string;
  summary: string;
  description?: string;
  location?: string;
  organizerName?: string;
  status?: "CONFIRMED" | "CANCELLED";
  /** Bumped on every change so calendar apps replace the old copy. */
  sequence?: number;
  stamp: string;
}

function utc(iso: string): string {
  return `${new Date(iso).toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`;
}

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
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
 * Renders one event as an iCalendar file (CRLF line endings, folded lines, escaped text).
 *
 * @example
 * renderIcs({ uid: "apt_1@bookwell", start: "2026-03-09T09:00:00Z", end: "2026-03-09T09:50:00Z",
 *   summary: "Physio session", stamp: "2026-03-01T12:00:00Z" });
 */
export function renderIcs(event: IcsEvent): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Bookwell//Bookwell//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${utc(event.stamp)}`,
    `DTSTART:${utc(event.start)}`,
    `DTEND:${utc(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  lines.push(`STATUS:${event.status ?? "CONFIRMED"}`);
  lines.push(`SEQUENCE:${event.sequence ?? 0}`);
  lines.push("END:VEVENT", "END:VCALENDAR");
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}
