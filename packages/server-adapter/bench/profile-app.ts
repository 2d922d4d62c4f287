// The set-up the profiling helpers share: a seeded clinic `bench` on the storage named by
// PROFILE_STORAGE (pglite-memory | postgres), its app without rate limits, and one booking call.
import { randomUUID } from "node:crypto";
import { createBookwellApp } from "../src/app.js";
import { createPostgresStorage } from "../src/postgres.js";
import type { Storage } from "../src/storage/storage.js";
import { createTestStorage, startTestPostgres } from "../src/testing.js";
import { bookingBody, seedClinic } from "../test/helpers.js";

export const KIND = process.env.PROFILE_STORAGE ?? "pglite-memory";
export const HEADERS = { "x-bookwell-clinic": "bench" };

/** The day `offset` days from today, as `YYYY-MM-DD`. */
export const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Opens the storage, seeds the clinic and answers the app and how to close both. */
export async function benchApp() {
  let stop = async () => {};
  let storage: Storage;
  if (KIND === "postgres") {
    const pg = await startTestPostgres();
    storage = await createPostgresStorage({ connectionString: await pg.createDatabase() });
    stop = () => pg.stop();
  } else {
    storage = await createTestStorage();
  }
  await seedClinic(storage, "bench");
  const app = createBookwellApp({ storage, rateLimit: false, holdLimits: false });
  /** Books `slot` for a new patient (with `headers` added); throws unless the answer is 201. */
  const book = async (
    slot: { start: string; providerId: string },
    headers: Record<string, string> = {},
  ) => {
    const res = await app.request("/v1/bookings", {
      method: "POST",
      headers: { ...HEADERS, "content-type": "application/json", ...headers },
      body: JSON.stringify(
        bookingBody({
          start: slot.start,
          providerId: slot.providerId,
          policyConsent: true,
          client: { name: "Bench", email: `bench-${randomUUID()}@example.com` },
        }),
      ),
    });
    if (res.status !== 201) throw new Error(`booking ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };
  const close = async () => {
    await storage.close();
    await stop();
  };
  return { app, book, close };
}
