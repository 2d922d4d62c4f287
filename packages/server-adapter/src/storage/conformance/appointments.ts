// Conformance: appointments, the exclusion constraint, manage tokens and notes.

import { expect, it } from "vitest";
import { isStorageError } from "../errors.js";
import {
  at,
  errorOf,
  type GetStorage,
  makeCalendar,
  massageAt,
  noteOn,
  seedClinic,
  unique,
} from "./fixtures.js";

/**
 * Registers the appointment tests (inside a `describe` of the conformance suite).
 *
 * @example
 * ```ts
 * describe("appointment", () => appointmentTests(() => storage));
 * ```
 */
export function appointmentTests(storage: GetStorage): void {
  it("stores an appointment with every field and returns instants as UTC ISO strings", async () => {
    const s = await seedClinic(storage());
    // What is stored as given and read back unchanged.
    const stored = {
      status: "confirmed" as const,
      channel: "staff" as const,
      clientId: s.clientId,
      caseId: "case-7",
      seriesId: "series-1",
      bufferBeforeMinutes: 5,
      bufferAfterMinutes: 10,
      capacity: 1,
      contact: { name: "Maria", email: "maria@example.com" },
      price: { amount: 5000, currency: "EUR" },
      locale: "pt-PT",
      anyProvider: true,
      freeCancellationUntil: "2030-03-03T09:00:00.000Z",
      messagePrefs: { send: true, reminderOffsetsMinutes: [60] },
      extra: { source: "phone" },
    };
    const created = await storage().insertAppointment(s.clinicId, {
      id: "apt-1",
      serviceId: s.massage,
      calendarIds: [s.p1, s.room],
      start: "2030-03-04T10:00:00+01:00",
      end: new Date("2030-03-04T10:00:00.000Z"),
      ...stored,
      manageTokenHash: unique("hash"),
      manageTokenExpiresAt: Date.parse("2030-04-01T00:00:00Z"),
    });
    expect(created).toMatchObject({
      clinicId: s.clinicId,
      id: "apt-1",
      calendarIds: [s.p1, s.room],
      start: "2030-03-04T09:00:00.000Z",
      end: "2030-03-04T10:00:00.000Z",
      ...stored,
      allowOverlap: false,
      manageTokenExpiresAt: "2030-04-01T00:00:00.000Z",
      version: 1,
    });
    expect(await storage().getAppointment(s.clinicId, "apt-1")).toEqual(created);

    const minimal = await storage().insertAppointment(s.clinicId, massageAt(s, 120));
    expect(minimal.clientId).toBeUndefined();
    expect(minimal.manageTokenHash).toBeUndefined();
    expect(minimal.extra).toEqual({});
    expect("notes" in minimal).toBe(false);
    // Absent details are absent, not null or empty.
    for (const field of [
      "contact",
      "price",
      "locale",
      "anyProvider",
      "cancellation",
      "messagePrefs",
    ]) {
      expect(field in minimal, field).toBe(false);
    }
  });

  it("lists by calendar, half-open overlap, status, client and series, ordered by start then id", async () => {
    const s = await seedClinic(storage());
    const ins = (minutes: number, extra: Parameters<typeof massageAt>[3] = {}) =>
      storage().insertAppointment(s.clinicId, massageAt(s, minutes, 60, extra));
    const a = await ins(0, { id: "a" });
    const b = await ins(60, { id: "b", calendarIds: [s.p2], clientId: s.clientId });
    const c = await ins(60, { id: "c", seriesId: "ser" });
    const d = await ins(180, { id: "d", status: "canceled" });
    const e = await ins(240, { id: "e", calendarIds: [s.room] });

    const ids = async (query: Parameters<ReturnType<GetStorage>["listAppointments"]>[1]) =>
      (await storage().listAppointments(s.clinicId, query)).map((x) => x.id);
    expect(await ids({})).toEqual([a.id, b.id, c.id, d.id, e.id]);
    expect(await ids({ calendarIds: [s.p1] })).toEqual(["a", "c", "d"]);
    expect(await ids({ calendarIds: [s.p2, s.room] })).toEqual(["b", "e"]);
    // [60, 120) touches a's end and d's start: neither overlaps.
    expect(await ids({ from: at(60), to: at(120) })).toEqual(["b", "c"]);
    expect(await ids({ from: at(59), to: at(181) })).toEqual(["a", "b", "c", "d"]);
    expect(await ids({ from: at(200) })).toEqual(["d", "e"]);
    expect(await ids({ to: at(1) })).toEqual(["a"]);
    expect(await ids({ activeOnly: true })).toEqual(["a", "b", "c", "e"]);
    expect(await ids({ statuses: ["canceled"] })).toEqual(["d"]);
    expect(await ids({ clientId: s.clientId })).toEqual(["b"]);
    expect(await ids({ seriesId: "ser" })).toEqual(["c"]);
    expect(await ids({ ids: ["e", "a", "zz"] })).toEqual(["a", "e"]);
    expect(await ids({ limit: 2 })).toEqual(["a", "b"]);
    // Keyset paging: after (start, id) in the list order, ties on start broken by id.
    expect(await ids({ after: { start: b.start, id: b.id }, limit: 2 })).toEqual(["c", "d"]);
    expect(await ids({ after: { start: at(60), id: "a" } })).toEqual(["b", "c", "d", "e"]);
    expect(await ids({ after: { start: e.start, id: e.id } })).toEqual([]);
    // By service: the seeded visits are all massages; a yoga class is listed alone.
    const f = await ins(300, { id: "f", serviceId: s.yoga, calendarIds: [s.room] });
    expect(await ids({ serviceId: s.yoga })).toEqual([f.id]);
    expect(await ids({ serviceId: s.massage, activeOnly: true })).toEqual(["a", "b", "c", "e"]);
  });

  it("listBusyAppointments: the time-holding ones on the calendars in the window, scheduling fields only", async () => {
    const s = await seedClinic(storage());
    const other = await seedClinic(storage());
    const ins = (minutes: number, extra: Parameters<typeof massageAt>[3] = {}) =>
      storage().insertAppointment(s.clinicId, massageAt(s, minutes, 60, extra));
    await ins(0, {
      id: "a",
      bufferBeforeMinutes: 5,
      bufferAfterMinutes: 10,
      clientId: s.clientId,
      manageTokenHash: unique("hash"),
      contact: { name: "Maria" },
    });
    await ins(60, { id: "b", calendarIds: [s.p2] });
    await ins(60, { id: "c", status: "canceled" });
    await ins(120, { id: "d", status: "rebooked" });
    await ins(180, { id: "e", status: "no_show" });
    await ins(240, { id: "f", calendarIds: [s.room], status: "confirmed" });
    await storage().insertAppointment(other.clinicId, massageAt(other, 0, 60, { id: "a" }));
    const busy = (calendarIds: string[], from: number, to: number) =>
      storage().listBusyAppointments(s.clinicId, { calendarIds, from: at(from), to: at(to) });
    const all = await busy([s.p1, s.p2, s.room], -60, 600);
    expect(all.map((x) => x.id)).toEqual(["a", "b", "f"]);
    expect(all[0]).toEqual({
      id: "a",
      serviceId: s.massage,
      calendarIds: [s.p1],
      start: at(0),
      end: at(60),
      status: "booked",
      channel: "online",
      bufferBeforeMinutes: 5,
      bufferAfterMinutes: 10,
    });
    expect(Object.keys(all[1] ?? {}).sort()).toEqual(
      ["calendarIds", "channel", "end", "id", "serviceId", "start", "status"].sort(),
    );
    // The same rows as listAppointments with activeOnly, half-open overlap, by calendar.
    for (const [calendarIds, from, to] of [
      [[s.p1], 0, 60],
      [[s.p1], 60, 300],
      [[s.room, s.p2], 59, 241],
      [[s.p2], 120, 600],
    ] as [string[], number, number][]) {
      const full = await storage().listAppointments(s.clinicId, {
        calendarIds,
        from: at(from),
        to: at(to),
        activeOnly: true,
      });
      expect((await busy(calendarIds, from, to)).map((x) => x.id)).toEqual(full.map((x) => x.id));
    }
    expect(await busy([], -60, 600)).toEqual([]);
  });

  it("updates with a patch: null clears, version grows, a stale expectedVersion is VERSION_CONFLICT", async () => {
    const s = await seedClinic(storage());
    const created = await storage().insertAppointment(
      s.clinicId,
      massageAt(s, 0, 60, { clientId: s.clientId, caseId: "case-1", extra: { a: 1 } }),
    );
    const moved = await storage().updateAppointment(
      s.clinicId,
      created.id,
      { start: at(30), end: at(90), caseId: null, status: "confirmed", extra: { a: 2 } },
      { expectedVersion: 1 },
    );
    expect(moved).toMatchObject({
      start: at(30),
      end: at(90),
      status: "confirmed",
      clientId: s.clientId,
      extra: { a: 2 },
      version: 2,
      createdAt: created.createdAt,
    });
    expect(moved.caseId).toBeUndefined();
    expect(await storage().getAppointment(s.clinicId, created.id)).toEqual(moved);

    const stale = await errorOf(() =>
      storage().updateAppointment(
        s.clinicId,
        created.id,
        { status: "arrived" },
        { expectedVersion: 1 },
      ),
    );
    expect(isStorageError(stale, "VERSION_CONFLICT")).toBe(true);
    expect((await storage().getAppointment(s.clinicId, created.id))?.status).toBe("confirmed");

    const missing = await errorOf(() =>
      storage().updateAppointment(s.clinicId, "nope", { status: "arrived" }),
    );
    expect(isStorageError(missing, "NOT_FOUND")).toBe(true);
  });

  it("refuses unknown references, duplicate ids and impossible times with typed errors", async () => {
    const s = await seedClinic(storage());
    const cases = [
      [massageAt(s, 0, 60, { serviceId: "svc-unknown" }), "INVALID_REFERENCE"],
      [massageAt(s, 0, 60, { calendarIds: [s.p1, "cal-unknown"] }), "INVALID_REFERENCE"],
      [massageAt(s, 0, 60, { clientId: "client-unknown" }), "INVALID_REFERENCE"],
      [massageAt(s, 0, 60, { calendarIds: [] }), "INVALID_VALUE"],
      [massageAt(s, 0, 0), "INVALID_VALUE"],
      [massageAt(s, 60, -30), "INVALID_VALUE"],
    ] as const;
    for (const [input, code] of cases) {
      const error = await errorOf(() => storage().insertAppointment(s.clinicId, input));
      expect(isStorageError(error, code), `${code} for ${JSON.stringify(input)}`).toBe(true);
    }
    const ok = await storage().insertAppointment(s.clinicId, massageAt(s, 0));
    const duplicate = await errorOf(() =>
      storage().insertAppointment(s.clinicId, massageAt(s, 300, 60, { id: ok.id })),
    );
    expect(isStorageError(duplicate, "DUPLICATE")).toBe(true);
    // A calendar that exists only in another clinic is unknown here.
    const other = await seedClinic(storage());
    await storage().putCalendar(
      other.clinicId,
      makeCalendar("cal-only-other", "provider", "loc-1"),
    );
    const crossTenant = await errorOf(() =>
      storage().insertAppointment(
        s.clinicId,
        massageAt(s, 600, 60, { calendarIds: ["cal-only-other"] }),
      ),
    );
    expect(isStorageError(crossTenant, "INVALID_REFERENCE")).toBe(true);
    expect(await storage().listAppointments(s.clinicId)).toHaveLength(1);
  });

  it("the exclusion constraint refuses overlapping active capacity-1 appointments on one calendar", async () => {
    const s = await seedClinic(storage());
    const first = await storage().insertAppointment(
      s.clinicId,
      massageAt(s, 0, 60, { calendarIds: [s.p1, s.room] }),
    );
    const taken = [
      massageAt(s, 30, 60),
      massageAt(s, -30, 60),
      massageAt(s, 10, 20),
      massageAt(s, -60, 180),
      massageAt(s, 15, 30, { calendarIds: [s.p2, s.room] }),
    ];
    for (const input of taken) {
      const error = await errorOf(() => storage().insertAppointment(s.clinicId, input));
      expect(isStorageError(error, "SLOT_TAKEN"), JSON.stringify(input)).toBe(true);
    }
    // Touching, other calendars, staff overrides and classes are allowed.
    await storage().insertAppointment(s.clinicId, massageAt(s, 60, 60));
    await storage().insertAppointment(s.clinicId, massageAt(s, -60, 60));
    await storage().insertAppointment(s.clinicId, massageAt(s, 0, 60, { calendarIds: [s.p2] }));
    await storage().insertAppointment(s.clinicId, massageAt(s, 10, 30, { allowOverlap: true }));
    await storage().insertAppointment(
      s.clinicId,
      massageAt(s, 0, 60, { serviceId: s.yoga, capacity: 12, calendarIds: [s.room] }),
    );
    expect(await storage().listAppointments(s.clinicId)).toHaveLength(6);

    // A canceled appointment frees the time; putting it back where it was is refused.
    await storage().updateAppointment(s.clinicId, first.id, { status: "canceled" });
    const replacement = await storage().insertAppointment(s.clinicId, massageAt(s, 0, 60));
    const revive = await errorOf(() =>
      storage().updateAppointment(s.clinicId, first.id, { status: "booked" }),
    );
    expect(isStorageError(revive, "SLOT_TAKEN")).toBe(true);
    expect((await storage().getAppointment(s.clinicId, first.id))?.status).toBe("canceled");

    // Moving into taken time, or dropping the override into a conflict, is refused too.
    const later = await storage().insertAppointment(s.clinicId, massageAt(s, 300, 60));
    const move = await errorOf(() =>
      storage().updateAppointment(s.clinicId, later.id, { start: at(30), end: at(90) }),
    );
    expect(isStorageError(move, "SLOT_TAKEN")).toBe(true);
    expect(await storage().getAppointment(s.clinicId, later.id)).toMatchObject({ start: at(300) });
    const overlapping = await storage().insertAppointment(
      s.clinicId,
      massageAt(s, 20, 20, { allowOverlap: true }),
    );
    const drop = await errorOf(() =>
      storage().updateAppointment(s.clinicId, overlapping.id, { allowOverlap: false }),
    );
    expect(isStorageError(drop, "SLOT_TAKEN")).toBe(true);
    expect(replacement.status).toBe("booked");
  });

  it("finds an appointment by manage token hash until it expires; hashes are unique", async () => {
    const s = await seedClinic(storage());
    const hash = unique("sha256");
    const created = await storage().insertAppointment(
      s.clinicId,
      massageAt(s, 0, 60, { manageTokenHash: hash, manageTokenExpiresAt: at(1000) }),
    );
    expect(await storage().findAppointmentByManageToken(hash, at(999))).toEqual(created);
    expect(await storage().findAppointmentByManageToken(hash, at(1000))).toBeUndefined();
    expect(await storage().findAppointmentByManageToken(unique("other"), at(0))).toBeUndefined();
    const other = await seedClinic(storage());
    const clash = await errorOf(() =>
      storage().insertAppointment(
        other.clinicId,
        massageAt(other, 0, 60, { manageTokenHash: hash }),
      ),
    );
    expect(isStorageError(clash, "DUPLICATE")).toBe(true);
  });

  it("keeps notes apart from the appointment, oldest first", async () => {
    const s = await seedClinic(storage());
    const apt = await storage().insertAppointment(s.clinicId, massageAt(s, 0));
    const one = await storage().addAppointmentNote(s.clinicId, {
      id: "n1",
      appointmentId: apt.id,
      author: "user:ana",
      text: "Left shoulder pain <script>alert(1)</script>",
    });
    await storage().addAppointmentNote(s.clinicId, {
      id: "n2",
      appointmentId: apt.id,
      author: "user:rui",
      text: "Follow-up in 2 weeks",
    });
    const notes = await storage().listAppointmentNotes(s.clinicId, apt.id);
    expect(notes.map((n) => n.id)).toEqual(["n1", "n2"]);
    expect(notes[0]).toEqual(one);
    expect(one.text).toBe("Left shoulder pain <script>alert(1)</script>");
    expect(JSON.stringify(await storage().getAppointment(s.clinicId, apt.id))).not.toContain(
      "shoulder",
    );
    const orphan = await errorOf(() =>
      storage().addAppointmentNote(s.clinicId, noteOn("nope", "n3")),
    );
    expect(isStorageError(orphan, "INVALID_REFERENCE")).toBe(true);
  });
}
