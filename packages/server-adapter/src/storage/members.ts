// Records of team members (the people who own provider calendars, one per location) and of a
// clinic's travel times between locations. The methods are on `StorageOperations` (storage.ts)
// through `MemberOperations`; the guarantees are written here and proven by the conformance suite.

import type { MemberLimit, Travel } from "@bookwell/engine";
import type { RecordMeta } from "./storage.js";

/** A team member as stored: who they are, how to reach them, and their work limits. */
export interface MemberInput {
  id: string;
  name: string;
  photoUrl?: string | undefined;
  bio?: string | undefined;
  disciplines: string[];
  /** Where notices for this member go. */
  email?: string | undefined;
  active: boolean;
  /** The engine's limits, as validated. */
  limits: MemberLimit[];
}

/** A stored team member. */
export type MemberRecord = MemberInput & RecordMeta;

/** Team members and travel times: part of every `StorageOperations`. */
export interface MemberOperations {
  /** Creates or replaces a team member (version + 1 on replace). */
  putMember(clinicId: string, member: MemberInput): Promise<MemberRecord>;
  /** A team member of the clinic. */
  getMember(clinicId: string, id: string): Promise<MemberRecord | undefined>;
  /** The clinic's team members, by id (only some ids when given). */
  listMembers(clinicId: string, filter?: { ids?: string[] }): Promise<MemberRecord[]>;
  /** The clinic's travel rule (default 0 minutes, no pairs when never set). */
  getTravel(clinicId: string): Promise<Travel>;
  /** Replaces the clinic's travel rule: the default and every pair. */
  putTravel(clinicId: string, travel: Travel): Promise<Travel>;
}
