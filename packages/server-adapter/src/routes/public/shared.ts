// How a public (patient) route is declared: the same description as any route, with the public
// access and tag filled in.

import type { z } from "zod";
import { defineRoute, type RouteSpec } from "../define.js";

/** The public tag of the OpenAPI document. */
export const PUBLIC_TAGS = ["public"] as const;

/** A public route as declared: {@link RouteSpec} without its access, its tags optional. */
export type PublicRouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> = Omit<
  RouteSpec<P, Q, B>,
  "access" | "tags"
> & {
  /** Default: the `public` tag. */
  tags?: readonly string[];
};

/**
 * Declares a public route ({@link defineRoute} with `access: "public"`: rate limited, CORS, the
 * clinic named by the request), tagged `public` unless the spec names its own tags.
 *
 * @example
 * export const getClinic = publicRoute({
 *   method: "get", path: "/v1/clinic", operationId: "getClinic", summary: "The clinic",
 *   responses: { 200: { description: "The clinic", schema: clinicResponse } },
 *   handler: async (_input, ctx) => ({ status: 200, body: { clinic: { id: ctx.clinic.id } } }),
 * });
 */
export function publicRoute<
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
>(spec: PublicRouteSpec<P, Q, B>): RouteSpec<P, Q, B> {
  return defineRoute<P, Q, B>({ tags: PUBLIC_TAGS, ...spec, access: "public" });
}
