// Request body size limit: Bookwell's 413 problem, with a connection that stays usable.
//
// A server that answers 413 before the body has arrived leaves the rest of the body on the
// connection. Node then drops the connection although the answer said `keep-alive`, and the next
// request a client's agent sends on it fails with a socket error. So the refused body is read and
// thrown away (up to `discardBytes`, within `discardMs`), and the connection is reused; a body too
// large or too slow for that is answered `Connection: close`, and Node closes the connection once
// the answer is sent.

import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { BookwellError } from "../errors.js";

/** Options of {@link bookwellBodyLimit}. */
export interface BodyLimitOptions {
  /** Largest accepted request body in bytes. */
  maxSize: number;
  /**
   * Of a refused body, how many bytes in all are read and thrown away so the connection can serve
   * the next request. Above it the 413 says `Connection: close`. Default 8 MiB.
   */
  discardBytes?: number;
  /** How long reading a refused body away may take, in ms, before `Connection: close`. Default 2000. */
  discardMs?: number;
}

type Reader = ReadableStreamDefaultReader<Uint8Array>;

/** Reads and drops what is left of a body; true when it ended within the byte and time budget. */
async function discard(reader: Reader, read: number, budget: number, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
    (timer as { unref?: () => void }).unref?.();
  });
  try {
    let total = read;
    for (;;) {
      const chunk = await Promise.race([reader.read(), timeout]);
      if (chunk === "timeout") return false;
      if (chunk.done) return true;
      total += chunk.value.byteLength;
      if (total > budget) return false;
    }
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
}

/**
 * Refuses request bodies larger than `maxSize` bytes with `413 PAYLOAD_TOO_LARGE`
 * (problem+json), by the `Content-Length` header or, without one, while the body streams in. The
 * refused body is read and thrown away (up to `discardBytes`, within `discardMs`) so a keep-alive
 * connection serves the client's next request; a larger or slower one gets `Connection: close`
 * and the connection is closed after the answer. The error is thrown, so the app's error handler
 * renders it.
 *
 * @example
 * app.use("*", bookwellBodyLimit({ maxSize: 64 * 1024 }));
 */
export function bookwellBodyLimit(options: BodyLimitOptions): MiddlewareHandler {
  const { maxSize } = options;
  const budget = Math.max(options.discardBytes ?? 8 * 1024 * 1024, maxSize);
  const ms = options.discardMs ?? 2000;
  const refuse = async (reader: Reader | undefined, read: number, declared?: number) => {
    const reusable =
      reader !== undefined &&
      (declared === undefined || declared <= budget) &&
      (await discard(reader, read, budget, ms));
    throw new BookwellError(
      "PAYLOAD_TOO_LARGE",
      `The request body is larger than ${maxSize} bytes`,
      {
        extensions: { maxBytes: maxSize },
        headers: reusable ? {} : { Connection: "close" },
      },
    );
  };
  return createMiddleware(async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const length = c.req.header("content-length");
    if (length !== undefined && !c.req.header("transfer-encoding")) {
      const declared = Number.parseInt(length, 10);
      if (!(declared > maxSize)) return next();
      return refuse(declared <= budget ? body.getReader() : undefined, 0, declared);
    }
    // No length given: count while the body streams in, and keep what was read for the route.
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxSize) return refuse(reader, size);
      chunks.push(value);
    }
    const whole = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      whole.set(chunk, offset);
      offset += chunk.byteLength;
    }
    c.req.raw = new Request(c.req.raw, { body: whole });
    return next();
  });
}
