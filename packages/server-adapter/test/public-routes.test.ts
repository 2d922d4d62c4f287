// Every public (patient) route, on every storage: catalog, slots, holds, bookings, manage link.

import { createHash, randomUUID } from "node:crypto";
import { calendarSchema } from "@bookwell/engine";
import type { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { Storage } from "../src/storage/storage.js";
import {
  bookingBody,
  type CallOptions,
  call,
  type Result,
  SLOT,
  seedClinic,
  type TestClock,
  testApp,
  testClock,
} from "./helpers.js";
import { storageFactories } from "./storages.js";

describe.each(storageFactories)("public routes on $name", (factory) => {
  let storage: Storage;
  let clock: TestClock;
  let app: Hono;
  let clinicId: string;
  const api = (method: string, path: string, options: CallOptions = {}): Promise<Result> =>
    call(app, method, path, {
      ...options,
      headers: { "x-bookwell-clinic": clinicId, ...(options.headers ?? {}) },
    });
  const slotStarts = async (providerId: string, day = "2026-03-04") => {
    const res = await api(
      "GET",
      `/v1/slots?serviceId=physio&providerId=${providerId}&from=${day}&to=${day}`,
    );
    expect(res.status).toBe(200);
    return (res.json.slots as { start: string; providerId: string }[]).map(
      (s) => `${s.start}@${s.providerId}`,
    );
  };

  beforeAll(async () => {
    storage = await factory.create();
  });
  afterAll(async () => {
    await storage.close();
  });
  beforeEach(async () => {
    clinicId = `clinic-${randomUUID().slice(0, 8)}`;
    await seedClinic(storage, clinicId);
    clock = testClock();
    app = testApp(storage, clock);
  });

  test("GET /v1/clinic shows the clinic's public settings", async () => {
    const res = await api("GET", "/v1/clinic");
    expect(res.status).toBe(200);
    expect(res.json.clinic).toEqual({
      id: clinicId,
      name: `Clinic ${clinicId}`,
      timeZone: "Europe/Lisbon",
      locale: "pt-PT",
      currency: "EUR",
      address: "Rua 1, Lisboa",
    });
  });

  test("GET /v1/services lists online-bookable services with providers, price and policy", async () => {
    const res = await api("GET", "/v1/services");
    expect(res.status).toBe(200);
    const ids = res.json.services.map((s: { id: string }) => s.id);
    expect(ids).toContain("physio");
    expect(ids).not.toContain("internal");
    const physio = res.json.services.find((s: { id: string }) => s.id === "physio");
    expect(physio).toMatchObject({
      durationMinutes: 50,
      price: { amount: 4500, currency: "EUR" },
      providerIds: ["ana", "bruno"],
      capacity: 1,
      cancellationPolicy: {
        freeUntilHoursBefore: 24,
        lateCancellation: "fee",
        lateFee: { amount: 2250, currency: "EUR" },
      },
    });
    expect(res.json.categories).toEqual(["Classes", "Massage", "Physio"]);
    const classes = await api("GET", "/v1/services?category=Classes");
    expect(classes.json.services.map((s: { id: string }) => s.id)).toEqual(["pilates"]);
  });

  test("GET /v1/providers filters by service", async () => {
    const res = await api("GET", "/v1/providers?serviceId=physio");
    expect(res.status).toBe(200);
    // With a service, each provider shows what they charge for it (here the service's price).
    const price = { amount: 4500, currency: "EUR" };
    expect(res.json.providers).toEqual([
      {
        id: "ana",
        name: "Ana Silva",
        disciplines: ["physio", "massage"],
        locationId: "loc-1",
        price,
      },
      { id: "bruno", name: "Bruno Costa", disciplines: ["physio"], locationId: "loc-1", price },
    ]);
    // Not bookable online: 404 naming serviceId, the same answer as GET /v1/slots gives.
    const none = await api("GET", "/v1/providers?serviceId=internal");
    expect(none.status).toBe(404);
    expect(none.json.errors.map((e: { field: string }) => e.field)).toEqual(["serviceId"]);
  });

  test("GET /v1/slots offers free times in the clinic's zone and never the past or too soon", async () => {
    const today = await slotStarts("ana", "2026-03-02");
    // now 08:00, lead time 60 minutes: 09:00 is the first start.
    expect(today[0]).toBe("2026-03-02T09:00:00Z@ana");
    clock.advance(90); // 09:30
    const later = await slotStarts("ana", "2026-03-02");
    expect(later[0]).toBe("2026-03-02T11:00:00Z@ana");
    const any = await slotStarts("any");
    expect(new Set(any.map((s) => s.split("@")[0])).size).toBe(any.length);
    const zoned = await api(
      "GET",
      "/v1/slots?serviceId=physio&providerId=ana&from=2026-03-04&to=2026-03-04&timeZone=America/New_York",
    );
    expect(zoned.json.timeZone).toBe("America/New_York");
    expect(zoned.json.slots[0].start).toBe("2026-03-04T04:00:00-05:00");
  });

  test("regression: GET /v1/slots with an unknown provider was 200 with no times; now 404 naming providerId like a booking", async () => {
    for (const providerId of ["ghost", "room-1"]) {
      const res = await api(
        "GET",
        `/v1/slots?serviceId=physio&providerId=${providerId}&from=2026-03-04&to=2026-03-04`,
      );
      expect(res.status, res.text).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.json.code).toBe("NOT_FOUND");
      expect(res.json.errors).toEqual([
        { field: "providerId", message: "is not a provider of this clinic", rule: "unknown" },
      ]);
    }
    // A provider made a moment ago (not yet in the short-lived catalog cache) is known.
    await api("GET", "/v1/slots?serviceId=physio&providerId=any&from=2026-03-04&to=2026-03-04");
    const ana = await storage.getCalendar(clinicId, "ana");
    if (!ana) throw new Error("seed has ana");
    await storage.putCalendar(clinicId, calendarSchema.parse({ ...ana, id: "dora", name: "Dora" }));
    const dora = await api(
      "GET",
      "/v1/slots?serviceId=physio&providerId=dora&from=2026-03-04&to=2026-03-04",
    );
    expect(dora.status, dora.text).toBe(200);
    expect(dora.json.slots.length).toBeGreaterThan(0);
  });

  test("regression: GET /v1/slots echoed a zone in the caller's spelling; now the canonical name", async () => {
    const res = await api(
      "GET",
      "/v1/slots?serviceId=physio&providerId=ana&from=2026-03-04&to=2026-03-04&timeZone=america/new_york",
    );
    expect(res.status, res.text).toBe(200);
    expect(res.json.timeZone).toBe("America/New_York");
    expect(res.json.slots[0].start).toBe("2026-03-04T04:00:00-05:00");
  });

  test("GET /v1/slots of a class reports the places left", async () => {
    const res = await api(
      "GET",
      "/v1/slots?serviceId=pilates&providerId=any&from=2026-03-03&to=2026-03-03",
    );
    expect(res.json.slots[0]).toMatchObject({ start: "2026-03-03T18:00:00Z", remaining: 12 });
  });

  test("a hold hides the time from others, expires by the clock and is released by DELETE", async () => {
    expect(await slotStarts("ana")).toContain("2026-03-04T10:00:00Z@ana");
    const hold = await api("POST", "/v1/holds", {
      body: { serviceId: "physio", providerId: "ana", start: SLOT },
    });
    expect(hold.status).toBe(201);
    expect(hold.json.hold).toMatchObject({
      serviceId: "physio",
      providerId: "ana",
      start: "2026-03-04T10:00:00Z",
      expiresAt: "2026-03-02T08:10:00Z",
    });
    expect(await slotStarts("ana")).not.toContain("2026-03-04T10:00:00Z@ana");
    // "any" still offers 10:00, with the other provider.
    expect(await slotStarts("any")).toContain("2026-03-04T10:00:00Z@bruno");
    // Someone else cannot hold or book it.
    const again = await api("POST", "/v1/holds", {
      body: { serviceId: "physio", providerId: "ana", start: SLOT },
    });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe("SLOT_TAKEN");
    const booking = await api("POST", "/v1/bookings", { body: bookingBody() });
    expect(booking.status).toBe(409);

    clock.advance(11);
    expect(await slotStarts("ana")).toContain("2026-03-04T10:00:00Z@ana");
    const extend = await api("POST", `/v1/holds/${hold.json.hold.id}/extend`);
    expect(extend.status).toBe(404);

    const second = await api("POST", "/v1/holds", {
      body: { serviceId: "physio", providerId: "ana", start: SLOT },
    });
    expect(second.status).toBe(201);
    expect(await slotStarts("ana")).not.toContain("2026-03-04T10:00:00Z@ana");
    const del = await api("DELETE", `/v1/holds/${second.json.hold.id}`);
    expect(del.status).toBe(204);
    expect(await slotStarts("ana")).toContain("2026-03-04T10:00:00Z@ana");
  });

  test("extending a hold moves its expiry, up to three hold lengths in total", async () => {
    const hold = await api("POST", "/v1/holds", {
      body: { serviceId: "physio", providerId: "any", start: SLOT },
    });
    const id = hold.json.hold.id;
    clock.advance(8);
    const first = await api("POST", `/v1/holds/${id}/extend`);
    expect(first.status).toBe(200);
    expect(first.json.hold.expiresAt).toBe("2026-03-02T08:18:00Z");
    clock.advance(9);
    const second = await api("POST", `/v1/holds/${id}/extend`);
    expect(second.json.hold.expiresAt).toBe("2026-03-02T08:27:00Z");
    clock.advance(9);
    const capped = await api("POST", `/v1/holds/${id}/extend`);
    expect(capped.json.hold.expiresAt).toBe("2026-03-02T08:30:00Z");
  });

  test("a booking that names its hold consumes it; an expired hold is 409 HOLD_EXPIRED", async () => {
    const hold = await api("POST", "/v1/holds", {
      body: { serviceId: "physio", providerId: "any", start: SLOT },
    });
    const booked = await api("POST", "/v1/bookings", {
      body: bookingBody({ providerId: "any", holdId: hold.json.hold.id }),
    });
    expect(booked.status).toBe(201);
    expect(booked.json.booking.providerId).toBe(hold.json.hold.providerId);
    expect(await storage.listHolds(clinicId, { now: clock() })).toEqual([]);

    const late = await api("POST", "/v1/holds", {
      body: { serviceId: "physio", providerId: "any", start: "2026-03-04T11:00:00Z" },
    });
    clock.advance(10);
    const expired = await api("POST", "/v1/bookings", {
      body: bookingBody({
        providerId: "any",
        start: "2026-03-04T11:00:00Z",
        holdId: late.json.hold.id,
      }),
    });
    expect(expired.status).toBe(409);
    expect(expired.json.code).toBe("HOLD_EXPIRED");
    expect(expired.json.errors).toEqual([
      { field: "holdId", message: "has expired or does not exist", rule: "unknown" },
    ]);
  });

  test("POST /v1/bookings books once, stores the token only as SHA-256, audits and queues the e-mail", async () => {
    const res = await api("POST", "/v1/bookings", {
      body: bookingBody({ client: { name: "Maria", email: "maria@example.com", notes: "knee" } }),
    });
    expect(res.status).toBe(201);
    expect(res.json.booking).toMatchObject({
      status: "booked",
      serviceId: "physio",
      serviceName: "Physiotherapy",
      providerId: "ana",
      providerName: "Ana Silva",
      start: "2026-03-04T10:00:00Z",
      end: "2026-03-04T10:50:00Z",
      timeZone: "Europe/Lisbon",
      client: { name: "Maria", email: "maria@example.com" },
      price: { amount: 4500, currency: "EUR" },
    });
    expect(res.text).not.toContain("knee");
    const token: string = res.json.manageToken;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [stored] = await storage.listAppointments(clinicId, {});
    expect(stored?.manageTokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(stored)).not.toContain(token);
    const audit = await storage.listAudit(clinicId, { entityId: res.json.booking.id });
    expect(audit.map((a) => a.action)).toEqual(["appointment.created"]);
    const outbox = await storage.listOutbox(clinicId);
    expect(outbox.map((o) => o.type)).toEqual(["email.booking_confirmed"]);
    expect(outbox[0]?.payload).toEqual({ appointmentId: res.json.booking.id, manageToken: token });

    const taken = await api("POST", "/v1/bookings", {
      body: bookingBody({ client: { name: "Rui", email: "rui@example.com" } }),
    });
    expect(taken.status).toBe(409);
    expect(taken.headers.get("content-type")).toBe("application/problem+json");
    expect(taken.json.code).toBe("SLOT_TAKEN");
    expect(taken.json.alternatives.length).toBeGreaterThan(0);
    expect(taken.json.alternatives[0]).toMatchObject({ providerId: "ana" });
    expect(taken.json.alternatives.map((a: { start: string }) => a.start)).not.toContain(
      "2026-03-04T10:00:00Z",
    );
    expect(await storage.listAppointments(clinicId, {})).toHaveLength(1);
  });

  test("booking rules the engine refuses are 422 BOOKING_RULE_VIOLATED with the violation codes", async () => {
    const offGrid = await api("POST", "/v1/bookings", {
      body: bookingBody({ start: "2026-03-04T10:17:00Z" }),
    });
    expect(offGrid.status).toBe(422);
    expect(offGrid.json.code).toBe("BOOKING_RULE_VIOLATED");
    expect(offGrid.json.violations.map((v: { code: string }) => v.code)).toContain("OFF_GRID");
    const tooSoon = await api("POST", "/v1/bookings", {
      body: bookingBody({ start: "2026-03-02T08:30:00Z" }),
    });
    expect(tooSoon.status).toBe(422);
    const internal = await api("POST", "/v1/bookings", {
      body: bookingBody({ serviceId: "internal", start: "2026-03-04T10:00:00Z" }),
    });
    expect(internal.status).toBe(422);
    expect(internal.json.violations.map((v: { code: string }) => v.code)).toContain(
      "NOT_BOOKABLE_ONLINE",
    );
    expect(await storage.listAppointments(clinicId, {})).toEqual([]);
  });

  test("a class books up to its capacity and then answers SLOT_TAKEN", async () => {
    const start = "2026-03-03T18:00:00Z";
    for (let i = 0; i < 12; i += 1) {
      const res = await api("POST", "/v1/bookings", {
        body: bookingBody({
          serviceId: "pilates",
          providerId: "any",
          start,
          client: { name: `P${i}`, email: `p${i}@example.com` },
        }),
      });
      expect(res.status).toBe(201);
    }
    const full = await api("POST", "/v1/bookings", {
      body: bookingBody({ serviceId: "pilates", providerId: "any", start }),
    });
    expect(full.status).toBe(409);
    expect(full.json.code).toBe("SLOT_TAKEN");
  });

  test("GET /v1/manage/:token shows the booking and policy and changes nothing", async () => {
    const booked = await api("POST", "/v1/bookings", { body: bookingBody() });
    const token = booked.json.manageToken;
    const before = await storage.listAppointments(clinicId, {});
    const auditBefore = await storage.listAudit(clinicId);
    const view = await api("GET", `/v1/manage/${token}`);
    expect(view.status).toBe(200);
    expect(view.json.booking).toEqual(booked.json.booking);
    expect(view.json.policy).toEqual({
      canCancel: true,
      canReschedule: true,
      cancellationFee: null,
      freeUntil: "2026-03-03T10:00:00Z",
    });
    clock.advance(27 * 60); // Tuesday 11:00: inside 24 hours, the late fee applies
    const late = await api("GET", `/v1/manage/${token}`);
    expect(late.json.policy.cancellationFee).toEqual({ amount: 2250, currency: "EUR" });
    expect(await storage.listAppointments(clinicId, {})).toEqual(before);
    expect(await storage.listAudit(clinicId)).toEqual(auditBefore);
  });

  test("unknown and expired manage tokens answer the same 404", async () => {
    const booked = await api("POST", "/v1/bookings", { body: bookingBody() });
    const unknown = await api("GET", `/v1/manage/${"x".repeat(43)}`);
    clock.advance(60 * 24 * 40); // 40 days: past end + 30 days
    const expired = await api("GET", `/v1/manage/${booked.json.manageToken}`);
    expect(unknown.status).toBe(404);
    expect(expired.status).toBe(404);
    expect(expired.text).toBe(unknown.text);
  });

  test("reschedule: the old visit becomes rebooked, the new one is created with its own link; the old link shows it", async () => {
    const booked = await api("POST", "/v1/bookings", { body: bookingBody() });
    const token = booked.json.manageToken;
    const moved = await api("POST", `/v1/manage/${token}/reschedule`, {
      body: { start: "2026-03-05T14:00:00Z" },
    });
    expect(moved.status).toBe(200);
    expect(moved.json.booking).toMatchObject({
      status: "booked",
      start: "2026-03-05T14:00:00Z",
      providerId: "ana",
    });
    expect(moved.json.booking.id).not.toBe(booked.json.booking.id);
    const old = await storage.getAppointment(clinicId, booked.json.booking.id);
    expect(old?.status).toBe("rebooked");
    const view = await api("GET", `/v1/manage/${token}`);
    expect(view.json.booking.id).toBe(moved.json.booking.id);
    expect(view.json.policy).toMatchObject({ canCancel: false, canReschedule: false });
    expect(moved.json.manageToken).toEqual(expect.any(String));
    expect(moved.json.manageToken).not.toBe(token);
    const own = await api("GET", `/v1/manage/${moved.json.manageToken}`);
    expect(own.json.booking.id).toBe(moved.json.booking.id);
    expect(own.json.policy).toMatchObject({ canCancel: true, canReschedule: true });
    // The old time is free again.
    expect(await slotStarts("ana")).toContain("2026-03-04T10:00:00Z@ana");
    const audit = await storage.listAudit(clinicId);
    expect(audit.map((a) => `${a.action}:${a.entityId}`)).toEqual([
      `appointment.created:${booked.json.booking.id}`,
      `appointment.status_changed:${booked.json.booking.id}`,
      `appointment.created:${moved.json.booking.id}`,
    ]);
    // Moving onto a taken time is refused and changes nothing.
    await api("POST", "/v1/bookings", {
      body: bookingBody({ start: "2026-03-06T09:00:00Z", client: { name: "X", email: "x@x.io" } }),
    });
    const clash = await api("POST", `/v1/manage/${moved.json.manageToken}/reschedule`, {
      body: { start: "2026-03-06T09:00:00Z" },
    });
    expect(clash.status).toBe(409);
    expect(clash.json.code).toBe("SLOT_TAKEN");
    // The old link changes nothing any more.
    const stale = await api("POST", `/v1/manage/${token}/reschedule`, {
      body: { start: "2026-03-06T14:00:00Z" },
    });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ code: "CONFLICT", reason: "MOVED" });
    const still = await api("GET", `/v1/manage/${token}`);
    expect(still.json.booking.start).toBe("2026-03-05T14:00:00Z");
  });

  test("regression: rescheduling onto the visit's own time made a new visit and a 'rescheduled' e-mail; now it changes nothing", async () => {
    const booked = await api("POST", "/v1/bookings", { body: bookingBody() });
    const token = booked.json.manageToken;
    const before = await storage.listAppointments(clinicId, {});
    const auditBefore = await storage.listAudit(clinicId);
    const outboxBefore = await storage.listOutbox(clinicId);
    // Same instant written with another offset, with and without naming the same provider.
    for (const body of [
      { start: "2026-03-04T10:00:00Z" },
      { start: "2026-03-04T11:00:00+01:00", providerId: "ana" },
    ]) {
      const same = await api("POST", `/v1/manage/${token}/reschedule`, { body });
      expect(same.status, same.text).toBe(200);
      expect(same.json.booking).toEqual(booked.json.booking);
    }
    expect(await storage.listAppointments(clinicId, {})).toEqual(before);
    expect(await storage.listAudit(clinicId)).toEqual(auditBefore);
    expect(await storage.listOutbox(clinicId)).toEqual(outboxBefore);
    // Another provider at the same time, or a time overlapping the old one, is a real move
    // (the visit never conflicts with itself).
    const other = await api("POST", `/v1/manage/${token}/reschedule`, {
      body: { start: "2026-03-04T10:00:00Z", providerId: "bruno" },
    });
    expect(other.status, other.text).toBe(200);
    expect(other.json.booking).toMatchObject({
      providerId: "bruno",
      start: "2026-03-04T10:00:00Z",
    });
    expect(other.json.booking.id).not.toBe(booked.json.booking.id);
    // A canceled visit still cannot be "rescheduled" onto its own time.
    const ownLink = other.json.manageToken;
    await api("POST", `/v1/manage/${ownLink}/cancel`, { body: {} });
    const afterCancel = await api("POST", `/v1/manage/${ownLink}/reschedule`, {
      body: { start: "2026-03-04T10:00:00Z", providerId: "bruno" },
    });
    expect(afterCancel.status).toBe(409);
    expect(afterCancel.json.code).toBe("RESCHEDULE_NOT_ALLOWED");
  });

  test("cancel applies the policy: free before the window, 50 % after; a second cancel changes nothing", async () => {
    const free = await api("POST", "/v1/bookings", { body: bookingBody() });
    const res = await api("POST", `/v1/manage/${free.json.manageToken}/cancel`, {
      body: { reason: "cannot come" },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ booking: { status: "canceled" }, fee: null });
    expect(await slotStarts("ana")).toContain("2026-03-04T10:00:00Z@ana");

    const paid = await api("POST", "/v1/bookings", {
      body: bookingBody({ start: "2026-03-02T14:00:00Z", policyConsent: true }),
    });
    const late = await api("POST", `/v1/manage/${paid.json.manageToken}/cancel`);
    expect(late.status).toBe(200);
    expect(late.json.fee).toEqual({ amount: 2250, currency: "EUR" });
    const twice = await api("POST", `/v1/manage/${paid.json.manageToken}/cancel`);
    expect(twice.status).toBe(200);
    expect(twice.json).toEqual(late.json);
    const audit = await storage.listAudit(clinicId, { entityId: paid.json.booking.id });
    expect(audit.map((a) => a.action)).toEqual([
      "appointment.created",
      "appointment.status_changed",
    ]);
    const view = await api("GET", `/v1/manage/${paid.json.manageToken}`);
    expect(view.json.policy).toMatchObject({ canCancel: false, canReschedule: false });
    expect(view.json.policy.reason).toBeTypeOf("string");
  });

  test("regression: a late reschedule bought a new free-cancellation window (move late, then cancel free)", async () => {
    // Free until 24 h before, then 50 %. The patient books Wednesday 10:00, moves it on Tuesday
    // noon (late) to next Wednesday, then cancels on Thursday: that cancellation is late too.
    const booked = await api("POST", "/v1/bookings", { body: bookingBody() });
    const token = booked.json.manageToken;
    clock.advance(28 * 60); // Tuesday 12:00 UTC
    const moved = await api("POST", `/v1/manage/${token}/reschedule`, {
      body: { start: "2026-03-11T10:00:00Z" },
    });
    expect(moved.status).toBe(200);
    clock.advance(48 * 60); // Thursday 12:00, six days before the new visit
    const view = await api("GET", `/v1/manage/${moved.json.manageToken}`);
    expect(view.json.policy).toMatchObject({
      canCancel: true,
      cancellationFee: { amount: 2250, currency: "EUR" },
    });
    const cancel = await api("POST", `/v1/manage/${moved.json.manageToken}/cancel`);
    expect(cancel.status).toBe(200);
    expect(cancel.json.fee).toEqual({ amount: 2250, currency: "EUR" });

    // Moving inside the free window keeps a fresh one for the new visit.
    const early = await api("POST", "/v1/bookings", {
      body: bookingBody({ start: "2026-03-13T10:00:00Z" }),
    });
    const earlyToken = early.json.manageToken;
    const earlyMove = await api("POST", `/v1/manage/${earlyToken}/reschedule`, {
      body: { start: "2026-03-20T10:00:00Z" },
    });
    expect(earlyMove.status).toBe(200);
    const earlyCancel = await api("POST", `/v1/manage/${earlyMove.json.manageToken}/cancel`);
    expect(earlyCancel.json.fee).toBeNull();
  });

  test("cancel after the start is refused with CANCELLATION_NOT_ALLOWED", async () => {
    const booked = await api("POST", "/v1/bookings", {
      body: bookingBody({ start: "2026-03-02T14:00:00Z", policyConsent: true }),
    });
    clock.advance(7 * 60);
    const res = await api("POST", `/v1/manage/${booked.json.manageToken}/cancel`);
    expect(res.status).toBe(409);
    expect(res.json.code).toBe("CANCELLATION_NOT_ALLOWED");
  });

  test("GET /v1/manage/:token/ics is an iCalendar file of the visit", async () => {
    const booked = await api("POST", "/v1/bookings", { body: bookingBody() });
    const res = await api("GET", `/v1/manage/${booked.json.manageToken}/ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.text).toContain("BEGIN:VEVENT\r\n");
    expect(res.text).toContain("DTSTART:20260304T100000Z");
    expect(res.text).toContain("DTEND:20260304T105000Z");
    expect(res.text).toContain(`SUMMARY:Physiotherapy — Clinic ${clinicId}`);
  });

  test("the .ics of a rescheduled visit keeps the invite's UID with a higher SEQUENCE", async () => {
    const booked = await api("POST", "/v1/bookings", { body: bookingBody() });
    const token = booked.json.manageToken;
    const before = await api("GET", `/v1/manage/${token}/ics`);
    const uid = /UID:(.+)\r\n/.exec(before.text)?.[1];
    expect(uid).toBe(`${booked.json.booking.id}@bookwell`);
    expect(before.text).toContain("SEQUENCE:0");
    await api("POST", `/v1/manage/${token}/reschedule`, {
      body: { start: "2026-03-05T14:00:00Z" },
    });
    const after = await api("GET", `/v1/manage/${token}/ics`);
    expect(after.text).toContain(`UID:${uid}\r\n`);
    expect(after.text).toContain("SEQUENCE:1");
    expect(after.text).toContain("DTSTART:20260305T140000Z");
  });

  test("Idempotency-Key: same body replays byte for byte, another body is 422", async () => {
    const headers = { "idempotency-key": `k-${randomUUID()}` };
    const first = await api("POST", "/v1/bookings", { body: bookingBody(), headers });
    const again = await api("POST", "/v1/bookings", { body: bookingBody(), headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get("content-type")).toBe(first.headers.get("content-type"));
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await storage.listAppointments(clinicId, {})).toHaveLength(1);
    const other = await api("POST", "/v1/bookings", {
      body: bookingBody({ start: "2026-03-04T11:00:00Z" }),
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.json.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await storage.listAppointments(clinicId, {})).toHaveLength(1);
  });

  test("Idempotency-Key: a refusal is replayed too, not re-run", async () => {
    await api("POST", "/v1/bookings", { body: bookingBody() });
    const headers = { "idempotency-key": `k-${randomUUID()}` };
    const body = bookingBody({ client: { name: "Rui", email: "rui@example.com" } });
    const first = await api("POST", "/v1/bookings", { body, headers });
    expect(first.status).toBe(409);
    const again = await api("POST", "/v1/bookings", { body, headers });
    expect(again.status).toBe(409);
    expect(again.text).toBe(first.text);
  });
});
