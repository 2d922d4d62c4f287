// The invite e-mail of a staff user, sent by the outbox worker: "Mia invited you to the staff app
// of Physio Lisboa: set your password with this link." The row (`notify.staff_invite`) is queued by
// the invite command in its unit of work; the link works once, until it expires.

import { type Composed, type MailRequest, mailMessage } from "./mail-request.js";
import {
  escapeHtml,
  fillTemplate,
  type TemplateLanguage,
  type TemplateTexts,
  textsIn,
} from "./templates.js";

/** The built-in texts of the staff invite; `{clinic}`, `{name}`, `{link}`. */
export const STAFF_INVITE_TEMPLATES: Record<TemplateLanguage, TemplateTexts> = {
  en: {
    subject: "Your staff account at {clinic}",
    intro:
      "Hello {name}, you have a staff account at {clinic}. Set your password with this link (it works once, for a few days): {link}",
    short: "{clinic}: set your staff password: {link}",
  },
  pt: {
    subject: "A sua conta de equipa na {clinic}",
    intro:
      "Olá {name}, tem uma conta de equipa na {clinic}. Defina a sua palavra-passe com esta ligação (funciona uma vez, durante alguns dias): {link}",
    short: "{clinic}: defina a sua palavra-passe: {link}",
  },
  es: {
    subject: "Su cuenta de personal en {clinic}",
    intro:
      "Hola {name}, tiene una cuenta de personal en {clinic}. Elija su contraseña con este enlace (funciona una vez, durante unos días): {link}",
    short: "{clinic}: elija su contraseña: {link}",
  },
};

/**
 * The invite e-mail of a staff user, or why none goes out: the user is gone, inactive or has set
 * a password already (an older invite was used).
 *
 * @example
 * const result = await composeStaffInvite({ ops: storage, profile, row, payload: { userId, link, locale }, domain, now });
 */
export async function composeStaffInvite(
  request: MailRequest<{ userId: string; link: string; locale?: string | undefined }>,
): Promise<Composed<"user-gone" | "accepted">> {
  const { ops, profile, payload } = request;
  const clinic = profile.clinic;
  const user = await ops.getStaffUser(clinic.id, payload.userId);
  if (!user?.active) return { drop: "user-gone" };
  if (user.passwordHash) return { drop: "accepted" };
  const locale = payload.locale ?? clinic.locale;
  const { language, texts } = textsIn(STAFF_INVITE_TEMPLATES, locale);
  const vars = { clinic: clinic.name, name: user.name, link: payload.link };
  const subject = fillTemplate(texts.subject, vars);
  const intro = fillTemplate(texts.intro, vars);
  const introHtml = escapeHtml(intro).replace(
    escapeHtml(payload.link),
    `<a href="${escapeHtml(payload.link)}">${escapeHtml(payload.link)}</a>`,
  );
  return mailMessage(request, {
    kind: "new",
    locale,
    to: { name: user.name, email: user.email },
    subject,
    text: `${intro}\n\n--\n${clinic.name}\n`,
    html: `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:560px;margin:0 auto;padding:16px"><p>${introHtml}</p></body></html>`,
    short: fillTemplate(texts.short, vars),
  });
}
