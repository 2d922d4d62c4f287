// The waitlist's Storage operations in SQL (entries and the offers of freed times), shared by the
// PGlite and PostgreSQL adapters: `SqlTransaction` extends this class. Persistence only: who is
// offered what is decided above storage (the engine's matchWaitlist, the waitlist commands).

import { and, asc, count, eq, gt, gte, isNull, lte, sql } from "drizzle-orm";
import { toDate } from "../shared.js";
import type * as S from "../storage.js";
import { patientSessions, patientSignIns, waitlistEntries, waitlistOffers } from "./schema.js";
import { SqlMembers } from "./sql-members.js";
import { iso, notFound, recordOf } from "./sql-records.js";
import { byKey, byText, inIf, matching } from "./sql-statements.js";

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

/** The waitlist and patient sign-in half of `SqlTransaction` (see the file header). */
export class SqlWaitlist extends SqlMembers {
  async insertPatientSignIn(
    clinicId: string,
    input: S.PatientSignInInput,
  ): Promise<S.PatientSignInRecord> {
    const [row] = await this.run.write((db) =>
      db
        .insert(patientSignIns)
        .values({
          clinicId,
          id: input.id,
          email: input.email,
          tokenHash: input.tokenHash,
          expiresAt: toDate(input.expiresAt),
          createdAt: toDate(input.createdAt),
        })
        .returning(),
    );
    if (!row) throw notFound("sign-in", input.id);
    return recordOf(row);
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

  async insertPatientSession(
    clinicId: string,
    input: S.PatientSessionInput,
  ): Promise<S.PatientSessionRecord> {
    const [row] = await this.run.write((db) =>
      db
        .insert(patientSessions)
        .values({
          clinicId,
          id: input.id,
          email: input.email,
          tokenHash: input.tokenHash,
          expiresAt: toDate(input.expiresAt),
          createdAt: this.run.clock(),
        })
        .returning(),
    );
    if (!row) throw notFound("session", input.id);
    return recordOf(row);
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

  async insertWaitlistEntry(
    clinicId: string,
    entry: S.WaitlistEntryInput,
  ): Promise<S.WaitlistEntryRecord> {
    const now = this.run.clock();
    const [row] = await this.run.write((db) =>
      db
        .insert(waitlistEntries)
        .values({
          clinicId,
          id: entry.id,
          serviceId: entry.serviceId,
          providerId: entry.providerId ?? null,
          weekdays: entry.weekdays ? [...entry.weekdays] : null,
          timeFrom: entry.timeFrom ?? null,
          timeTo: entry.timeTo ?? null,
          dateFrom: entry.dateFrom ?? null,
          dateTo: entry.dateTo ?? null,
          clientId: entry.clientId ?? null,
          name: entry.name,
          email: entry.email,
          phone: entry.phone ?? null,
          locale: entry.locale ?? null,
          status: entry.status,
          joinedAt: toDate(entry.joinedAt),
          expiresAt: toDate(entry.expiresAt),
          tokenHash: entry.tokenHash,
          createdAt: now,
          updatedAt: now,
        })
        .returning(),
    );
    if (!row) throw notFound("waitlist entry", entry.id);
    return entryRecord(row);
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

  async setWaitlistEntryStatus(
    clinicId: string,
    id: string,
    status: S.WaitlistEntryStatus,
  ): Promise<S.WaitlistEntryRecord> {
    const t = waitlistEntries;
    const [row] = await this.run.write((db) =>
      db
        .update(t)
        .set({ status, version: sql`${t.version} + 1`, updatedAt: this.run.clock() })
        .where(byKey(t, clinicId, id))
        .returning(),
    );
    if (!row) throw notFound("waitlist entry", id);
    return entryRecord(row);
  }

  async insertWaitlistOffer(
    clinicId: string,
    offer: S.WaitlistOfferInput,
  ): Promise<S.WaitlistOfferRecord> {
    const now = this.run.clock();
    const [row] = await this.run.write((db) =>
      db
        .insert(waitlistOffers)
        .values({
          clinicId,
          id: offer.id,
          entryId: offer.entryId,
          serviceId: offer.serviceId,
          calendarIds: [...offer.calendarIds],
          startAt: toDate(offer.start),
          endAt: toDate(offer.end),
          holdId: offer.holdId ?? null,
          exclusive: offer.exclusive,
          status: offer.status,
          expiresAt: toDate(offer.expiresAt),
          tokenHash: offer.tokenHash,
          appointmentId: offer.appointmentId ?? null,
          offeredBy: offer.offeredBy,
          createdAt: now,
          updatedAt: now,
        })
        .returning(),
    );
    if (!row) throw notFound("waitlist offer", offer.id);
    return offerRecord(row);
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

  async updateWaitlistOffer(
    clinicId: string,
    id: string,
    patch: S.WaitlistOfferPatch,
  ): Promise<S.WaitlistOfferRecord> {
    const t = waitlistOffers;
    const [row] = await this.run.write((db) =>
      db
        .update(t)
        .set({
          ...(patch.status ? { status: patch.status } : {}),
          ...(patch.appointmentId ? { appointmentId: patch.appointmentId } : {}),
          version: sql`${t.version} + 1`,
          updatedAt: this.run.clock(),
        })
        .where(byKey(t, clinicId, id))
        .returning(),
    );
    if (!row) throw notFound("waitlist offer", id);
    return offerRecord(row);
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
