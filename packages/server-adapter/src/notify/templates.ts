// Message texts per kind and locale (en, pt, es), overridable per clinic, and the one layout that
// turns them into a subject, plain text, HTML and a short text for SMS / WhatsApp.
//
// Privacy: a template only sees a `MessageView`, built from a whitelist of fields (clinic,
// service, provider, times, the manage link, a fee). Clinical notes, cases, invoice lines and the
// patient's own booking message are never part of it, so no template can print them.

import type { NotificationKind } from "./contract.js";

/** Languages with built-in texts. */
export type TemplateLanguage = "en" | "pt" | "es";

/** The texts of one kind of message in one language; `{placeholders}` are filled in. */
export interface TemplateTexts {
  subject: string;
  /** The opening paragraph. */
  intro: string;
  /**
   * The whole SMS / WhatsApp text, with `{date}` in its compact form ("Mon 9 Mar"). Keep it
   * short: one SMS segment is 160 GSM characters (SMS texts lose the accents GSM lacks).
   */
  short: string;
}

/** A clinic's overrides: any text of any kind in any language. */
export type TemplateOverrides = Partial<
  Record<TemplateLanguage, Partial<Record<NotificationKind, Partial<TemplateTexts>>>>
>;

/** Everything a template may show. Nothing else reaches a message. */
export interface MessageView {
  kind: NotificationKind;
  language: TemplateLanguage;
  clinicName: string;
  clinicAddress?: string;
  clinicPhone?: string;
  clinicEmail?: string;
  /** The visit's location, when it has a name of its own (one of several the clinic has). */
  locationName?: string;
  /** Where the visit is: its location's address, else the clinic's. */
  locationAddress?: string;
  /** The phone of the visit's location, else the clinic's. */
  locationPhone?: string;
  clientName: string;
  serviceName: string;
  providerName: string;
  /** Local date and time of the visit in its calendar's zone, e.g. "Monday, 9 March 2026", "09:00". */
  date: string;
  time: string;
  /** The date for SMS / WhatsApp texts, where `{date}` is this compact one, e.g. "Mon 9 Mar". */
  shortDate?: string;
  previousDate?: string;
  previousTime?: string;
  /** The IANA zone the times are in. */
  timeZone: string;
  manageUrl?: string;
  /** A formatted fee, e.g. "22,50 €". */
  fee?: string;
  /** A canceled visit: the formatted online payment refunded, e.g. "9,00 €". */
  refund?: string;
  /**
   * The cancellation terms when a fee can apply: the free-cancellation deadline (local date and
   * time) and the fee after it; `fromBooking` when the deadline had passed when the message was
   * written (a same-day booking: the fee applies from the moment of booking).
   */
  cancellationTerms?: { fee: string; fromBooking: boolean; date: string; time: string };
  /** Who reads it: the patient (default) or the visit's provider (staff texts, greeted by name). */
  audience?: "client" | "provider";
}

/** A rendered message. */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** The SMS / WhatsApp text. */
  short: string;
}

interface Labels {
  service: string;
  with: string;
  when: string;
  where: string;
  manage: string;
  manageText: string;
  fee: string;
  /** The row of what a free cancellation refunded. */
  refund: string;
  timeZone: string;
  hello: string;
  cancellation: string;
  /** `{date}`, `{time}`, `{fee}`: free until the deadline, the fee after it. */
  freeUntil: string;
  /** `{fee}`: the free window has passed, cancelling costs the fee. */
  feeFromBooking: string;
}

const LABELS: Record<TemplateLanguage, Labels> = {
  en: {
    service: "Service",
    with: "With",
    when: "When",
    where: "Where",
    manage: "Reschedule or cancel",
    manageText: "Reschedule or cancel",
    fee: "Fee",
    refund: "Refunded to your card",
    timeZone: "Times are in",
    hello: "Hello",
    cancellation: "Cancellation",
    freeUntil: "Free until {date} at {time}; after that it costs {fee}.",
    feeFromBooking: "Cancelling costs {fee}: the free-cancellation window has passed.",
  },
  pt: {
    service: "Serviço",
    with: "Com",
    when: "Quando",
    where: "Onde",
    manage: "Remarcar ou cancelar",
    manageText: "Remarcar ou cancelar",
    fee: "Taxa",
    refund: "Reembolsado no seu cartão",
    timeZone: "Horas em",
    hello: "Olá",
    cancellation: "Cancelamento",
    freeUntil: "Gratuito até {date} às {time}; depois custa {fee}.",
    feeFromBooking: "Cancelar custa {fee}: o prazo de cancelamento gratuito já passou.",
  },
  es: {
    service: "Servicio",
    with: "Con",
    when: "Cuándo",
    where: "Dónde",
    manage: "Cambiar o cancelar",
    manageText: "Cambiar o cancelar",
    fee: "Tarifa",
    refund: "Reembolsado en su tarjeta",
    timeZone: "Horas en",
    hello: "Hola",
    cancellation: "Cancelación",
    freeUntil: "Gratis hasta el {date} a las {time}; después cuesta {fee}.",
    feeFromBooking: "Cancelar cuesta {fee}: el plazo de cancelación gratuita ya pasó.",
  },
};

/** The built-in texts. */
export const DEFAULT_TEMPLATES: Record<
  TemplateLanguage,
  Record<NotificationKind, TemplateTexts>
> = {
  en: {
    new: {
      subject: "Booking confirmed: {service} on {date} at {time}",
      intro: "Your {service} with {provider} at {clinic} is booked for {date} at {time}.",
      short: "{clinic}: {service} booked for {date} {time}. {manageUrl}",
    },
    rescheduled: {
      subject: "Booking moved: {service} on {date} at {time}",
      intro:
        "Your {service} with {provider} at {clinic} has moved from {previousDate} at {previousTime} to {date} at {time}.",
      short: "{clinic}: {service} moved to {date} {time}. {manageUrl}",
    },
    canceled: {
      subject: "Booking canceled: {service} on {date} at {time}",
      intro: "Your {service} with {provider} at {clinic} on {date} at {time} has been canceled.",
      short: "{clinic}: your {service} on {date} {time} is canceled.",
    },
    no_show: {
      subject: "We missed you: {service} on {date} at {time}",
      intro:
        "We missed you at your {service} with {provider} on {date} at {time}. Get in touch with {clinic} to book again.",
      short: "{clinic}: we missed you on {date} {time}. Call us to book again.",
    },
    reminder: {
      subject: "Reminder: {service} on {date} at {time}",
      intro: "A reminder of your {service} with {provider} at {clinic} on {date} at {time}.",
      short: "{clinic}: reminder, {service} on {date} {time}. {manageUrl}",
    },
  },
  pt: {
    new: {
      subject: "Marcação confirmada: {service} a {date} às {time}",
      intro:
        "A sua marcação de {service} com {provider} na {clinic} está confirmada para {date} às {time}.",
      short: "{clinic}: {service} marcado para {date} {time}. {manageUrl}",
    },
    rescheduled: {
      subject: "Marcação alterada: {service} a {date} às {time}",
      intro:
        "A sua marcação de {service} com {provider} na {clinic} passou de {previousDate} às {previousTime} para {date} às {time}.",
      short: "{clinic}: {service} remarcado para {date} {time}. {manageUrl}",
    },
    canceled: {
      subject: "Marcação cancelada: {service} a {date} às {time}",
      intro:
        "A sua marcação de {service} com {provider} na {clinic} a {date} às {time} foi cancelada.",
      short: "{clinic}: a sua marcação de {date} {time} foi cancelada.",
    },
    no_show: {
      subject: "Sentimos a sua falta: {service} a {date} às {time}",
      intro:
        "Sentimos a sua falta na marcação de {service} com {provider} a {date} às {time}. Contacte a {clinic} para marcar de novo.",
      short: "{clinic}: sentimos a sua falta a {date} {time}. Contacte-nos para remarcar.",
    },
    reminder: {
      subject: "Lembrete: {service} a {date} às {time}",
      intro: "Lembramos a sua marcação de {service} com {provider} na {clinic} a {date} às {time}.",
      short: "{clinic}: lembrete, {service} a {date} {time}. {manageUrl}",
    },
  },
  es: {
    new: {
      subject: "Cita confirmada: {service} el {date} a las {time}",
      intro:
        "Su cita de {service} con {provider} en {clinic} está confirmada para el {date} a las {time}.",
      short: "{clinic}: {service} reservado para el {date} {time}. {manageUrl}",
    },
    rescheduled: {
      subject: "Cita cambiada: {service} el {date} a las {time}",
      intro:
        "Su cita de {service} con {provider} en {clinic} ha pasado del {previousDate} a las {previousTime} al {date} a las {time}.",
      short: "{clinic}: {service} cambiado al {date} {time}. {manageUrl}",
    },
    canceled: {
      subject: "Cita cancelada: {service} el {date} a las {time}",
      intro:
        "Su cita de {service} con {provider} en {clinic} el {date} a las {time} ha sido cancelada.",
      short: "{clinic}: su cita del {date} {time} ha sido cancelada.",
    },
    no_show: {
      subject: "Le echamos de menos: {service} el {date} a las {time}",
      intro:
        "No pudimos verle en su cita de {service} con {provider} el {date} a las {time}. Contacte con {clinic} para reservar de nuevo.",
      short: "{clinic}: no pudimos verle el {date} {time}. Llámenos para reservar.",
    },
    reminder: {
      subject: "Recordatorio: {service} el {date} a las {time}",
      intro:
        "Le recordamos su cita de {service} con {provider} en {clinic} el {date} a las {time}.",
      short: "{clinic}: recordatorio, {service} el {date} {time}. {manageUrl}",
    },
  },
};

/** The kinds of message a provider may get about their visits. */
export type ProviderNoticeKind = Exclude<NotificationKind, "reminder">;

/** The built-in texts of messages to a visit's provider (a booking made, moved, canceled, missed). */
export const PROVIDER_TEMPLATES: Record<
  TemplateLanguage,
  Record<ProviderNoticeKind, TemplateTexts>
> = {
  en: {
    new: {
      subject: "New booking: {client}, {service} on {date} at {time}",
      intro: "{client} booked {service} with you on {date} at {time}.",
      short: "{clinic}: new booking, {client}, {service} {date} {time}.",
    },
    rescheduled: {
      subject: "Booking moved: {client}, {service} on {date} at {time}",
      intro:
        "{client}'s {service} moved from {previousDate} at {previousTime} to {date} at {time}.",
      short: "{clinic}: {client} moved to {date} {time}.",
    },
    canceled: {
      subject: "Booking canceled: {client}, {service} on {date} at {time}",
      intro: "{client}'s {service} on {date} at {time} was canceled.",
      short: "{clinic}: {client} canceled {date} {time}.",
    },
    no_show: {
      subject: "No-show: {client}, {service} on {date} at {time}",
      intro: "{client} was marked as not attending {service} on {date} at {time}.",
      short: "{clinic}: {client} no-show {date} {time}.",
    },
  },
  pt: {
    new: {
      subject: "Nova marcação: {client}, {service} a {date} às {time}",
      intro: "{client} marcou {service} consigo a {date} às {time}.",
      short: "{clinic}: nova marcação, {client}, {service} {date} {time}.",
    },
    rescheduled: {
      subject: "Marcação alterada: {client}, {service} a {date} às {time}",
      intro:
        "A marcação de {service} de {client} passou de {previousDate} às {previousTime} para {date} às {time}.",
      short: "{clinic}: {client} remarcou para {date} {time}.",
    },
    canceled: {
      subject: "Marcação cancelada: {client}, {service} a {date} às {time}",
      intro: "A marcação de {service} de {client} a {date} às {time} foi cancelada.",
      short: "{clinic}: {client} cancelou {date} {time}.",
    },
    no_show: {
      subject: "Falta: {client}, {service} a {date} às {time}",
      intro: "{client} foi marcado como falta em {service} a {date} às {time}.",
      short: "{clinic}: falta de {client} a {date} {time}.",
    },
  },
  es: {
    new: {
      subject: "Nueva cita: {client}, {service} el {date} a las {time}",
      intro: "{client} ha reservado {service} con usted el {date} a las {time}.",
      short: "{clinic}: nueva cita, {client}, {service} {date} {time}.",
    },
    rescheduled: {
      subject: "Cita cambiada: {client}, {service} el {date} a las {time}",
      intro:
        "La cita de {service} de {client} ha pasado del {previousDate} a las {previousTime} al {date} a las {time}.",
      short: "{clinic}: {client} cambió al {date} {time}.",
    },
    canceled: {
      subject: "Cita cancelada: {client}, {service} el {date} a las {time}",
      intro: "La cita de {service} de {client} el {date} a las {time} ha sido cancelada.",
      short: "{clinic}: {client} canceló {date} {time}.",
    },
    no_show: {
      subject: "No asistió: {client}, {service} el {date} a las {time}",
      intro: "{client} no asistió a {service} el {date} a las {time}.",
      short: "{clinic}: {client} no asistió {date} {time}.",
    },
  },
};

/**
 * A mail's texts in the built-in language of `locale` (see {@link templateLanguage}), with that
 * language (the mail page's `lang`).
 *
 * @example
 * const { language, texts } = textsIn(PACKAGE_NUDGE_TEMPLATES, "pt-PT"); // language: "pt"
 */
export function textsIn<T>(
  texts: Readonly<Record<TemplateLanguage, T>>,
  locale: string | undefined,
): { language: TemplateLanguage; texts: T } {
  const language = templateLanguage(locale);
  return { language, texts: texts[language] };
}

/** "Hello" in each built-in language: the greeting of the mails that write their own texts. */
export const HELLO: Readonly<Record<TemplateLanguage, string>> = {
  en: "Hello",
  pt: "Olá",
  es: "Hola",
};

/**
 * The built-in language for a BCP 47 locale: its language when it has texts, else English.
 *
 * @example
 * templateLanguage("pt-BR"); // "pt"
 * templateLanguage("de-DE"); // "en"
 */
export function templateLanguage(locale: string | undefined): TemplateLanguage {
  const language = (locale ?? "").toLowerCase().split(/[-_]/)[0];
  return language === "pt" || language === "es" ? language : "en";
}

/**
 * Escapes text for HTML element content and attribute values.
 *
 * @example
 * escapeHtml('<b>"Ana"</b>'); // "&lt;b&gt;&quot;Ana&quot;&lt;/b&gt;"
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A clinic's name, address, phone and e-mail address: the lines that close its e-mails. */
export function clinicFooter(clinic: {
  name: string;
  address?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}): string[] {
  return [clinic.name, clinic.address, clinic.phone, clinic.email].filter((x): x is string =>
    Boolean(x),
  );
}

/**
 * The clinic's fields of a message view: its name, and its address, phone and e-mail where set.
 *
 * @example
 * renderMessage({ ...clinicView(clinic), kind: "new", language: "en", … });
 */
export function clinicView(clinic: {
  name: string;
  address?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}): Pick<MessageView, "clinicName" | "clinicAddress" | "clinicPhone" | "clinicEmail"> {
  return {
    clinicName: clinic.name,
    ...(clinic.address ? { clinicAddress: clinic.address } : {}),
    ...(clinic.phone ? { clinicPhone: clinic.phone } : {}),
    ...(clinic.email ? { clinicEmail: clinic.email } : {}),
  };
}

/**
 * The HTML of a clinic e-mail around `body` (HTML already escaped): language, subject as title,
 * the one page style, and the footer lines under a rule when `footer` is given.
 *
 * @example
 * mailPage("en", "Your visit", [`<p>${escapeHtml(intro)}</p>`], clinicFooter(clinic));
 */
export function mailPage(
  language: string,
  subject: string,
  body: readonly string[],
  footer?: readonly string[],
): string {
  return [
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    `<body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#1a1a1a;line-height:1.5;max-width:560px;margin:0 auto;padding:16px">`,
    ...body,
    ...(footer
      ? [
          `<hr style="border:none;border-top:1px solid #ddd;margin:24px 0">`,
          `<p style="color:#555;font-size:14px">${footer.map(escapeHtml).join("<br>")}</p>`,
        ]
      : []),
    "</body></html>",
  ].join("");
}

/** A link drawn as the button of the clinic's one-off e-mails (sign-in, waitlist offer). */
export function mailButton(url: string, label: string): string {
  return `<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 16px;background:#0b5cad;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(label)}</a></p>`;
}

function values(view: MessageView): Record<string, string> {
  return {
    clinic: view.clinicName,
    client: view.clientName,
    service: view.serviceName,
    provider: view.providerName,
    date: view.date,
    time: view.time,
    previousDate: view.previousDate ?? "",
    previousTime: view.previousTime ?? "",
    fee: view.fee ?? "",
    manageUrl: view.manageUrl ?? "",
    location: view.locationName ?? "",
    address: view.locationAddress ?? view.clinicAddress ?? "",
    phone: view.locationPhone ?? view.clinicPhone ?? "",
  };
}

/**
 * Fills `{name}` placeholders from `vars`; unknown names are left as written so a typo in a
 * clinic's template shows up instead of vanishing.
 *
 * @example
 * fillTemplate("Hi {client}", { client: "Maria" }); // "Hi Maria"
 */
export function fillTemplate(template: string, vars: Record<string, string>): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? (vars[name] as string) : whole,
  );
}

/** The texts for a kind and language: the clinic's overrides over the built-in ones. */
function textsFor(view: MessageView, overrides: TemplateOverrides | undefined): TemplateTexts {
  if (view.audience === "provider" && view.kind !== "reminder") {
    return PROVIDER_TEMPLATES[view.language][view.kind];
  }
  const base = DEFAULT_TEMPLATES[view.language][view.kind];
  const own = overrides?.[view.language]?.[view.kind] ?? {};
  return { ...base, ...own };
}

/**
 * Renders a message from a view: subject, plain text, HTML (escaped) and the short text, in the
 * view's language, with the clinic's overrides applied.
 *
 * @example
 * const { subject, text, html } = renderMessage(view, clinicTemplates);
 */
export function renderMessage(view: MessageView, overrides?: TemplateOverrides): RenderedMessage {
  const texts = textsFor(view, overrides);
  const labels = LABELS[view.language];
  const vars = values(view);
  const subject = fillTemplate(texts.subject, vars).replace(/\s+/g, " ").trim();
  const intro = fillTemplate(texts.intro, vars);
  const short = fillTemplate(texts.short, { ...vars, date: view.shortDate ?? view.date })
    .replace(/\s+/g, " ")
    .trim();

  const rows: [string, string][] = [
    [labels.service, view.serviceName],
    [labels.with, view.providerName],
    [labels.when, `${view.date}, ${view.time} (${view.timeZone})`],
  ];
  const where = [view.clinicName, view.locationName, view.locationAddress ?? view.clinicAddress]
    .filter(Boolean)
    .join(", ");
  rows.push([labels.where, where]);
  if (view.fee) rows.push([labels.fee, view.fee]);
  if (view.refund) rows.push([labels.refund, view.refund]);
  const terms = view.cancellationTerms;
  if (terms) {
    const sentence = terms.fromBooking ? labels.feeFromBooking : labels.freeUntil;
    const { fee, date, time } = terms;
    rows.push([labels.cancellation, fillTemplate(sentence, { fee, date, time })]);
  }
  const footer = [view.clinicName, view.clinicAddress, view.clinicPhone, view.clinicEmail].filter(
    (x): x is string => Boolean(x),
  );

  const greeted = view.audience === "provider" ? view.providerName : view.clientName;
  const textLines = [`${labels.hello} ${greeted},`.trim(), "", intro, ""];
  for (const [label, value] of rows) textLines.push(`${label}: ${value}`);
  if (view.manageUrl) textLines.push("", `${labels.manageText}: ${view.manageUrl}`);
  textLines.push("", "--", ...footer);
  const text = `${textLines.join("\n")}\n`;

  const e = escapeHtml;
  const htmlRows = rows
    .map(
      ([label, value]) =>
        `<tr><th align="left" style="padding:4px 12px 4px 0;color:#555">${e(label)}</th><td style="padding:4px 0">${e(value)}</td></tr>`,
    )
    .join("");
  const button = view.manageUrl
    ? `<p style="margin:24px 0"><a href="${e(view.manageUrl)}" style="background:#1f5f8b;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${e(labels.manage)}</a></p>`
    : "";
  const html = mailPage(
    view.language,
    subject,
    [
      `<p>${e(`${labels.hello} ${greeted},`)}</p>`,
      `<p>${e(intro)}</p>`,
      `<table role="presentation" style="border-collapse:collapse">${htmlRows}</table>`,
      button,
    ],
    footer,
  );
  return { subject, text, html, short };
}
