// Profiling helper: N sequential `GET /v1/slots` (7 days, any) on one storage, in process.
// Run with `node --cpu-prof …` to see where a slots request's time goes.
// Env: PROFILE_STORAGE (pglite-memory | postgres, default pglite-memory), PROFILE_REQUESTS (default
// 2000), PROFILE_BOOKINGS (visits booked in the searched week first, default 60).
import { benchApp, day, HEADERS, KIND } from "./profile-app.js";

const N = Number(process.env.PROFILE_REQUESTS ?? 2000);
const PATH = `/v1/slots?serviceId=physio&providerId=any&from=${day(1)}&to=${day(7)}`;

const { app, book, close } = await benchApp();
// Visits in the searched week, as the overhead benchmark's booking rounds leave them.
const BOOKINGS = Number(process.env.PROFILE_BOOKINGS ?? 60);
const free = (await (await app.request(PATH, { headers: HEADERS })).json()) as {
  slots: { start: string; providerId: string }[];
};
for (const slot of free.slots.slice(0, BOOKINGS)) await book(slot);
for (let i = 0; i < 50; i += 1) await (await app.request(PATH, { headers: HEADERS })).arrayBuffer();
const cpu = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < N; i += 1) await (await app.request(PATH, { headers: HEADERS })).arrayBuffer();
const used = process.cpuUsage(cpu);
process.stdout.write(
  `${KIND}: ${((performance.now() - t0) / N).toFixed(3)} ms wall, ${((used.user + used.system) / 1000 / N).toFixed(3)} ms CPU per request\n`,
);
await close();
