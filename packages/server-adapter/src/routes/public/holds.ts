// Public holds: reserve a time for a few minutes while the patient types details or pays.

import { extendHold, type HeldTime, placeHold, releaseHold } from "../../services/bookings.js";
import type { RequestContext } from "../../services/context.js";
import { holdVisitor } from "../../services/hold-limits.js";
import { presentHold } from "../present.js";
import { created, ok } from "../responses.js";
import { createHoldBody, holdResponse, idParam } from "../schemas/public.js";
import { publicRoute } from "./shared.js";

/** `POST /v1/holds` */
export const createHold = publicRoute({
  method: "post",
  path: "/v1/holds",
  operationId: "createHold",
  summary: "Hold a free time for a few minutes",
  body: createHoldBody,
  idempotent: true,
  responses: created(
    "The hold, with the cancellation terms of booking it (`terms`)",
    holdResponse,
    {
      409: "SLOT_TAKEN: the time is not free (with `alternatives`)",
      429: "HOLD_LIMIT_REACHED: this visitor or e-mail already holds the most times at once (`rule`, `limit`, `Retry-After`)",
    },
  ),
  run: ({ body }, ctx, respond) => placeHold(ctx, { ...body, visitor: holdVisitor(ctx) }, respond),
  reply: (held: HeldTime, ctx: RequestContext) => ({
    status: 201,
    body: { hold: presentHold(held, ctx.clinic.timeZone) },
  }),
});

/** `POST /v1/holds/:id/extend` */
export const extendHoldRoute = publicRoute({
  method: "post",
  path: "/v1/holds/:id/extend",
  operationId: "extendHold",
  summary: "Extend a live hold (up to three hold lengths in total)",
  params: idParam,
  responses: ok("The hold with its new expiry", holdResponse, {
    404: "NOT_FOUND: the hold expired or never existed",
  }),
  handler: async ({ params }, ctx) => {
    const held = await extendHold(ctx, params.id);
    return { status: 200, body: { hold: presentHold(held, ctx.clinic.timeZone) } };
  },
});

/** `DELETE /v1/holds/:id` */
export const deleteHold = publicRoute({
  method: "delete",
  path: "/v1/holds/:id",
  operationId: "deleteHold",
  summary: "Release a hold at once",
  params: idParam,
  responses: { 204: "Released (also when it no longer existed)" },
  handler: async ({ params }, ctx) => {
    await releaseHold(ctx, params.id);
    return { status: 204 };
  },
});
