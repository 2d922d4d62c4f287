// Shared fixtures for the billing tests (not exported from the package).
import type { ChargeInput } from "./schemas.js";

export const EUR = (amount: number) => ({ amount, currency: "EUR" });

export function charge(id: string, extra: Partial<ChargeInput> = {}): ChargeInput {
  return {
    id,
    caseId: "case-1",
    clientId: "c1",
    appointmentId: "a1",
    description: "Physiotherapy 45 min",
    unitPrice: EUR(4500),
    quantity: 1,
    billingProviderId: "dr-ana",
    ...extra,
  };
}

export const client = {
  id: "c1",
  name: "Rita Lopes",
  taxId: "PT123456789",
  address: "Rua B 2, Porto",
};
export const clinic = { name: "Clínica Sol", taxId: "PT500000000", address: "Rua A 1, Lisboa" };

export function invoiceInput(charges: ChargeInput[], extra: Record<string, unknown> = {}) {
  return {
    id: "inv-1",
    caseId: "case-1",
    charges,
    client,
    clinic,
    numbering: { prefix: "FT 2026/", minDigits: 5, previous: "FT 2026/00041" },
    issuedAt: "2026-03-09T18:00:00Z",
    ...extra,
  };
}
