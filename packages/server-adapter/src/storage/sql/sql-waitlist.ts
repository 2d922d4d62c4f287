// The waitlist's Storage operations in SQL (entries and the offers of freed times), shared by the
// PGlite and PostgreSQL adapters: `SqlTransaction` extends this class. Persistence only: who is
// offered what is decided above storage (the engine's matchWaitlist, the waitlist commands).

import { and, asc, count, eq, gt, gte, isNull, lte, sql } from "drizzle-orm";
import { toDate } from "../shared.js";
import type * as S from "../storage.js";
import { patientSessions, patientSignIns, waitlistEntries, waitlistOffers } from "./schema.js";
import { SqlMembers } from "./sql-members.js";
import { iso, orNull, pick, recordOf } from "./sql-records.js";
import { byText, inIf, matching } from "./sql-statements.js";

type EntryRow = typeof waitlistEntries.$inferSelect;
type OfferRow = typeof waitlistOffers.$inferSelect;

function entryRecord(row: EntryRow): S.WaitlistEntryRecord {
  const { status, ...fields } = row;
  return { ...recordOf(fields), status: status as S.WaitlistEntryStatus };
}

function offerRecord(row: OfferRow): S.WaitlistOfferRecord {
  const { startAt, endAt, status, ...fields } = row;
  return {
    ...recordOf(fields),
    start: iso(startAt),
    end: iso(endAt),
    status: status as S.WaitlistOfferStatus,
  };
}

/** The columns of a patient sign-in link or session: both are a token for an e-mail address. */
function tokenValues(
  clinicId: string,
  input: { id: string; email: string; tokenHash: string; expiresAt: S.InstantInput },
  createdAt: Date,
) {
  const { id, email, tokenHash } = input;
  return { clinicId, id, email, tokenHash, expiresAt: toDate(input.expiresAt), createdAt };
}

/** The waitlist and patient sign-in half of `SqlTransaction` (see the file header). */
export class SqlWaitlist extends SqlMembers {
  insertPatientSignIn(
    clinicId: string,
    input: S.PatientSignInInput,
  ): Promise<S.PatientSignInRecord> {
    const values = tokenValues(clinicId, input, toDate(input.createdAt));
    return this.insertRow(patientSignIns, values, recordOf);
  }

  findPatientSignIn(clinicId: string, id: string): Promise<S.PatientSignInRecord | undefined> {
    return this.find(patientSignIns, clinicId, id, recordOf);
  }

  async countPatientSignIns(
    clinicId: string,
    email: string,
    since: S.InstantInput,
  ): Promise<number> {
    const t = patientSignIns;
    const [row] = await this.run.read((db) =>
      db
        .select({ n: count() })
        .from(t)
        .where(and(eq(t.clinicId, clinicId), eq(t.email, email), gte(t.createdAt, toDate(since)))),
    );
    return Number(row?.n ?? 0);
  }

  async usePatientSignIn(
    tokenHash: string,
    now: S.InstantInput,
  ): Promise<S.PatientSignInRecord | undefined> {
    const t = patientSignIns;
    const [row] = await this.run.write((db) =>
      db
        .update(t)
        .set({ usedAt: toDate(now) })
        .where(and(eq(t.tokenHash, tokenHash), isNull(t.usedAt), gt(t.expiresAt, toDate(now))))
        .returning(),
    );
    return row && recordOf(row);
  }

  insertPatientSession(
    clinicId: string,
    input: S.PatientSessionInput,
  ): Promise<S.PatientSessionRecord> {
    const values = tokenValues(clinicId, input, this.run.clock());
    return this.insertRow(patientSessions, values, recordOf);
  }

  findPatientSession(
    tokenHash: string,
    now: S.InstantInput,
  ): Promise<S.PatientSessionRecord | undefined> {
    const t = patientSessions;
    return this.findWhere(
      t,
      and(eq(t.tokenHash, tokenHash), gt(t.expiresAt, toDate(now))),
      recordOf,
    );
  }

  insertWaitlistEntry(
    clinicId: string,
    entry: S.WaitlistEntryInput,
  ): Promise<S.WaitlistEntryRecord> {
    const now = this.run.clock();
    return this.insertRow(
      waitlistEntries,
      {
        clinicId,
        ...pick(entry, ["id", "serviceId", "name", "email", "status", "tokenHash"]),
        ...orNull(entry, [
          "providerId",
          "timeFrom",
          "timeTo",
          "dateFrom",
          "dateTo",
          "clientId",
          "phone",
          "locale",
        ]),
        weekdays: entry.weekdays ? [...entry.weekdays] : null,
        joinedAt: toDate(entry.joinedAt),
        expiresAt: toDate(entry.expiresAt),
        createdAt: now,
        updatedAt: now,
      },
      entryRecord,
    );
  }

  getWaitlistEntry(clinicId: string, id: string): Promise<S.WaitlistEntryRecord | undefined> {
    return this.find(waitlistEntries, clinicId, id, entryRecord);
  }

  findWaitlistEntryByToken(tokenHash: string): Promise<S.WaitlistEntryRecord | undefined> {
    return this.findWhere(waitlistEntries, eq(waitlistEntries.tokenHash, tokenHash), entryRecord);
  }

  listWaitlistEntries(
    clinicId: string,
    query: S.WaitlistEntryQuery = {},
  ): Promise<S.WaitlistEntryRecord[]> {
    const t = waitlistEntries;
    return this.list(t, clinicId, entryRecord, {
      where: [
        ...matching(t, query, ["serviceId"]),
        inIf(t.status, query.statuses),
        query.email === undefined
          ? undefined
          : sql`lower(${t.email}) = ${query.email.toLowerCase()}`,
        query.liveAt === undefined ? undefined : gt(t.expiresAt, toDate(query.liveAt)),
      ],
      orderBy: [asc(t.joinedAt), byText(t.id)],
    });
  }

  setWaitlistEntryStatus(
    clinicId: string,
    id: string,
    status: S.WaitlistEntryStatus,
  ): Promise<S.WaitlistEntryRecord> {
    return this.updateRow(waitlistEntries, "waitlist entry", clinicId, id, { status }, entryRecord);
  }

  insertWaitlistOffer(
    clinicId: string,
    offer: S.WaitlistOfferInput,
  ): Promise<S.WaitlistOfferRecord> {
    const now = this.run.clock();
    return this.insertRow(
      waitlistOffers,
      {
        clinicId,
        ...pick(offer, ["id", "entryId", "serviceId", "exclusive", "status", "tokenHash"]),
        ...orNull(offer, ["holdId", "appointmentId"]),
        offeredBy: offer.offeredBy,
        calendarIds: [...offer.calendarIds],
        startAt: toDate(offer.start),
        endAt: toDate(offer.end),
        expiresAt: toDate(offer.expiresAt),
        createdAt: now,
        updatedAt: now,
      },
      offerRecord,
    );
  }

  findWaitlistOfferByToken(tokenHash: string): Promise<S.WaitlistOfferRecord | undefined> {
    return this.findWhere(waitlistOffers, eq(waitlistOffers.tokenHash, tokenHash), offerRecord);
  }

  listWaitlistOffers(
    clinicId: string,
    query: S.WaitlistOfferQuery = {},
  ): Promise<S.WaitlistOfferRecord[]> {
    const t = waitlistOffers;
    return this.list(t, clinicId, offerRecord, {
      where: [
        ...matching(t, query, ["entryId", "serviceId"]),
        query.start === undefined ? undefined : eq(t.startAt, toDate(query.start)),
        inIf(t.status, query.statuses),
        query.expiredAt === undefined ? undefined : lte(t.expiresAt, toDate(query.expiredAt)),
      ],
      orderBy: [asc(t.startAt), asc(t.createdAt), byText(t.id)],
    });
  }

  updateWaitlistOffer(
    clinicId: string,
    id: string,
    patch: S.WaitlistOfferPatch,
  ): Promise<S.WaitlistOfferRecord> {
    const values = {
      ...(patch.status ? { status: patch.status } : {}),
      ...(patch.appointmentId ? { appointmentId: patch.appointmentId } : {}),
    };
    return this.updateRow(waitlistOffers, "waitlist offer", clinicId, id, values, offerRecord);
  }

  async listLapsedWaitlistOffers(
    now: S.InstantInput,
    limit: number,
  ): Promise<S.WaitlistOfferRecord[]> {
    const t = waitlistOffers;
    const rows = await this.run.read((db) =>
      db
        .select()
        .from(t)
        .where(and(eq(t.status, "open"), lte(t.expiresAt, toDate(now))))
        .orderBy(asc(t.expiresAt), byText(t.id))
        .limit(limit),
    );
    return rows.map(offerRecord);
  }
}
