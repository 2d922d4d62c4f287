// The team catalog on the patient routes, over HTTP on PGlite and PostgreSQL: a provider
// whose own catalog leaves a service out (or lists it inactive) is not listed for it, not offered
// and never assigned, a booking naming them is refused naming `providerId`, and a provider's own
// price is what the patient sees and books at (regressions of issue "One server core").

import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { Storage } from "../src/storage/storage.js";
import { act, backOfficeStorages, type Office, ok, openOffice } from "./back-office/setup.js";
import { bookingBody, call, type Result, SLOT } from "./helpers.js";

const EUR = (amount: number) => ({ amount, currency: "EUR" });
const DAY = "2026-03-04";

describe.each(backOfficeStorages())(
  "the team catalog on the patient routes on $name",
  (factory) => {
    let storage: Storage;
    let office: Office;

    beforeAll(async () => {
      storage = await factory.create();
    });
    afterAll(async () => {
      await storage.close();
    });
    beforeEach(async () => {
      office = await openOffice(storage);
    });

    /** A public (patient) request to the office's clinic. */
    function patient(method: string, path: string, body?: unknown): Promise<Result> {
      return call(office.app, method, path, {
        headers: { "x-bookwell-clinic": office.clinicId },
        ...(body === undefined ? {} : { body }),
      });
    }

    async function putCatalog(providerId: string, serviceId: string, body: object) {
      ok(
        await office.manager("PUT", `/v1/staff/providers/${providerId}/services/${serviceId}`, {
          body,
        }),
      );
    }

    async function slots(providerId: string, serviceId = "physio") {
      const res = ok(
        await patient(
          "GET",
          `/v1/slots?serviceId=${serviceId}&providerId=${providerId}&from=${DAY}&to=${DAY}`,
        ),
      );
      return res.slots as { start: string; providerId: string }[];
    }

    async function providersFor(serviceId: string) {
      return ok(await patient("GET", `/v1/providers?serviceId=${serviceId}`)).providers as {
        id: string;
        price?: { amount: number; currency: string };
      }[];
    }

    function refusedNamingProvider(res: Result) {
      expect(res.status, res.text).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(res.json).toMatchObject({
        code: "BOOKING_RULE_VIOLATED",
        errors: [{ field: "providerId" }],
        violations: [{ code: "SERVICE_NOT_OFFERED", severity: "hard", calendarId: "bruno" }],
      });
    }

    test("regression: a provider whose team catalog excludes a service is still offered for it in /v1/providers and /v1/slots", async () => {
      // Without catalog rows every provider of the discipline offers it (backwards compatible).
      expect((await providersFor("physio")).map((p) => p.id)).toEqual(["ana", "bruno"]);
      expect((await slots("bruno")).length).toBeGreaterThan(0);

      await putCatalog("bruno", "physio", { active: false });

      expect((await providersFor("physio")).map((p) => p.id)).toEqual(["ana"]);
      const services = ok(await patient("GET", "/v1/services")).services;
      expect(services.find((s: { id: string }) => s.id === "physio").providerIds).toEqual(["ana"]);
      expect(await slots("bruno")).toEqual([]);
      const any = await slots("any");
      expect(any.length).toBeGreaterThan(0);
      expect(new Set(any.map((s) => s.providerId))).toEqual(new Set(["ana"]));

      // A catalog that lists other services only leaves physio out as well.
      await putCatalog("ana", "massage-room", {});
      expect(await providersFor("physio")).toEqual([]);
      expect(await slots("any")).toEqual([]);
      expect(await slots("ana")).toEqual([]);
      const after = ok(await patient("GET", "/v1/services")).services;
      expect(after.map((s: { id: string }) => s.id)).not.toContain("physio");
      expect((await providersFor("massage-room")).map((p) => p.id)).toEqual(["ana"]);

      // Taking the rows away brings the discipline back.
      ok(await office.manager("DELETE", "/v1/staff/providers/bruno/services/physio"), 204);
      expect((await providersFor("physio")).map((p) => p.id)).toEqual(["bruno"]);
    });

    test("regression: an excluded provider can be booked or held online, and 'any' assigns them", async () => {
      // A hold taken while bruno still offered physio cannot be used once he does not.
      const early = ok(
        await patient("POST", "/v1/holds", {
          serviceId: "physio",
          providerId: "bruno",
          start: "2026-03-04T14:00:00Z",
        }),
        201,
      ).hold;
      await putCatalog("bruno", "physio", { active: false });

      refusedNamingProvider(
        await patient("POST", "/v1/bookings", bookingBody({ providerId: "bruno" })),
      );
      refusedNamingProvider(
        await patient("POST", "/v1/holds", {
          serviceId: "physio",
          providerId: "bruno",
          start: SLOT,
        }),
      );
      refusedNamingProvider(
        await patient(
          "POST",
          "/v1/bookings",
          bookingBody({ providerId: "any", start: "2026-03-04T14:00:00Z", holdId: early.id }),
        ),
      );

      // Ana takes 10:00; "any" at 10:00 is then taken, not given to bruno.
      const first = ok(
        await patient("POST", "/v1/bookings", bookingBody({ providerId: "any" })),
        201,
      );
      expect(first.booking.providerId).toBe("ana");
      const second = await patient(
        "POST",
        "/v1/bookings",
        bookingBody({ providerId: "any", client: { name: "Rui", email: "rui@example.com" } }),
      );
      expect(second.status, second.text).toBe(409);
      expect(second.json.code).toBe("SLOT_TAKEN");
      expect(
        (
          await patient("POST", "/v1/holds", {
            serviceId: "physio",
            providerId: "any",
            start: SLOT,
          })
        ).status,
      ).toBe(409);

      // Staff cannot book him for it either (a hard rule, like a discipline mismatch).
      const staff = await office.desk("POST", "/v1/staff/appointments", {
        body: {
          serviceId: "physio",
          providerId: "bruno",
          start: "2026-03-04T15:00:00Z",
          client: { name: "Desk" },
          overrides: "all-soft",
        },
      });
      refusedNamingProvider(staff);
      // Nor does the staff "find a time" assign him, for "any" or by name.
      const staffSlots = async (filter: string) =>
        ok(
          await office.desk(
            "GET",
            `/v1/staff/slots?serviceId=physio&${filter}&from=${DAY}&to=${DAY}`,
          ),
        ).slots as { providerId: string }[];
      const anyStaff = await staffSlots("providerId=any");
      expect(anyStaff.length).toBeGreaterThan(0);
      expect(anyStaff.every((s) => s.providerId === "ana")).toBe(true);
      expect(await staffSlots("calendarIds=bruno")).toEqual([]);
    });

    test("regression: the provider's own price never reaches patients", async () => {
      await putCatalog("ana", "physio", { price: EUR(5000) });

      expect(await providersFor("physio")).toEqual([
        expect.objectContaining({ id: "ana", price: EUR(5000) }),
        expect.objectContaining({ id: "bruno", price: EUR(4500) }),
      ]);
      // Without a service there is no one price to show.
      const all = ok(await patient("GET", "/v1/providers")).providers;
      expect(all.every((p: { price?: unknown }) => p.price === undefined)).toBe(true);

      const withAna = ok(await patient("POST", "/v1/bookings", bookingBody()), 201);
      expect(withAna.booking).toMatchObject({ providerId: "ana", price: EUR(5000) });
      const view = ok(await patient("GET", `/v1/manage/${withAna.manageToken}`));
      expect(view.booking.price).toEqual(EUR(5000));

      const withBruno = ok(
        await patient(
          "POST",
          "/v1/bookings",
          bookingBody({ providerId: "any", client: { name: "Rui", email: "rui@example.com" } }),
        ),
        201,
      );
      expect(withBruno.booking).toMatchObject({ providerId: "bruno", price: EUR(4500) });

      // The visit is charged what the patient booked at.
      await act(office, withAna.booking.id, "arrive");
      const billing = ok(
        await office.desk("GET", `/v1/staff/appointments/${withAna.booking.id}/billing`),
      );
      expect(billing.charges.map((c: { unitPrice: unknown }) => c.unitPrice)).toEqual([EUR(5000)]);

      // A visit staff book with ana is at her price too.
      const desk = ok(
        await office.desk("POST", "/v1/staff/appointments", {
          body: {
            serviceId: "physio",
            providerId: "ana",
            start: "2026-03-04T15:00:00Z",
            client: { name: "Desk" },
          },
        }),
        201,
      );
      expect(desk.appointment.price).toEqual(EUR(5000));
    });
  },
);
