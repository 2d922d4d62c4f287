// The routes under one path that share its parameters (a manage link, a waitlist token, one
// appointment): the path and its parameters are declared once, each route by its method and the
// rest of its path, as Hono routes are.

import type { z } from "zod";
import type { DeclaredRoute, declareRoutes } from "./declare.js";
import type { HttpMethod, RouteSpec } from "./define.js";

/** How routes of one kind are declared (`publicRoute`, `staffRoute`, `backOfficeRoute`). */
export type Declare = ReturnType<typeof declareRoutes>;

/** A route of a group as declared: everything but its method, path and parameters. */
type GroupRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R> = Omit<
  DeclaredRoute<P, Q, B, R>,
  "method" | "path" | "params"
>;

/** Declares the group's route of one method at `<path><rest>`. */
type At<P extends z.ZodType> = <
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
  R = unknown,
>(
  rest: string,
  spec: GroupRoute<P, Q, B, R>,
) => RouteSpec<P, Q, B>;

/**
 * The routes under `path`, each declared with `declare`, all with the path parameters `params`:
 * `get`, `post`, `put`, `patch` and `delete` take the rest of the path (`""` for `path` itself)
 * and the route's own declaration.
 *
 * @example
 * const manage = routesAt(publicRoute, "/v1/manage/:token", tokenParam);
 * export const cancelManaged = manage.post("/cancel", { operationId: "cancelManagedBooking", … });
 */
export function routesAt<P extends z.ZodType = z.ZodUndefined>(
  declare: Declare,
  path: string,
  params?: P,
): Record<HttpMethod, At<P>> {
  const at =
    (method: HttpMethod): At<P> =>
    <Q extends z.ZodType, B extends z.ZodType, R>(rest: string, spec: GroupRoute<P, Q, B, R>) =>
      declare<P, Q, B, R>({
        method,
        path: `${path}${rest}`,
        ...(params ? { params } : {}),
        ...spec,
      } as DeclaredRoute<P, Q, B, R>);
  return {
    get: at("get"),
    post: at("post"),
    put: at("put"),
    patch: at("patch"),
    delete: at("delete"),
  };
}
