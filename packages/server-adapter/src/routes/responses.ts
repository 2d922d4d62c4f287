// Named response sets of the route declarations: a route's success answer with its body schema
// (or file type), and its problems by status, each described in one sentence.

import type { z } from "zod";
import type { DeclaredResponses, ResponseSpec } from "./define.js";

/** The responses of a route that answers `status` as `spec` and its `problems` otherwise. */
function answers(status: number, spec: ResponseSpec, problems: DeclaredResponses) {
  return { [status]: spec, ...problems };
}

/**
 * The responses of a route that answers `200` with a JSON body of `schema`, and `problems`.
 *
 * @example
 * responses: ok("The hold", holdResponse, { 404: "NOT_FOUND: the hold expired" }),
 * // { 200: { description: "The hold", schema: holdResponse }, 404: "NOT_FOUND: the hold expired" }
 */
export const ok = (description: string, schema: z.ZodType, problems: DeclaredResponses = {}) =>
  answers(200, { description, schema }, problems);

/**
 * The responses of a route that answers `201` with a JSON body of `schema` (what it created), and
 * `problems`.
 *
 * @example
 * responses: created("The session", sessionResponse, { 404: "Unknown link" }),
 */
export const created = (description: string, schema: z.ZodType, problems: DeclaredResponses = {}) =>
  answers(201, { description, schema }, problems);

/**
 * The responses of a route that answers `200` with a file of `contentType` (a PDF, a CSV…), and
 * `problems`.
 *
 * @example
 * responses: file("The PDF", "application/pdf"),
 */
export const file = (description: string, contentType: string, problems: DeclaredResponses = {}) =>
  answers(200, { description, contentType }, problems);
