// Prints the `GET /v1/slots` answers for a month on a fixed clock and a seeded clinic with
// visits and a hold, on PGlite and PostgreSQL: run before and after a change to the slots read
// and compare the output byte for byte (`diff`). Each round asks every search twice (the second
// answered from the busy-time cache where there is one); between rounds a booking is made and the
// clock passes the hold's expiry, so the answers also pin what the cache must see change.
// Run: node --experimental-transform-types --no-warnings --import ./test/support/register.mjs bench/slots-json.ts > out.txt
import { createBookwellApp } from "../src/app.js";
import { createPostgresStorage } from "../src/postgres.js";
import type { Storage } from "../src/storage/storage.js";
import { createTestStorage, locatePostgres, startTestPostgres } from "../src/testing.js";
import { bookingBody, seedClinic, testClock } from "../test/helpers.js";

const HEADERS = { "content-type": "application/json", "x-bookwell-clinic": "c" };
const SEARCHES = [
  "serviceId=physio&providerId=any&from=2026-03-02&to=2026-03-31",
  "serviceId=physio&providerId=ana&from=2026-03-02&to=2026-03-31",
  "serviceId=physio&providerId=any&from=2026-03-02&to=2026-04-05&timeZone=america/new_york",
  "serviceId=pilates&providerId=any&from=2026-03-02&to=2026-03-31&includeFull=true",
  "serviceId=massage-room&providerId=any&from=2026-03-02&to=2026-03-31",
  "serviceId=nope&providerId=any&from=2026-03-02&to=2026-03-31",
  "serviceId=physio&providerId=nobody&from=2026-03-02&to=2026-03-31",
];

async function answers(name: string, storage: Storage): Promise<string> {
  const clock = testClock();
  await seedClinic(storage, "c");
  const app = createBookwellApp({ storage, clock, rateLimit: false, holdLimits: false });
  const post = (path: string, body: unknown) =>
    app.request(path, { method: "POST", headers: HEADERS, body: JSON.stringify(body) });
  const starts = ["2026-03-04T10:00:00Z", "2026-03-05T14:00:00Z", "2026-03-10T09:00:00Z"];
  for (const [i, start] of starts.entries()) {
    const res = await post(
      "/v1/bookings",
      bookingBody({
        start,
        policyConsent: true,
        client: { name: `P ${i}`, email: `p${i}@example.com` },
      }),
    );
    if (res.status !== 201) throw new Error(`booking ${res.status}: ${await res.text()}`);
  }
  const hold = await post("/v1/holds", {
    serviceId: "physio",
    providerId: "bruno",
    start: "2026-03-11T11:00:00Z",
  });
  const out = [`# ${name} (hold ${hold.status})`];
  const round = async (label: string) => {
    for (const search of [...SEARCHES, ...SEARCHES]) {
      const res = await app.request(`/v1/slots?${search}`, { headers: HEADERS });
      out.push(`${label} ${search} ${res.status} ${res.headers.get("content-type")}`);
      out.push(await res.text());
    }
  };
  await round("first");
  const another = await post(
    "/v1/bookings",
    bookingBody({
      start: "2026-03-12T09:00:00Z",
      policyConsent: true,
      client: { name: "P 9", email: "p9@example.com" },
    }),
  );
  if (another.status !== 201) throw new Error(`booking ${another.status}`);
  await round("booked");
  // Past the hold's expiry: its time is free again although nothing was written.
  clock.advance(60);
  await round("expired");
  return out.join("\n");
}

const parts: string[] = [];
const pglite = await createTestStorage();
try {
  parts.push(await answers("pglite", pglite));
} finally {
  await pglite.close();
}
if (locatePostgres().available) {
  const pg = await startTestPostgres();
  try {
    const storage = await createPostgresStorage({ connectionString: await pg.createDatabase() });
    try {
      parts.push(await answers("postgres", storage));
    } finally {
      await storage.close();
    }
  } finally {
    await pg.stop();
  }
}
process.stdout.write(`${parts.join("\n")}\n`);
