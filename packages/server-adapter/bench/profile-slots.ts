// Profiling helper: N sequential `GET /v1/slots` (7 days, any) on one storage, in process.
// Run with `node --cpu-prof …` to see where a slots request's time goes.
// Env: PROFILE_STORAGE (pglite-memory | postgres, default pglite-memory), PROFILE_REQUESTS (default
// 2000), PROFILE_BOOKINGS (visits booked in the searched week first, default 60).
import { createBookwellApp } from "../src/app.js";
import { createPostgresStorage } from "../src/postgres.js";
import type { Storage } from "../src/storage/storage.js";
import { createTestStorage, startTestPostgres } from "../src/testing.js";
import { bookingBody, seedClinic } from "../test/helpers.js";

const N = Number(process.env.PROFILE_REQUESTS ?? 2000);
const KIND = process.env.PROFILE_STORAGE ?? "pglite-memory";
const HEADERS = { "x-bookwell-clinic": "bench" };
const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const PATH = `/v1/slots?serviceId=physio&providerId=any&from=${day(1)}&to=${day(7)}`;

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
// Visits in the searched week, as the overhead benchmark's booking rounds leave them.
const BOOKINGS = Number(process.env.PROFILE_BOOKINGS ?? 60);
const free = (await (await app.request(PATH, { headers: HEADERS })).json()) as {
  slots: { start: string; providerId: string }[];
};
for (const [i, slot] of free.slots.slice(0, BOOKINGS).entries()) {
  const res = await app.request("/v1/bookings", {
    method: "POST",
    headers: { ...HEADERS, "content-type": "application/json" },
    body: JSON.stringify(
      bookingBody({
        start: slot.start,
        providerId: slot.providerId,
        policyConsent: true,
        client: { name: `P ${i}`, email: `p${i}@example.com` },
      }),
    ),
  });
  if (res.status !== 201) throw new Error(`booking ${res.status}`);
}
for (let i = 0; i < 50; i += 1) await (await app.request(PATH, { headers: HEADERS })).arrayBuffer();
const cpu = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < N; i += 1) await (await app.request(PATH, { headers: HEADERS })).arrayBuffer();
const used = process.cpuUsage(cpu);
process.stdout.write(
  `${KIND}: ${((performance.now() - t0) / N).toFixed(3)} ms wall, ${((used.user + used.system) / 1000 / N).toFixed(3)} ms CPU per request\n`,
);
await storage.close();
await stop();
