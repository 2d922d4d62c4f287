// Conformance: the back office — client search, cases, charges (immutable once settled), gap-free
// document numbers under concurrency, issued documents, payments, payment intents, packages with
// their attendance log, provider catalogs, API key grants, message settings.

import { expect, it } from "vitest";
import type { ChargeInput, PackageInput } from "../back-office.js";
import { isStorageError } from "../errors.js";
import type { StorageOperations } from "../storage.js";
import { at, errorOf, type GetStorage, massageAt, type Seeded, seedClinic } from "./fixtures.js";

const EUR = (amount: number) => ({ amount, currency: "EUR" });

/** A case for the seeded client. */
async function caseFor(storage: StorageOperations, s: Seeded, id = "case-1") {
  return storage.putCase(s.clinicId, { id, clientId: s.clientId, title: "Lower back" });
}

function charge(s: Seeded, id: string, overrides: Partial<ChargeInput> = {}): ChargeInput {
  return {
    id,
    caseId: "case-1",
    clientId: s.clientId,
    description: "Massage 60 min",
    unitPrice: EUR(5000),
    quantity: 1,
    taxRateBp: 0,
    priceIncludesTax: true,
    billingProviderId: s.p1,
    status: "uninvoiced",
    source: "manual",
    chargedAt: at(0),
    ...overrides,
  };
}

function invoiceDoc(s: Seeded, id: string, sequence: number, series = "invoice:2030") {
  return {
    kind: "invoice" as const,
    id,
    series,
    sequence,
    number: `INV 2030/${String(sequence).padStart(5, "0")}`,
    caseId: "case-1",
    clientId: s.clientId,
    issuedAt: at(sequence),
    snapshot: {
      number: `INV 2030/${String(sequence).padStart(5, "0")}`,
      lines: [{ amount: 5000 }],
    },
  };
}

function pkg(s: Seeded, id: string, overrides: Partial<PackageInput> = {}): PackageInput {
  return {
    id,
    name: "10 × Massage",
    ownerClientId: s.clientId,
    allowedClientIds: [],
    serviceIds: [s.massage],
    sessions: 10,
    price: { total: EUR(40000) },
    purchasedAt: at(0),
    expiresOn: "2030-09-30",
    nudgeDaysBefore: 14,
    timeZone: "Europe/Lisbon",
    noShowRule: "keep",
    uses: [],
    ...overrides,
  };
}

/**
 * Registers the back-office tests (inside a `describe` of the conformance suite).
 *
 * @example
 * ```ts
 * describe("back office", () => backOfficeTests(() => storage));
 * ```
 */
export function backOfficeTests(storage: GetStorage): void {
  it("finds clients by phone digits, tax ID and notes; phone and tax ID filters ignore formatting", async () => {
    const s = await seedClinic(storage());
    await storage().putClient(s.clinicId, {
      id: "client-2",
      name: "Bruno Reis",
      phone: "+351 912-345 678",
      taxId: "pt 123 456 789",
      notes: "Prefers mornings",
    });
    const ids = async (filter: Parameters<StorageOperations["listClients"]>[1]) =>
      (await storage().listClients(s.clinicId, filter)).map((c) => c.id);
    expect(await ids({ search: "912 345" })).toEqual(["client-2"]);
    expect(await ids({ search: "PT123" })).toEqual(["client-2"]);
    expect(await ids({ search: "MORNINGS" })).toEqual(["client-2"]);
    expect(await ids({ search: "ana" })).toEqual([s.clientId]);
    expect(await ids({ phone: "00351 912 345 678".slice(2) })).toEqual(["client-2"]);
    expect(await ids({ phone: "912345678" })).toEqual([]);
    expect(await ids({ taxId: "PT123456789" })).toEqual(["client-2"]);
    expect(await ids({ phone: "no digits" })).toEqual([]);
  });

  it("findOrCreateClient: the first client with the e-mail in id order, else the new one stored as putClient stores it", async () => {
    const s = await seedClinic(storage());
    const input = {
      id: "c-new-1",
      name: "Rita Sousa",
      email: "Rita@Example.com",
      phone: "+351 913 000 111",
    };
    const first = await storage().transaction((tx) => tx.findOrCreateClient(s.clinicId, input));
    expect(first.created).toBe(true);
    const stored = await storage().getClient(s.clinicId, "c-new-1");
    expect(first.client).toEqual(stored);
    expect(stored).toMatchObject({ name: "Rita Sousa", email: "Rita@Example.com", version: 1 });
    expect(await storage().listClients(s.clinicId, { phone: "351 913 000 111" })).toHaveLength(1);
    // The same address in other letters finds her, writes nothing and answers her record.
    await storage().putClient(s.clinicId, { id: "c-new-0", name: "Older", email: "x@example.com" });
    await storage().putClient(s.clinicId, {
      id: "c-new-2",
      name: "Twin",
      email: "rita@example.com",
    });
    const again = await storage().transaction((tx) =>
      tx.findOrCreateClient(s.clinicId, { ...input, id: "c-new-3", email: "RITA@example.COM" }),
    );
    expect(again).toEqual({ client: stored, created: false });
    expect(await storage().getClient(s.clinicId, "c-new-3")).toBeUndefined();
    // Another clinic's client with that e-mail is not this clinic's.
    const other = await seedClinic(storage());
    const theirs = await storage().transaction((tx) =>
      tx.findOrCreateClient(other.clinicId, { ...input, id: "c-new-4" }),
    );
    expect(theirs.created).toBe(true);
    expect(theirs.client.clinicId).toBe(other.clinicId);
  });

  it("pages clients by offset in id order", async () => {
    const s = await seedClinic(storage());
    for (const id of ["c-page-1", "c-page-2", "c-page-3"]) {
      await storage().putClient(s.clinicId, { id, name: `Paged ${id}` });
    }
    const page = async (offset: number) =>
      (await storage().listClients(s.clinicId, { search: "paged", limit: 2, offset })).map(
        (c) => c.id,
      );
    expect(await page(0)).toEqual(["c-page-1", "c-page-2"]);
    expect(await page(2)).toEqual(["c-page-3"]);
    expect(await page(3)).toEqual([]);
  });

  it("merges a client into another: visits, cases, settled charges, documents, payments and packages move; the duplicate is gone", async () => {
    const s = await seedClinic(storage());
    await storage().putClient(s.clinicId, { id: "dup", name: "Ana (again)" });
    const dup = { ...s, clientId: "dup" };
    const apt = await storage().insertAppointment(
      s.clinicId,
      massageAt(s, 0, 60, { clientId: "dup" }),
    );
    await storage().putCase(s.clinicId, { id: "case-1", clientId: "dup", title: "Knee" });
    await storage().insertBillingDocument(s.clinicId, invoiceDoc(dup, "inv-1", 1));
    await storage().insertCharge(
      s.clinicId,
      charge(dup, "ch-1", { status: "invoiced", invoiceId: "inv-1", appointmentId: apt.id }),
    );
    await storage().insertPayment(s.clinicId, {
      id: "pay-1",
      kind: "payment",
      clientId: "dup",
      caseId: "case-1",
      invoiceId: "inv-1",
      method: "card",
      amount: EUR(1000),
      at: at(10),
    });
    await storage().putPackage(s.clinicId, pkg(dup, "pkg-own"));
    await storage().putPackage(s.clinicId, pkg(s, "pkg-shared", { allowedClientIds: ["dup"] }));
    const moved = await storage().mergeClient(s.clinicId, "dup", s.clientId);
    expect(moved).toEqual({
      appointments: 1,
      cases: 1,
      charges: 1,
      documents: 1,
      payments: 1,
      packages: 2,
    });
    expect(await storage().getClient(s.clinicId, "dup")).toBeUndefined();
    expect((await storage().getAppointment(s.clinicId, apt.id))?.clientId).toBe(s.clientId);
    expect((await storage().getCase(s.clinicId, "case-1"))?.clientId).toBe(s.clientId);
    expect(await storage().getCharge(s.clinicId, "ch-1")).toMatchObject({
      clientId: s.clientId,
      status: "invoiced",
    });
    const doc = await storage().getBillingDocument(s.clinicId, "inv-1");
    expect(doc?.clientId).toBe(s.clientId);
    // The printed snapshot of an issued document never changes.
    expect(doc?.snapshot).toEqual(invoiceDoc(dup, "inv-1", 1).snapshot);
    expect((await storage().getPayment(s.clinicId, "pay-1"))?.clientId).toBe(s.clientId);
    expect((await storage().getPackage(s.clinicId, "pkg-own"))?.ownerClientId).toBe(s.clientId);
    expect((await storage().getPackage(s.clinicId, "pkg-shared"))?.allowedClientIds).toEqual([
      s.clientId,
    ]);
    const missing = await errorOf(() => storage().mergeClient(s.clinicId, "dup", s.clientId));
    expect(isStorageError(missing, "NOT_FOUND")).toBe(true);
  });

  it("stores a case's payer and referral; a put without them removes them", async () => {
    const s = await seedClinic(storage());
    const payer = {
      kind: "insurer" as const,
      name: "Médis",
      taxId: "PT503496944",
      address: "Lisboa",
      email: "claims@medis.example",
      reference: "POL-77",
    };
    const referral = { by: "Dr. Costa", date: "2026-02-20", reference: "REF-1" };
    const created = await storage().putCase(s.clinicId, {
      id: "case-p",
      clientId: s.clientId,
      title: "Knee",
      payer,
      referral,
    });
    expect(created).toMatchObject({ payer, referral, extra: {} });
    expect(await storage().getCase(s.clinicId, "case-p")).toMatchObject({ payer, referral });
    const minimal = await storage().putCase(s.clinicId, {
      ...created,
      payer: { kind: "employer", name: "Acme" },
      referral: { by: "GP" },
    });
    expect(minimal.payer).toEqual({ kind: "employer", name: "Acme" });
    expect(minimal.referral).toEqual({ by: "GP" });
    const { payer: _p, referral: _r, ...rest } = minimal;
    const removed = await storage().putCase(s.clinicId, rest);
    expect(removed.payer).toBeUndefined();
    expect(removed.referral).toBeUndefined();
    expect(removed.version).toBe(3);
  });

  it("stores cases with versions, refuses unknown clients and stale versions", async () => {
    const s = await seedClinic(storage());
    const created = await caseFor(storage(), s);
    expect(created).toMatchObject({ id: "case-1", status: "open", version: 1, extra: {} });
    const closed = await storage().putCase(
      s.clinicId,
      { ...created, status: "closed", closedAt: at(60) },
      { expectedVersion: 1 },
    );
    expect(closed).toMatchObject({ status: "closed", closedAt: at(60), version: 2 });
    expect(closed.openedAt).toBe(created.openedAt);
    const stale = await errorOf(() =>
      storage().putCase(s.clinicId, { ...created, title: "x" }, { expectedVersion: 1 }),
    );
    expect(isStorageError(stale, "VERSION_CONFLICT")).toBe(true);
    const unknown = await errorOf(() =>
      storage().putCase(s.clinicId, { id: "case-x", clientId: "nobody", title: "x" }),
    );
    expect(isStorageError(unknown, "INVALID_REFERENCE")).toBe(true);
    await caseFor(storage(), s, "case-2");
    expect(
      (await storage().listCases(s.clinicId, { clientId: s.clientId })).map((c) => c.id),
    ).toEqual(["case-1", "case-2"]);
    expect((await storage().listCases(s.clinicId, { status: "open" })).map((c) => c.id)).toEqual([
      "case-2",
    ]);
  });

  it("stores charges; an invoiced or void charge never changes again (IMMUTABLE)", async () => {
    const s = await seedClinic(storage());
    await caseFor(storage(), s);
    const apt = await storage().insertAppointment(s.clinicId, massageAt(s, 0));
    const first = await storage().insertCharge(
      s.clinicId,
      charge(s, "ch-1", { appointmentId: apt.id, meta: { origin: "test" } }),
    );
    expect(first).toMatchObject({
      id: "ch-1",
      appointmentId: apt.id,
      unitPrice: EUR(5000),
      status: "uninvoiced",
      chargedAt: at(0),
      meta: { origin: "test" },
      version: 1,
    });
    expect(
      isStorageError(
        await errorOf(() => storage().insertCharge(s.clinicId, charge(s, "ch-1"))),
        "DUPLICATE",
      ),
    ).toBe(true);
    const edited = await storage().updateCharge(
      s.clinicId,
      "ch-1",
      { quantity: 2 },
      { expectedVersion: 1 },
    );
    expect(edited).toMatchObject({ quantity: 2, version: 2, appointmentId: apt.id });
    expect(
      isStorageError(
        await errorOf(() =>
          storage().updateCharge(s.clinicId, "ch-1", { quantity: 3 }, { expectedVersion: 1 }),
        ),
        "VERSION_CONFLICT",
      ),
    ).toBe(true);
    expect(
      isStorageError(
        await errorOf(() => storage().updateCharge(s.clinicId, "ch-1", { status: "invoiced" })),
        "INVALID_VALUE",
      ),
    ).toBe(true);
    expect(
      isStorageError(
        await errorOf(() => storage().updateCharge(s.clinicId, "ch-1", { quantity: 0 })),
        "INVALID_VALUE",
      ),
    ).toBe(true);
    await storage().insertBillingDocument(s.clinicId, invoiceDoc(s, "inv-1", 1));
    await storage().updateCharge(s.clinicId, "ch-1", { status: "invoiced", invoiceId: "inv-1" });
    const locked = await errorOf(() => storage().updateCharge(s.clinicId, "ch-1", { quantity: 1 }));
    expect(isStorageError(locked, "IMMUTABLE")).toBe(true);
    await storage().insertCharge(s.clinicId, charge(s, "ch-2", { chargedAt: at(30) }));
    await storage().updateCharge(s.clinicId, "ch-2", { status: "void" });
    expect(
      isStorageError(
        await errorOf(() => storage().updateCharge(s.clinicId, "ch-2", { status: "uninvoiced" })),
        "IMMUTABLE",
      ),
    ).toBe(true);
    const unknownCase = await errorOf(() =>
      storage().insertCharge(s.clinicId, charge(s, "ch-3", { caseId: "nope" })),
    );
    expect(isStorageError(unknownCase, "INVALID_REFERENCE")).toBe(true);
    const ids = async (q: Parameters<StorageOperations["listCharges"]>[1]) =>
      (await storage().listCharges(s.clinicId, q)).map((c) => c.id);
    expect(await ids({ caseId: "case-1" })).toEqual(["ch-1", "ch-2"]);
    expect(await ids({ invoiceId: "inv-1" })).toEqual(["ch-1"]);
    expect(await ids({ statuses: ["void"] })).toEqual(["ch-2"]);
    expect(await ids({ appointmentIds: [apt.id] })).toEqual(["ch-1"]);
    expect(await ids({ from: at(1), to: at(60) })).toEqual(["ch-2"]);
  });

  it("numbers are 1, 2, 3… per series and clinic, and a rolled-back issue gives its number back", async () => {
    const s = await seedClinic(storage());
    const other = await seedClinic(storage());
    expect(await storage().claimDocumentNumber(s.clinicId, "invoice:2030")).toBe(1);
    expect(await storage().claimDocumentNumber(s.clinicId, "invoice:2030")).toBe(2);
    expect(await storage().claimDocumentNumber(s.clinicId, "credit_note:2030")).toBe(1);
    expect(await storage().claimDocumentNumber(other.clinicId, "invoice:2030")).toBe(1);
    await errorOf(() =>
      storage().transaction(async (tx) => {
        expect(await tx.claimDocumentNumber(s.clinicId, "invoice:2030")).toBe(3);
        throw new Error("issue failed after numbering");
      }),
    );
    expect(await storage().claimDocumentNumber(s.clinicId, "invoice:2030")).toBe(3);
  });

  it("concurrent issues never skip or repeat a number, even when some of them roll back", async () => {
    const s = await seedClinic(storage());
    await caseFor(storage(), s);
    const series = "invoice:2030";
    const outcomes = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) =>
        storage().transaction(async (tx) => {
          const sequence = await tx.claimDocumentNumber(s.clinicId, series);
          // Work between numbering and storing, as rendering a snapshot would.
          await new Promise((resolve) => setTimeout(resolve, 2));
          if (i % 5 === 3) throw new Error("this issue fails and must not leave a gap");
          await tx.insertBillingDocument(s.clinicId, invoiceDoc(s, `inv-${i}`, sequence, series));
          return sequence;
        }),
      ),
    );
    const issued = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    const failed = outcomes.filter((o) => o.status === "rejected");
    expect(
      failed.every(
        (o) => o.status === "rejected" && String(o.reason).includes("must not leave a gap"),
      ),
    ).toBe(true);
    expect(issued).toHaveLength(24 - failed.length);
    const docs = await storage().listBillingDocuments(s.clinicId, { kind: "invoice" });
    const sequences = docs.map((d) => d.sequence).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: issued.length }, (_, i) => i + 1));
    expect(new Set(docs.map((d) => d.number)).size).toBe(docs.length);
  });

  it("issued documents: unique number and (series, sequence), credit notes name their invoice", async () => {
    const s = await seedClinic(storage());
    await caseFor(storage(), s);
    const inv = await storage().insertBillingDocument(s.clinicId, invoiceDoc(s, "inv-1", 1));
    expect(inv).toMatchObject({ kind: "invoice", number: "INV 2030/00001", issuedAt: at(1) });
    expect(inv.snapshot).toEqual({ number: "INV 2030/00001", lines: [{ amount: 5000 }] });
    const sameNumber = await errorOf(() =>
      storage().insertBillingDocument(s.clinicId, {
        ...invoiceDoc(s, "inv-2", 1),
        series: "other",
      }),
    );
    expect(isStorageError(sameNumber, "DUPLICATE")).toBe(true);
    const sameSequence = await errorOf(() =>
      storage().insertBillingDocument(s.clinicId, { ...invoiceDoc(s, "inv-2", 1), number: "X-1" }),
    );
    expect(isStorageError(sameSequence, "DUPLICATE")).toBe(true);
    const credit = await storage().insertBillingDocument(s.clinicId, {
      ...invoiceDoc(s, "cn-1", 1, "credit_note:2030"),
      kind: "credit_note",
      number: "CN 2030/00001",
      invoiceId: "inv-1",
    });
    expect(credit.invoiceId).toBe("inv-1");
    const orphan = await errorOf(() =>
      storage().insertBillingDocument(s.clinicId, {
        ...invoiceDoc(s, "cn-2", 2, "credit_note:2030"),
        kind: "credit_note",
        number: "CN 2030/00002",
        invoiceId: "inv-missing",
      }),
    );
    expect(isStorageError(orphan, "INVALID_REFERENCE")).toBe(true);
    expect(
      (await storage().listBillingDocuments(s.clinicId, { invoiceId: "inv-1" })).map((d) => d.id),
    ).toEqual(["cn-1"]);
    expect((await storage().getBillingDocument(s.clinicId, "inv-1"))?.number).toBe(
      "INV 2030/00001",
    );
  });

  it("two issuers locking one case never gather the same charge", async () => {
    const s = await seedClinic(storage());
    await caseFor(storage(), s);
    for (let i = 0; i < 3; i += 1) await storage().insertCharge(s.clinicId, charge(s, `ch-${i}`));
    const issue = (n: number) =>
      storage().transaction(async (tx) => {
        await tx.lockCase(s.clinicId, "case-1");
        const open = await tx.listCharges(s.clinicId, {
          caseId: "case-1",
          statuses: ["uninvoiced"],
        });
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (open.length === 0) return 0;
        const sequence = await tx.claimDocumentNumber(s.clinicId, "invoice:2030");
        await tx.insertBillingDocument(s.clinicId, invoiceDoc(s, `inv-${n}`, sequence));
        for (const c of open) {
          await tx.updateCharge(s.clinicId, c.id, { status: "invoiced", invoiceId: `inv-${n}` });
        }
        return open.length;
      });
    const gathered = await Promise.all([issue(1), issue(2), issue(3)]);
    expect(gathered.sort()).toEqual([0, 0, 3]);
    expect(await storage().listBillingDocuments(s.clinicId)).toHaveLength(1);
  });

  it("stores payments and refunds (positive amounts only) and lists them by target", async () => {
    const s = await seedClinic(storage());
    await caseFor(storage(), s);
    await storage().insertBillingDocument(s.clinicId, invoiceDoc(s, "inv-1", 1));
    const paid = await storage().insertPayment(s.clinicId, {
      id: "pay-1",
      kind: "payment",
      clientId: s.clientId,
      caseId: "case-1",
      invoiceId: "inv-1",
      method: "card",
      amount: EUR(3000),
      reference: "POS 1",
      at: at(10),
    });
    expect(paid).toMatchObject({ amount: EUR(3000), at: at(10), reference: "POS 1", meta: {} });
    await storage().insertPayment(s.clinicId, {
      id: "ref-1",
      kind: "refund",
      clientId: s.clientId,
      caseId: "case-1",
      method: "cash",
      amount: EUR(500),
      at: at(20),
    });
    const zero = await errorOf(() =>
      storage().insertPayment(s.clinicId, { ...paid, id: "pay-0", amount: EUR(0) }),
    );
    expect(isStorageError(zero, "INVALID_VALUE")).toBe(true);
    const unknownInvoice = await errorOf(() =>
      storage().insertPayment(s.clinicId, { ...paid, id: "pay-2", invoiceId: "nope" }),
    );
    expect(isStorageError(unknownInvoice, "INVALID_REFERENCE")).toBe(true);
    expect(
      (await storage().listPayments(s.clinicId, { caseId: "case-1" })).map((p) => p.id),
    ).toEqual(["pay-1", "ref-1"]);
    expect(
      (await storage().listPayments(s.clinicId, { invoiceId: "inv-1" })).map((p) => p.id),
    ).toEqual(["pay-1"]);
  });

  it("payment intents: unique provider id across clinics, global look-up, versioned changes", async () => {
    const s = await seedClinic(storage());
    const other = await seedClinic(storage());
    const providerIntentId = `pi_${s.clinicId}`;
    const intent = await storage().insertPaymentIntent(s.clinicId, {
      id: "int-1",
      provider: "fake",
      providerIntentId,
      status: "requires_payment",
      amount: EUR(4500),
    });
    expect(intent).toMatchObject({ version: 1, status: "requires_payment", meta: {} });
    const clash = await errorOf(() =>
      storage().insertPaymentIntent(other.clinicId, { ...intent, id: "int-9" }),
    );
    expect(isStorageError(clash, "DUPLICATE")).toBe(true);
    const found = await storage().findPaymentIntentByProviderId("fake", providerIntentId);
    expect(found).toMatchObject({ clinicId: s.clinicId, id: "int-1" });
    const done = await storage().updatePaymentIntent(
      s.clinicId,
      "int-1",
      { status: "succeeded", paymentId: "pay-1" },
      { expectedVersion: 1 },
    );
    expect(done).toMatchObject({ status: "succeeded", paymentId: "pay-1", version: 2 });
    const stale = await errorOf(() =>
      storage().updatePaymentIntent(
        s.clinicId,
        "int-1",
        { status: "failed" },
        { expectedVersion: 1 },
      ),
    );
    expect(isStorageError(stale, "VERSION_CONFLICT")).toBe(true);
    expect(await storage().getPaymentIntent(other.clinicId, "int-1")).toBeUndefined();
  });

  it("packages keep their attendance log in order; a visit uses at most one package", async () => {
    const s = await seedClinic(storage());
    await storage().putClient(s.clinicId, { id: "spouse", name: "Rui Lima" });
    const a1 = await storage().insertAppointment(s.clinicId, massageAt(s, 0));
    const a2 = await storage().insertAppointment(s.clinicId, massageAt(s, 120));
    const use = (appointmentId: string, minutes: number, clientId = s.clientId) => ({
      appointmentId,
      at: at(minutes),
      date: "2030-03-04",
      therapistId: s.p1,
      clientId,
      kind: "attended" as const,
    });
    const created = await storage().putPackage(
      s.clinicId,
      pkg(s, "pk-1", { allowedClientIds: ["spouse"], meta: { saleChargeId: "ch-sale" } }),
    );
    expect(created).toMatchObject({ version: 1, uses: [], meta: { saleChargeId: "ch-sale" } });
    const used = await storage().putPackage(
      s.clinicId,
      {
        ...pkg(s, "pk-1", { allowedClientIds: ["spouse"] }),
        uses: [use(a2.id, 120, "spouse"), use(a1.id, 0)],
      },
      { expectedVersion: 1 },
    );
    expect(used.uses.map((u) => u.appointmentId)).toEqual([a2.id, a1.id]);
    expect(used.version).toBe(2);
    const fresh = await storage().getPackage(s.clinicId, "pk-1");
    expect(fresh?.uses).toEqual(used.uses);
    expect(fresh?.price).toEqual({ total: EUR(40000) });
    const twice = await errorOf(() =>
      storage().putPackage(s.clinicId, { ...pkg(s, "pk-2"), uses: [use(a1.id, 0)] }),
    );
    expect(isStorageError(twice, "DUPLICATE")).toBe(true);
    expect(await storage().getPackage(s.clinicId, "pk-2")).toBeUndefined();
    const stale = await errorOf(() =>
      storage().putPackage(s.clinicId, pkg(s, "pk-1"), { expectedVersion: 1 }),
    );
    expect(isStorageError(stale, "VERSION_CONFLICT")).toBe(true);
    expect(
      (await storage().listPackages(s.clinicId, { clientId: "spouse" })).map((p) => p.id),
    ).toEqual(["pk-1"]);
    expect(await storage().listPackages(s.clinicId, { ownerClientId: "spouse" })).toEqual([]);
    expect(
      (await storage().listPackageUses(s.clinicId, { clientId: "spouse" })).map((u) => u.packageId),
    ).toEqual(["pk-1"]);
    expect(
      (await storage().listPackageUses(s.clinicId, { packageId: "pk-1" })).map(
        (u) => u.appointmentId,
      ),
    ).toEqual([a1.id, a2.id]);
    await storage().putPackage(s.clinicId, {
      ...pkg(s, "pk-1"),
      uses: used.uses,
      refund: { at: at(500), sessions: 8, amount: EUR(32000) },
    });
    expect(await storage().listPackages(s.clinicId, { status: "open" })).toEqual([]);
    expect(
      (await storage().listPackages(s.clinicId, { status: "refunded" }))[0]?.refund?.sessions,
    ).toBe(8);
    const locked = await storage().transaction((tx) => tx.lockPackage(s.clinicId, "pk-1"));
    expect(locked?.uses).toHaveLength(2);
  });

  it("message settings: one record per clinic, replaced with a growing version, isolated per clinic", async () => {
    const s = await seedClinic(storage());
    const other = await seedClinic(storage());
    expect(await storage().getMessageSettings(s.clinicId)).toBeUndefined();
    const input = {
      settings: { quietHours: { start: "21:00", end: "08:00" }, defaultSend: false },
      providers: [{ calendarId: s.p1, disabledChannels: ["sms"] }],
      templates: { pt: { reminder: { subject: "Até amanhã, {client}!" } } },
    };
    const first = await storage().putMessageSettings(s.clinicId, input, { expectedVersion: 0 });
    expect(first).toMatchObject({ clinicId: s.clinicId, version: 1, ...input });
    expect(await storage().getMessageSettings(s.clinicId)).toEqual(first);
    expect(await storage().getMessageSettings(other.clinicId)).toBeUndefined();
    const stale = await errorOf(() =>
      storage().putMessageSettings(s.clinicId, input, { expectedVersion: 0 }),
    );
    expect(isStorageError(stale) && stale.code).toBe("VERSION_CONFLICT");
    const second = await storage().putMessageSettings(s.clinicId, {
      settings: {},
      providers: [],
      templates: {},
    });
    expect(second).toMatchObject({ version: 2, settings: {}, providers: [], templates: {} });
    expect(second.createdAt).toBe(first.createdAt);
    const unknown = await errorOf(() => storage().putMessageSettings("no-such-clinic", input));
    expect(isStorageError(unknown)).toBe(true);
  });

  it("provider catalogs: own prices per provider, unknown calendars or services refused", async () => {
    const s = await seedClinic(storage());
    const own = await storage().putProviderService(s.clinicId, {
      calendarId: s.p1,
      serviceId: s.massage,
      price: EUR(5500),
    });
    expect(own).toMatchObject({ price: EUR(5500), active: true, version: 1 });
    await storage().putProviderService(s.clinicId, { calendarId: s.p2, serviceId: s.massage });
    const again = await storage().putProviderService(s.clinicId, {
      calendarId: s.p1,
      serviceId: s.massage,
      active: false,
    });
    expect(again).toMatchObject({ active: false, version: 2 });
    expect(again.price).toBeUndefined();
    const bad = await errorOf(() =>
      storage().putProviderService(s.clinicId, { calendarId: "nope", serviceId: s.massage }),
    );
    expect(isStorageError(bad, "INVALID_REFERENCE")).toBe(true);
    expect(
      (await storage().listProviderServices(s.clinicId, { serviceId: s.massage })).map(
        (p) => p.calendarId,
      ),
    ).toEqual([s.p1, s.p2]);
    expect(await storage().deleteProviderService(s.clinicId, s.p2, s.massage)).toBe(true);
    expect(await storage().deleteProviderService(s.clinicId, s.p2, s.massage)).toBe(false);
  });

  it("API key grants can be replaced; other clinics' keys are not found", async () => {
    const s = await seedClinic(storage());
    const other = await seedClinic(storage());
    await storage().insertApiKey(s.clinicId, {
      id: "k-provider",
      name: "Ana",
      keyHash: `hash-${s.clinicId}`,
      role: "provider",
      calendarIds: [s.p1],
    });
    const updated = await storage().setApiKeyCalendars(s.clinicId, "k-provider", [
      s.p1,
      s.p2,
      s.p2,
    ]);
    expect(updated.calendarIds).toEqual([s.p1, s.p2]);
    expect((await storage().findApiKeyByHash(`hash-${s.clinicId}`))?.calendarIds).toEqual([
      s.p1,
      s.p2,
    ]);
    const foreign = await errorOf(() =>
      storage().setApiKeyCalendars(other.clinicId, "k-provider", []),
    );
    expect(isStorageError(foreign, "NOT_FOUND")).toBe(true);
  });

  it("tenancy: another clinic sees none of the back-office records", async () => {
    const s = await seedClinic(storage());
    const other = await seedClinic(storage());
    await caseFor(storage(), s);
    await storage().insertCharge(s.clinicId, charge(s, "ch-1"));
    await storage().insertBillingDocument(s.clinicId, invoiceDoc(s, "inv-1", 1));
    await storage().putPackage(s.clinicId, pkg(s, "pk-1"));
    expect(await storage().getCase(other.clinicId, "case-1")).toBeUndefined();
    expect(await storage().listCases(other.clinicId)).toEqual([]);
    expect(await storage().getCharge(other.clinicId, "ch-1")).toBeUndefined();
    expect(await storage().listCharges(other.clinicId)).toEqual([]);
    expect(await storage().getBillingDocument(other.clinicId, "inv-1")).toBeUndefined();
    expect(await storage().getPackage(other.clinicId, "pk-1")).toBeUndefined();
    expect(await storage().listPackages(other.clinicId)).toEqual([]);
    const cross = await errorOf(() =>
      storage().insertCharge(other.clinicId, { ...charge(s, "ch-x"), clientId: s.clientId }),
    );
    expect(isStorageError(cross, "INVALID_REFERENCE")).toBe(true);
  });
}
