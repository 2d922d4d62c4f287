// One description per route: method, path, zod schemas, roles, handler. The same objects wire the
// Hono routes (validation) and generate the OpenAPI document, so the two never drift apart.

import type { z } from "zod";
import type { Role } from "../auth/principal.js";
import type { RequestContext } from "../services/context.js";

/** HTTP methods the API uses. */
export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** One documented response of a route. */
export interface ResponseSpec {
  description: string;
  /** JSON body schema; omitted for empty bodies (204) or non-JSON bodies. */
  schema?: z.ZodType;
  /** Content type when it is not JSON, e.g. `text/calendar`. */
  contentType?: string;
}

/**
 * A response as a route declares it: its full {@link ResponseSpec}, or only its description for an
 * answer without a body (a problem, or a `204`).
 */
export type DeclaredResponse = ResponseSpec | string;

/** A route's responses as declared, by status (see {@link DeclaredResponse}). */
export type DeclaredResponses = Readonly<Record<number, DeclaredResponse>>;

/** What a handler answers: a JSON body (default), a raw text body, or nothing. */
export interface Reply {
  status: number;
  body?: unknown;
  /** A ready-made body (e.g. an .ics file); sent as is with {@link Reply.contentType}. */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

/** Parsed input of a route, typed from its schemas. */
export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The body as sent (before defaults), e.g. to tell which fields a PATCH names. */
  raw: unknown;
}

/** The full description of one route. */
export interface RouteSpec<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Hono-style path under the app root, e.g. `/v1/holds/:id`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  /** `public` routes are for patients (rate limited, CORS); `staff` routes need a principal. */
  access: "public" | "staff";
  /** Staff roles allowed; default every role. */
  roles?: readonly Role[];
  params?: P;
  query?: Q;
  body?: B;
  /** Honours an `Idempotency-Key` header (POSTs that create or change something). */
  idempotent?: boolean;
  responses: Readonly<Record<number, ResponseSpec>>;
  handler: (
    input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>,
    ctx: RequestContext,
  ) => Promise<Reply>;
}

/** A route as declared: a {@link RouteSpec} whose responses may be given by their description. */
export type RouteDeclaration<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> = Omit<RouteSpec<P, Q, B>, "responses"> & { responses: DeclaredResponses };

/** A route of any input types, as stored in the route table. */
// biome-ignore lint/suspicious/noExplicitAny: the table erases each route's own input types.
export type AnyRouteSpec = RouteSpec<any, any, any>;

/**
 * Declares a route with typed input: the handler's `params`, `query` and `body` are the outputs of
 * the route's zod schemas.
 *
 * @example
 * export const getService = defineRoute({
 *   method: "get", path: "/v1/services/:id", operationId: "getService", summary: "One service",
 *   tags: ["public"], access: "public", params: z.object({ id: z.string() }),
 *   responses: { 200: { description: "The service", schema: serviceOut }, 404: "Unknown service" },
 *   handler: async ({ params }, ctx) => ({ status: 200, body: await load(ctx, params.id) }),
 * });
 */
export function defineRoute<
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
>(spec: RouteDeclaration<P, Q, B>): RouteSpec<P, Q, B> {
  return { ...spec, responses: describedResponses(spec.responses) };
}

/**
 * The responses of a declaration with each description-only entry made a {@link ResponseSpec}.
 *
 * @example
 * describedResponses({ 200: { description: "The hold", schema: holdOut }, 404: "Unknown hold" });
 * // { 200: { description: "The hold", schema: holdOut }, 404: { description: "Unknown hold" } }
 */
export function describedResponses(responses: DeclaredResponses): Record<number, ResponseSpec> {
  const out: Record<number, ResponseSpec> = {};
  for (const [status, response] of Object.entries(responses)) {
    out[Number(status)] = typeof response === "string" ? { description: response } : response;
  }
  return out;
}

/**
 * Converts a Hono path (`/v1/holds/:id`) to an OpenAPI path (`/v1/holds/{id}`).
 *
 * @example
 * toOpenApiPath("/v1/manage/:token/ics"); // "/v1/manage/{token}/ics"
 * toOpenApiPath("/v1/staff/invoices/:id{[^/]+\\.pdf}"); // "/v1/staff/invoices/{id}.pdf"
 */
export function toOpenApiPath(path: string): string {
  return (
    path
      // `:id{[^/]+\.pdf}` (a Hono pattern whose value ends in `.pdf`) → `{id}.pdf`
      .replace(/:([A-Za-z_][A-Za-z0-9_]*)\{[^}]*?\\\.([A-Za-z0-9]+)\}/g, "{$1}.$2")
      // any other pattern: `:id{…}` → `{id}`
      .replace(/:([A-Za-z_][A-Za-z0-9_]*)\{[^}]*\}/g, "{$1}")
      .replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "{$1}")
  );
}
