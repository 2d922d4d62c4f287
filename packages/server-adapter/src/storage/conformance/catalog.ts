// Conformance: clinics, locations, calendars, services, clients round-trip exactly.

import { expect, it } from "vitest";
import { isStorageError } from "../errors.js";
import { errorOf, type GetStorage, makeCalendar, seedClinic, unique } from "./fixtures.js";

/**
 * Registers the catalog tests (inside a `describe` of the conformance suite).
 *
 * @example
 * ```ts
 * describe("catalog", () => catalogTests(() => storage));
 * ```
 */
export function catalogTests(storage: GetStorage): void {
  it("creates, reads, replaces and lists clinics; duplicates and unknown ids are typed errors", async () => {
    const id = unique("clinic");
    const settings = {
      name: "Fisio Lisboa",
      timeZone: "Europe/Lisbon",
      locale: "pt-PT",
      currency: "EUR",
      allowedOrigins: ["https://fisio.example", "https://www.fisio.example"],
      taxId: "PT123456789",
      address: "Rua Augusta 1\n1100-048 Lisboa",
      phone: "+351 210 000 000",
      email: "geral@fisio.example",
    };
    const created = await storage().createClinic({ id, ...settings });
    expect(created).toMatchObject({ id, ...settings, version: 1 });
    expect(await storage().getClinic(id)).toEqual(created);

    const updated = await storage().updateClinic(id, {
      ...settings,
      name: "Fisio Lisboa Centro",
      allowedOrigins: [],
    });
    expect(updated.version).toBe(2);
    expect(updated.name).toBe("Fisio Lisboa Centro");
    expect(updated.allowedOrigins).toEqual([]);
    expect(updated.createdAt).toBe(created.createdAt);
    expect((await storage().listClinics()).map((c) => c.id)).toContain(id);

    const duplicate = await errorOf(() => storage().createClinic({ id, ...settings }));
    expect(isStorageError(duplicate, "DUPLICATE")).toBe(true);
    const missing = await errorOf(() => storage().updateClinic(unique("nope"), settings));
    expect(isStorageError(missing, "NOT_FOUND")).toBe(true);
    expect(await storage().getClinic(unique("nope"))).toBeUndefined();
  });

  it("round-trips the engine's calendar model (shifts, breaks, overrides, time off) and versions it", async () => {
    const s = await seedClinic(storage());
    const calendar = makeCalendar("cal-new", "provider", s.locationId);
    const first = await storage().putCalendar(s.clinicId, calendar);
    expect(first).toEqual({
      ...calendar,
      clinicId: s.clinicId,
      version: 1,
      createdAt: first.createdAt,
      updatedAt: first.updatedAt,
    });
    const second = await storage().putCalendar(s.clinicId, { ...calendar, active: false });
    expect(second.version).toBe(2);
    expect(second.active).toBe(false);
    expect(await storage().getCalendar(s.clinicId, "cal-new")).toEqual(second);

    const all = await storage().listCalendars(s.clinicId);
    expect(all.map((c) => c.id)).toEqual(["cal-new", "cal-p1", "cal-p2", "cal-room"]);
    const rooms = await storage().listCalendars(s.clinicId, { kind: "room" });
    expect(rooms.map((c) => c.id)).toEqual(["cal-room"]);
    const active = await storage().listCalendars(s.clinicId, { activeOnly: true });
    expect(active.map((c) => c.id)).toEqual(["cal-p1", "cal-p2", "cal-room"]);
    const some = await storage().listCalendars(s.clinicId, { ids: ["cal-p2", "cal-new", "zzz"] });
    expect(some.map((c) => c.id)).toEqual(["cal-new", "cal-p2"]);

    const orphan = await errorOf(() => storage().putCalendar(unique("no-clinic"), calendar));
    expect(isStorageError(orphan, "INVALID_REFERENCE")).toBe(true);
  });

  it("round-trips services with description and policies, locations and clients", async () => {
    const s = await seedClinic(storage());
    const massage = await storage().getService(s.clinicId, s.massage);
    expect(massage).toMatchObject({
      id: s.massage,
      name: "Massage",
      durationMinutes: 60,
      price: { amount: 5000, currency: "EUR" },
      capacity: 1,
      description: "Deep tissue",
      policies: { cancellation: { freeUntilHours: 24, fee: { type: "fixed", amount: 1500 } } },
      version: 1,
    });
    const yoga = await storage().getService(s.clinicId, s.yoga);
    expect(yoga).toMatchObject({ capacity: 12, description: "", policies: {}, active: true });
    // Archived (removed) and back: `active` round-trips.
    if (!yoga) throw new Error("the seeded yoga class is missing");
    const { clinicId: _c, version: _v, createdAt: _a, updatedAt: _u, ...fields } = yoga;
    expect((await storage().putService(s.clinicId, { ...fields, active: false })).active).toBe(
      false,
    );
    expect((await storage().getService(s.clinicId, s.yoga))?.active).toBe(false);
    expect((await storage().putService(s.clinicId, { ...fields, active: true })).active).toBe(true);
    expect((await storage().listServices(s.clinicId)).map((x) => x.id)).toEqual([
      s.massage,
      s.yoga,
    ]);

    const location = await storage().putLocation(s.clinicId, {
      id: "loc-1",
      name: "Main street",
      timeZone: "Europe/Lisbon",
      address: "Rua 1",
    });
    expect(location).toMatchObject({ name: "Main street", address: "Rua 1", version: 2 });
    expect(await storage().listLocations(s.clinicId)).toEqual([location]);

    const client = await storage().putClient(s.clinicId, {
      id: "client-2",
      name: "Bruno Costa",
      email: "bruno@example.com",
      phone: "+351 912 345 678",
      taxId: "123456789",
      extra: { dateOfBirth: "1990-05-01", marketing: false },
    });
    expect(await storage().getClient(s.clinicId, "client-2")).toEqual(client);
    expect(client.extra).toEqual({ dateOfBirth: "1990-05-01", marketing: false });
    const byEmail = await storage().listClients(s.clinicId, { email: "ANA@example.COM" });
    expect(byEmail.map((c) => c.id)).toEqual([s.clientId]);
    const bySearch = await storage().listClients(s.clinicId, { search: "cost" });
    expect(bySearch.map((c) => c.id)).toEqual(["client-2"]);
    expect(await storage().listClients(s.clinicId, { limit: 1 })).toHaveLength(1);
  });
}
