// Staff routes over the notification outbox: messages that could not be delivered (dead letters)
// and retrying them.

import { z } from "zod";
import { BookwellError } from "../../errors.js";
import { listDeadLetters, retryDeadLetter } from "../../notify/dead-letters.js";
import { defineRoute } from "../define.js";
import { MANAGER, STAFF_TAGS } from "./shared.js";

const deadLetter = z.object({
  id: z.string(),
  type: z.string(),
  kind: z.string().optional(),
  channel: z.string().optional(),
  appointmentId: z.string().optional(),
  attempts: z.number().int(),
  lastError: z.string().optional(),
  dueAt: z.string(),
  createdAt: z.string(),
  retriedAs: z.string().optional(),
});

/** `GET /v1/staff/notifications/dead` */
export const listDead = defineRoute({
  method: "get",
  path: "/v1/staff/notifications/dead",
  operationId: "staffListDeadLetters",
  summary: "Messages that failed every attempt (no tokens or contact data shown)",
  tags: STAFF_TAGS,
  access: "staff",
  roles: MANAGER,
  query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
  responses: {
    200: {
      description: "Dead letters, newest first",
      schema: z.object({ deadLetters: z.array(deadLetter) }),
    },
  },
  handler: async ({ query }, ctx) => ({
    status: 200,
    body: {
      deadLetters: await listDeadLetters(ctx.app.storage, ctx.clinic.id, { limit: query.limit }),
    },
  }),
});

/** `POST /v1/staff/notifications/dead/:id/retry` */
export const retryDead = defineRoute({
  method: "post",
  path: "/v1/staff/notifications/dead/:id/retry",
  operationId: "staffRetryDeadLetter",
  summary: "Queue a dead message again (same delivery id, so receivers can drop duplicates)",
  tags: STAFF_TAGS,
  access: "staff",
  roles: MANAGER,
  params: z.object({ id: z.string().min(1).max(400) }),
  responses: { 202: { description: "Queued", schema: z.object({ queuedAs: z.string() }) } },
  handler: async ({ params }, ctx) => {
    const row = await ctx.app.storage.transaction(async (tx) => {
      const queued = await retryDeadLetter(tx, ctx.clinic.id, params.id, ctx.now);
      if (queued) {
        await tx.appendAudit(ctx.clinic.id, {
          at: ctx.now,
          actor: ctx.actor,
          action: "notification.retried",
          entityType: "outbox",
          entityId: params.id,
        });
      }
      return queued;
    });
    if (!row) throw new BookwellError("NOT_FOUND", `No dead message with id ${params.id}`);
    return { status: 202, body: { queuedAs: row.id } };
  },
});
