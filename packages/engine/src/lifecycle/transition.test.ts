import { describe, expect, it } from "vitest";
import type { Charge } from "../billing/schemas.js";
import { isEngineError } from "../errors.js";
import type { AppointmentInput } from "../model.js";
import type { TransitionEvent, TransitionResult } from "./events.js";
import { context, EUR, service, tenSessions, visit } from "./test-fixtures.js";
import { transition } from "./transition.js";

function events(result: TransitionResult): TransitionEvent[] {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.events;
}

function added(result: TransitionResult): Charge[] {
  return events(result).flatMap((e) => (e.type === "charges_added" ? e.charges : []));
}

function thrown(fn: () => unknown): { code: string; fields: string[] } {
  try {
    fn();
  } catch (error) {
    if (isEngineError(error)) return { code: error.code, fields: error.issues.map((i) => i.field) };
    throw error;
  }
  throw new Error("expected an EngineError");
}

describe("arrival", () => {
  it("adds the service as one editable charge billed to the provider calendar", () => {
    const charges = added(transition(visit("confirmed"), "arrive", context()));
    expect(charges).toEqual([
      expect.objectContaining({
        caseId: "case-1",
        clientId: "c1",
        appointmentId: "a1",
        description: "Physiotherapy 45 min",
        unitPrice: EUR(4500),
        quantity: 1,
        billingProviderId: "dr-ana",
        status: "uninvoiced",
        source: "arrival",
        createdAt: "2026-03-09T11:00:00Z",
      }),
    ]);
  });

  it("regression: a visit listing its room first billed the room and logged it as therapist", () => {
    const roomFirst = visit("booked", { calendarIds: ["room-1", "dr-ana"] });
    const calendars = [
      { id: "room-1", kind: "room" as const },
      { id: "dr-ana", kind: "provider" as const },
    ];
    const charges = added(transition(roomFirst, "arrive", context({ calendars })));
    expect(charges.map((c) => c.billingProviderId)).toEqual(["dr-ana"]);
    const done = transition(
      visit("started", { calendarIds: ["room-1", "dr-ana"] }),
      "complete",
      context({ calendars, package: tenSessions }),
    );
    const deducted = done.ok ? done.events.find((e) => e.type === "package_deducted") : undefined;
    expect(deducted && "use" in deducted && deducted.use.therapistId).toBe("dr-ana");
  });

  it("regression: a billing item in another currency than the price was charged as is", () => {
    const mixed = {
      ...service,
      billingItems: [{ description: "Session", unitPrice: { amount: 4000, currency: "USD" } }],
    };
    expect(
      thrown(() => transition(visit("booked"), "arrive", context({ service: mixed }))),
    ).toEqual({
      code: "INVALID_INPUT",
      fields: ["context.service.billingItems.0.unitPrice.currency"],
    });
  });

  it("uses the service's billing items and an explicit billing provider", () => {
    const withItems = {
      ...service,
      billingItems: [
        { description: "Session", unitPrice: EUR(4000), taxRateBp: 600 },
        { description: "Kinesio tape", unitPrice: EUR(250), quantity: 2, coveredByPackage: false },
      ],
    };
    const charges = added(
      transition(
        visit("booked"),
        "arrive",
        context({ service: withItems, billingProviderId: "clinic" }),
      ),
    );
    expect(
      charges.map((c) => [
        c.description,
        c.unitPrice.amount,
        c.quantity,
        c.taxRateBp,
        c.billingProviderId,
      ]),
    ).toEqual([
      ["Session", 4000, 1, 600, "clinic"],
      ["Kinesio tape", 250, 2, 0, "clinic"],
    ]);
    expect(new Set(charges.map((c) => c.id)).size).toBe(2);
  });

  it("leaves out what a package covers but keeps extras", () => {
    const withItems = {
      ...service,
      billingItems: [
        { description: "Session", unitPrice: EUR(4000) },
        { description: "Kinesio tape", unitPrice: EUR(250), coveredByPackage: false },
      ],
    };
    const result = transition(
      visit("booked"),
      "arrive",
      context({ service: withItems, package: tenSessions }),
    );
    expect(added(result).map((c) => c.description)).toEqual(["Kinesio tape"]);
  });

  it("refuses a package that cannot pay, with the package's own error", () => {
    const expired = { ...tenSessions, expiresOn: "2026-03-01" };
    const result = transition(visit("booked"), "arrive", context({ package: expired }));
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: "PACKAGE_UNUSABLE",
        packageError: expect.objectContaining({ code: "PACKAGE_EXPIRED" }),
      }),
    });
  });

  it("is implied by start and complete from booked, but never repeated from arrived", () => {
    expect(added(transition(visit("booked"), "start", context()))).toHaveLength(1);
    expect(added(transition(visit("confirmed"), "complete", context()))).toHaveLength(1);
    expect(added(transition(visit("arrived"), "start", context()))).toHaveLength(0);
    expect(added(transition(visit("started"), "complete", context()))).toHaveLength(0);
  });

  it("regression: start from arrived added the arrival charges a second time", () => {
    const result = transition(visit("arrived"), "start", context());
    expect(events(result).filter((e) => e.type === "charges_added")).toEqual([]);
  });

  it("needs a case and a client to add charges, and says which field is missing", () => {
    const noCase = visit("booked", { caseId: undefined });
    expect(thrown(() => transition(noCase, "arrive", context()))).toEqual({
      code: "INVALID_INPUT",
      fields: ["appointment.caseId"],
    });
    expect(added(transition(noCase, "arrive", context({ caseId: "case-9" })))[0]?.caseId).toBe(
      "case-9",
    );
  });
});

describe("completion and packages", () => {
  it("takes a session on completion and logs date, visit and therapist", () => {
    const result = transition(visit("started"), "complete", context({ package: tenSessions }));
    const deducted = events(result).find((e) => e.type === "package_deducted");
    expect(deducted).toMatchObject({
      packageId: "pk1",
      use: {
        appointmentId: "a1",
        date: "2026-03-09",
        therapistId: "dr-ana",
        clientId: "c1",
        kind: "attended",
      },
    });
    if (deducted?.type === "package_deducted") expect(deducted.package.uses).toHaveLength(1);
  });

  it("regression: arrived without the package, completed with it, the visit had a session and a charge", () => {
    const arrival = added(transition(visit("booked"), "arrive", context()));
    expect(arrival).toHaveLength(1);
    const done = events(
      transition(visit("started"), "complete", context({ package: tenSessions, charges: arrival })),
    );
    expect(done.map((e) => e.type)).toEqual(["audit", "package_deducted", "charges_voided"]);
    const voided = done.find((e) => e.type === "charges_voided");
    expect(voided?.type === "charges_voided" && voided.charges.map((c) => c.id)).toEqual([
      arrival[0]?.id,
    ]);
    // Extras the package does not cover stay; an invoiced treatment line asks for a credit note.
    const withItems = {
      ...service,
      billingItems: [
        { description: "Session", unitPrice: EUR(4000) },
        { description: "Kinesio tape", unitPrice: EUR(250), coveredByPackage: false },
      ],
    };
    const items = added(transition(visit("booked"), "arrive", context({ service: withItems })));
    const invoiced = items.map((c, i) =>
      i === 0 ? { ...c, status: "invoiced" as const, invoiceId: "inv-1" } : c,
    );
    const later = events(
      transition(
        visit("arrived"),
        "complete",
        context({ service: withItems, package: tenSessions, charges: invoiced }),
      ),
    );
    expect(later.find((e) => e.type === "charges_voided")).toBeUndefined();
    expect(later.find((e) => e.type === "credit_note_needed")).toMatchObject({
      chargeIds: [items[0]?.id],
      invoiceIds: ["inv-1"],
    });
    // Without a package nothing is taken back.
    const plain = events(transition(visit("started"), "complete", context({ charges: arrival })));
    expect(plain.map((e) => e.type)).toEqual(["audit"]);
  });

  it("gives the session back when the completion is rolled back", () => {
    const done = events(
      transition(visit("started"), "complete", context({ package: tenSessions })),
    );
    const after = done.find((e) => e.type === "package_deducted");
    if (after?.type !== "package_deducted") throw new Error("no deduction");
    const back = events(
      transition(visit("completed"), "rollback", context({ package: after.package })),
    );
    const restored = back.find((e) => e.type === "package_restored");
    expect(restored?.type === "package_restored" && restored.package.uses).toEqual([]);
  });

  it("refuses completion when the package's last session went meanwhile", () => {
    const used = Array.from({ length: 10 }, (_, i) => ({
      appointmentId: `old-${i}`,
      at: "2026-02-01T10:00:00Z",
      date: "2026-02-01",
      therapistId: "dr-ana",
      clientId: "c1",
    }));
    const result = transition(
      visit("started"),
      "complete",
      context({ package: { ...tenSessions, uses: used } }),
    );
    expect(!result.ok && result.error.packageError?.code).toBe("PACKAGE_EXHAUSTED");
  });
});

describe("no-show", () => {
  it("cannot be marked before the start time", () => {
    const result = transition(visit("booked"), "no_show", context({ now: "2026-03-09T09:59:00Z" }));
    expect(!result.ok && result.error.code).toBe("TOO_EARLY");
  });

  it("charges the service's no-show fee and notifies", () => {
    const result = transition(visit("confirmed"), "no_show", context());
    expect(added(result).map((c) => [c.source, c.unitPrice.amount])).toEqual([
      ["no_show_fee", 3000],
    ]);
    expect(events(result)).toContainEqual({
      type: "notification_due",
      kind: "no_show",
      appointmentId: "a1",
      clientId: "c1",
    });
  });

  it("deducts a session instead of a fee when the package's rule says so", () => {
    const deduct = { ...tenSessions, noShowRule: "deduct" as const };
    const result = transition(visit("booked"), "no_show", context({ package: deduct }));
    expect(added(result)).toEqual([]);
    expect(events(result).find((e) => e.type === "package_deducted")).toMatchObject({
      use: { kind: "no_show" },
    });
    const keep = transition(visit("booked"), "no_show", context({ package: tenSessions }));
    expect(events(keep).some((e) => e.type === "package_deducted")).toBe(false);
    expect(added(keep)).toHaveLength(1);
  });

  it("falls back to the fee when the package cannot take the no-show", () => {
    const expired = { ...tenSessions, noShowRule: "deduct" as const, expiresOn: "2026-03-01" };
    const result = transition(visit("booked"), "no_show", context({ package: expired }));
    expect(events(result).some((e) => e.type === "package_deducted")).toBe(false);
    expect(added(result).map((c) => c.source)).toEqual(["no_show_fee"]);
  });

  it("lets staff waive the fee", () => {
    expect(added(transition(visit("booked"), "no_show", context({ waiveFee: true })))).toEqual([]);
  });

  it("rollback voids an uninvoiced fee and flags an invoiced one for a credit note", () => {
    const fee = added(transition(visit("booked"), "no_show", context()));
    const voided = events(transition(visit("no_show"), "rollback", context({ charges: fee })));
    expect(voided).toContainEqual({
      type: "charges_voided",
      charges: [{ ...fee[0], status: "void" }],
    });
    const invoiced = fee.map((c) => ({ ...c, status: "invoiced" as const, invoiceId: "inv-1" }));
    const flagged = events(
      transition(visit("no_show"), "rollback", context({ charges: invoiced })),
    );
    expect(flagged).toContainEqual({
      type: "credit_note_needed",
      chargeIds: [fee[0]?.id],
      invoiceIds: ["inv-1"],
    });
  });
});

describe("rollback from arrived", () => {
  it("voids only this visit's uninvoiced arrival charges", () => {
    const arrival = added(transition(visit("booked"), "arrive", context()));
    const manual = { ...(arrival[0] as Charge), id: "manual-1", source: "manual" as const };
    const other = { ...(arrival[0] as Charge), id: "other-1", appointmentId: "a9" };
    const result = transition(
      visit("arrived"),
      "rollback",
      context({ charges: [...arrival, manual, other] }),
    );
    expect(result.ok && result.appointment.status).toBe("confirmed");
    const voided = events(result).flatMap((e) => (e.type === "charges_voided" ? e.charges : []));
    expect(voided.map((c) => [c.id, c.status])).toEqual(arrival.map((c) => [c.id, "void"]));
  });

  it("regression: a walk-in never confirmed went back to confirmed; it returns to booked", () => {
    const back = transition(
      visit("arrived"),
      "rollback",
      context({ statusBeforeArrival: "booked" }),
    );
    expect(back.ok && back.appointment.status).toBe("booked");
    expect(back.ok && back.events[0]).toMatchObject({
      type: "audit",
      from: "arrived",
      to: "booked",
    });
    const confirmed = transition(
      visit("arrived"),
      "rollback",
      context({ statusBeforeArrival: "confirmed" }),
    );
    expect(confirmed.ok && confirmed.appointment.status).toBe("confirmed");
  });
});

describe("cancellation", () => {
  it("is free inside the free window", () => {
    const result = transition(visit("booked"), "cancel", context({ now: "2026-03-07T10:00:00Z" }));
    expect(added(result)).toEqual([]);
    expect(events(result)).toContainEqual(
      expect.objectContaining({ type: "notification_due", kind: "canceled" }),
    );
  });

  it("charges the late fee (50 % of 45.00) after it", () => {
    const result = transition(
      visit("booked"),
      "cancel",
      context({ now: "2026-03-09T08:00:00Z", reason: "sick" }),
    );
    expect(added(result).map((c) => [c.source, c.unitPrice.amount])).toEqual([
      ["cancellation_fee", 2250],
    ]);
    expect(events(result)[0]).toMatchObject({
      type: "audit",
      reason: "sick",
      actor: { id: "desk-1" },
    });
  });

  it("refuses a client inside the self-service cutoff, with the policy's reason", () => {
    const client = { actor: { id: "c1", role: "client" as const }, now: "2026-03-09T09:00:00Z" };
    const result = transition(visit("booked"), "cancel", context(client));
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: "POLICY_REFUSED",
        policyReason: "SELF_SERVICE_CUTOFF",
      }),
    });
  });

  it("lets a client cancel online before the cutoff, and not arrive themselves", () => {
    const client = { actor: { id: "c1", role: "client" as const }, now: "2026-03-09T06:00:00Z" };
    expect(added(transition(visit("booked"), "cancel", context(client)))[0]?.unitPrice.amount).toBe(
      2250,
    );
    const arrive = transition(visit("booked"), "arrive", context(client));
    expect(!arrive.ok && arrive.error.code).toBe("NOT_ALLOWED_FOR_ACTOR");
  });

  it("notifies nobody when asked not to", () => {
    const result = transition(visit("booked"), "cancel", context({ notify: false }));
    expect(events(result).some((e) => e.type === "notification_due")).toBe(false);
  });
});

describe("move", () => {
  it("rebooks the old visit and creates the new one in the same step", () => {
    const result = transition(visit("confirmed", { seriesId: "s1" }), "move", context());
    if (!result.ok) throw new Error(result.error.code);
    expect(result.appointment).toMatchObject({ id: "a1", status: "rebooked", rebookedToId: "a2" });
    expect(result.created).toMatchObject({
      id: "a2",
      status: "booked",
      start: "2026-03-12T10:00:00Z",
      end: "2026-03-12T10:45:00Z",
      calendarIds: ["dr-ana", "room-1"],
      seriesId: "s1",
      rebookedFromId: "a1",
    });
    expect(result.events.map((e) => e.type)).toEqual([
      "audit",
      "appointment_created",
      "audit",
      "notification_due",
    ]);
    expect(result.events[2]).toMatchObject({ appointmentId: "a2", from: null, to: "booked" });
    expect(result.events[3]).toMatchObject({ kind: "rescheduled", appointmentId: "a2" });
  });

  it("keeps the new start's offset for the derived end, or prints it in the given zone", () => {
    const move = { appointmentId: "a2", start: "2026-03-30T11:00:00+01:00" };
    const r = transition(visit("booked"), "move", context({ move }));
    expect(r.ok && r.created?.end).toBe("2026-03-30T11:45:00+01:00");
    const utc = { appointmentId: "a2", start: "2026-03-30T10:00:00Z" };
    const lisbon = transition(
      visit("booked"),
      "move",
      context({ move: utc, timeZone: "Europe/Lisbon" }),
    );
    expect(lisbon.ok && lisbon.created?.end).toBe("2026-03-30T11:45:00+01:00");
  });

  it("needs context.move and names it when missing", () => {
    expect(thrown(() => transition(visit("booked"), "move", context({ move: undefined })))).toEqual(
      {
        code: "INVALID_INPUT",
        fields: ["context.move"],
      },
    );
  });

  it("regression: a client's late move keeps the old free-cancellation deadline", () => {
    const client = { actor: { id: "c1", role: "client" as const }, now: "2026-03-09T06:00:00Z" };
    const late = transition(visit("booked"), "move", context(client));
    if (!late.ok) throw new Error(late.error.code);
    expect(late.created?.freeCancellationUntil).toBe("2026-03-08T10:00:00.000Z");
    // Canceling the new visit (12 March) two days ahead is late, with the late fee.
    const cancel = transition(
      late.created as AppointmentInput,
      "cancel",
      context({ ...client, now: "2026-03-10T10:00:00Z" }),
    );
    expect(added(cancel).map((c) => [c.source, c.unitPrice.amount])).toEqual([
      ["cancellation_fee", 2250],
    ]);
    // A move inside the free window, or by staff, carries nothing.
    const early = transition(
      visit("booked"),
      "move",
      context({ ...client, now: "2026-03-07T10:00:00Z" }),
    );
    expect(early.ok && early.created?.freeCancellationUntil).toBeUndefined();
    const staff = transition(visit("booked"), "move", context({ now: "2026-03-09T06:00:00Z" }));
    expect(staff.ok && staff.created?.freeCancellationUntil).toBeUndefined();
  });

  it("refuses a client's move inside the cutoff", () => {
    const client = { actor: { id: "c1", role: "client" as const }, now: "2026-03-09T08:30:00Z" };
    const result = transition(visit("booked"), "move", context(client));
    expect(!result.ok && result.error.policyReason).toBe("SELF_SERVICE_CUTOFF");
  });
});

describe("input validation", () => {
  it("throws INVALID_INPUT naming the field for bad shapes, never for illegal moves", () => {
    expect(
      thrown(() => transition(visit("booked", { start: "tomorrow" }), "confirm", context())).fields,
    ).toContain("appointment.start");
    expect(
      thrown(() => transition(visit("booked"), "teleport" as "confirm", context())).fields,
    ).toEqual(["action"]);
    expect(
      thrown(() => transition(visit("booked"), "confirm", context({ now: "noon" }))).fields,
    ).toEqual(["context.now"]);
    expect(transition(visit("canceled"), "cancel", context()).ok).toBe(false);
  });
});
