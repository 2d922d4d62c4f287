// Turns handler replies and errors into bytes once, so an idempotent replay is byte-for-byte equal.

import { type BookwellError, problemDocument } from "../errors.js";
import type { StoredResponse } from "../storage/storage.js";
import type { Reply } from "./define.js";

const encoder = new TextEncoder();

/**
 * Renders a handler reply to the exact status, headers and body bytes that will be sent.
 *
 * @example
 * renderReply({ status: 201, body: { ok: true } }).headers["content-type"]; // "application/json; charset=utf-8"
 */
export function renderReply(reply: Reply): StoredResponse {
  const headers: Record<string, string> = {};
  let body = new Uint8Array();
  if (reply.text !== undefined) {
    headers["content-type"] = reply.contentType ?? "text/plain; charset=utf-8";
    body = encoder.encode(reply.text);
  } else if (reply.body !== undefined) {
    headers["content-type"] = reply.contentType ?? "application/json; charset=utf-8";
    body = encoder.encode(JSON.stringify(reply.body));
  }
  for (const [name, value] of Object.entries(reply.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  return { status: reply.status, headers, body };
}

/**
 * Renders an error to its problem+json bytes.
 *
 * @example
 * renderProblem(new BookwellError("NOT_FOUND")).status; // 404
 */
export function renderProblem(error: BookwellError): StoredResponse {
  const headers: Record<string, string> = {
    "content-type": "application/problem+json",
    "cache-control": "no-store",
  };
  for (const [name, value] of Object.entries(error.headers)) headers[name.toLowerCase()] = value;
  const doc = problemDocument(error.code, error.message, error.errors, error.extensions);
  return { status: error.status, headers, body: encoder.encode(JSON.stringify(doc)) };
}

/**
 * Makes a `Response` of stored bytes; `replayed` adds `Idempotent-Replayed: true`.
 *
 * @example
 * return toResponse(renderReply({ status: 204 }));
 */
export function toResponse(stored: StoredResponse, replayed = false): Response {
  const headers = new Headers(stored.headers);
  if (replayed) headers.set("idempotent-replayed", "true");
  const noBody = stored.status === 204 || stored.status === 304;
  return new Response(noBody ? null : stored.body, { status: stored.status, headers });
}
