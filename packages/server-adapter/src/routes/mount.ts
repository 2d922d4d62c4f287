// Wires each RouteSpec into Hono: the route is named (`c.var.route`), the app's route middleware
// run (rate limit, authentication, validation, idempotency by default), then the handler turns the
// validated input into a reply. One path for every route; errors go to the app's error handler.

import type { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import type { BookwellEnv, BookwellMiddlewareHandler } from "../middleware/variables.js";
import type { RequestContext } from "../services/context.js";
import type { AnyRouteSpec } from "./define.js";
import { renderReply, toResponse } from "./render.js";

function nameRoute(route: AnyRouteSpec): BookwellMiddlewareHandler {
  return createMiddleware<BookwellEnv>(async (c, next) => {
    c.set("route", route);
    await next();
  });
}

function runRoute(route: AnyRouteSpec): BookwellMiddlewareHandler {
  return createMiddleware<BookwellEnv>(async (c) => {
    const { bookwell, clinic, actor, input } = c.var;
    if (!clinic || actor === undefined || !input) {
      throw new Error(
        `${route.operationId} ran without ${!input ? "validation" : "authentication"}: keep both middleware in the route chain`,
      );
    }
    const ctx: RequestContext = {
      app: bookwell,
      hono: c,
      clinic,
      principal: c.var.principal ?? null,
      actor,
      now: c.var.now,
      idempotency: c.var.idempotency ?? null,
    };
    let reply: Awaited<ReturnType<AnyRouteSpec["handler"]>>;
    try {
      reply = await route.handler(input, ctx);
    } catch (error) {
      // Hono hands only Error instances to the error handler.
      throw error instanceof Error
        ? error
        : new Error("A route threw a non-Error value", { cause: error });
    }
    return toResponse(ctx.idempotency?.stored ?? renderReply(reply));
  });
}

/**
 * Registers every route of the table on a Bookwell Hono app: for each, `c.var.route` is set, the
 * `middleware` run in order, then the route's handler with the request's context (the
 * `idempotency` record's bytes when the route's unit of work stored them with its change).
 *
 * @example
 * mountRoutes(app, allRoutes, defaultMiddlewareChain(middleware).route);
 */
export function mountRoutes(
  hono: Hono<BookwellEnv>,
  routes: readonly AnyRouteSpec[],
  middleware: readonly BookwellMiddlewareHandler[],
): void {
  for (const route of routes) {
    const method = route.method.toUpperCase();
    for (const handler of [nameRoute(route), ...middleware, runRoute(route)]) {
      hono.on(method, route.path, handler);
    }
  }
}

function routePattern(path: string): RegExp {
  let source = "";
  // `:name{pattern}` keeps its pattern, `:name` is one segment, the rest is literal.
  const parts = path.split(/(:[A-Za-z_][A-Za-z0-9_]*(?:\{[^}]*\})?)/);
  for (const part of parts) {
    if (part.startsWith(":")) {
      const custom = /\{([^}]*)\}$/.exec(part);
      source += custom ? `(?:${custom[1]})` : "[^/]+";
    } else {
      source += part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}$`);
}

/**
 * The methods some route answers on `path` (a path under the app root, e.g. `/v1/bookings`),
 * upper-case and sorted; empty when no route has that path. Used for `405` + `Allow`.
 *
 * @example
 * allowedMethods(allRoutes, "/v1/bookings"); // ["POST"]
 * allowedMethods(allRoutes, "/v1/holds/hold_1"); // ["DELETE"]
 */
export function allowedMethods(routes: readonly AnyRouteSpec[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (routePattern(route.path).test(path)) methods.add(route.method.toUpperCase());
  }
  return [...methods].sort();
}
