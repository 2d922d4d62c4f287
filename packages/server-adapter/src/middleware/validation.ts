// Input checking of a Bookwell route: text the database cannot store is refused first, then the
// params, query and JSON body are parsed with the route's zod schemas (the same the OpenAPI
// document is generated from).

import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { z } from "zod";
import { BookwellError } from "../errors.js";
import { issuesToFields } from "../problems-i18n/rules.js";
import { unstorableFields } from "../routes/storable-text.js";
import type { BookwellEnv, BookwellMiddlewareHandler } from "./variables.js";

export { issuesToFields } from "../problems-i18n/rules.js";

// The detail of a refused part of the request, naming its first offending field; each wording is
// one entry of the problem catalog (src/problems-i18n/en.ts), translated there.
const INVALID_DETAIL = {
  path: (field: string, message: string) => `Invalid path: ${field} ${message}`,
  query: (field: string, message: string) => `Invalid query: ${field} ${message}`,
  body: (field: string, message: string) => `Invalid body: ${field} ${message}`,
} as const;

function parseWith<S extends z.ZodType>(
  schema: S | undefined,
  value: unknown,
  where: keyof typeof INVALID_DETAIL,
): z.output<S> | undefined {
  if (!schema) return undefined;
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const errors = issuesToFields(result.error.issues, true);
  const first = errors[0];
  throw new BookwellError(
    "VALIDATION_FAILED",
    first ? INVALID_DETAIL[where](first.field, first.message) : "The request is not valid",
    { errors },
  );
}

/**
 * Reads a JSON request body: an empty body is `{}`, another content type than JSON is
 * `415 UNSUPPORTED_MEDIA_TYPE`, text that is not JSON is `400 MALFORMED_JSON`.
 *
 * @example
 * const body = await readJsonBody(c); // { serviceId: "physio", … }
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return {};
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (!/^application\/(?:[\w.+-]+\+)?json\b/.test(type)) {
    throw new BookwellError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new BookwellError("MALFORMED_JSON", "The request body is not valid JSON");
  }
}

/**
 * Checks the input of the Bookwell route being served and sets `c.var.input` (`params`, `query`,
 * `body` as the route's zod schemas output them, and `raw`, the body as sent). Text the database
 * cannot store (NUL, unpaired surrogates) and input the schemas refuse are
 * `400 VALIDATION_FAILED` naming each offending field; see `readJsonBody` for the body's own
 * errors. Requests that matched no Bookwell route pass through untouched.
 *
 * @example
 * createBookwellApp({
 *   storage,
 *   middleware: (m) => ({ ...defaultMiddlewareChain(m), route: [m.rateLimit, m.authentication, m.validation, m.idempotency] }),
 * });
 */
export function bookwellValidation(): BookwellMiddlewareHandler {
  return createMiddleware<BookwellEnv>(async (c, next) => {
    const route = c.var.route;
    if (!route) return next();
    const rawParams = c.req.param();
    const rawQuery = c.req.query();
    const rawBody = route.body ? await readJsonBody(c) : undefined;
    const unstorable = [
      ...unstorableFields(rawParams),
      ...unstorableFields(rawQuery),
      ...unstorableFields(rawBody),
    ];
    if (unstorable.length > 0) {
      throw new BookwellError(
        "VALIDATION_FAILED",
        `Invalid request: ${unstorable[0]?.field} ${unstorable[0]?.message}`,
        { errors: unstorable },
      );
    }
    c.set("input", {
      params: parseWith(route.params, rawParams, "path"),
      query: parseWith(route.query, rawQuery, "query"),
      body: parseWith(route.body, rawBody, "body"),
      raw: rawBody,
    });
    await next();
  });
}
