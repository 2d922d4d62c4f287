// How a route runs a command: the command's result becomes the reply, and the same reply is stored
// as the request's idempotency record inside the command's transaction.

import { z } from "zod";
import {
  type Command,
  type CommandContext,
  type Respond,
  runCommand,
} from "../commands/unit-of-work.js";
import { negotiateProblemLocale, type ProblemLocale } from "../problems-i18n/index.js";
import type { RequestContext } from "../services/context.js";
import type { DeclaredResponses, Reply, ResponseSpec } from "./define.js";
import { renderReply } from "./render.js";

/** How a route turns a command's result into its reply; it may read the request (`ctx.now`…). */
export type Presenter<R> = (result: R, ctx: RequestContext) => Reply;

/** The header of a reply the browser and proxies must not keep (notes, audited reads, free times). */
export const NO_STORE = { "cache-control": "no-store" } as const;

/**
 * The presenter of a reply whose JSON body names its one member: `{ [key]: present(result) }`
 * (the result itself when there is no `present`) with `status` (and `headers`, when given).
 *
 * @example
 * commandReply(ctx, (work) => openCase(work, clientId, body), replyAs(201, "case", presentCase));
 * // → { status: 201, body: { case: { id, clientId, title, … } } }
 */
export function replyAs<R>(
  status: number,
  key: string,
  present: (result: R, ctx: RequestContext) => unknown = (result) => result,
  headers?: Record<string, string>,
): Presenter<R> {
  return (result, ctx) => ({
    status,
    ...(headers ? { headers } : {}),
    body: { [key]: present(result, ctx) },
  });
}

/**
 * The presenter of a reply whose JSON body is the result itself, with `status` (and `headers`).
 *
 * @example
 * staffRoute({ …, command: ({ params }, work) => monthView(work, params.month), reply: asBody(200) });
 */
export function asBody<R>(status: number, headers?: Record<string, string>): Presenter<R> {
  return (result) => ({ status, ...(headers ? { headers } : {}), body: result });
}

/**
 * A route's one JSON answer, declared once: its documented response (status, description, the
 * body's one member and that member's schema) and the {@link replyAs} presenter that answers it,
 * so the key and status the document names are the ones the route sends; `others` documents the
 * route's other answers (its problems). Spread into a route.
 *
 * @example
 * staffRoute({ …, ...jsonAnswer(201, "The case", { case: caseOut }, presentCase), command: … });
 * // responses: { 201: { description: "The case", schema: z.object({ case: caseOut }) } },
 * // reply: replyAs(201, "case", presentCase)
 */
export function jsonAnswer<R>(
  status: number,
  description: string,
  body: Readonly<Record<string, z.ZodType>>,
  present?: (result: R, ctx: RequestContext) => unknown,
  others: DeclaredResponses = {},
): { responses: Record<number, ResponseSpec | string>; reply: Presenter<R> } {
  const keys = Object.keys(body);
  if (keys.length !== 1) throw new Error(`jsonAnswer: one member, not ${keys.length}`);
  return {
    responses: { [status]: { description, schema: z.object(body) }, ...others },
    reply: replyAs(status, keys[0] as string, present),
  };
}

/**
 * A presenter of lists made of a presenter of one item (`list.map(present)`).
 *
 * @example
 * replyAs(200, "cases", each(presentCase)); // { cases: [presentCase(c1), …] }
 */
export function each<T, U>(present: (item: T) => U): (list: readonly T[]) => U[] {
  return (list) => list.map(present);
}

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

/** A use case that runs its own unit of work, given the route's input and `respond` (see {@link replyTo}). */
export type UseCase<I, R> = (
  input: I,
  ctx: RequestContext,
  respond: Respond<NoInfer<R>>,
) => Promise<R>;

/**
 * The handler of a route that calls one use case ({@link replyTo}) and answers `reply(result)`.
 *
 * @example
 * handler: useCaseHandler(({ body }, ctx, respond) => joinWaitlist(ctx, body, respond), joinedReply),
 */
export function useCaseHandler<I, R>(run: UseCase<I, R>, reply: Presenter<R>) {
  return (input: I, ctx: RequestContext): Promise<Reply> =>
    replyTo(
      (respond) => run(input, ctx, respond),
      (result: R) => reply(result, ctx),
    );
}

/**
 * The request's language for the words of an answer (`Accept-Language`, as problems are worded).
 *
 * @example
 * localizeViolations(list, requestLocale(ctx));
 */
export function requestLocale(ctx: RequestContext): ProblemLocale {
  return negotiateProblemLocale(ctx.hono.req.header("accept-language"));
}
