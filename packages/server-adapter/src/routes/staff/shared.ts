// Helpers shared by the staff routes: role lists, how a staff route is declared and answers,
// PATCH fields, how a visit's note looks.

import type { z } from "zod";
import type { Role } from "../../auth/principal.js";
import { type Command, runCommand, type UnitOfWork } from "../../commands/unit-of-work.js";
import type { RequestContext } from "../../services/context.js";
import type { AppointmentNoteRecord } from "../../storage/storage.js";
import {
  catalogReply,
  commandReply,
  NO_STORE,
  type Presenter,
  replyAs,
  type UseCase,
  useCaseHandler,
} from "../command-reply.js";
import { defineRoute, type Reply, type RouteInput, type RouteSpec } from "../define.js";

/** Every staff role. */
export const ANY_ROLE: readonly Role[] = ["manager", "front_desk", "provider"];
/** Manager and front desk: the clinic's shared data. */
export const DESK: readonly Role[] = ["manager", "front_desk"];
/** Manager only: keys and settings. */
export const MANAGER: readonly Role[] = ["manager"];

/** The staff tag of the OpenAPI document. */
export const STAFF_TAGS = ["staff"] as const;

/** A staff route's own input, as its `command` or `load` is given it. */
type Input<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> = RouteInput<
  z.output<P>,
  z.output<Q>,
  z.output<B>
>;

/** How a route's `command` runs (see {@link StaffRouteSpec.runs}). */
type Runs = "change" | "catalog" | "read";

/**
 * A staff route as declared: {@link RouteSpec} without what {@link staffRoute} fills in, and with
 * either its own `handler`, or the `command` it runs (or what it `load`s) and the `reply` that
 * presents the result.
 */
export type StaffRouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R> = Omit<
  RouteSpec<P, Q, B>,
  "access" | "tags" | "roles" | "handler"
> & {
  /** Default: the tags of its declaration (`staff`). */
  tags?: readonly string[];
  /** Default: every role. */
  roles?: readonly Role[];
  handler?: RouteSpec<P, Q, B>["handler"];
  /** The command the route runs, made from its validated input, in one unit of work. */
  command?: (input: Input<P, Q, B>, work: UnitOfWork) => Promise<R>;
  /** Or the use case it calls, which runs its own unit of work (see {@link useCaseHandler}). */
  run?: UseCase<Input<P, Q, B>, R>;
  /** Or what the route reads outside a unit of work (a plain read that audits nothing). */
  load?: (input: Input<P, Q, B>, ctx: RequestContext) => Promise<R>;
  /** How the result is answered (e.g. {@link replyAs}). */
  reply?: Presenter<R>;
  /**
   * How the command runs: a change through {@link commandReply} (default: the rendered answer is
   * the idempotency record), `catalog` through {@link catalogReply} (the catalog cache is dropped
   * once it committed), `read` through `runCommand` alone (a read stores no idempotency record).
   */
  runs?: Runs;
};

/**
 * The declaration of staff routes tagged `tags` (see {@link staffRoute}; the back office declares
 * its routes with its own tags).
 *
 * @example
 * export const backOfficeRoute = staffRoutes(["staff", "back office"]);
 */
export function staffRoutes(tags: readonly string[]) {
  return <
    P extends z.ZodType = z.ZodUndefined,
    Q extends z.ZodType = z.ZodUndefined,
    B extends z.ZodType = z.ZodUndefined,
    R = unknown,
  >(
    spec: StaffRouteSpec<P, Q, B, R>,
  ): RouteSpec<P, Q, B> => {
    const { command, load, run, reply, runs, handler, ...route } = spec;
    const answer =
      reply && (command ?? load ?? run) ? { command, load, run, reply, runs } : undefined;
    if (!handler === !answer) {
      throw new Error(
        `${route.operationId}: give a handler, or a command, load or run with its reply`,
      );
    }
    return defineRoute<P, Q, B>({
      tags,
      roles: ANY_ROLE,
      ...route,
      access: "staff",
      handler: handler ?? replyHandler(answer as Answer<Input<P, Q, B>, R>),
    });
  };
}

/**
 * Declares a staff route ({@link defineRoute} with `access: "staff"`): tagged `staff` and open to
 * every role unless the spec names its own tags or roles. A route that runs one command (or makes
 * one plain read) names it (`command`, `load`) and how its result is answered (`reply`) instead of
 * writing a handler.
 *
 * @example
 * export const addNote = staffRoute({
 *   method: "post", path: "/v1/staff/appointments/:id/notes", operationId: "staffAddNote",
 *   summary: "Add a private note", params: idParam, body: noteBody, idempotent: true,
 *   responses: { 201: { description: "The note", schema: z.object({ note: staffNote }) } },
 *   command: ({ params, body }, work) => addVisitNote(work, params.id, body.text),
 *   reply: replyAs(201, "note", presentNote),
 * });
 */
export const staffRoute = staffRoutes(STAFF_TAGS);

/** What {@link replyHandler} answers from. */
interface Answer<I, R> {
  command?: ((input: I, work: UnitOfWork) => Promise<R>) | undefined;
  load?: ((input: I, ctx: RequestContext) => Promise<R>) | undefined;
  run?: UseCase<I, R> | undefined;
  reply: Presenter<R>;
  runs?: Runs | undefined;
}

/** The handler that answers `reply(result)` of a route's command or load (see {@link staffRoute}). */
function replyHandler<I, R>({ command, load, run, reply, runs }: Answer<I, R>) {
  if (run) return useCaseHandler(run, reply);
  return async (input: I, ctx: RequestContext): Promise<Reply> => {
    if (!command) return reply(await (load as NonNullable<typeof load>)(input, ctx), ctx);
    const run: Command<R> = (work) => command(input, work);
    if (runs === "read") return reply(await runCommand(ctx, run), ctx);
    const answer = runs === "catalog" ? catalogReply : commandReply;
    return answer(ctx, run, (result) => reply(result, ctx));
  };
}

/**
 * The fields of `parsed` that the raw body named (PATCH semantics: defaults of absent fields do
 * not overwrite stored values).
 *
 * @example
 * namedFields({ a: 1, b: [] }, { a: 1 }); // { a: 1 }
 */
export function namedFields<T extends object>(parsed: T, raw: unknown): Partial<T> {
  const names = raw && typeof raw === "object" ? Object.keys(raw) : [];
  const out: Partial<T> = {};
  for (const name of names) {
    if (name in parsed)
      (out as Record<string, unknown>)[name] = (parsed as Record<string, unknown>)[name];
  }
  return out;
}

/**
 * The answer of an audited read of private notes: the notes, oldest first, never cached.
 *
 * @example
 * notesReply([note], ctx); // { status: 200, headers: { "cache-control": "no-store" }, body: { notes: [{ id, … }] } }
 */
export const notesReply = replyAs(
  200,
  "notes",
  (notes: AppointmentNoteRecord[]) => notes.map(presentNote),
  NO_STORE,
);

/**
 * A visit's private note as the staff routes show it.
 *
 * @example
 * presentNote(note); // { id, appointmentId, author, text, createdAt }
 */
export function presentNote(n: AppointmentNoteRecord) {
  return {
    id: n.id,
    appointmentId: n.appointmentId,
    author: n.author,
    text: n.text,
    createdAt: n.createdAt,
  };
}
