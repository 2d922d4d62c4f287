// How a public (patient) route is declared: the same description as any route, with the public
// access and tag filled in, and either its own handler or the use case it runs and how its result
// is answered.

import type { z } from "zod";
import { type Presenter, type UseCase, useCaseHandler } from "../command-reply.js";
import { defineRoute, type RouteInput, type RouteSpec } from "../define.js";

/** The public tag of the OpenAPI document. */
export const PUBLIC_TAGS = ["public"] as const;

/** A public route's own input, as its `run` is given it. */
type Input<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> = RouteInput<
  z.output<P>,
  z.output<Q>,
  z.output<B>
>;

/**
 * A public route as declared: {@link RouteSpec} without its access, its tags optional, and with
 * either its own `handler`, or the use case it `run`s and the `reply` that presents the result.
 */
export type PublicRouteSpec<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R = unknown,
> = Omit<RouteSpec<P, Q, B>, "access" | "tags" | "handler"> & {
  /** Default: the `public` tag. */
  tags?: readonly string[];
  handler?: RouteSpec<P, Q, B>["handler"];
  /**
   * The use case the route calls; it runs its own unit of work and stores the rendered `reply`
   * as the request's idempotency record through `respond` (see {@link useCaseHandler}).
   */
  run?: UseCase<Input<P, Q, B>, R>;
  /** How the result of `run` is answered. */
  reply?: Presenter<R>;
};

/**
 * Declares a public route ({@link defineRoute} with `access: "public"`: rate limited, CORS, the
 * clinic named by the request), tagged `public` unless the spec names its own tags. A route that
 * calls one use case names it (`run`) and how its result is answered (`reply`) instead of writing
 * a handler.
 *
 * @example
 * export const getClinic = publicRoute({
 *   method: "get", path: "/v1/clinic", operationId: "getClinic", summary: "The clinic",
 *   responses: { 200: { description: "The clinic", schema: clinicResponse } },
 *   handler: async (_input, ctx) => ({ status: 200, body: { clinic: { id: ctx.clinic.id } } }),
 * });
 * export const joinRoute = publicRoute({
 *   method: "post", path: "/v1/waitlist", operationId: "joinWaitlist", summary: "Join",
 *   body: joinBody, responses: { 201: { description: "The entry", schema: joinResponse } },
 *   run: ({ body }, ctx, respond) => joinWaitlist(ctx, body, respond),
 *   reply: (joined) => ({ status: 201, body: { token: joined.token } }),
 * });
 */
export function publicRoute<
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
  R = unknown,
>(spec: PublicRouteSpec<P, Q, B, R>): RouteSpec<P, Q, B> {
  const { run, reply, handler, ...route } = spec;
  if (!handler === !(run && reply)) {
    throw new Error(`${route.operationId}: give a handler, or a use case to run with its reply`);
  }
  return defineRoute<P, Q, B>({
    tags: PUBLIC_TAGS,
    ...route,
    access: "public",
    handler: handler ?? useCaseHandler(run as UseCase<Input<P, Q, B>, R>, reply as Presenter<R>),
  });
}
