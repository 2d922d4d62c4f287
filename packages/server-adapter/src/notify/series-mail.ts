// One confirmation per series: when staff book several visits of a series in one go (repeat, copy
// to several dates), the patient gets one e-mail listing every date with its own manage link and
// one .ics with every visit, instead of one confirmation each. The command queues one
// `notify.series` row naming the visits (and the plain manage tokens, as a change row carries
// one); each visit's own change row is marked `inSeries`, so the worker still plans its reminders,
// its SMS / WhatsApp confirmation and the provider's notice exactly as for any visit, and leaves
// out only its e-mail confirmation.

import { z } from "zod";
import type { AppointmentRecord } from "../storage/storage.js";
import { formatLocale, localParts, patientLocale } from "./compose.js";
import { buildSeriesInvite, type InviteInput } from "./invite.js";
import { calendarUid } from "./lineage.js";
import { type Composed, letterMessage, type MailRequest } from "./mail-request.js";
import { visitPlace } from "./place.js";
import { bookingPreferences, contactFor, REMINDABLE } from "./planner.js";
import { manageLink } from "./profile.js";
import { escapeHtml, fillTemplate, type TemplateLanguage, textsIn } from "./templates.js";

/** Outbox type of a series confirmation. */
export const SERIES_MAIL_ROW_TYPE = "notify.series";

/** The payload of a `notify.series` row: the visits booked together, in date order. */
export const seriesMailPayloadSchema = z.object({
  v: z.literal(1),
  visits: z
    .array(
      z.object({
        appointmentId: z.string().min(1),
        /** The plain manage token of the visit's link (only its hash is stored with the visit). */
        manageToken: z.string().min(1).optional(),
      }),
    )
    .min(1)
    .max(200),
  /** BCP 47 locale to write in (else the first visit's, else the client's, else the clinic's). */
  locale: z.string().min(2).optional(),
  /** The series: its visits booked before (still ahead) are listed too, with no new link. */
  seriesId: z.string().min(1).optional(),
});
/** The payload of a `notify.series` row. */
export type SeriesMailPayload = z.infer<typeof seriesMailPayloadSchema>;

/** The built-in texts of the series e-mail. */
export const SERIES_MAIL_TEXTS: Record<
  TemplateLanguage,
  {
    subject: string;
    intro: string;
    hello: string;
    with: string;
    manage: string;
    earlier: string;
    outro: string;
  }
> = {
  en: {
    subject: "{clinic}: {count} sessions booked",
    intro: "Your {count} sessions at {clinic} are booked:",
    hello: "Hello",
    with: "with",
    manage: "Change or cancel",
    earlier: "confirmed before: its link is in that confirmation",
    outro:
      "Each session has its own link to change or cancel it. The attached calendar file adds them all to your calendar; you will get a reminder before each one.",
  },
  pt: {
    subject: "{clinic}: {count} sessões marcadas",
    intro: "As suas {count} sessões na {clinic} estão marcadas:",
    hello: "Olá",
    with: "com",
    manage: "Alterar ou cancelar",
    earlier: "já confirmada: a ligação está nessa confirmação",
    outro:
      "Cada sessão tem a sua própria ligação para a alterar ou cancelar. O ficheiro de calendário em anexo junta-as todas ao seu calendário; receberá um lembrete antes de cada uma.",
  },
  es: {
    subject: "{clinic}: {count} sesiones reservadas",
    intro: "Sus {count} sesiones en {clinic} están reservadas:",
    hello: "Hola",
    with: "con",
    manage: "Cambiar o cancelar",
    earlier: "ya confirmada: el enlace está en esa confirmación",
    outro:
      "Cada sesión tiene su propio enlace para cambiarla o cancelarla. El archivo de calendario adjunto las añade todas a su calendario; recibirá un recordatorio antes de cada una.",
  },
};

/** Why a series e-mail is not sent. */
export type SeriesMailDropReason =
  | "appointment-gone"
  | "send-off"
  | "type-disabled"
  | "no-recipient";

const byStart = (a: AppointmentRecord, b: AppointmentRecord) =>
  Date.parse(a.start) - Date.parse(b.start) || (a.id < b.id ? -1 : 1);

/** One listed session. */
interface Session {
  visit: AppointmentRecord;
  /** Booked before, with this series' other visits: listed, its link is in its own confirmation. */
  earlier: boolean;
  line: string;
  /** Short date and time, naming the session in its link. */
  short: string;
  manageUrl?: string;
  invite: InviteInput;
}

/**
 * The e-mail of a `notify.series` row: every visit still booked and ahead, each with its date,
 * time, service, provider and manage link, in the patient's language, with one .ics holding them
 * all, and the series' visits booked before that are still ahead (listed, their links are in
 * their own confirmations); or why none goes out (no visit left, the booking's or clinic's switch for confirmations is
 * off, no e-mail address). The switches read are the first listed visit's, as for one visit.
 *
 * @example
 * const result = await composeSeriesMail({ ops: storage, profile, row, payload, domain, now });
 */
export async function composeSeriesMail(
  request: MailRequest<SeriesMailPayload>,
): Promise<Composed<SeriesMailDropReason>> {
  const { ops, profile, payload, now } = request;
  const clinic = profile.clinic;
  const tokens = new Map(payload.visits.map((v) => [v.appointmentId, v.manageToken]));
  // A session canceled or moved since (its own messages tell about it) or already begun is left out.
  const ahead = (visit: AppointmentRecord | undefined): visit is AppointmentRecord =>
    visit !== undefined && REMINDABLE.has(visit.status) && Date.parse(visit.start) > now.getTime();
  const visits: AppointmentRecord[] = [];
  for (const { appointmentId } of payload.visits) {
    const visit = await ops.getAppointment(clinic.id, appointmentId);
    if (ahead(visit)) visits.push(visit);
  }
  const first = visits.sort(byStart)[0];
  if (!first) return { drop: "appointment-gone" };
  const earlier = payload.seriesId
    ? (await ops.listAppointments(clinic.id, { seriesId: payload.seriesId })).filter(
        (v) => ahead(v) && !tokens.has(v.id) && v.clientId === first.clientId,
      )
    : [];
  const listed = [...visits, ...earlier].sort(byStart);
  if (!first) return { drop: "appointment-gone" };
  const prefs = bookingPreferences(first);
  if (
    prefs.send === false ||
    (prefs.send === undefined && profile.settings?.defaultSend === false) ||
    (prefs.channels && !prefs.channels.includes("email"))
  ) {
    return { drop: "send-off" };
  }
  if (profile.settings?.types?.new?.enabled === false) return { drop: "type-disabled" };
  const contact = await contactFor(ops, first);
  if (!contact.email) return { drop: "no-recipient" };

  const locale = payload.locale ?? (await patientLocale(ops, clinic, first));
  const { texts } = textsIn(SERIES_MAIL_TEXTS, locale);
  const fmt = formatLocale(locale);
  const sessions: Session[] = [];
  for (const visit of listed) {
    const [service, provider, place] = await Promise.all([
      ops.getService(clinic.id, visit.serviceId),
      ops.getCalendar(clinic.id, visit.calendarIds[0] ?? ""),
      visitPlace(ops, clinic, visit),
    ]);
    const when = localParts(visit.start, fmt, place.timeZone);
    const what = [service?.name, provider?.name ? `${texts.with} ${provider.name}` : undefined]
      .filter(Boolean)
      .join(" ");
    const token = tokens.get(visit.id);
    const manageUrl = token && profile.manageUrl ? manageLink(profile.manageUrl, token) : undefined;
    sessions.push({
      visit,
      earlier: !tokens.has(visit.id),
      line: `${when.date}, ${when.time}${what ? ` · ${what}` : ""}`,
      short: `${when.shortDate} ${when.time}`,
      ...(manageUrl ? { manageUrl } : {}),
      invite: {
        // New visits: each is the root of its own chain, so this is the UID its later invites use.
        uid: calendarUid(visit.id, request.domain),
        sequence: 0,
        method: "REQUEST",
        start: visit.start,
        end: visit.end,
        stamp: now.toISOString(),
        title: [service?.name, clinic.name].filter(Boolean).join(" · "),
        location: [clinic.name, place.locationName, place.address].filter(Boolean).join(", "),
        ...(manageUrl ? { url: manageUrl } : {}),
        organizer: { name: clinic.name, ...(clinic.email ? { email: clinic.email } : {}) },
        attendee: { name: contact.name, email: contact.email },
      },
    });
  }
  const vars = { clinic: clinic.name, count: String(sessions.length) };
  const subject = fillTemplate(texts.subject, vars);
  const intro = fillTemplate(texts.intro, vars);
  const lines = sessions.flatMap((s, i) => [
    `${i + 1}. ${s.line}`,
    ...(s.earlier ? [`   (${texts.earlier})`] : []),
    ...(s.manageUrl ? [`   ${texts.manage}: ${s.manageUrl}`] : []),
  ]);
  const items = sessions.map(
    (s) =>
      `<li>${escapeHtml(s.line)}${s.earlier ? `<br>(${escapeHtml(texts.earlier)})` : ""}${
        s.manageUrl
          ? `<br><a href="${escapeHtml(s.manageUrl)}">${escapeHtml(`${texts.manage}: ${s.short}`)}</a>`
          : ""
      }</li>`,
  );
  // The calendar file adds the new sessions; the earlier ones came with their own invites.
  const invites = sessions.filter((s) => !s.earlier).map((s) => s.invite) as [
    InviteInput,
    ...InviteInput[],
  ];
  return letterMessage(request, {
    appointmentId: first.id,
    kind: "series",
    locale,
    to: contact,
    subject,
    hello: contact.name ? `${texts.hello} ${contact.name},` : `${texts.hello},`,
    lines: [intro, "", ...lines, "", texts.outro, ""],
    blocks: [`<p>${escapeHtml(intro)}</p><ol>`, ...items, `</ol><p>${escapeHtml(texts.outro)}</p>`],
    short: subject,
    invite: buildSeriesInvite(invites),
  });
}
