// The staff waitlist routes the waitlist section calls, typed, over the shell's `client.request`
// (docs/server/waitlist.md and the OpenAPI document). Who matches, which days an entry wants and
// whether a time is free are the server's answers; this file only carries them.

import type { StaffClient } from "../api.js";

/** What a waiting patient wants (times in the clinic's zone). */
export interface WaitlistWish {
  serviceId: string;
  /** `any` or the wanted provider. */
  providerId: string;
  /** ISO weekdays (1 = Monday … 7 = Sunday); absent: any day. */
  weekdays?: number[];
  timeOfDay?: { from: string; to: string };
  dateFrom?: string;
  dateTo?: string;
}

/** A time offered to an entry, and what became of it. */
export interface WaitlistOffer {
  id: string;
  status: "open" | "booked" | "lapsed" | "taken" | "withdrawn";
  serviceId: string;
  providerId: string;
  start: string;
  end: string;
  exclusive: boolean;
  expiresAt: string;
}

/** A waiting patient as staff see them: contact, wish, since when, offers. */
export interface WaitlistEntry extends WaitlistWish {
  id: string;
  status: "waiting" | "booked" | "left";
  joinedAt: string;
  expiresAt: string;
  client: { name: string; email: string; phone?: string };
  offers: WaitlistOffer[];
}

/** The list's filters: a service, a provider, a range of local days (`YYYY-MM-DD`). */
export interface WaitlistFilter {
  serviceId?: string | undefined;
  providerId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The waitlist routes, typed. */
export interface WaitlistApi {
  /** Who waits, in line order (`GET /v1/staff/waitlist`). */
  list(filter: WaitlistFilter): Promise<WaitlistEntry[]>;
  /** Offers a free time to one entry by hand; the server checks it and sends the message. */
  offer(entryId: string, time: { start: string; providerId: string }): Promise<WaitlistOffer>;
  /** Takes an entry off the list, with the reason kept in the audit trail. */
  remove(entryId: string, reason: string): Promise<void>;
}

/**
 * The waitlist routes over a staff client.
 *
 * @example
 * const entries = await waitlistApi(client).list({ serviceId: "physio", from: "2026-03-09", to: "2026-03-15" });
 */
export function waitlistApi(client: StaffClient): WaitlistApi {
  const enc = encodeURIComponent;
  return {
    list: async (filter) => {
      const query: Record<string, string> = {};
      for (const [k, v] of Object.entries(filter)) if (v) query[k] = v;
      return (await client.request<{ entries: WaitlistEntry[] }>("GET", "/waitlist", { query }))
        .entries;
    },
    offer: async (entryId, time) =>
      (
        await client.request<{ offer: WaitlistOffer }>("POST", `/waitlist/${enc(entryId)}/offers`, {
          body: time,
        })
      ).offer,
    remove: async (entryId, reason) => {
      const trimmed = reason.trim();
      await client.request("DELETE", `/waitlist/${enc(entryId)}`, {
        query: trimmed ? { reason: trimmed } : {},
      });
    },
  };
}
