// The patient page ("My visits"): a one-time sign-in link by e-mail (short-lived, single use,
// hashed at rest, a few per e-mail per quarter hour, the same answer whether the e-mail is known),
// a session per clinic, and what the patient sees and does with it: their visits (series
// grouped), package balances, invoices and receipts, cancel and reschedule under the clinic's
// policy. A visit is the patient's when it is booked for a client of this clinic with the
// session's e-mail; anything else is 404, as if it did not exist.

import { generateManageToken, hashSecret, randomId } from "../auth/api-keys.js";
import { type CommandContext, type Respond, runCommand } from "../commands/unit-of-work.js";
import { BookwellError } from "../errors.js";
import { setBookingPreferences } from "../notify/preferences.js";
import { SIGN_IN_ROW_TYPE } from "../notify/sign-in.js";
import { packageBalanceLine } from "../pdf/format.js";
import type { BillingDocumentRecord, PackageRecord } from "../storage/back-office.js";
import type {
  AppointmentRecord,
  PatientSessionRecord,
  ServiceRecord,
  StorageTransaction,
  WaitlistEntryRecord,
} from "../storage/storage.js";
import { balanceOf } from "./back-office/package-state.js";
import {
  type CanceledVisit,
  cancelAsPatient,
  policyView,
  type RescheduleRequest,
  rescheduleAsPatient,
  type VisitView,
} from "./bookings.js";
import type { PatientPolicy } from "./policy.js";
import { removeEntry } from "./waitlist.js";

/** Minutes a sign-in link works. */
export const SIGN_IN_MINUTES = 15;
/** Sign-in links one e-mail may ask for per {@link SIGN_IN_MINUTES}; more are silently not sent. */
export const SIGN_IN_PER_WINDOW = 3;
/** Hours a patient page session lasts. */
export const SESSION_HOURS = 8;
/** The audit actor of changes made on the patient page. */
export const PATIENT_PAGE_ACTOR = "patient:my-visits";

const normalized = (email: string) => email.trim().toLowerCase();

/**
 * Asks for a sign-in link: when a client of this clinic has the e-mail (and it asked fewer than
 * {@link SIGN_IN_PER_WINDOW} in the window), stores a link (its token hashed) and queues the
 * e-mail carrying it; otherwise does nothing. The caller answers the same either way, so nobody
 * learns whether an e-mail is known.
 *
 * @example
 * await requestSignIn(ctx, { email: "ana@example.com", locale: "pt-PT" });
 */
export async function requestSignIn(
  ctx: CommandContext,
  input: { email: string; locale?: string | undefined },
): Promise<void> {
  const email = normalized(input.email);
  await runCommand(ctx, async (work) => {
    const { tx, clinicId } = work;
    await tx.lockKey(clinicId, `patient-sign-in:${email}`);
    const since = new Date(ctx.now.getTime() - SIGN_IN_MINUTES * 60_000);
    if ((await tx.countPatientSignIns(clinicId, email, since)) >= SIGN_IN_PER_WINDOW) return;
    const [client] = await tx.listClients(clinicId, { email, limit: 1 });
    if (!client) return;
    const token = generateManageToken();
    const link = await tx.insertPatientSignIn(clinicId, {
      id: randomId("psi"),
      email,
      tokenHash: hashSecret(token),
      expiresAt: new Date(ctx.now.getTime() + SIGN_IN_MINUTES * 60_000),
      createdAt: ctx.now,
    });
    await work.message(SIGN_IN_ROW_TYPE, {
      v: 1,
      signInId: link.id,
      token,
      ...(input.locale ? { locale: input.locale } : {}),
    });
    await work.audit({
      action: "patient.sign_in_requested",
      entityType: "client",
      entityId: client.id,
      actor: PATIENT_PAGE_ACTOR,
    });
  });
}

const GONE = "This sign-in link is not valid (it may have expired or been used)";

/** A new session and its token (shown once; only its hash is stored). */
export interface OpenedSession {
  session: PatientSessionRecord;
  token: string;
}

/**
 * Exchanges a sign-in link's token for a session of {@link SESSION_HOURS} hours: the link is used
 * up in the same statement that checks it, so it works once even when two requests race; an
 * unknown, expired, used or other clinic's link is the same 404.
 *
 * @example
 * const { token } = await openSession(ctx, signInToken);
 */
export async function openSession(
  ctx: CommandContext,
  signInToken: string,
  respond?: Respond<OpenedSession>,
): Promise<OpenedSession> {
  return runCommand(
    ctx,
    async (work) => {
      const { tx } = work;
      const link = await tx.usePatientSignIn(hashSecret(signInToken), ctx.now);
      // A link of another clinic stays unused: the transaction rolls back with this 404.
      if (!link || link.clinicId !== ctx.clinic.id) throw new BookwellError("NOT_FOUND", GONE);
      const token = generateManageToken();
      const session = await tx.insertPatientSession(ctx.clinic.id, {
        id: randomId("pss"),
        email: link.email,
        tokenHash: hashSecret(token),
        expiresAt: new Date(ctx.now.getTime() + SESSION_HOURS * 3_600_000),
      });
      await work.audit({
        action: "patient.signed_in",
        entityType: "patient_session",
        entityId: session.id,
        actor: PATIENT_PAGE_ACTOR,
      });
      return { session, token };
    },
    { respond },
  );
}

/**
 * The live session a bearer token names in this clinic, or 401 (unknown, expired and other
 * clinics' tokens alike).
 *
 * @example
 * const session = await patientSession(ctx, header.slice(7));
 */
export async function patientSession(
  ctx: CommandContext,
  token: string | undefined,
): Promise<PatientSessionRecord> {
  const session = token
    ? await ctx.app.storage.findPatientSession(hashSecret(token), ctx.now)
    : undefined;
  if (!session || session.clinicId !== ctx.clinic.id) {
    throw new BookwellError("UNAUTHORIZED", "Sign in again to see your visits", {
      headers: { "WWW-Authenticate": 'Bearer realm="bookwell-patient"' },
    });
  }
  return session;
}

/** The ids of this clinic's clients with the session's e-mail. */
async function ownClientIds(
  ops: Pick<StorageTransaction, "listClients">,
  clinicId: string,
  session: PatientSessionRecord,
): Promise<Set<string>> {
  const clients = await ops.listClients(clinicId, { email: session.email });
  return new Set(clients.map((c) => c.id));
}

/** A visit on the patient page, with its service and what the patient may do. */
export interface MyVisit {
  appointment: AppointmentRecord;
  service: ServiceRecord | undefined;
  providerName: string;
  policy: PatientPolicy;
}

/** Everything the patient page shows. */
export interface MyVisits {
  email: string;
  upcoming: MyVisit[];
  past: MyVisit[];
  packages: PackageRecord[];
  documents: BillingDocumentRecord[];
  waitlist: WaitlistEntryRecord[];
}

const HIDDEN: ReadonlySet<string> = new Set(["rebooked"]);

/**
 * The patient's visits (upcoming soonest first, past newest first; moved-away visits left out),
 * with the policy of each, their packages, invoices and receipts, and their waitlist entries.
 *
 * @example
 * const mine = await myVisits(ctx, session);
 */
export async function myVisits(
  ctx: CommandContext,
  session: PatientSessionRecord,
): Promise<MyVisits> {
  const { storage } = ctx.app;
  const clinicId = ctx.clinic.id;
  const ids = [...(await ownClientIds(storage, clinicId, session))];
  const [visits, packages, documents, services, calendars, waitlist] = await Promise.all([
    Promise.all(ids.map((clientId) => storage.listAppointments(clinicId, { clientId }))),
    Promise.all(ids.map((clientId) => storage.listPackages(clinicId, { ownerClientId: clientId }))),
    Promise.all(ids.map((clientId) => storage.listBillingDocuments(clinicId, { clientId }))),
    storage.listServices(clinicId),
    storage.listCalendars(clinicId),
    storage.listWaitlistEntries(clinicId, { email: session.email, statuses: ["waiting"] }),
  ]);
  const nowMs = ctx.now.getTime();
  const all = visits
    .flat()
    .filter((a) => !HIDDEN.has(a.status))
    .map((appointment): MyVisit => {
      const service = services.find((s) => s.id === appointment.serviceId);
      return {
        appointment,
        service,
        providerName: calendars.find((c) => c.id === appointment.calendarIds[0])?.name ?? "",
        policy: policyView(appointment, service, nowMs, ctx.clinic.timeZone),
      };
    });
  const startOf = (v: MyVisit) => Date.parse(v.appointment.start);
  return {
    email: session.email,
    upcoming: all.filter((v) => startOf(v) >= nowMs).sort((a, b) => startOf(a) - startOf(b)),
    past: all.filter((v) => startOf(v) < nowMs).sort((a, b) => startOf(b) - startOf(a)),
    packages: packages.flat(),
    documents: documents.flat(),
    waitlist,
  };
}

/**
 * A package for the page, its balance line in the page's language (`locale`).
 *
 * @example
 * packageView(pkg, new Date(), "pt-PT"); // { id, name, sold, used, remaining, expiresOn, line }
 */
export function packageView(p: PackageRecord, now: Date, locale: string) {
  const b = balanceOf(p, now);
  return {
    id: p.id,
    name: p.name,
    sold: b.sold,
    used: b.used,
    remaining: b.remaining,
    expiresOn: b.expiresOn,
    expired: b.expired,
    line: packageBalanceLine(b, locale),
  };
}

/** Locks a visit of the session's patient in `tx`: 404 for anyone else's, 409 once moved. */
function ownVisitLock(ctx: CommandContext, session: PatientSessionRecord, visitId: string) {
  return async (tx: StorageTransaction): Promise<AppointmentRecord> => {
    const current = await tx.lockAppointment(ctx.clinic.id, visitId);
    const own = await ownClientIds(tx, ctx.clinic.id, session);
    if (!current?.clientId || !own.has(current.clientId)) {
      throw new BookwellError("NOT_FOUND", `No visit with id ${visitId}`, {
        errors: [{ field: "id", message: "is not one of your visits" }],
      });
    }
    if (current.status === "rebooked") {
      throw new BookwellError("CONFLICT", "This visit was moved", {
        extensions: { reason: "MOVED" },
      });
    }
    return current;
  };
}

/** A visit of the session's patient, read (not locked), or 404. */
async function ownVisit(
  ctx: CommandContext,
  session: PatientSessionRecord,
  visitId: string,
): Promise<AppointmentRecord> {
  const found = await ctx.app.storage.getAppointment(ctx.clinic.id, visitId);
  const own = await ownClientIds(ctx.app.storage, ctx.clinic.id, session);
  if (!found?.clientId || !own.has(found.clientId)) {
    throw new BookwellError("NOT_FOUND", `No visit with id ${visitId}`, {
      errors: [{ field: "id", message: "is not one of your visits" }],
    });
  }
  return found;
}

/**
 * Cancels one of the patient's visits from the page: the manage link's rule and status change.
 *
 * @example
 * await cancelMine(ctx, session, "apt_1", { reason: "ill" });
 */
export async function cancelMine(
  ctx: CommandContext,
  session: PatientSessionRecord,
  visitId: string,
  input: { reason?: string | undefined },
  respond?: Respond<CanceledVisit>,
): Promise<CanceledVisit> {
  await ownVisit(ctx, session, visitId);
  return cancelAsPatient(
    ctx,
    ownVisitLock(ctx, session, visitId),
    input,
    respond,
    PATIENT_PAGE_ACTOR,
  );
}

/**
 * Moves one of the patient's visits from the page: the manage link's rule, check and move.
 *
 * @example
 * await rescheduleMine(ctx, session, "apt_1", { start: "2026-03-10T10:00:00Z" });
 */
export async function rescheduleMine(
  ctx: CommandContext,
  session: PatientSessionRecord,
  visitId: string,
  input: RescheduleRequest,
  respond?: Respond<VisitView>,
): Promise<VisitView> {
  const found = await ownVisit(ctx, session, visitId);
  return rescheduleAsPatient(
    ctx,
    found,
    ownVisitLock(ctx, session, visitId),
    input,
    respond,
    PATIENT_PAGE_ACTOR,
  );
}

/**
 * One of the patient's invoices or credit notes, read in a unit of work that audits the read
 * (who: the session); another patient's looks unknown (404).
 *
 * @example
 * const doc = await readMyDocument(ctx, session, "inv_1");
 */
export async function readMyDocument(
  ctx: CommandContext,
  session: PatientSessionRecord,
  documentId: string,
): Promise<BillingDocumentRecord> {
  return runCommand(ctx, async (work) => {
    const doc = await work.tx.getBillingDocument(ctx.clinic.id, documentId);
    const own = await ownClientIds(work.tx, ctx.clinic.id, session);
    if (!doc || !own.has(doc.clientId)) {
      throw new BookwellError("NOT_FOUND", `No document with id ${documentId}`, {
        errors: [{ field: "id", message: "is not one of your documents" }],
      });
    }
    return work.audited(doc, {
      action: "document.read",
      entityType: doc.kind,
      entityId: doc.id,
      actor: PATIENT_PAGE_ACTOR,
      detail: { format: "pdf", session: session.id },
    });
  });
}

/** What a patient may change about themselves on the page. */
export interface ProfileChange {
  name?: string | undefined;
  /** `null` removes the phone number. */
  phone?: string | null | undefined;
  /** BCP 47 locale their messages are written in. */
  locale?: string | undefined;
  /** Where their messages about upcoming visits go (at least one). */
  channels?: ("email" | "sms" | "whatsapp")[] | undefined;
}

/** The patient's contact and message choices after a change. */
export interface Profile {
  email: string;
  name: string;
  phone?: string;
  locale?: string;
  /** The channels set on their upcoming visits (absent when none were changed). */
  channels?: ("email" | "sms" | "whatsapp")[];
  /** How many upcoming visits got the new channels (their reminders are planned again). */
  visitsUpdated: number;
}

/**
 * Updates the patient's contact details and language on their client records of this clinic and,
 * with `channels`, the message channels of their upcoming visits (planned again at once, as the
 * desk's booking preferences are). The e-mail itself cannot change here: it is how they sign in.
 *
 * @example
 * await updateMyProfile(ctx, session, { phone: "+351 912 000 000", channels: ["email", "sms"] });
 */
export async function updateMyProfile(
  ctx: CommandContext,
  session: PatientSessionRecord,
  change: ProfileChange,
  respond?: Respond<Profile>,
): Promise<Profile> {
  return runCommand(
    ctx,
    async (work) => {
      const { tx, clinicId } = work;
      const clients = await tx.listClients(clinicId, { email: session.email });
      if (clients.length === 0) throw new BookwellError("NOT_FOUND", "No patient with this e-mail");
      let last: Profile | undefined;
      for (const client of clients) {
        const {
          clinicId: _c,
          version: _v,
          createdAt: _a,
          updatedAt: _u,
          phone: old,
          ...fields
        } = client;
        const phone = change.phone === undefined ? old : (change.phone ?? undefined);
        const next = await tx.putClient(clinicId, {
          ...fields,
          ...(change.name ? { name: change.name } : {}),
          ...(change.locale ? { locale: change.locale } : {}),
          ...(phone ? { phone } : {}),
        });
        await work.audit({
          action: "client.updated",
          entityType: "client",
          entityId: client.id,
          actor: PATIENT_PAGE_ACTOR,
          detail: { fields: Object.keys(change) },
        });
        last = {
          email: session.email,
          name: next.name,
          ...(next.phone ? { phone: next.phone } : {}),
          ...(next.locale ? { locale: next.locale } : {}),
          visitsUpdated: 0,
        };
      }
      let visitsUpdated = 0;
      if (change.channels) {
        for (const client of clients) {
          const visits = await tx.listAppointments(clinicId, {
            clientId: client.id,
            statuses: ["booked", "confirmed"],
          });
          for (const visit of visits) {
            if (Date.parse(visit.start) <= ctx.now.getTime()) continue;
            await setBookingPreferences(
              tx,
              clinicId,
              visit,
              { ...(visit.messagePrefs ?? {}), channels: change.channels },
              ctx.now,
            );
            visitsUpdated += 1;
          }
        }
      }
      return {
        ...(last as Profile),
        ...(change.channels ? { channels: change.channels } : {}),
        visitsUpdated,
      };
    },
    { respond },
  );
}

/**
 * The patient leaves one of their waitlist entries from the page (an entry of another e-mail is
 * 404, as if it did not exist); its open offers are withdrawn.
 *
 * @example
 * await leaveMyWaitlist(ctx, session, "wl_1");
 */
export async function leaveMyWaitlist(
  ctx: CommandContext,
  session: PatientSessionRecord,
  entryId: string,
): Promise<WaitlistEntryRecord> {
  const entry = await ctx.app.storage.getWaitlistEntry(ctx.clinic.id, entryId);
  if (!entry || entry.email.trim().toLowerCase() !== session.email) {
    throw new BookwellError("NOT_FOUND", `No waitlist entry with id ${entryId}`, {
      errors: [{ field: "id", message: "is not one of your waitlist entries" }],
    });
  }
  return removeEntry(ctx, entry.id, PATIENT_PAGE_ACTOR);
}
