// The typed Hono variables of a Bookwell app: what each middleware of the chain sets and the next
// ones (and the route handler) read. A team mounting the app reads them as `c.var.clinic` & co.

import type { MiddlewareHandler } from "hono";
import type { AnyRouteSpec, RouteInput } from "../routes/define.js";
import type { AppContext, RequestContext } from "../services/context.js";

/**
 * The variables of a Bookwell request (`c.var.…`). `bookwell` and `now` are set for every request
 * to the app; the others by the middleware named on each, so they are `undefined` before it ran
 * (and on paths no route has).
 */
export interface BookwellVariables
  extends Partial<Pick<RequestContext, "clinic" | "principal" | "actor" | "idempotency">> {
  /** The app's dependencies: storage, clock, caches, settings. Set first, for every request. */
  bookwell: AppContext;
  /** The instant the request is handled at, read once from the app's clock. */
  now: Date;
  /** The route answering the request (method, path, schemas, access, roles); set before the route middleware. */
  route?: AnyRouteSpec;
  /** The request's params, query and body, checked against the route's zod schemas: set by `validation`. */
  input?: RouteInput<unknown, unknown, unknown>;
  // From RequestContext: `clinic`, `principal` (null on public routes) and `actor` are set by
  // `authentication`; `idempotency` by `idempotency` (null without an `Idempotency-Key`).
}

/**
 * The Hono environment of a Bookwell app: `new Hono<BookwellEnv>()`. A type literal rather than
 * an interface, so that a `Hono<BookwellEnv>` is still assignable to a plain `Hono`.
 */
export type BookwellEnv = { Variables: BookwellVariables };

/** A middleware that runs in a Bookwell app and may read and set its {@link BookwellVariables}. */
export type BookwellMiddlewareHandler = MiddlewareHandler<BookwellEnv>;
