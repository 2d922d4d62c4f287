// Case routes: a client's cases, one case with its visits, charges, documents, payments and
// balance (reads audited), closing and reopening, attaching a visit to a case, and the private
// session notes of a case's visits (audited per visit, staff only).

import { z } from "zod";
import { randomId } from "../../../auth/api-keys.js";
import { canAccessAppointment } from "../../../auth/principal.js";
import { BookwellError } from "../../../errors.js";
import { visibleCase, visibleClient } from "../../../services/back-office/access.js";
import { audit } from "../../../services/back-office/audit.js";
import { caseOfVisit, generalCaseId, visitsOfCase } from "../../../services/back-office/cases.js";
import { presentCharge } from "../../../services/back-office/charges.js";
import { caseBalanceOf, loadLedger } from "../../../services/back-office/ledger.js";
import { presentPayment } from "../../../services/back-office/payments.js";
import { syncVisitBilling, syncVisits } from "../../../services/back-office/visit-billing.js";
import { principalOf, visibleAppointment } from "../../../services/staff-appointments.js";
import { inTransaction } from "../../../services/transaction.js";
import { defineRoute } from "../../define.js";
import { idParam } from "../../schemas/public.js";
import { ANY_ROLE, DESK } from "../shared.js";
import { presentCase } from "./clients.js";
import {
  attachCaseBody,
  balanceOut,
  caseOut,
  chargeOut,
  createCaseBody,
  patchCaseBody,
  paymentOut,
} from "./schemas.js";
import { BACK_OFFICE_TAGS, inRequestTransaction } from "./shared.js";

const caseResponse = z.object({ case: caseOut });

/** `GET /v1/staff/clients/:id/cases` */
export const listCases = defineRoute({
  method: "get",
  path: "/v1/staff/clients/:id/cases",
  operationId: "backOfficeListCases",
  summary: "A client's cases, oldest first",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: idParam,
  responses: { 200: { description: "Cases", schema: z.object({ cases: z.array(caseOut) }) } },
  handler: async ({ params }, ctx) =>
    inTransaction(ctx.app.storage, async (tx) => {
      const client = await visibleClient(ctx, tx, params.id);
      const cases = await tx.listCases(ctx.clinic.id, { clientId: client.id });
      await audit(tx, ctx, "case.listed", "client", client.id, { count: cases.length });
      return { status: 200, body: { cases: cases.map(presentCase) } };
    }),
});

/** `POST /v1/staff/clients/:id/cases` */
export const createCase = defineRoute({
  method: "post",
  path: "/v1/staff/clients/:id/cases",
  operationId: "backOfficeCreateCase",
  summary: "Open a new case for a client",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: idParam,
  body: createCaseBody,
  idempotent: true,
  responses: { 201: { description: "The case", schema: caseResponse } },
  handler: async ({ params, body }, ctx) =>
    inRequestTransaction(ctx, async (tx) => {
      const client = await visibleClient(ctx, tx, params.id);
      const id = body.id ?? randomId("case");
      if (await tx.getCase(ctx.clinic.id, id)) {
        throw new BookwellError("CONFLICT", `A case with id ${id} exists`, {
          errors: [{ field: "id", message: "is already used" }],
        });
      }
      const created = await tx.putCase(ctx.clinic.id, {
        id,
        clientId: client.id,
        title: body.title,
        ...(body.extra ? { extra: body.extra } : {}),
      });
      await audit(tx, ctx, "case.created", "case", id, { clientId: client.id });
      return { status: 201, body: { case: presentCase(created) } };
    }),
});

/** `GET /v1/staff/cases/:id` */
export const getCase = defineRoute({
  method: "get",
  path: "/v1/staff/cases/:id",
  operationId: "backOfficeGetCase",
  summary: "A case: visits, charges, invoices, credit notes, payments, balance (audited read)",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: idParam,
  responses: {
    200: {
      description: "The case and its money",
      schema: z.object({
        case: caseOut,
        visits: z.array(z.unknown()),
        charges: z.array(chargeOut),
        documents: z.array(z.unknown()),
        payments: z.array(paymentOut),
        balance: balanceOut,
      }),
    },
  },
  handler: async ({ params }, ctx) =>
    inTransaction(ctx.app.storage, async (tx) => {
      const kase = await visibleCase(ctx, tx, params.id);
      const visits = await visitsOfCase(tx, ctx.clinic.id, kase);
      await syncVisits(tx, ctx.clinic.id, visits);
      const ledger = await loadLedger(tx, ctx.clinic.id, ctx.clinic.currency, { caseId: kase.id });
      await audit(tx, ctx, "case.read", "case", kase.id);
      const principal = principalOf(ctx);
      return {
        status: 200,
        headers: { "cache-control": "no-store" },
        body: {
          case: presentCase(kase),
          visits: visits
            .filter((v) => canAccessAppointment(principal, v.calendarIds))
            .map((v) => ({
              id: v.id,
              serviceId: v.serviceId,
              providerId: v.calendarIds[0] ?? null,
              start: v.start,
              end: v.end,
              status: v.status,
            })),
          charges: ledger.records.charges.map(presentCharge),
          documents: ledger.records.documents.map((d) => ({
            id: d.id,
            kind: d.kind,
            number: d.number,
            issuedAt: d.issuedAt,
            ...(d.invoiceId ? { invoiceId: d.invoiceId } : {}),
          })),
          payments: ledger.records.payments.map(presentPayment),
          balance: caseBalanceOf(ledger, kase.id),
        },
      };
    }),
});

/** `PATCH /v1/staff/cases/:id` */
export const patchCase = defineRoute({
  method: "patch",
  path: "/v1/staff/cases/:id",
  operationId: "backOfficePatchCase",
  summary: "Rename, close or reopen a case",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: idParam,
  body: patchCaseBody,
  responses: { 200: { description: "The case", schema: caseResponse } },
  handler: async ({ params, body }, ctx) =>
    inRequestTransaction(ctx, async (tx) => {
      const kase = await visibleCase(ctx, tx, params.id);
      const status = body.status ?? kase.status;
      const saved = await tx.putCase(
        ctx.clinic.id,
        {
          id: kase.id,
          clientId: kase.clientId,
          title: body.title ?? kase.title,
          status,
          openedAt: kase.openedAt,
          ...(status === "closed" ? { closedAt: kase.closedAt ?? ctx.now } : {}),
          extra: kase.extra,
        },
        { expectedVersion: body.expectedVersion ?? kase.version },
      );
      await audit(tx, ctx, "case.updated", "case", kase.id, {
        fields: Object.keys(body).filter((k) => k !== "expectedVersion"),
      });
      return { status: 200, body: { case: presentCase(saved) } };
    }),
});

/** `PUT /v1/staff/appointments/:id/case` */
export const attachVisit = defineRoute({
  method: "put",
  path: "/v1/staff/appointments/:id/case",
  operationId: "backOfficeAttachVisitToCase",
  summary: "Put a visit in one of its client's cases (null: the client's general case)",
  description:
    "Uninvoiced charges of the visit move with it; invoiced ones stay on their invoice's case.",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: idParam,
  body: attachCaseBody,
  responses: {
    200: {
      description: "The visit's case",
      schema: z.object({
        appointmentId: z.string(),
        caseId: z.string(),
        moved: z.array(z.string()),
      }),
    },
  },
  handler: async ({ params, body }, ctx) =>
    inRequestTransaction(ctx, async (tx) => {
      const visit = await visibleAppointment(ctx, tx, params.id, true);
      if (!visit.clientId) {
        throw new BookwellError("VALIDATION_FAILED", "The visit has no client", {
          errors: [{ field: "caseId", message: "a visit without a client has no case" }],
        });
      }
      await syncVisitBilling(tx, ctx.clinic.id, visit);
      let caseId = generalCaseId(visit.clientId);
      if (body.caseId) {
        const target = await visibleCase(ctx, tx, body.caseId);
        if (target.clientId !== visit.clientId) {
          throw new BookwellError("VALIDATION_FAILED", "The case belongs to another client", {
            errors: [{ field: "caseId", message: "is not a case of the visit's client" }],
          });
        }
        if (target.status === "closed") {
          throw new BookwellError("CONFLICT", "The case is closed", {
            errors: [{ field: "caseId", message: "is closed" }],
          });
        }
        caseId = target.id;
      }
      const updated = await tx.updateAppointment(
        ctx.clinic.id,
        visit.id,
        { caseId: body.caseId === null ? null : caseId },
        { expectedVersion: visit.version },
      );
      const finalCase = (await caseOfVisit(tx, ctx.clinic.id, updated)) as string;
      await tx.lockCase(ctx.clinic.id, finalCase);
      const moved: string[] = [];
      for (const charge of await tx.listCharges(ctx.clinic.id, { appointmentId: visit.id })) {
        if (charge.status === "uninvoiced" && charge.caseId !== finalCase) {
          await tx.updateCharge(ctx.clinic.id, charge.id, { caseId: finalCase });
          moved.push(charge.id);
        }
      }
      await audit(tx, ctx, "appointment.case_changed", "appointment", visit.id, {
        caseId: finalCase,
        movedCharges: moved,
      });
      return { status: 200, body: { appointmentId: visit.id, caseId: finalCase, moved } };
    }),
});

const noteOut = z.object({
  id: z.string(),
  appointmentId: z.string(),
  author: z.string(),
  text: z.string(),
  createdAt: z.string(),
});

/** `GET /v1/staff/cases/:id/notes` */
export const caseNotes = defineRoute({
  method: "get",
  path: "/v1/staff/cases/:id/notes",
  operationId: "backOfficeCaseNotes",
  summary: "The private session notes of a case's visits you may see (each read audited)",
  tags: BACK_OFFICE_TAGS,
  access: "staff",
  roles: ANY_ROLE,
  params: idParam,
  responses: {
    200: {
      description: "Notes by visit, oldest first",
      schema: z.object({ notes: z.array(noteOut) }),
    },
  },
  handler: async ({ params }, ctx) =>
    inTransaction(ctx.app.storage, async (tx) => {
      const kase = await visibleCase(ctx, tx, params.id);
      const principal = principalOf(ctx);
      const visits = (await visitsOfCase(tx, ctx.clinic.id, kase)).filter((v) =>
        canAccessAppointment(principal, v.calendarIds),
      );
      const notes = [];
      for (const visit of visits) {
        const list = await tx.listAppointmentNotes(ctx.clinic.id, visit.id);
        await audit(tx, ctx, "note.read", "appointment", visit.id, {
          count: list.length,
          via: `case:${kase.id}`,
        });
        notes.push(
          ...list.map((n) => ({
            id: n.id,
            appointmentId: n.appointmentId,
            author: n.author,
            text: n.text,
            createdAt: n.createdAt,
          })),
        );
      }
      return { status: 200, headers: { "cache-control": "no-store" }, body: { notes } };
    }),
});

/** Roles that may change money (used by charges, invoices, payments). */
export const MONEY_ROLES = DESK;
