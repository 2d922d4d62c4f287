// Request body size limit: Hono's bodyLimit, answering Bookwell's 413 problem.

import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { BookwellError } from "../errors.js";

/** Options of {@link bookwellBodyLimit}. */
export interface BodyLimitOptions {
  /** Largest accepted request body in bytes. */
  maxSize: number;
}

/**
 * Refuses request bodies larger than `maxSize` bytes with `413 PAYLOAD_TOO_LARGE`
 * (problem+json), by the `Content-Length` header or, without one, while the body streams in.
 * Built on `hono/body-limit`; the error is thrown, so the app's error handler renders it.
 *
 * @example
 * app.use("*", bookwellBodyLimit({ maxSize: 64 * 1024 }));
 */
export function bookwellBodyLimit(options: BodyLimitOptions): MiddlewareHandler {
  return bodyLimit({
    maxSize: options.maxSize,
    onError: () => {
      throw new BookwellError("PAYLOAD_TOO_LARGE", "The request body is larger than allowed");
    },
  });
}
