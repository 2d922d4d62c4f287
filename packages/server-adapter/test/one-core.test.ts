// The defects of "one server core", each a regression through the HTTP API on PGlite and on a real
// PostgreSQL: every path that creates or moves a visit goes through one command, so desk visits,
// copies, repeats, patient reschedules and staff moves behave the same on every storage.

import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { serve } from "../src/node.js";
import type { OutboxRecord, Storage } from "../src/storage/storage.js";
import {
  bookingBody,
  call,
  type Result,
  type Seed,
  seedClinic,
  testApp,
  testClock,
} from "./helpers.js";
import { postgresFactories, storageFactories } from "./storages.js";

const storages = [...storageFactories, ...postgresFactories(20)];

function tally(results: readonly Result[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

describe.each(storages)("one server core on $name", (factory) => {
  let storage: Storage;
  let app: Hono;
  let seed: Seed;
  const clock = testClock();
  const clinic = () => ({ "x-bookwell-clinic": seed.clinicId });

  beforeAll(async () => {
    storage = await factory.create();
    seed = await seedClinic(storage, `core-${randomUUID().slice(0, 8)}`);
    app = testApp(storage, clock);
  }, 120_000);
  afterAll(async () => {
    await storage?.close();
  });

  const outboxFor = async (appointmentId: string): Promise<OutboxRecord[]> =>
    (await storage.listOutbox(seed.clinicId)).filter(
      (row) => row.payload.appointmentId === appointmentId,
    );

  /** A desk booking for a new patient with an e-mail; returns the visit and its e-mailed token. */
  async function deskVisit(start: string, email: string) {
    const created = await call(app, "POST", "/v1/staff/appointments", {
      key: seed.keys.front_desk,
      body: {
        serviceId: "physio",
        providerId: "ana",
        start,
        client: { name: "Maria Santos", email },
      },
    });
    expect(created.status, created.text).toBe(201);
    const id: string = created.json.appointment.id;
    const [confirmation] = (await outboxFor(id)).filter(
      (row) => row.type === "email.booking_confirmed",
    );
    return { id, token: confirmation?.payload.manageToken as string | undefined, created };
  }

  test("regression: a visit booked at the desk had no manage link, so its patient could not reschedule or cancel it", async () => {
    const { id, token } = await deskVisit("2026-03-09T10:00:00Z", "desk@example.com");
    expect(typeof token).toBe("string");
    const view = await call(app, "GET", `/v1/manage/${token}`, { headers: clinic() });
    expect(view.status, view.text).toBe(200);
    expect(view.json.booking.id).toBe(id);
    expect(view.json.policy.canCancel).toBe(true);
  });

  test("regression: visits made by repeat got no confirmation and no reminders (a series of 8 told the patient of 1)", async () => {
    const { id } = await deskVisit("2026-03-10T09:00:00Z", "series@example.com");
    // Tuesday and Thursday, 4 weeks: the source and 7 more make 8 sessions.
    const repeated = await call(app, "POST", `/v1/staff/appointments/${id}/repeat`, {
      key: seed.keys.front_desk,
      body: { weekdays: [2, 4], weeks: 4, mode: "all-valid" },
    });
    expect(repeated.status, repeated.text).toBe(201);
    const copies: string[] = repeated.json.results
      .map((r: { appointmentId: string | null }) => r.appointmentId)
      .filter(Boolean);
    expect(copies.length).toBeGreaterThanOrEqual(7);
    const source = await storage.getAppointment(seed.clinicId, id);
    expect(source?.seriesId).toBeTruthy();
    for (const copyId of copies) {
      const copy = await storage.getAppointment(seed.clinicId, copyId);
      expect(copy?.seriesId).toBe(source?.seriesId);
      expect(copy?.clientId).toBe(source?.clientId);
      expect(copy?.manageTokenHash).toBeTruthy();
      const rows = await outboxFor(copyId);
      const confirmation = rows.find((row) => row.type === "email.booking_confirmed");
      expect(confirmation?.payload.manageToken, copyId).toBeTruthy();
      const audit = await storage.listAudit(seed.clinicId, { entityId: copyId });
      expect(audit.map((a) => a.action)).toEqual(["appointment.created"]);
    }
  });

  test("regression: a patient's reschedule of a series visit dropped its seriesId and forced channel online; staff move and patient reschedule now agree", async () => {
    const { id, token } = await deskVisit("2026-03-16T09:00:00Z", "move@example.com");
    const repeated = await call(app, "POST", `/v1/staff/appointments/${id}/repeat`, {
      key: seed.keys.front_desk,
      body: { weekdays: [1], weeks: 2, mode: "all-valid" },
    });
    expect(repeated.status, repeated.text).toBe(201);
    const seriesId = (await storage.getAppointment(seed.clinicId, id))?.seriesId;
    expect(seriesId).toBeTruthy();

    const byPatient = await call(app, "POST", `/v1/manage/${token}/reschedule`, {
      headers: clinic(),
      body: { start: "2026-03-16T11:00:00Z" },
    });
    expect(byPatient.status, byPatient.text).toBe(200);
    const moved = await storage.getAppointment(seed.clinicId, byPatient.json.booking.id);
    expect(moved?.seriesId).toBe(seriesId);
    expect(moved?.channel).toBe("staff");
    expect(moved?.clientId).toBeTruthy();

    const byStaff = await call(app, "POST", `/v1/staff/appointments/${moved?.id}/move`, {
      key: seed.keys.front_desk,
      body: { start: "2026-03-16T14:00:00Z" },
    });
    expect(byStaff.status, byStaff.text).toBe(200);
    const again = await storage.getAppointment(seed.clinicId, byStaff.json.appointment.id);
    expect(again?.seriesId).toBe(seriesId);
    expect(again?.channel).toBe("staff");
    expect(again?.clientId).toBe(moved?.clientId);

    // Both moves told the patient with the new visit's own link. An older link still shows the
    // visit it led to, but may not change it any more.
    const linkOf = async (visitId: string) =>
      (await outboxFor(visitId)).find((row) => row.type === "email.booking_rescheduled")?.payload
        .manageToken as string;
    expect(byPatient.json.manageToken).toBe(await linkOf(moved?.id ?? ""));
    for (const older of [token, await linkOf(moved?.id ?? "")]) {
      const view = await call(app, "GET", `/v1/manage/${older}`, { headers: clinic() });
      expect(view.status).toBe(200);
      expect(view.json.booking.id).toBe(again?.id);
      expect(view.json.policy.canReschedule).toBe(false);
      const cancel = await call(app, "POST", `/v1/manage/${older}/cancel`, {
        headers: clinic(),
        body: {},
      });
      expect(cancel.status).toBe(409);
      expect(cancel.json.reason).toBe("MOVED");
    }
    const latest = await call(app, "GET", `/v1/manage/${await linkOf(again?.id ?? "")}`, {
      headers: clinic(),
    });
    expect(latest.status).toBe(200);
    expect(latest.json.booking.id).toBe(again?.id);
    expect(latest.json.policy.canReschedule).toBe(true);
    // One audit shape for both actors.
    const actions = async (visitId: string) =>
      (await storage.listAudit(seed.clinicId, { entityId: visitId })).map((a) => [
        a.action,
        a.detail.to ?? null,
      ]);
    expect(await actions(id)).toEqual([
      ["appointment.created", null],
      ["appointment.status_changed", "rebooked"],
    ]);
    expect(await actions(moved?.id ?? "")).toEqual([
      ["appointment.created", null],
      ["appointment.status_changed", "rebooked"],
    ]);
  });

  test("regression: two simultaneous bookings by one new e-mail created two or three client records on PostgreSQL", async () => {
    const email = `twice-${randomUUID().slice(0, 6)}@example.com`;
    // Three bookings that lock no calendar in common (Ana, Bruno, Carla's class), so only the
    // e-mail can keep them apart.
    const bodies = [
      { serviceId: "physio", providerId: "ana", start: "2026-03-11T09:00:00Z" },
      { serviceId: "physio", providerId: "bruno", start: "2026-03-11T09:00:00Z" },
      { serviceId: "pilates", providerId: "carla", start: "2026-03-10T18:00:00Z" },
    ];
    const results = await Promise.all(
      bodies.map((fields) =>
        call(app, "POST", "/v1/bookings", {
          headers: clinic(),
          body: bookingBody({ ...fields, client: { name: "Twice", email } }),
        }),
      ),
    );
    expect(tally(results)).toEqual({ 201: 3 });
    const clients = await storage.listClients(seed.clinicId, { email });
    expect(clients).toHaveLength(1);
    const ids = new Set(
      await Promise.all(
        results.map(
          async (r) => (await storage.getAppointment(seed.clinicId, r.json.booking.id))?.clientId,
        ),
      ),
    );
    expect([...ids]).toEqual([clients[0]?.id]);
  });

  test("regression: fifty simultaneous reschedules through one manage link moved the visit 48 times on PGlite (real sockets)", async () => {
    const server = await serve({
      app,
      storage,
      port: 0,
      closeStorage: false,
      housekeeping: false,
    });
    try {
      const send = (path: string, body: unknown) =>
        fetch(`${server.url}${path}`, {
          method: "POST",
          headers: { ...clinic(), "content-type": "application/json" },
          body: JSON.stringify(body),
        }).then(async (res) => ({
          status: res.status,
          // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON.
          json: (await res.json()) as any,
        }));
      const booked = await send(
        "/v1/bookings",
        bookingBody({ start: "2026-03-31T09:00:00Z", providerId: "ana" }),
      );
      expect(booked.status).toBe(201);
      const days = ["01", "02", "03", "06", "07", "08", "09", "10", "13", "14"];
      const starts = days.flatMap((d) =>
        ["09", "10", "11", "13", "14"].map((h) => `2026-04-${d}T${h}:00:00+01:00`),
      );
      const results = await Promise.all(
        starts.map((start) => send(`/v1/manage/${booked.json.manageToken}/reschedule`, { start })),
      );
      const counts: Record<number, number> = {};
      for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
      expect(counts).toEqual({ 200: 1, 409: 49 });
      const audit = await storage.listAudit(seed.clinicId, { entityId: booked.json.booking.id });
      expect(audit.filter((a) => a.detail.to === "rebooked")).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  test("regression: fifty simultaneous reschedules through one manage link moved the visit 48 times on PGlite", async () => {
    const booked = await call(app, "POST", "/v1/bookings", {
      headers: clinic(),
      body: bookingBody({ start: "2026-03-12T09:00:00Z", providerId: "bruno" }),
    });
    expect(booked.status, booked.text).toBe(201);
    const token = booked.json.manageToken;
    // Fifty free times of Bruno: ten weekdays from 16 March, five hours each.
    const days = ["16", "17", "18", "19", "20", "23", "24", "25", "26", "27"];
    const starts = days.flatMap((d) =>
      ["09", "10", "11", "13", "14"].map((h) => `2026-03-${d}T${h}:00:00Z`),
    );
    const results = await Promise.all(
      starts.map((start) =>
        call(app, "POST", `/v1/manage/${token}/reschedule`, {
          headers: clinic(),
          body: { start },
        }),
      ),
    );
    expect(tally(results)).toEqual({ 200: 1, 409: 49 });
    const moves = results.filter((r) => r.status === 200);
    expect(moves).toHaveLength(1);
    const rows = await storage.listAppointments(seed.clinicId, {
      from: "2026-03-12T00:00:00Z",
      to: "2026-03-28T00:00:00Z",
      calendarIds: ["bruno"],
    });
    const mine = rows.filter(
      (r) => r.id === booked.json.booking.id || r.rebookedFromId === booked.json.booking.id,
    );
    expect(mine.map((r) => r.status).sort()).toEqual(["booked", "rebooked"]);
    const audit = await storage.listAudit(seed.clinicId, { entityId: booked.json.booking.id });
    expect(audit.filter((a) => a.detail.to === "rebooked")).toHaveLength(1);
    // The link still works and shows the one move that went through.
    const view = await call(app, "GET", `/v1/manage/${token}`, { headers: clinic() });
    expect(view.json.booking.id).toBe(moves[0]?.json.booking.id);
  });
});
