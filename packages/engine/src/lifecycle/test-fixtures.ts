// Shared fixtures for the lifecycle tests (not exported from the package).
import type { AppointmentInput, AppointmentStatus } from "../model.js";
import type { TransitionContextInput } from "./context.js";

export const EUR = (amount: number) => ({ amount, currency: "EUR" });

export function visit(
  status: AppointmentStatus,
  extra: Partial<AppointmentInput> = {},
): AppointmentInput {
  return {
    id: "a1",
    serviceId: "physio-45",
    calendarIds: ["dr-ana", "room-1"],
    start: "2026-03-09T10:00:00Z",
    end: "2026-03-09T10:45:00Z",
    status,
    channel: "staff",
    clientId: "c1",
    caseId: "case-1",
    ...extra,
  };
}

export const service = {
  id: "physio-45",
  name: "Physiotherapy 45 min",
  price: EUR(4500),
  cancellationPolicy: {
    freeUntilHoursBefore: 24,
    lateFee: { type: "percent" as const, basisPoints: 5000 },
    selfServiceCutoffHours: 2,
  },
  noShowFee: { type: "fixed" as const, amount: EUR(3000) },
};

export function context(extra: Partial<TransitionContextInput> = {}): TransitionContextInput {
  return {
    now: "2026-03-09T11:00:00Z",
    actor: { id: "desk-1", role: "front_desk" },
    service,
    move: { appointmentId: "a2", start: "2026-03-12T10:00:00Z" },
    ...extra,
  };
}

export const tenSessions = {
  id: "pk1",
  ownerClientId: "c1",
  sessions: 10,
  price: { total: EUR(40000) },
  purchasedAt: "2026-01-10T10:00:00Z",
  expiresOn: "2026-07-10",
  timeZone: "Europe/Lisbon",
};
