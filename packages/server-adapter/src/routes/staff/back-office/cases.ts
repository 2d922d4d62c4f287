// Case routes: a client's cases, one case with its visits, charges, documents, payments and
// balance (reads audited), closing and reopening, attaching a visit to a case, and the private
// session notes of a case's visits (audited per visit, staff only).

import { z } from "zod";
import {
  attachVisitToCase,
  changeCase,
  clientCases,
  openCase,
  readCase,
  caseNotes as readCaseNotes,
} from "../../../commands/back-office/cases.js";
import { runCommand } from "../../../commands/unit-of-work.js";
import { presentCharge } from "../../../services/back-office/charges.js";
import { presentPayment } from "../../../services/back-office/payments.js";
import { asBody } from "../../command-reply.js";
import { ok } from "../../responses.js";
import { idParam } from "../../schemas/public.js";
import { staffNote } from "../../schemas/staff.js";
import { staffResource } from "../resource.js";
import { notesReply } from "../shared.js";
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
import { appointmentOffice, backOfficeRoute } from "./shared.js";

const cases = staffResource({
  path: "/v1/staff/cases",
  collection: { path: "/v1/staff/clients/:id/cases", params: idParam },
  one: "case",
  name: "Case",
  schema: caseOut,
  present: presentCase,
  declare: backOfficeRoute,
  prefix: "backOffice",
});

/** `GET /v1/staff/clients/:id/cases` */
export const listCases = cases.list({
  summary: "A client's cases, oldest first",
  command: ({ params }, work) => clientCases(work, params.id),
  runs: "read",
});

/** `POST /v1/staff/clients/:id/cases` */
export const createCase = cases.create({
  summary: "Open a new case for a client",
  body: createCaseBody,
  command: ({ params, body }, work) => openCase(work, params.id, body),
});

/** `GET /v1/staff/cases/:id` */
export const getCase = backOfficeRoute({
  method: "get",
  path: "/v1/staff/cases/:id",
  operationId: "backOfficeGetCase",
  summary: "A case: visits, charges, invoices, credit notes, payments, balance (audited read)",
  params: idParam,
  responses: ok(
    "The case and its money",
    z.object({
      case: caseOut,
      visits: z.array(z.unknown()),
      charges: z.array(chargeOut),
      documents: z.array(z.unknown()),
      payments: z.array(paymentOut),
      balance: balanceOut,
    }),
  ),
  handler: async ({ params }, ctx) => {
    const file = await runCommand(ctx, (work) => readCase(work, params.id));
    return {
      status: 200,
      headers: { "cache-control": "no-store" },
      body: {
        case: presentCase(file.case),
        visits: file.visits.map((v) => ({
          id: v.id,
          serviceId: v.serviceId,
          providerId: v.calendarIds[0] ?? null,
          start: v.start,
          end: v.end,
          status: v.status,
        })),
        charges: file.charges.map(presentCharge),
        documents: file.documents.map((d) => ({
          id: d.id,
          kind: d.kind,
          number: d.number,
          issuedAt: d.issuedAt,
          ...(d.invoiceId ? { invoiceId: d.invoiceId } : {}),
        })),
        payments: file.payments.map(presentPayment),
        balance: file.balance,
      },
    };
  },
});

/** `PATCH /v1/staff/cases/:id` */
export const patchCase = cases.update({
  summary: "Rename, close or reopen a case",
  body: patchCaseBody,
  command: ({ params, body }, work) => changeCase(work, params.id, body),
});

/** `PUT /v1/staff/appointments/:id/case` */
export const attachVisit = appointmentOffice.put("/case", {
  operationId: "backOfficeAttachVisitToCase",
  summary: "Put a visit in one of its client's cases (null: the client's general case)",
  description:
    "Uninvoiced charges of the visit move with it; invoiced ones stay on their invoice's case.",
  body: attachCaseBody,
  responses: ok(
    "The visit's case",
    z.object({
      appointmentId: z.string(),
      caseId: z.string(),
      moved: z.array(z.string()),
    }),
  ),
  command: ({ params, body }, work) => attachVisitToCase(work, params.id, body.caseId),
  reply: asBody(200),
});

/** `GET /v1/staff/cases/:id/notes` */
export const caseNotes = backOfficeRoute({
  method: "get",
  path: "/v1/staff/cases/:id/notes",
  operationId: "backOfficeCaseNotes",
  summary: "The private session notes of a case's visits you may see (each read audited)",
  params: idParam,
  responses: ok("Notes by visit, oldest first", z.object({ notes: z.array(staffNote) })),
  command: ({ params }, work) => readCaseNotes(work, params.id),
  reply: notesReply,
  runs: "read",
});
