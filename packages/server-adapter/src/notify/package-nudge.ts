// The expiry nudge of a session package, sent by the outbox worker: "Your 10 × Physio has 4
// sessions left, valid until 10 July: book the rest before then." Selling a package with an
// expiry queues one `notify.package_nudge` row for its nudge day (10:00 in the clinic's zone); when
// it comes due the worker e-mails the owner if the package still has sessions left, is not
// expired, refunded or nudged already, and records the nudge as staff would with
// `POST /v1/staff/packages/:id/nudge`.

import { clockFor, parseDay } from "@bookwell/engine";
import { balanceOf } from "../services/back-office/package-state.js";
import { nudgedAtOf, withNudge } from "../services/back-office/packages.js";
import type { PackageRecord } from "../storage/back-office.js";
import type { JsonObject, OutboxInput, Storage, StorageTransaction } from "../storage/storage.js";
import { clientLocale } from "./compose.js";
import { type Composed, letterMessage, type MailRequest } from "./mail-request.js";
import {
  escapeHtml,
  fillTemplate,
  HELLO,
  type TemplateLanguage,
  type TemplateTexts,
  textsIn,
} from "./templates.js";

/** Outbox type of a package's expiry nudge. */
export const PACKAGE_NUDGE_ROW_TYPE = "notify.package_nudge";

/** Minutes after local midnight the nudge goes out on its day (10:00). */
const NUDGE_MINUTE = 600;

/** The built-in texts of the expiry nudge; `{package}`, `{remaining}`, `{sold}`, `{expiry}`. */
export const PACKAGE_NUDGE_TEMPLATES: Record<TemplateLanguage, TemplateTexts> = {
  en: {
    subject: "{package}: {remaining} sessions left, valid until {expiry}",
    intro:
      "Your {package} at {clinic} has {remaining} of {sold} sessions left. It is valid until {expiry}: book the rest before then.",
    short: "{clinic}: {package}, {remaining} sessions left until {expiry}.",
  },
  pt: {
    subject: "{package}: faltam {remaining} sessões, válido até {expiry}",
    intro:
      "O seu {package} na {clinic} ainda tem {remaining} de {sold} sessões. É válido até {expiry}: marque as restantes antes dessa data.",
    short: "{clinic}: {package}, faltam {remaining} sessões até {expiry}.",
  },
  es: {
    subject: "{package}: quedan {remaining} sesiones, válido hasta el {expiry}",
    intro:
      "Su {package} en {clinic} tiene {remaining} de {sold} sesiones. Es válido hasta el {expiry}: reserve las restantes antes de esa fecha.",
    short: "{clinic}: {package}, quedan {remaining} sesiones hasta el {expiry}.",
  },
};

/**
 * The nudge row for a package just sold, or `undefined` when it has no nudge day (no expiry): due
 * at 10:00 on the nudge day in the clinic's zone, or now when that is past.
 *
 * @example
 * const row = packageNudgeRow(pkg, "Europe/Lisbon", new Date());
 * if (row) await tx.enqueueOutbox(clinicId, row);
 */
export function packageNudgeRow(
  pkg: PackageRecord,
  timeZone: string,
  now: Date,
): OutboxInput | undefined {
  const nudgeOn = balanceOf(pkg, now).nudgeOn;
  const day = nudgeOn ? parseDay(nudgeOn) : undefined;
  if (day === undefined) return undefined;
  const at = clockFor(timeZone).toInstant(day, NUDGE_MINUTE);
  return {
    id: `package-nudge:${pkg.id}`,
    type: PACKAGE_NUDGE_ROW_TYPE,
    dueAt: Math.max(at, now.getTime()),
    payload: { v: 1, packageId: pkg.id } as JsonObject,
  };
}

/** Why a package nudge is not sent. */
export type NudgeDropReason =
  | "package-gone"
  | "not-due"
  | "nudged"
  | "reminders-off"
  | "no-recipient";

/**
 * The nudge e-mail for a package, or why none goes out now: the package is gone, has no
 * sessions left, expired, was refunded (`not-due`), was nudged already (by staff or a worker),
 * the clinic switched reminders off, or the owner has no e-mail address.
 *
 * @example
 * const result = await composePackageNudge({ ops: storage, profile, row, payload: "pkg_1", domain, now });
 */
export async function composePackageNudge(
  request: MailRequest<string>,
): Promise<Composed<NudgeDropReason>> {
  const { ops, profile, payload: packageId, now } = request;
  const clinic = profile.clinic;
  const pkg = await ops.getPackage(clinic.id, packageId);
  if (!pkg) return { drop: "package-gone" };
  if (nudgedAtOf(pkg) !== undefined) return { drop: "nudged" };
  const balance = balanceOf(pkg, now);
  if (!balance.nudgeDue || balance.refunded > 0) return { drop: "not-due" };
  if (profile.settings?.types?.reminder?.enabled === false) return { drop: "reminders-off" };
  const owner = await ops.getClient(clinic.id, pkg.ownerClientId);
  if (!owner?.email) return { drop: "no-recipient" };
  // The owner's language, as their visits' messages (not the clinic's).
  const locale = await clientLocale(ops, clinic.id, owner.id, clinic.locale);
  const { language, texts } = textsIn(PACKAGE_NUDGE_TEMPLATES, locale);
  const expiry = balance.expiresOn
    ? new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(
        new Date(`${balance.expiresOn}T12:00:00Z`),
      )
    : "";
  const vars = {
    clinic: clinic.name,
    client: owner.name,
    package: pkg.name,
    remaining: String(balance.remaining),
    sold: String(balance.sold),
    expiry,
  };
  const subject = fillTemplate(texts.subject, vars);
  const intro = fillTemplate(texts.intro, vars);
  return letterMessage(request, {
    kind: "reminder",
    locale,
    to: { name: owner.name, email: owner.email },
    subject,
    hello: `${HELLO[language]} ${owner.name},`,
    lines: [intro, ""],
    blocks: [`<p>${escapeHtml(intro)}</p>`],
    short: fillTemplate(texts.short, vars),
  });
}

/**
 * Records that a package's owner was nudged (as the staff route does) and audits it, unless it
 * was recorded meanwhile.
 *
 * @example
 * await recordPackageNudge(storage, "clinic-a", "pkg_1", new Date());
 */
export async function recordPackageNudge(
  storage: Storage,
  clinicId: string,
  packageId: string,
  at: Date,
): Promise<void> {
  await storage.transaction((tx) => recordPackageNudgeIn(tx, clinicId, packageId, at));
}

/**
 * {@link recordPackageNudge} inside a transaction the caller runs (the worker's, which marks the
 * nudge row sent in the same commit).
 *
 * @example
 * await storage.transaction((tx) => recordPackageNudgeIn(tx, "clinic-a", "pkg_1", new Date()));
 */
export async function recordPackageNudgeIn(
  tx: StorageTransaction,
  clinicId: string,
  packageId: string,
  at: Date,
): Promise<void> {
  const locked = await tx.lockPackage(clinicId, packageId);
  if (!locked || nudgedAtOf(locked) !== undefined) return;
  const { clinicId: _c, version, createdAt: _a, updatedAt: _u, ...fields } = locked;
  const saved = await tx.putPackage(
    clinicId,
    { ...fields, meta: withNudge(locked.meta, at, "e-mail") },
    { expectedVersion: version },
  );
  await tx.appendAudit(clinicId, {
    at,
    actor: "notify:worker",
    action: "package.nudged",
    entityType: "package",
    entityId: packageId,
    detail: { line: balanceOf(saved, at).line, channel: "email" },
  });
}
