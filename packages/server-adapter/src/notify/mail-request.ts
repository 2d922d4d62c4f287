// What every outbox mail (document, series, sign-in, staff invite, waitlist offer, package nudge)
// is composed from, what it answers, and the one place its message is addressed from the clinic.

import type { OutboxRecord, StorageOperations } from "../storage/storage.js";
import type { OutgoingMessage } from "./channel.js";
import { clinicMessage, type MessageParts } from "./compose.js";
import type { ClinicNotifyProfile } from "./profile.js";
import { clinicFooter, escapeHtml, mailPage, templateLanguage } from "./templates.js";

/** What an outbox mail is composed from: the storage, the clinic, the row and its payload. */
export interface MailRequest<P> {
  ops: StorageOperations;
  profile: ClinicNotifyProfile;
  /** The outbox row (its id is the message's delivery id). */
  row: Pick<OutboxRecord, "id">;
  payload: P;
  /** Domain of Message-IDs and calendar UIDs. */
  domain: string;
  now: Date;
}

/** The message a mail composer made, or why none goes out (`drop`). */
export type Composed<Drop extends string> =
  | { message: OutgoingMessage; drop?: undefined }
  | { drop: Drop };

/** A mail's parts: by e-mail and about no single visit unless it names them. */
export type MailParts = Omit<MessageParts, "appointmentId" | "channel"> &
  Partial<Pick<MessageParts, "appointmentId" | "channel">>;

/**
 * The clinic's message for a mail request's row: an e-mail about no single visit unless `parts`
 * name a channel or a visit.
 *
 * @example
 * return mailMessage(request, { kind: "new", locale, to, subject, text, html, short: subject });
 */
export function mailMessage(
  { row, domain, profile }: MailRequest<unknown>,
  parts: MailParts,
): { message: OutgoingMessage } {
  const message = clinicMessage(row.id, domain, profile.clinic, {
    appointmentId: "",
    channel: "email",
    ...parts,
  });
  return { message };
}

/**
 * A letter's parts: a greeting, then its body in plain text and in HTML, then the clinic's footer
 * (the page's language is the built-in language of its `locale`, as its texts are).
 */
export type LetterParts = Omit<MailParts, "text" | "html"> & {
  /** The greeting line ("Hello Ana,"). */
  hello: string;
  /** The plain text between the greeting and the signature, line by line (blank lines included). */
  lines: readonly string[];
  /** The same in HTML (escaped), after the greeting's paragraph. */
  blocks: readonly string[];
};

/**
 * The clinic's letter for a mail request's row: the greeting, the body and, under `--`, the
 * clinic's name, address, phone and e-mail address, in plain text and in HTML alike.
 *
 * @example
 * return letterMessage(request, { kind: "reminder", locale, to, subject,
 *   hello: "Hello Ana,", lines: [intro, ""], blocks: [`<p>${escapeHtml(intro)}</p>`], short });
 */
export function letterMessage(
  request: MailRequest<unknown>,
  { hello, lines, blocks, ...parts }: LetterParts,
): { message: OutgoingMessage } {
  const footer = clinicFooter(request.profile.clinic);
  return mailMessage(request, {
    ...parts,
    text: `${[hello, "", ...lines, "--", ...footer].join("\n")}\n`,
    html: mailPage(
      templateLanguage(parts.locale),
      parts.subject,
      [`<p>${escapeHtml(hello)}</p>`, ...blocks],
      footer,
    ),
  });
}
