// The staff routes over dead letters: list them (managers only) and queue one again.

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createOutboxWorker } from "../../src/notify/worker.js";
import type { Storage } from "../../src/storage/storage.js";
import { createTestStorage } from "../../src/testing.js";
import { call, seedClinic, testApp, testClock } from "../helpers.js";

describe("dead-letter staff routes", () => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await createTestStorage();
  });
  afterAll(async () => {
    await storage.close();
  });

  test("a row nobody handles is listed without its payload, can be retried, and only by managers", async () => {
    const seed = await seedClinic(storage, `clinic-${randomUUID().slice(0, 8)}`);
    const clock = testClock();
    const app = testApp(storage, clock);
    await storage.enqueueOutbox(seed.clinicId, {
      id: "row-unknown",
      type: "integration.unknown",
      payload: { manageToken: "secret-token-value", phone: "+351900000000" },
      dueAt: clock.now,
    });
    const worker = createOutboxWorker({
      storage,
      channels: [],
      clock,
      logError: () => {},
    });
    await worker.runOnce();

    const listed = await call(app, "GET", "/v1/staff/notifications/dead", {
      key: seed.keys.manager,
    });
    expect(listed.status, listed.text).toBe(200);
    expect(listed.json.deadLetters.map((d: { id: string }) => d.id)).toEqual(["row-unknown"]);
    expect(listed.text).not.toContain("secret-token-value");
    expect(listed.text).not.toContain("+351900000000");

    const desk = await call(app, "POST", "/v1/staff/notifications/dead/row-unknown/retry", {
      key: seed.keys.front_desk,
    });
    expect(desk.status).toBe(403);
    const retried = await call(app, "POST", "/v1/staff/notifications/dead/row-unknown/retry", {
      key: seed.keys.manager,
    });
    expect(retried.status, retried.text).toBe(202);
    const pending = await storage.listOutbox(seed.clinicId, { status: "pending" });
    expect(pending.map((r) => r.id)).toEqual([retried.json.queuedAs]);
    const audit = await storage.listAudit(seed.clinicId, { entityType: "outbox" });
    expect(audit.map((a) => a.action)).toEqual(["notification.retried"]);

    const missing = await call(app, "POST", "/v1/staff/notifications/dead/nope/retry", {
      key: seed.keys.manager,
    });
    expect(missing.status).toBe(404);
  });

  test("regression: a second click on retry does not queue the message twice; the newest dead letters come first", async () => {
    const seed = await seedClinic(storage, `clinic-${randomUUID().slice(0, 8)}`);
    const clock = testClock();
    const app = testApp(storage, clock);
    const worker = createOutboxWorker({ storage, channels: [], clock, logError: () => {} });
    for (const id of ["old-row", "new-row"]) {
      await storage.enqueueOutbox(seed.clinicId, {
        id,
        type: "integration.unknown",
        payload: {},
        dueAt: clock.now,
      });
      await worker.runOnce();
      clock.advance(1);
    }
    const listed = await call(app, "GET", "/v1/staff/notifications/dead?limit=1", {
      key: seed.keys.manager,
    });
    expect(listed.json.deadLetters.map((d: { id: string }) => d.id)).toEqual(["new-row"]);

    const retry = () =>
      call(app, "POST", "/v1/staff/notifications/dead/new-row/retry", { key: seed.keys.manager });
    const first = await retry();
    clock.advance(0.01);
    const second = await retry();
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.json.queuedAs).toBe(first.json.queuedAs);
    const copies = (await storage.listOutbox(seed.clinicId)).filter((r) =>
      r.id.startsWith("new-row~"),
    );
    expect(copies.map((r) => r.id)).toEqual(["new-row~retry-1"]);
    const audit = await storage.listAudit(seed.clinicId, { entityType: "outbox" });
    expect(audit.map((a) => a.action)).toEqual(["notification.retried"]);
    // Once that retry failed too, the message may be retried again.
    await worker.runOnce();
    const again = await call(app, "POST", "/v1/staff/notifications/dead/new-row~retry-1/retry", {
      key: seed.keys.manager,
    });
    expect(again.json.queuedAs).toBe("new-row~retry-2");
  });

  test("regression: a dead-letter page of 0 got a generic message; now 400 naming limit with the shared rule", async () => {
    const seed = await seedClinic(storage, `clinic-${randomUUID().slice(0, 8)}`);
    const app = testApp(storage, testClock());
    for (const [value, message] of [
      ["0", "must be at least 1"],
      ["501", "must be at most 500"],
    ]) {
      const res = await call(app, "GET", `/v1/staff/notifications/dead?limit=${value}`, {
        key: seed.keys.manager,
      });
      expect(res.status, res.text).toBe(400);
      expect(res.json.errors).toEqual([expect.objectContaining({ field: "limit", message })]);
    }
  });
});
