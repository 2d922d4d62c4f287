// The patient page's sign-in e-mail, sent by the outbox worker: "Your sign-in link to My visits
// at Clínica Sol. It works once, for 15 minutes." Dropped when the link was used or expired before
// the worker got to it.

import { z } from "zod";
import { type Composed, type MailRequest, mailMessage } from "./mail-request.js";
import { pageLink } from "./profile.js";
import {
  escapeHtml,
  fillTemplate,
  mailButton,
  mailPage,
  type TemplateLanguage,
  textsIn,
} from "./templates.js";

/** Outbox type of a sign-in link message (queued by `requestSignIn`). */
export const SIGN_IN_ROW_TYPE = "notify.patient_sign_in";

/** The payload of a sign-in row. */
export const signInPayloadSchema = z.object({
  v: z.literal(1),
  signInId: z.string().min(1),
  /** The link's token (plain, like a manage token in a confirmation row). */
  token: z.string().min(1),
  locale: z.string().min(2).optional(),
});

const TEXTS: Record<TemplateLanguage, { subject: string; intro: string; button: string }> = {
  en: {
    subject: "Your sign-in link to My visits at {clinic}",
    intro:
      "Open your visits, packages and invoices at {clinic}. The link works once, for 15 minutes. If you did not ask for it, ignore this e-mail.",
    button: "See my visits",
  },
  pt: {
    subject: "O seu link de acesso às suas consultas na {clinic}",
    intro:
      "Veja as suas consultas, pacotes e faturas na {clinic}. O link funciona uma vez, durante 15 minutos. Se não o pediu, ignore este e-mail.",
    button: "Ver as minhas consultas",
  },
  es: {
    subject: "Su enlace de acceso a Mis citas en {clinic}",
    intro:
      "Vea sus citas, bonos y facturas en {clinic}. El enlace funciona una vez, durante 15 minutos. Si no lo pidió, ignore este correo.",
    button: "Ver mis citas",
  },
};

/**
 * The sign-in e-mail of a row, or why none goes out (`link-closed`: used or expired meanwhile).
 *
 * @example
 * const result = await composeSignIn({ ops: storage, profile, row, payload, domain, now });
 */
export async function composeSignIn(
  request: MailRequest<z.output<typeof signInPayloadSchema>>,
): Promise<Composed<"link-closed">> {
  const { ops, profile, payload, now } = request;
  const clinic = profile.clinic;
  const link = await ops.findPatientSignIn(clinic.id, payload.signInId);
  if (!link || link.usedAt || Date.parse(link.expiresAt) <= now.getTime()) {
    return { drop: "link-closed" };
  }
  const locale = payload.locale ?? clinic.locale;
  const { language, texts } = textsIn(TEXTS, locale);
  const vars = { clinic: clinic.name };
  // The profile's patient page (`{token}` replaced, else `?token=`), else the manage page's
  // address with `?signin=<token>`.
  const url = pageLink(profile.patientUrl, profile.manageUrl, "signin", payload.token) ?? "";
  const subject = fillTemplate(texts.subject, vars);
  const intro = fillTemplate(texts.intro, vars);
  const text = `${[intro, "", `${texts.button}: ${url}`, "", "--", clinic.name].join("\n")}\n`;
  const html = mailPage(language, subject, [
    `<p>${escapeHtml(intro)}</p>`,
    mailButton(url, texts.button),
    `<p style="color:#555;font-size:14px">${escapeHtml(clinic.name)}</p>`,
  ]);
  return mailMessage(request, {
    kind: "new",
    locale,
    to: { name: link.email, email: link.email },
    subject,
    text,
    html,
    short: `${subject}: ${url}`,
  });
}
