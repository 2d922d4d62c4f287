// The team-member and travel Storage operations in SQL, shared by the PGlite and PostgreSQL
// adapters: `SqlTransaction` extends this class (which extends the back office's).

import type { MemberLimit, Travel } from "@bookwell/engine";
import { eq, sql } from "drizzle-orm";
import type { MemberInput, MemberRecord } from "../members.js";
import type { JsonObject } from "../storage.js";
import { teamMembers, travelPairs, travelRules } from "./schema.js";
import { SqlBackOffice } from "./sql-back-office.js";
import { json, recordOf } from "./sql-records.js";
import { byText, inIf } from "./sql-statements.js";

function memberRecord(row: typeof teamMembers.$inferSelect): MemberRecord {
  const { limits, ...fields } = row;
  return { ...recordOf(fields), limits: limits as unknown as MemberLimit[] };
}

/** Team members and travel times in SQL. */
export class SqlMembers extends SqlBackOffice {
  async putMember(clinicId: string, member: MemberInput): Promise<MemberRecord> {
    const values = {
      name: member.name,
      photoUrl: member.photoUrl ?? null,
      bio: member.bio ?? null,
      disciplines: member.disciplines,
      email: member.email ?? null,
      active: member.active,
      limits: member.limits.map((l) => json<JsonObject>(l)),
    };
    return this.upsert(teamMembers, { clinicId, id: member.id }, values, memberRecord);
  }

  async getMember(clinicId: string, id: string): Promise<MemberRecord | undefined> {
    return this.find(teamMembers, clinicId, id, memberRecord);
  }

  async listMembers(clinicId: string, filter: { ids?: string[] } = {}): Promise<MemberRecord[]> {
    if (filter.ids?.length === 0) return [];
    return this.list(teamMembers, clinicId, memberRecord, {
      where: [inIf(teamMembers.id, filter.ids)],
      orderBy: [byText(teamMembers.id)],
    });
  }

  async getTravel(clinicId: string): Promise<Travel> {
    const [rule] = await this.run.read((db) =>
      db.select().from(travelRules).where(eq(travelRules.clinicId, clinicId)),
    );
    const pairs = await this.run.read((db) =>
      db
        .select()
        .from(travelPairs)
        .where(eq(travelPairs.clinicId, clinicId))
        .orderBy(byText(travelPairs.locationA), byText(travelPairs.locationB)),
    );
    return {
      defaultMinutes: rule?.defaultMinutes ?? 0,
      pairs: pairs.map((p) => ({
        locationIds: [p.locationA, p.locationB] as [string, string],
        minutes: p.minutes,
      })),
    };
  }

  async putTravel(clinicId: string, travel: Travel): Promise<Travel> {
    const now = this.run.clock();
    await this.run.write((db) =>
      db
        .insert(travelRules)
        .values({
          clinicId,
          defaultMinutes: travel.defaultMinutes,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: travelRules.clinicId,
          set: {
            defaultMinutes: travel.defaultMinutes,
            updatedAt: now,
            version: sql`${travelRules.version} + 1`,
          },
        }),
    );
    await this.run.write((db) => db.delete(travelPairs).where(eq(travelPairs.clinicId, clinicId)));
    // One row per pair, in id order; a pair listed twice keeps its last minutes.
    const rows = new Map<string, typeof travelPairs.$inferInsert>();
    for (const p of travel.pairs) {
      const [a, b] = [...p.locationIds].sort() as [string, string];
      rows.set(`${a}\n${b}`, { clinicId, locationA: a, locationB: b, minutes: p.minutes });
    }
    if (rows.size > 0) {
      await this.run.write((db) => db.insert(travelPairs).values([...rows.values()]));
    }
    return this.getTravel(clinicId);
  }
}
