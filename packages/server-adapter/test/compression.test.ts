// Answers are compressed for clients that accept it: a month of free times fits in a few KB.

import { gunzipSync } from "node:zlib";
import { describe, expect, onTestFinished, test } from "vitest";
import { createTestStorage } from "../src/testing.js";
import { seedClinic, testApp, testClock } from "./helpers.js";

const month = "/v1/slots?serviceId=physio&providerId=any&from=2026-03-03&to=2026-04-02";
const origin = "https://clinic-a.example";

async function clinic(options: Parameters<typeof testApp>[2] = {}) {
  const storage = await createTestStorage();
  onTestFinished(() => storage.close());
  await seedClinic(storage);
  return testApp(storage, testClock(), options);
}

describe("compression", () => {
  test("a month of free times is gzipped under 4 KB and decodes to the same JSON", async () => {
    const app = await clinic();
    const plain = await app.request(month, { headers: { origin } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-encoding")).toBeNull();
    const json = await plain.text();
    expect(JSON.parse(json).slots.length).toBeGreaterThan(100);

    const zipped = await app.request(month, {
      headers: { origin, "accept-encoding": "gzip, deflate, br" },
    });
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(zipped.headers.get("vary")?.toLowerCase()).toContain("accept-encoding");
    expect(zipped.headers.get("access-control-allow-origin")).toBe(origin);
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(bytes.length).toBeLessThan(4096);
    expect(bytes.length * 5).toBeLessThan(json.length);
    expect(gunzipSync(bytes).toString("utf8")).toBe(json);
  });

  test("problems are compressed too, and `compression: false` leaves answers as they are", async () => {
    const app = await clinic();
    const problem = await app.request("/v1/slots?serviceId=nope&from=2026-03-03&to=2026-03-04", {
      headers: { origin, "accept-encoding": "gzip" },
    });
    expect(problem.status).toBe(404);
    const body = JSON.parse(gunzipSync(Buffer.from(await problem.arrayBuffer())).toString());
    expect(body.errors).toContainEqual(expect.objectContaining({ field: "serviceId" }));

    const off = await clinic({ compression: false });
    const res = await off.request(month, { headers: { origin, "accept-encoding": "gzip" } });
    expect(res.headers.get("content-encoding")).toBeNull();
    expect(JSON.parse(await res.text()).slots.length).toBeGreaterThan(100);
  });
});
