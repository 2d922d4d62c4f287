// Profiling helper: N sequential `POST /v1/bookings` on one storage, in process, with the CPU
// profile taken around the bookings only (written to PROFILE_OUT, default bookings.cpuprofile;
// PROFILE_OUT=none takes none, for timing alone). It prints wall and CPU time per booking: the
// process's (V8's helper threads included) and the server thread's alone.
// Env: PROFILE_STORAGE (pglite-memory | postgres, default pglite-memory), PROFILE_REQUESTS
// (default 300; at most the free times of the next 365 days).
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { benchApp, day, HEADERS, KIND } from "./profile-app.js";

const N = Number(process.env.PROFILE_REQUESTS ?? 300);
const OUT = process.env.PROFILE_OUT ?? "bookings.cpuprofile";
const { app, book, close } = await benchApp();
// Free times in 30-day windows from the day after tomorrow, until there are enough.
const slots: { start: string; providerId: string }[] = [];
for (let from = 2; from < 360 && slots.length < N + 30; from += 30) {
  const res = await app.request(
    `/v1/slots?serviceId=physio&providerId=any&from=${day(from)}&to=${day(from + 29)}`,
    { headers: HEADERS },
  );
  if (res.status !== 200) throw new Error(`slots ${res.status}: ${await res.text()}`);
  slots.push(...((await res.json()) as { slots: { start: string; providerId: string }[] }).slots);
}
for (const slot of slots.splice(0, 30)) await book(slot); // warm up
const times = slots.slice(0, N);
const session = OUT === "none" ? undefined : new Session();
if (session) {
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
}
const cpu = process.cpuUsage();
const thread = process.threadCpuUsage();
const t0 = performance.now();
for (const slot of times) await book(slot);
const used = process.cpuUsage(cpu);
const usedThread = process.threadCpuUsage(thread);
const wall = performance.now() - t0;
if (session) {
  const { profile } = await session.post("Profiler.stop");
  await writeFile(OUT, JSON.stringify(profile));
}
const perBooking = (u: NodeJS.CpuUsage) => ((u.user + u.system) / 1000 / times.length).toFixed(3);
process.stdout.write(
  `${KIND}: ${times.length} bookings, ${(wall / times.length).toFixed(3)} ms wall, ${perBooking(used)} ms CPU per booking (process), ${perBooking(usedThread)} ms (server thread)\n`,
);
await close();
