// How a public (patient) route is declared: the same description as any route, with the public
// access and tag filled in, and either its own handler or the use case it runs (or what it reads)
// and how its result is answered.

import { declareRoutes } from "../declare.js";

/** The public tag of the OpenAPI document. */
export const PUBLIC_TAGS = ["public"] as const;

/**
 * Declares a public route ({@link declareRoutes} with `access: "public"`: rate limited, CORS, the
 * clinic named by the request), tagged `public` unless the spec names its own tags. A route that
 * calls one use case (`run`) or makes one plain read (`load`) names it and how its result is
 * answered (`reply`) instead of writing a handler.
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
export const publicRoute = declareRoutes("public", PUBLIC_TAGS);
