// How a route runs a command: the command's result becomes the reply, and the same reply is stored
// as the request's idempotency record inside the command's transaction.

import { type Command, type CommandContext, runCommand } from "../commands/unit-of-work.js";
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
