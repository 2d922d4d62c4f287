// The waitlist offer message, sent by the outbox worker: "A place freed up: Pilates on Tuesday
// 10 March at 18:00. It is held for you until 12:30 — book it here." An offer queues one
// `notify.waitlist_offer` row per channel (e-mail, and SMS when the patient gave a phone); when it
// is sent the offer must still be open, else the message is dropped.

import { z } from "zod";
import type { ChannelName } from "./contract.js";
import { type Composed, letterMessage, type MailRequest } from "./mail-request.js";
import { pageLink } from "./profile.js";
import {
  escapeHtml,
  fillTemplate,
  HELLO,
  mailButton,
  type TemplateLanguage,
  type TemplateTexts,
  textsIn,
} from "./templates.js";

/** Outbox type of a waitlist offer message (the worker renders and sends it). */
export const WAITLIST_OFFER_ROW_TYPE = "notify.waitlist_offer";

/** The payload of a waitlist offer row. */
export const waitlistOfferPayloadSchema = z.object({
  v: z.literal(1),
  offerId: z.string().min(1),
  /** The offer link's token (plain, like a manage token in a confirmation row). */
  offerToken: z.string().min(1),
  channel: z.enum(["email", "sms"]).default("email"),
  locale: z.string().min(2).optional(),
});
/** See {@link waitlistOfferPayloadSchema}. */
export type WaitlistOfferPayload = z.output<typeof waitlistOfferPayloadSchema>;

/** The built-in texts; `{service}`, `{date}`, `{time}`, `{until}`, `{clinic}`, `{url}`. */
export const WAITLIST_OFFER_TEMPLATES: Record<
  TemplateLanguage,
  TemplateTexts & { held: string; open: string; book: string }
> = {
  en: {
    subject: "A time freed up: {service} on {date} at {time}",
    intro: "A time you were waiting for at {clinic} is free: {service} on {date} at {time}.",
    held: "It is held for you until {until}.",
    open: "Everyone waiting was told at once: the first to book it gets it.",
    book: "Book it",
    short: "{clinic}: {service} free on {date} {time}. Book: {url}",
  },
  pt: {
    subject: "Vagou uma hora: {service} em {date} às {time}",
    intro: "Vagou uma hora que esperava na {clinic}: {service} em {date} às {time}.",
    held: "Está reservada para si até {until}.",
    open: "Todos os que esperavam foram avisados: fica com ela quem marcar primeiro.",
    book: "Marcar",
    short: "{clinic}: {service} livre em {date} {time}. Marcar: {url}",
  },
  es: {
    subject: "Se liberó una hora: {service} el {date} a las {time}",
    intro: "Se liberó una hora que esperaba en {clinic}: {service} el {date} a las {time}.",
    held: "Está reservada para usted hasta {until}.",
    open: "Avisamos a todos los que esperaban: la reserva quien confirme primero.",
    book: "Reservar",
    short: "{clinic}: {service} libre el {date} {time}. Reservar: {url}",
  },
};

/** Why an offer message is not sent. */
export type OfferDropReason = "offer-closed" | "no-recipient";

/**
 * The message of a waitlist offer row, or why none goes out: the offer is no longer open, or the
 * patient has no address on that channel.
 *
 * @example
 * const result = await composeWaitlistOffer({ ops: storage, profile, row, payload, domain, now });
 */
export async function composeWaitlistOffer(
  request: MailRequest<WaitlistOfferPayload>,
): Promise<Composed<OfferDropReason>> {
  const { ops, profile, payload, now } = request;
  const clinic = profile.clinic;
  const offers = await ops.listWaitlistOffers(clinic.id, { statuses: ["open"] });
  const offer = offers.find((o) => o.id === payload.offerId);
  if (!offer || Date.parse(offer.expiresAt) <= now.getTime()) {
    return { drop: "offer-closed" };
  }
  const [entry, service] = await Promise.all([
    ops.getWaitlistEntry(clinic.id, offer.entryId),
    ops.getService(clinic.id, offer.serviceId),
  ]);
  const channel: ChannelName = payload.channel;
  if (!entry || (channel === "sms" && !entry.phone)) return { drop: "no-recipient" };
  const locale = payload.locale ?? entry.locale ?? clinic.locale;
  const { language, texts } = textsIn(WAITLIST_OFFER_TEMPLATES, locale);
  const zone = clinic.timeZone;
  const day = new Intl.DateTimeFormat(locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone: zone,
  });
  const time = new Intl.DateTimeFormat(locale, {
    hour: "2-digit",
    minute: "2-digit",
    timeZone: zone,
  });
  // The profile's offer page (`{token}` replaced, else `?token=`), else the manage page's address
  // with `?offer=<token>` (the widget opens the offered time from it).
  const url = pageLink(profile.offerUrl, profile.manageUrl, "offer", payload.offerToken) ?? "";
  const vars = {
    clinic: clinic.name,
    service: service?.name ?? "",
    date: day.format(new Date(offer.start)),
    time: time.format(new Date(offer.start)),
    until: `${day.format(new Date(offer.expiresAt))} ${time.format(new Date(offer.expiresAt))}`,
    url,
  };
  const subject = fillTemplate(texts.subject, vars);
  const intro = fillTemplate(texts.intro, vars);
  const terms = fillTemplate(offer.exclusive ? texts.held : texts.open, vars);
  return letterMessage(request, {
    kind: "new",
    channel,
    locale,
    to: {
      name: entry.name,
      ...(channel === "email" ? { email: entry.email } : {}),
      ...(channel === "sms" && entry.phone ? { phone: entry.phone } : {}),
    },
    subject,
    hello: `${HELLO[language]} ${entry.name},`,
    lines: [intro, terms, "", url ? `${texts.book}: ${url}` : ""],
    blocks: [
      `<p>${escapeHtml(intro)}</p><p>${escapeHtml(terms)}</p>`,
      url ? mailButton(url, texts.book) : "",
    ],
    short: fillTemplate(texts.short, vars),
  });
}
