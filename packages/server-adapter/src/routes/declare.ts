// How a public or staff route is declared: a route description whose access and tags are filled in,
// answered by its own handler, or by the command it runs (the use case it calls, or what it loads)
// and the reply that presents the result. One place for both kinds of routes.

import type { z } from "zod";
import type { Role } from "../auth/principal.js";
import { type Command, runCommand, type UnitOfWork } from "../commands/unit-of-work.js";
import type { RequestContext } from "../services/context.js";
import {
  catalogReply,
  commandReply,
  type Presenter,
  type UseCase,
  useCaseHandler,
} from "./command-reply.js";
import {
  defineRoute,
  type Reply,
  type RouteDeclaration,
  type RouteInput,
  type RouteSpec,
} from "./define.js";

/** A route's own input, as its `command`, `run` or `load` is given it. */
export type Input<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> = RouteInput<
  z.output<P>,
  z.output<Q>,
  z.output<B>
>;

/** How a route's `command` runs (see {@link Answer.runs}). */
export type Runs = "change" | "catalog" | "read";

/** What a declared route answers from when it has no handler of its own. */
export interface Answer<I, R> {
  /** The command the route runs, made from its validated input, in one unit of work. */
  command?: ((input: I, work: UnitOfWork) => Promise<R>) | undefined;
  /** Or the use case it calls, which runs its own unit of work (see {@link useCaseHandler}). */
  run?: UseCase<I, R> | undefined;
  /** Or what the route reads outside a unit of work (a plain read that audits nothing). */
  load?: ((input: I, ctx: RequestContext) => Promise<R>) | undefined;
  /** How the result is answered (e.g. `replyAs`). */
  reply?: Presenter<R> | undefined;
  /**
   * How the command runs: a change through `commandReply` (default: the rendered answer is the
   * idempotency record), `catalog` through `catalogReply` (the catalog cache is dropped once it
   * committed), `read` through `runCommand` alone (a read stores no idempotency record).
   */
  runs?: Runs | undefined;
}

/**
 * A route as declared: {@link RouteDeclaration} without what {@link declareRoutes} fills in, and
 * with either its own `handler`, or an {@link Answer}.
 */
export type DeclaredRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R> = Omit<
  RouteDeclaration<P, Q, B>,
  "access" | "tags" | "roles" | "handler"
> &
  Answer<Input<P, Q, B>, R> & {
    /** Default: the tags of its declaration. */
    tags?: readonly string[];
    /** Staff roles allowed; default: those of its declaration. */
    roles?: readonly Role[];
    handler?: RouteSpec<P, Q, B>["handler"];
  };

/** The handler that answers `reply(result)` of a route's command, use case or load. */
function answerHandler<I, R>({ command, run, load, reply, runs }: Answer<I, R>) {
  const present = reply as Presenter<R>;
  if (run) return useCaseHandler(run, present);
  return async (input: I, ctx: RequestContext): Promise<Reply> => {
    if (!command) return present(await (load as NonNullable<typeof load>)(input, ctx), ctx);
    const work: Command<R> = (unit) => command(input, unit);
    if (runs === "read") return present(await runCommand(ctx, work), ctx);
    const answer = runs === "catalog" ? catalogReply : commandReply;
    return answer(ctx, work, (result) => present(result, ctx));
  };
}

/**
 * The declaration of routes with one `access`, tagged `tags` and (staff) open to `roles` unless a
 * route names its own; a route gives a `handler`, or a `command`, `run` or `load` with its `reply`.
 *
 * @example
 * export const backOfficeRoute = declareRoutes("staff", ["staff", "back office"], ANY_ROLE);
 */
export function declareRoutes(
  access: "public" | "staff",
  tags: readonly string[],
  roles?: readonly Role[],
) {
  return <
    P extends z.ZodType = z.ZodUndefined,
    Q extends z.ZodType = z.ZodUndefined,
    B extends z.ZodType = z.ZodUndefined,
    R = unknown,
  >(
    spec: DeclaredRoute<P, Q, B, R>,
  ): RouteSpec<P, Q, B> => {
    const { command, load, run, reply, runs, handler, ...route } = spec;
    const answers = reply !== undefined && (command ?? load ?? run) !== undefined;
    if (!handler === !answers) {
      throw new Error(
        `${route.operationId}: give a handler, or a command, run or load with its reply`,
      );
    }
    return defineRoute<P, Q, B>({
      tags,
      ...(roles ? { roles } : {}),
      ...route,
      access,
      handler: handler ?? answerHandler({ command, load, run, reply, runs }),
    });
  };
}
