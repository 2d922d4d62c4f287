// The patient page ("My visits"): ask for a sign-in link, exchange it for a session, then see and
// change one's own visits with `Authorization: Bearer <sessionToken>`.

import { printableDocument } from "../../services/back-office/documents.js";
import type { RequestContext } from "../../services/context.js";
import {
  cancelMine,
  leaveMyWaitlist,
  type MyVisit,
  myVisits,
  type OpenedSession,
  openSession,
  type Profile,
  packageView,
  patientSession,
  readMyDocument,
  requestSignIn,
  rescheduleMine,
  updateMyProfile,
} from "../../services/patient.js";
import { formatIn } from "../../services/scheduling.js";
import type { ClinicRecord } from "../../storage/storage.js";
import { NO_STORE } from "../command-reply.js";
import type { DeclaredResponses } from "../define.js";
import { routesAt } from "../group.js";
import { canceledReply, movedReply, presentBooking } from "../present.js";
import { created, file, ok } from "../responses.js";
import {
  myCancelBody,
  myRescheduleBody,
  myVisitsResponse,
  openSessionBody,
  profileBody,
  profileResponse,
  sessionResponse,
  signInBody,
  signInResponse,
} from "../schemas/patient.js";
import { bookingResponse, cancelResponse, idParam, myVisitsQuery } from "../schemas/public.js";
import { entryResponse } from "../schemas/waitlist.js";
import { pdfReply } from "../staff/back-office/shared.js";
import { presentEntry } from "../waitlist-present.js";
import { publicRoute } from "./shared.js";

const SENT =
  "If this e-mail has visits at the clinic, a sign-in link is on its way. It works once, for 15 minutes.";

/** The session of the request's `Authorization: Bearer` token (401 without a live one). */
function sessionOf(ctx: RequestContext) {
  const header = ctx.hono.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return patientSession(ctx, match?.[1]);
}

/**
 * The answers of a signed-in patient's route besides its own: 401 without a live session and,
 * when it acts on one of `mine` (visits, documents…), 404 for anything else.
 */
function signedIn(mine?: string): DeclaredResponses {
  return { 401: "UNAUTHORIZED", ...(mine ? { 404: `Not one of my ${mine}` } : {}) };
}

function presentVisit(v: MyVisit, clinic: ClinicRecord) {
  return {
    booking: presentBooking(
      { appointment: v.appointment, service: v.service, provider: undefined },
      clinic,
    ),
    policy: v.policy,
    ...(v.appointment.seriesId ? { seriesId: v.appointment.seriesId } : {}),
  };
}

/** `POST /v1/patient/sign-in` */
export const requestSignInRoute = publicRoute({
  method: "post",
  path: "/v1/patient/sign-in",
  operationId: "patientRequestSignIn",
  summary: "E-mail a one-time sign-in link to the patient page",
  description:
    "Answers the same 202 whether or not the e-mail is known (no account enumeration); a link works once, for 15 minutes; an e-mail gets at most 3 links per 15 minutes.",
  body: signInBody,
  responses: { 202: { description: "Accepted (always)", schema: signInResponse } },
  handler: async ({ body }, ctx) => {
    await requestSignIn(ctx, body);
    return { status: 202, headers: NO_STORE, body: { message: SENT } };
  },
});

/** `POST /v1/patient/sessions` */
export const openSessionRoute = publicRoute({
  method: "post",
  path: "/v1/patient/sessions",
  operationId: "patientOpenSession",
  summary: "Exchange a sign-in link's token for a session (the link is used up)",
  body: openSessionBody,
  responses: created("The session", sessionResponse, {
    404: "Unknown, expired or used link (indistinguishable)",
  }),
  run: ({ body }, ctx, respond) => openSession(ctx, body.token, respond),
  reply: (opened: OpenedSession, ctx: RequestContext) => ({
    status: 201,
    headers: NO_STORE,
    body: {
      sessionToken: opened.token,
      expiresAt: formatIn(opened.session.expiresAt, ctx.clinic.timeZone),
      email: opened.session.email,
    },
  }),
});

/** `GET /v1/patient/visits` */
export const myVisitsRoute = publicRoute({
  method: "get",
  path: "/v1/patient/visits",
  operationId: "patientMyVisits",
  summary: "The signed-in patient's visits (series grouped), packages, invoices and waitlist",
  description: "Needs `Authorization: Bearer <sessionToken>` from POST /v1/patient/sessions.",
  query: myVisitsQuery,
  responses: ok("My visits", myVisitsResponse, {
    401: "UNAUTHORIZED: no live session of this clinic",
  }),
  handler: async ({ query }, ctx) => {
    const session = await sessionOf(ctx);
    const mine = await myVisits(ctx, session);
    const { clinic } = ctx;
    const bySeries = new Map<string, MyVisit[]>();
    for (const v of [...mine.upcoming, ...mine.past]) {
      const id = v.appointment.seriesId;
      if (id) bySeries.set(id, [...(bySeries.get(id) ?? []), v]);
    }
    const series = [...bySeries.entries()].map(([seriesId, visits]) => {
      const ahead = mine.upcoming.filter((v) => v.appointment.seriesId === seriesId);
      const next = ahead[0];
      return {
        seriesId,
        serviceName: visits[0]?.service?.name ?? "",
        total: visits.filter((v) => v.appointment.status !== "canceled").length,
        upcoming: ahead.filter((v) => v.appointment.status !== "canceled").length,
        next: next ? formatIn(next.appointment.start, clinic.timeZone) : null,
      };
    });
    return {
      status: 200,
      headers: NO_STORE,
      body: {
        email: mine.email,
        upcoming: mine.upcoming.map((v) => presentVisit(v, clinic)),
        past: mine.past.map((v) => presentVisit(v, clinic)),
        series,
        packages: mine.packages.map((p) =>
          packageView(p, ctx.now, query.locale ?? ctx.clinic.locale),
        ),
        documents: mine.documents.map((d) => ({
          id: d.id,
          kind: d.kind,
          number: d.number,
          issuedAt: formatIn(d.issuedAt, clinic.timeZone),
        })),
        waitlist: mine.waitlist.map((e) => presentEntry(e, clinic.timeZone)),
      },
    };
  },
});

/** The routes of one of the signed-in patient's visits. */
const myVisit = routesAt(publicRoute, "/v1/patient/visits/:id", idParam);

/** `POST /v1/patient/visits/:id/cancel` */
export const cancelMineRoute = myVisit.post("/cancel", {
  operationId: "patientCancelVisit",
  summary: "Cancel one of my visits under the clinic's policy",
  body: myCancelBody,
  idempotent: true,
  responses: ok("The visit and the fee", cancelResponse, {
    ...signedIn("visits"),
    409: "CANCELLATION_NOT_ALLOWED (`reason`) or CONFLICT (`MOVED`)",
  }),
  run: async ({ params, body }, ctx, respond) =>
    cancelMine(ctx, await sessionOf(ctx), params.id, body, respond),
  reply: canceledReply,
});

/** `POST /v1/patient/visits/:id/reschedule` */
export const rescheduleMineRoute = myVisit.post("/reschedule", {
  operationId: "patientRescheduleVisit",
  summary: "Move one of my visits (free times from GET /v1/slots)",
  body: myRescheduleBody,
  idempotent: true,
  responses: ok("The moved visit and its manage token", bookingResponse, {
    ...signedIn("visits"),
    409: "SLOT_TAKEN, RESCHEDULE_NOT_ALLOWED or CONFLICT (`MOVED`)",
  }),
  run: async ({ params, body }, ctx, respond) =>
    rescheduleMine(ctx, await sessionOf(ctx), params.id, body, respond),
  reply: movedReply,
});

/** `GET /v1/patient/documents/:id/pdf` */
export const myDocumentPdf = publicRoute({
  method: "get",
  path: "/v1/patient/documents/:id/pdf",
  operationId: "patientDocumentPdf",
  summary: "One of my invoices or credit notes as PDF (the read is audited)",
  params: idParam,
  responses: file("The PDF", "application/pdf", {
    ...signedIn("documents"),
  }),
  handler: async ({ params }, ctx) => {
    const session = await sessionOf(ctx);
    const record = await readMyDocument(ctx, session, params.id);
    return pdfReply(printableDocument(record), `${record.number}.pdf`);
  },
});

/** `PATCH /v1/patient/profile` */
export const updateProfileRoute = publicRoute({
  method: "patch",
  path: "/v1/patient/profile",
  operationId: "patientUpdateProfile",
  summary: "Change my name, phone, language and where my messages go (e-mail, SMS, WhatsApp)",
  body: profileBody,
  idempotent: true,
  responses: ok("The profile", profileResponse, {
    ...signedIn(),
  }),
  run: async ({ body }, ctx, respond) => updateMyProfile(ctx, await sessionOf(ctx), body, respond),
  reply: (profile: Profile) => ({ status: 200, body: { profile } }),
});

/** `DELETE /v1/patient/waitlist/:id` */
export const leaveMyWaitlistRoute = publicRoute({
  method: "delete",
  path: "/v1/patient/waitlist/:id",
  operationId: "patientLeaveWaitlist",
  summary: "Leave one of my waitlist entries (open offers are withdrawn)",
  params: idParam,
  responses: ok("The entry, now `left`", entryResponse, {
    ...signedIn("entries"),
  }),
  handler: async ({ params }, ctx) => {
    const session = await sessionOf(ctx);
    const entry = await leaveMyWaitlist(ctx, session, params.id);
    return { status: 200, body: { entry: presentEntry(entry, ctx.clinic.timeZone) } };
  },
});
