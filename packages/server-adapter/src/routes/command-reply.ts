// How a route runs a command: the command's result becomes the reply, and the same reply is stored
// as the request's idempotency record inside the command's transaction.

import {
  type Command,
  type CommandContext,
  type Respond,
  runCommand,
} from "../commands/unit-of-work.js";
import type { Reply } from "./define.js";
import { renderReply } from "./render.js";

/**
 * Runs `command` in one unit of work and answers `present(result)`; when the request carries an
 * `Idempotency-Key`, the rendered answer is committed with the change (successful answers only).
 *
 * @example
 * handler: async ({ body }, ctx) =>
 *   commandReply(ctx, (work) => createCase(work, body), (record) => ({ status: 201, body: { case: record } })),
 */
export async function commandReply<R>(
  ctx: CommandContext,
  command: Command<R>,
  present: (result: R) => Reply,
): Promise<Reply> {
  const result = await runCommand(ctx, command, { respond: (r) => renderReply(present(r)) });
  return present(result);
}

/**
 * {@link commandReply} for a command that changes what the patient routes read through the
 * short-lived catalog cache (calendars, services, provider prices, settings): the cache is dropped
 * once the change has committed, so patients see it at once.
 *
 * @example
 * handler: async ({ body }, ctx) =>
 *   catalogReply(ctx, (work) => addService(work, body), (service) => ({ status: 201, body: { service } })),
 */
export async function catalogReply<R>(
  ctx: CommandContext,
  command: Command<R>,
  present: (result: R) => Reply,
): Promise<Reply> {
  const reply = await commandReply(ctx, command, present);
  ctx.app.cache.invalidate(ctx.clinic.id);
  return reply;
}

/**
 * Calls a use case that runs its own unit of work (it reads before or after the transaction) and
 * answers `present(result)`; the use case stores the rendered answer as the idempotency record
 * through the `respond` it is given.
 *
 * @example
 * handler: async ({ body }, ctx) =>
 *   replyTo((respond) => bookOnline(ctx, body, respond), (booked) => ({ status: 201, body: presentBooked(ctx, booked) })),
 */
export async function replyTo<R>(
  run: (respond: Respond<R>) => Promise<R>,
  present: (result: R) => Reply,
): Promise<Reply> {
  return present(await run((r) => renderReply(present(r))));
}
