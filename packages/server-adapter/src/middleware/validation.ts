// Input checking of a Bookwell route: text the database cannot store is refused first, then the
// params, query and JSON body are parsed with the route's zod schemas (the same the OpenAPI
// document is generated from).

import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { z } from "zod";
import { BookwellError, type ProblemFieldError } from "../errors.js";
import { unstorableFields } from "../routes/storable-text.js";
import type { BookwellEnv, BookwellMiddlewareHandler } from "./variables.js";

/**
 * Turns zod issues into problem field errors; unknown keys are named one by one.
 *
 * @example
 * issuesToFields(result.error.issues); // [{ field: "client.email", message: "must be an e-mail address" }]
 */
export function issuesToFields(issues: readonly z.core.$ZodIssue[]): ProblemFieldError[] {
  const fields: ProblemFieldError[] = [];
  for (const issue of issues) {
    const base = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        fields.push({ field: [...base, key].join("."), message: "is not a known field" });
      }
      continue;
    }
    fields.push({ field: base.join(".") || "(body)", message: issue.message });
  }
  return fields;
}

function parseWith<S extends z.ZodType>(
  schema: S | undefined,
  value: unknown,
  where: string,
): z.output<S> | undefined {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = issuesToFields(result.error.issues);
  const first = errors[0];
  throw new BookwellError(
    "VALIDATION_FAILED",
    first ? `Invalid ${where}: ${first.field} ${first.message}` : `Invalid ${where}`,
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
