import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningDemo, startDemo, WIDGET_CACHE } from "./demo.ts";

// The demo behind `npm start`, run for real: PGlite on disk, the API, the site and the seed.
// The clock is pinned to the seed's day, so the test's dates never fall into the past.
const clock = () => new Date("2026-11-23T08:00:00Z");
let demo: RunningDemo;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "bookwell-demo-"));
  demo = await startDemo({ dataDir, port: 0, today: "2026-11-23", clock });
});

afterAll(async () => {
  await demo?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("npm start demo", () => {
  it("serves the clinic site with the one-line script tag", async () => {
    const html = await (await fetch(`${demo.url}/`)).text();
    expect(html).toContain('<script src="/widget/bookwell.js" data-api="/api"');
  });

  it("serves the staff calendar page with its script tag and bundle", async () => {
    const html = await (await fetch(`${demo.url}/staff`)).text();
    expect(html).toContain('<script src="/widget/bookwell-staff.js" data-api="/api"');
    const bundle = await fetch(`${demo.url}/widget/bookwell-staff.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toContain("javascript");
  });

  it("serves the widget and the files it loads beside itself gzipped, cached and revalidated", async () => {
    const files = ["bookwell.js", "chunks/times.js", "chunks/manage.js", "locales/pt.js"];
    // The staff app loads its sections and texts from folders beside bookwell-staff.js.
    files.push("staff/sections/calendar.js", "staff/sections/checkout.js", "staff/locales/pt.js");
    for (const path of files) {
      const response = await fetch(`${demo.url}/widget/${path}`, {
        headers: { "accept-encoding": "gzip" },
      });
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type"), path).toContain("javascript");
      expect(response.headers.get("content-encoding"), path).toBe("gzip");
      expect(response.headers.get("cache-control"), path).toBe(WIDGET_CACHE);
      const tag = response.headers.get("etag");
      expect(tag, path).toBeTruthy();
      await response.arrayBuffer();
      const again = await fetch(`${demo.url}/widget/${path}`, {
        headers: { "if-none-match": tag ?? "" },
      });
      expect(again.status, path).toBe(304);
    }
    const outside = ["..%2Fpackage.json", "chunks/..%2F..%2Fpackage.json", "staff/%2E%2E/x.js"];
    for (const path of [...outside, "nothing.js"]) {
      expect((await fetch(`${demo.url}/widget/${path}`)).status, path).toBe(404);
    }
  });

  it("seeds a clinic with 8+ online services, 3 providers and 2 rooms", async () => {
    expect(demo.seeded).toBe(true);
    const { services, categories } = await (await fetch(`${demo.url}/api/v1/services`)).json();
    expect(services.length).toBeGreaterThanOrEqual(8);
    expect(categories).toEqual(expect.arrayContaining(["Physiotherapy", "Massage", "Classes"]));
    const { providers } = await (await fetch(`${demo.url}/api/v1/providers`)).json();
    expect(providers.map((p: { id: string }) => p.id).sort()).toEqual(["ana", "bruno", "carla"]);
  });

  it("offers slots around the seeded bookings and books one", async () => {
    const slotsUrl = `${demo.url}/api/v1/slots?serviceId=physio&providerId=any&from=2026-11-30&to=2026-11-30`;
    const { slots } = await (await fetch(slotsUrl)).json();
    const starts = slots.map((s: { start: string }) => s.start);
    // Next week's Monday carries the same sample bookings: Ana 09:00 and Bruno 09:00 are taken.
    expect(starts).not.toContain("2026-11-30T09:00:00Z");
    expect(starts).toContain("2026-11-30T10:00:00Z");
    const booking = await fetch(`${demo.url}/api/v1/bookings`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "demo-test-1" },
      body: JSON.stringify({
        serviceId: "physio",
        providerId: "any",
        start: "2026-11-30T10:00:00Z",
        client: { name: "Demo Patient", email: "demo@example.com" },
      }),
    });
    expect(booking.status).toBe(201);
    const { manageToken } = await booking.json();
    const view = await (await fetch(`${demo.url}/api/v1/manage/${manageToken}`)).json();
    expect(view.booking.start).toBe("2026-11-30T10:00:00Z");
    // The worker delivers the confirmation to the demo inbox, with the manage link.
    let confirmation: { subject?: string; text?: string } | undefined;
    for (let i = 0; i < 60 && !confirmation; i++) {
      confirmation = demo.inbox.messages().find((m) => m.to.email === "demo@example.com");
      if (!confirmation) await new Promise((r) => setTimeout(r, 500));
    }
    expect(confirmation?.text).toContain(`bookwell-manage=${manageToken}`);
    const inboxPage = await (await fetch(`${demo.url}/inbox`)).text();
    expect(inboxPage).toContain("demo@example.com");
    const after = await (await fetch(slotsUrl)).json();
    expect(after.slots.map((s: { start: string }) => s.start)).not.toContain(
      "2026-11-30T10:00:00Z",
    );
  });

  it("keeps the data on restart and does not seed twice", async () => {
    await demo.close();
    demo = await startDemo({ dataDir, port: 0, today: "2026-11-23", clock });
    expect(demo.seeded).toBe(false);
    const { slots } = await (
      await fetch(
        `${demo.url}/api/v1/slots?serviceId=physio&providerId=any&from=2026-11-30&to=2026-11-30`,
      )
    ).json();
    expect(slots.map((s: { start: string }) => s.start)).not.toContain("2026-11-30T10:00:00Z");
  });
});

describe("npm start -- --empty", () => {
  let empty: RunningDemo;
  let emptyDir: string;

  beforeAll(async () => {
    emptyDir = await mkdtemp(join(tmpdir(), "bookwell-demo-empty-"));
    empty = await startDemo({ dataDir: emptyDir, port: 0, empty: true, clock });
  });

  afterAll(async () => {
    await empty?.close();
    await rm(emptyDir, { recursive: true, force: true });
  });

  it("starts an empty clinic, as `bookwell serve` does, with the setup wizard at /setup", async () => {
    expect(empty.seeded).toBe(true);
    const { services } = await (await fetch(`${empty.url}/api/v1/services`)).json();
    expect(services).toEqual([]);
    const me = await fetch(`${empty.url}/api/v1/staff/me`, {
      headers: { authorization: `Bearer ${empty.apiKey}` },
    });
    expect(await me.json()).toMatchObject({ clinicId: "clinic", role: "manager" });
    const html = await (await fetch(`${empty.url}/setup`)).text();
    expect(html).toContain('<script src="/widget/bookwell-setup.js" data-api="/api"');
    const bundle = await fetch(`${empty.url}/widget/bookwell-setup.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toContain("javascript");
  });
});
