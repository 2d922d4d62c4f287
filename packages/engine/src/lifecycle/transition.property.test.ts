import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Charge } from "../billing/schemas.js";
import type { AppointmentStatus } from "../model.js";
import type { PackageState } from "../packages/state.js";
import { createPackage, remainingSessions } from "../packages/state.js";
import { APPOINTMENT_ACTIONS, ARRIVED_STATUSES, FINAL_STATUSES, nextStatus } from "./table.js";
import { context, tenSessions, visit } from "./test-fixtures.js";
import { transition } from "./transition.js";

interface Store {
  status: AppointmentStatus;
  charges: Charge[];
  pkg: PackageState | undefined;
}

const active = (store: Store, source: Charge["source"]) =>
  store.charges.filter((c) => c.source === source && c.status !== "void").length;

describe("every transition sequence keeps the invariants", () => {
  it("charges, fees and package sessions always match the status reached", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...APPOINTMENT_ACTIONS.filter((a) => a !== "move")), {
          maxLength: 25,
        }),
        fc.constantFrom("none", "keep", "deduct"),
        fc.integer({ min: 0, max: 1_000 }),
        (actions, packageRule, stamp) => {
          const pkg =
            packageRule === "none"
              ? undefined
              : createPackage({ ...tenSessions, noShowRule: packageRule });
          const store: Store = { status: "booked", charges: [], pkg };
          actions.forEach((action, i) => {
            const now = new Date(
              Date.parse("2026-03-09T11:00:00Z") + (stamp + i) * 1000,
            ).toISOString();
            const result = transition(visit(store.status), action, {
              ...context({ now, charges: store.charges }),
              ...(store.pkg ? { package: store.pkg } : {}),
            });
            const expected = nextStatus(store.status, action);
            expect(result.ok).toBe(expected !== null);
            if (!result.ok) {
              expect(result.error.code).toBe("ILLEGAL_TRANSITION");
              return;
            }
            expect(FINAL_STATUSES.has(store.status)).toBe(false);
            store.status = result.appointment.status;
            expect(store.status).toBe(expected);
            for (const event of result.events) {
              if (event.type === "charges_added") store.charges.push(...event.charges);
              if (event.type === "charges_voided") {
                const ids = new Set(event.charges.map((c) => c.id));
                store.charges = store.charges.map((c) =>
                  ids.has(c.id) ? { ...c, status: "void" } : c,
                );
              }
              if (event.type === "package_deducted" || event.type === "package_restored")
                store.pkg = event.package;
            }
          });
          const deductsNoShow = packageRule === "deduct";
          expect(active(store, "arrival")).toBe(
            ARRIVED_STATUSES.has(store.status) && !store.pkg ? 1 : 0,
          );
          expect(active(store, "no_show_fee")).toBe(
            store.status === "no_show" && !deductsNoShow ? 1 : 0,
          );
          expect(active(store, "cancellation_fee")).toBe(store.status === "canceled" ? 1 : 0);
          if (store.pkg) {
            const used = store.pkg.uses.length;
            const usesSession =
              store.status === "completed" || (store.status === "no_show" && deductsNoShow);
            expect(used).toBe(usesSession ? 1 : 0);
            expect(used + remainingSessions(store.pkg)).toBe(store.pkg.sessions);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a package attached at any step never leaves a session and a treatment charge on one visit", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...APPOINTMENT_ACTIONS.filter((a) => a !== "move")), {
          maxLength: 25,
        }),
        fc.integer({ min: 0, max: 25 }),
        (actions, attachAt) => {
          const store: Store = { status: "booked", charges: [], pkg: undefined };
          actions.forEach((action, i) => {
            if (i === attachAt) store.pkg = createPackage(tenSessions);
            const now = new Date(Date.parse("2026-03-09T11:00:00Z") + i * 1000).toISOString();
            const result = transition(visit(store.status), action, {
              ...context({ now, charges: store.charges }),
              ...(store.pkg ? { package: store.pkg } : {}),
            });
            if (!result.ok) return;
            store.status = result.appointment.status;
            for (const event of result.events) {
              if (event.type === "charges_added") store.charges.push(...event.charges);
              if (event.type === "charges_voided") {
                const ids = new Set(event.charges.map((c) => c.id));
                store.charges = store.charges.map((c) =>
                  ids.has(c.id) ? { ...c, status: "void" } : c,
                );
              }
              if (event.type === "package_deducted" || event.type === "package_restored")
                store.pkg = event.package;
            }
            const sessions = store.pkg?.uses.length ?? 0;
            expect(active(store, "arrival")).toBeLessThanOrEqual(1);
            if (sessions > 0) expect(active(store, "arrival")).toBe(0);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
