// The staff-account Storage operations in SQL (users, sessions, single-use links, sign-in
// throttling), shared by the PGlite and PostgreSQL adapters: `SqlTransaction` extends this class.

import { and, asc, eq, isNull, lte, ne } from "drizzle-orm";
import { toDate } from "../shared.js";
import type * as S from "../storage.js";
import { staffSessions, staffSignInAttempts, staffTokens, staffUsers } from "./schema.js";
import { SqlBackOffice } from "./sql-back-office.js";
import { notFound, recordOf } from "./sql-records.js";
import { saveVersioned } from "./sql-statements.js";

type UserRow = typeof staffUsers.$inferSelect;

const userRecord = (row: UserRow): S.StaffUserRecord => recordOf(row) as S.StaffUserRecord;
const sessionRecord = (row: typeof staffSessions.$inferSelect): S.StaffSessionRecord =>
  recordOf(row);
const tokenRecord = (row: typeof staffTokens.$inferSelect): S.StaffTokenRecord => recordOf(row);

const attemptsKey = (clinicId: string, email: string) =>
  and(eq(staffSignInAttempts.clinicId, clinicId), eq(staffSignInAttempts.email, email));

/** The columns of a staff user (`null` for every absent field). */
function userValues(input: S.StaffUserInput) {
  return {
    email: input.email,
    name: input.name,
    role: input.role,
    calendarIds: [...new Set(input.calendarIds)],
    active: input.active,
    passwordHash: input.passwordHash ?? null,
    totpSecret: input.totpSecret ?? null,
    totpPendingSecret: input.totpPendingSecret ?? null,
    totpLastStep: input.totpLastStep ?? null,
    backupCodeHashes: [...input.backupCodeHashes],
  };
}

/** Staff users, sessions, invite links and sign-in attempts in SQL. */
export class SqlStaffAccounts extends SqlBackOffice {
  async insertStaffUser(clinicId: string, input: S.StaffUserInput): Promise<S.StaffUserRecord> {
    const now = this.run.clock();
    const row = await this.run.write((db) =>
      saveVersioned(db, staffUsers, { clinicId, id: input.id }, undefined, userValues(input), now),
    );
    return userRecord(row);
  }

  async updateStaffUser(clinicId: string, input: S.StaffUserInput): Promise<S.StaffUserRecord> {
    const current = await this.getStaffUser(clinicId, input.id);
    if (!current) throw notFound("staff user", input.id);
    const now = this.run.clock();
    const row = await this.run.write((db) =>
      saveVersioned(db, staffUsers, { clinicId, id: input.id }, current, userValues(input), now),
    );
    return userRecord(row);
  }

  getStaffUser(clinicId: string, id: string): Promise<S.StaffUserRecord | undefined> {
    return this.find(staffUsers, clinicId, id, userRecord);
  }

  findStaffUserByEmail(clinicId: string, email: string): Promise<S.StaffUserRecord | undefined> {
    const where = and(eq(staffUsers.clinicId, clinicId), eq(staffUsers.email, email));
    return this.findWhere(staffUsers, where, userRecord);
  }

  listStaffUsers(clinicId: string): Promise<S.StaffUserRecord[]> {
    return this.list(staffUsers, clinicId, userRecord, {
      orderBy: [asc(staffUsers.email), asc(staffUsers.id)],
    });
  }

  async insertStaffSession(session: S.StaffSessionRecord): Promise<void> {
    await this.run.write((db) =>
      db.insert(staffSessions).values({
        ...session,
        createdAt: toDate(session.createdAt),
        expiresAt: toDate(session.expiresAt),
      }),
    );
  }

  findStaffSession(tokenHash: string): Promise<S.StaffSessionRecord | undefined> {
    const where = eq(staffSessions.tokenHash, tokenHash);
    return this.findWhere(staffSessions, where, sessionRecord);
  }

  async deleteStaffSession(tokenHash: string): Promise<boolean> {
    return (await this.remove(staffSessions, eq(staffSessions.tokenHash, tokenHash))) > 0;
  }

  deleteStaffSessions(clinicId: string, userId: string, exceptTokenHash?: string): Promise<number> {
    return this.remove(
      staffSessions,
      and(
        eq(staffSessions.clinicId, clinicId),
        eq(staffSessions.userId, userId),
        exceptTokenHash === undefined ? undefined : ne(staffSessions.tokenHash, exceptTokenHash),
      ),
    );
  }

  async deleteExpiredStaffSessions(now: S.InstantInput): Promise<number> {
    const at = toDate(now);
    const sessions = await this.remove(staffSessions, lte(staffSessions.expiresAt, at));
    const links = await this.remove(staffTokens, lte(staffTokens.expiresAt, at));
    return sessions + links;
  }

  async insertStaffToken(token: S.StaffTokenRecord): Promise<void> {
    await this.run.write((db) =>
      db.insert(staffTokens).values({
        tokenHash: token.tokenHash,
        clinicId: token.clinicId,
        purpose: token.purpose,
        userId: token.userId ?? null,
        createdAt: toDate(token.createdAt),
        expiresAt: toDate(token.expiresAt),
        usedAt: token.usedAt === undefined ? null : toDate(token.usedAt),
      }),
    );
  }

  findStaffToken(tokenHash: string): Promise<S.StaffTokenRecord | undefined> {
    const where = eq(staffTokens.tokenHash, tokenHash);
    return this.findWhere(staffTokens, where, tokenRecord);
  }

  async useStaffToken(tokenHash: string, at: S.InstantInput): Promise<boolean> {
    const rows = await this.run.write((db) =>
      db
        .update(staffTokens)
        .set({ usedAt: toDate(at) })
        .where(and(eq(staffTokens.tokenHash, tokenHash), isNull(staffTokens.usedAt)))
        .returning({ tokenHash: staffTokens.tokenHash }),
    );
    return rows.length > 0;
  }

  getSignInAttempts(clinicId: string, email: string): Promise<S.SignInAttemptsRecord | undefined> {
    const where = attemptsKey(clinicId, email);
    return this.findWhere(staffSignInAttempts, where, recordOf);
  }

  async putSignInAttempts(
    clinicId: string,
    email: string,
    attempts: Omit<S.SignInAttemptsRecord, "clinicId" | "email"> | undefined,
  ): Promise<void> {
    const key = attemptsKey(clinicId, email);
    if (!attempts) {
      await this.remove(staffSignInAttempts, key);
      return;
    }
    const values = {
      failures: attempts.failures,
      windowStart: toDate(attempts.windowStart),
      lockedUntil: attempts.lockedUntil === undefined ? null : toDate(attempts.lockedUntil),
    };
    await this.run.write((db) =>
      db
        .insert(staffSignInAttempts)
        .values({ clinicId, email, ...values })
        .onConflictDoUpdate({
          target: [staffSignInAttempts.clinicId, staffSignInAttempts.email],
          set: values,
        }),
    );
  }
}
