// Profiling helper: the statements one booking sends to PostgreSQL, in order, each with the time
// from sending it to its answer, and the booking's total (after 100 bookings of warm-up): one
// booking as the API client sends it, one as the widget does (with an Idempotency-Key).
// Run: PROFILE_STORAGE=postgres node --experimental-transform-types --no-warnings \
//   --import ./test/support/register.mjs bench/trace-booking.ts
import { randomUUID } from "node:crypto";
import nodePostgres from "pg";
import { benchApp, day, HEADERS, KIND } from "./profile-app.js";

if (KIND !== "postgres") throw new Error("trace-booking needs PROFILE_STORAGE=postgres");
const { app, book, close } = await benchApp();
const res = await app.request(
  `/v1/slots?serviceId=physio&providerId=any&from=${day(2)}&to=${day(30)}`,
  { headers: HEADERS },
);
const slots = ((await res.json()) as { slots: { start: string; providerId: string }[] }).slots;
for (const slot of slots.splice(0, 100)) await book(slot);
const client = nodePostgres.Client.prototype as unknown as {
  query: (...args: unknown[]) => unknown;
};
const query = client.query;
const lines: string[] = [];
client.query = function (this: unknown, ...args: unknown[]) {
  const first = args[0] as string | { text?: string };
  const text = typeof first === "string" ? first : String(first.text);
  const sent = performance.now();
  const done = () => {
    const ms = (performance.now() - sent).toFixed(2);
    lines.push(`${ms} ms  ${text.replace(/\s+/g, " ").slice(0, 100)}`);
  };
  // The pool's own queries (statements outside a transaction) come with a callback.
  const last = args.length - 1;
  const callback = args[last];
  if (typeof callback === "function") {
    args[last] = (...results: unknown[]) => {
      done();
      return callback(...results);
    };
  }
  const answer = query.apply(this, args);
  if (answer instanceof Promise) answer.then(done, () => undefined);
  return answer;
};
try {
  for (const [i, slot] of slots.splice(0, 2).entries()) {
    const headers: Record<string, string> = i === 0 ? {} : { "idempotency-key": randomUUID() };
    const start = performance.now();
    await book(slot, headers);
    const what = i === 0 ? "booking" : "booking with an Idempotency-Key";
    lines.push(`${what}: ${(performance.now() - start).toFixed(2)} ms`, "");
  }
} finally {
  client.query = query;
}
process.stdout.write(`${lines.join("\n")}\n`);
await close();
