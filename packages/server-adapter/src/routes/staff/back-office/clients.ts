// Back-office client routes: intake with duplicate detection, duplicate check, search over every
// field, administrative details, the client card, balance, CSV import and export. They extend the
// basic client routes (GET/POST/PATCH /v1/staff/clients) without replacing them.

import { z } from "zod";
import type { Role } from "../../../auth/principal.js";
import {
  clientCard,
  exportedClients,
  intakeClient,
  mergeClients,
  clientBalance as readClientBalance,
  updateClientDetails,
} from "../../../commands/back-office/clients.js";
import { importClients, importServices } from "../../../commands/back-office/imports.js";
import { runCommand } from "../../../commands/unit-of-work.js";
import { localizeMessage, type ProblemLocale } from "../../../problems-i18n/index.js";
import { generalCaseId } from "../../../services/back-office/cases.js";
import {
  findDuplicates,
  presentClient,
  searchClients,
} from "../../../services/back-office/clients.js";
import {
  clientsCsv,
  type ImportIssue,
  type ImportReport,
  servicesCsv,
} from "../../../services/back-office/imports.js";
import { presentPackage } from "../../../services/back-office/packages.js";
import type { CasePayer, CaseReferral } from "../../../storage/back-office.js";
import { catalogReply, commandReply, jsonAnswer, requestLocale } from "../../command-reply.js";
import type { Reply } from "../../define.js";
import { created, file, ok } from "../../responses.js";
import { integer } from "../../schemas/common.js";
import { idParam } from "../../schemas/public.js";
import { DESK } from "../shared.js";
import {
  balanceOut,
  caseOut,
  clientDetailsBody,
  clientOut,
  duplicateOut,
  duplicatesQuery,
  exportQuery,
  importQuery,
  importReportOut,
  intakeBody,
  mergeBody,
  mergeMovedOut,
  packageOut,
  searchQuery,
} from "./schemas.js";
import { backOfficeRoute, csvReply, uploadedCsv } from "./shared.js";

/** `POST /v1/staff/clients/intake` */
export const intake = backOfficeRoute({
  method: "post",
  path: "/v1/staff/clients/intake",
  operationId: "backOfficeClientIntake",
  summary: "Create a client, warning about duplicates by e-mail, phone or tax ID",
  description:
    "409 DUPLICATE_CLIENT lists the matching clients (`duplicates`: id, name, matchedOn) unless `createAnyway` is true.",
  roles: DESK,
  body: intakeBody,
  idempotent: true,
  responses: created(
    "The client and the duplicates it was created despite",
    z.object({ client: clientOut, duplicates: z.array(duplicateOut) }),
    {
      409: "DUPLICATE_CLIENT with `duplicates`",
    },
  ),
  command: ({ body }, work) => intakeClient(work, body),
  reply: ({ client, duplicates }) => ({
    status: 201,
    body: { client: presentClient(client), duplicates },
  }),
});

/** `GET /v1/staff/client-duplicates` */
export const duplicates = backOfficeRoute({
  method: "get",
  path: "/v1/staff/client-duplicates",
  operationId: "backOfficeClientDuplicates",
  summary: "Clients with this e-mail, phone (by digits) or tax ID",
  roles: DESK,
  query: duplicatesQuery,
  ...jsonAnswer(200, "Matches", { duplicates: z.array(duplicateOut) }),
  load: ({ query }, ctx) => findDuplicates(ctx.app.storage, ctx.clinic.id, query),
});

/** `GET /v1/staff/client-search` */
export const search = backOfficeRoute({
  method: "get",
  path: "/v1/staff/client-search",
  operationId: "backOfficeClientSearch",
  summary: "Search clients by name, e-mail, phone, tax ID or notes, a page at a time",
  description:
    "Pages by `limit` and `offset`; `nextOffset` is the offset of the next page, `null` on the last one.",
  query: searchQuery,
  responses: ok(
    "A page of clients",
    z.object({ clients: z.array(clientOut), nextOffset: integer.nullable() }),
  ),
  load: ({ query }, ctx) => searchClients(ctx, ctx.app.storage, query.q, query.limit, query.offset),
  reply: (page) => ({
    status: 200,
    body: { clients: page.clients.map(presentClient), nextOffset: page.nextOffset },
  }),
});

/** `POST /v1/staff/clients/:id/merge` */
export const merge = backOfficeRoute({
  method: "post",
  path: "/v1/staff/clients/:id/merge",
  operationId: "backOfficeClientMerge",
  summary: "Merge a duplicate client into this one (audited)",
  description:
    "Moves the duplicate's visits (with their notes), cases, charges, invoices and credit notes, payments and packages to this client in one transaction, takes over contact details this client lacks, keeps both clients' administrative notes, deletes the duplicate, and audits the merge on both ids.",
  roles: DESK,
  params: idParam,
  body: mergeBody,
  idempotent: true,
  responses: ok(
    "The kept client and how many records moved to it",
    z.object({ client: clientOut, mergedId: z.string(), moved: mergeMovedOut }),
    {
      404: "Either client does not exist (or is not visible to the caller)",
    },
  ),
  command: ({ params, body }, work) => mergeClients(work, params.id, body.duplicateId),
  reply: ({ client, mergedId, moved }) => ({
    status: 200,
    body: { client: presentClient(client), mergedId, moved },
  }),
});

/** `PATCH /v1/staff/clients/:id/details` */
export const details = backOfficeRoute({
  method: "patch",
  path: "/v1/staff/clients/:id/details",
  operationId: "backOfficeClientDetails",
  summary: "Set a client's administrative notes and address (null clears)",
  roles: DESK,
  params: idParam,
  body: clientDetailsBody,
  ...jsonAnswer(200, "The client", { client: clientOut }, presentClient),
  command: ({ params, body }, work) => updateClientDetails(work, params.id, body),
});

/** `GET /v1/staff/clients/:id/summary` */
export const summary = backOfficeRoute({
  method: "get",
  path: "/v1/staff/clients/:id/summary",
  operationId: "backOfficeClientSummary",
  summary: "The client card: details, cases, balance per case, packages, attendance (audited)",
  params: idParam,
  responses: ok(
    "The client card",
    z.object({
      client: clientOut,
      cases: z.array(caseOut),
      balance: balanceOut,
      packages: z.array(packageOut),
      attendance: z.object({
        visits: integer,
        noShows: integer,
        lastVisit: z.string().nullable(),
        nextVisit: z.string().nullable(),
      }),
    }),
  ),
  handler: async ({ params }, ctx) => {
    const card = await runCommand(ctx, (work) => clientCard(work, params.id));
    return {
      status: 200,
      headers: { "cache-control": "no-store" },
      body: {
        client: presentClient(card.client),
        cases: card.cases.map((c) => presentCase(c)),
        balance: card.balance,
        packages: card.packages.map((p) => presentPackage(p, ctx.now)),
        attendance: card.attendance,
      },
    };
  },
});

/**
 * A case as the API shows it.
 *
 * @example
 * presentCase(record); // { id, clientId, title, status, general, openedAt, payer?, referral?, version }
 */
export function presentCase(c: {
  id: string;
  clientId: string;
  title: string;
  status: "open" | "closed";
  openedAt: string;
  closedAt?: string | undefined;
  payer?: CasePayer | undefined;
  referral?: CaseReferral | undefined;
  version: number;
  extra?: Readonly<Record<string, unknown>> | undefined;
}) {
  return {
    id: c.id,
    clientId: c.clientId,
    title: c.title,
    status: c.status,
    general: c.id === generalCaseId(c.clientId),
    openedAt: c.openedAt,
    ...(c.closedAt ? { closedAt: c.closedAt } : {}),
    ...(c.extra && Object.keys(c.extra).length > 0 ? { extra: c.extra } : {}),
    ...(c.payer ? { payer: c.payer } : {}),
    ...(c.referral ? { referral: c.referral } : {}),
    version: c.version,
  };
}

/** `GET /v1/staff/clients/:id/balance` */
export const clientBalance = backOfficeRoute({
  method: "get",
  path: "/v1/staff/clients/:id/balance",
  operationId: "backOfficeClientBalance",
  summary: "What a client owes (or has in credit), in total and per case",
  params: idParam,
  ...jsonAnswer(200, "The engine's client balance", { balance: balanceOut }),
  command: ({ params }, work) => readClientBalance(work, params.id),
  runs: "read",
});

const importResponses = {
  200: { description: "Dry run, or valid-rows import: the report", schema: importReportOut },
  201: { description: "Imported: the report with the created ids", schema: importReportOut },
  415: "Not sent as text/csv",
  422: "IMPORT_REJECTED: wrong encoding, unreadable file, missing columns, or (all-or-nothing) bad rows; `report` has every problem by line and column",
} as const;

/**
 * An import's answer: 201 when it created something, else 200 (a dry run, or nothing valid); its
 * lines' messages in the request's language (`Accept-Language`, as problems are).
 */
function importReply(locale: ProblemLocale): (report: ImportReport) => Reply {
  const worded = (issue: ImportIssue): ImportIssue => ({
    ...issue,
    message: localizeMessage(issue.message, locale),
  });
  return (report) => ({
    status: report.imported > 0 ? 201 : 200,
    body: { ...report, errors: report.errors.map(worded), warnings: report.warnings.map(worded) },
  });
}

const IMPORT_DESCRIPTION =
  'Send the file as the raw body with `Content-Type: text/csv` (UTF-8, with or without BOM, or the `charset` it declares: `text/csv; charset=windows-1252` for Excel\'s plain "CSV" in Portugal and Spain; comma, semicolon or tab separated; CRLF or LF). Every row is checked and every problem reported by line and column. `dryRun=true` writes nothing; `mode=all-or-nothing` (default) imports nothing when a row is bad; `mode=valid-rows` imports the good rows.';

/**
 * An import route: the CSV sent as the raw body, checked and imported by `run` in one unit of
 * work answered through `answer` ({@link catalogReply} when what it imports shows on the patients'
 * catalog at once).
 */
function importRoute(spec: {
  path: string;
  operationId: string;
  summary: string;
  roles: readonly Role[];
  run: typeof importClients;
  answer: typeof commandReply;
}) {
  const { run, answer, ...route } = spec;
  return backOfficeRoute({
    method: "post",
    ...route,
    description: IMPORT_DESCRIPTION,
    query: importQuery,
    responses: importResponses,
    handler: async ({ query }, ctx) => {
      const { bytes, charset } = await uploadedCsv(ctx);
      const locale = requestLocale(ctx);
      return answer(ctx, (work) => run(work, bytes, { ...query, charset }), importReply(locale));
    },
  });
}

/** `POST /v1/staff/imports/clients` */
export const importClientsRoute = importRoute({
  path: "/v1/staff/imports/clients",
  operationId: "backOfficeImportClients",
  summary: "Import clients from CSV (name, email, phone, tax ID, notes)",
  roles: DESK,
  run: importClients,
  answer: commandReply,
});

/** `POST /v1/staff/imports/services` */
export const importServicesRoute = importRoute({
  path: "/v1/staff/imports/services",
  operationId: "backOfficeImportServices",
  summary: "Import the service catalog from CSV (name, category, duration, price, discipline)",
  roles: ["manager"],
  run: importServices,
  answer: catalogReply,
});

/** `GET /v1/staff/exports/clients.csv` */
export const exportClients = backOfficeRoute({
  method: "get",
  path: "/v1/staff/exports/clients.csv",
  operationId: "backOfficeExportClients",
  summary: "Every client as CSV (formula injection neutralised)",
  roles: DESK,
  query: exportQuery,
  responses: file("CSV (UTF-8 with BOM, CRLF)", "text/csv"),
  handler: async ({ query }, ctx) => {
    const clients = await runCommand(ctx, exportedClients);
    return csvReply(clientsCsv(clients), "clients.csv", query.delimiter, [], {
      columns: ["created_at"],
      timeZone: ctx.clinic.timeZone,
    });
  },
});

/** `GET /v1/staff/exports/services.csv` */
export const exportServices = backOfficeRoute({
  method: "get",
  path: "/v1/staff/exports/services.csv",
  operationId: "backOfficeExportServices",
  summary: "The service catalog as CSV, in the columns the import reads",
  roles: DESK,
  query: exportQuery,
  responses: file("CSV (UTF-8 with BOM, CRLF)", "text/csv"),
  handler: async ({ query }, ctx) =>
    csvReply(
      servicesCsv(await ctx.app.storage.listServices(ctx.clinic.id)),
      "services.csv",
      query.delimiter,
      ["price"],
    ),
});
