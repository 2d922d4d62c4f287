// Idempotency-Key handling: claim the key, replay a finished response, refuse a different body,
// wait briefly for (then refuse) a duplicate that is still running.

import { createHash } from "node:crypto";
import { createMiddleware } from "hono/factory";
import { BookwellError } from "../errors.js";
import { toResponse } from "../routes/render.js";
import type { AppContext, IdempotencyHandle } from "../services/context.js";
import type { StorageOperations, StoredResponse } from "../storage/storage.js";
import { outageNotice } from "../storage/unavailable.js";
import { readJsonBody } from "./validation.js";
import type { BookwellEnv, BookwellMiddlewareHandler } from "./variables.js";

/** The header clients send. */
export const IDEMPOTENCY_HEADER = "Idempotency-Key";

const KEY_RE = /^[\x21-\x7e]{1,255}$/;

/**
 * Reads and checks the `Idempotency-Key` header: 1–255 visible ASCII characters, or absent.
 *
 * @example
 * readIdempotencyKey(c.req.header("idempotency-key")); // "8e0f…" or undefined
 */
export function readIdempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!KEY_RE.test(value)) {
    throw new BookwellError("VALIDATION_FAILED", "The Idempotency-Key header is not valid", {
      errors: [{ field: IDEMPOTENCY_HEADER, message: "must be 1–255 visible ASCII characters" }],
    });
  }
  return value;
}

/** JSON with object keys sorted, so the same body in another key order hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * The fingerprint of a request for idempotency: who, method, path and the body (keys sorted).
 *
 * @example
 * requestFingerprint("public", "POST", "/v1/bookings", body); // 64 hex characters
 */
export function requestFingerprint(
  actor: string,
  method: string,
  path: string,
  body: unknown,
): string {
  return createHash("sha256")
    .update(`${actor}\n${method.toUpperCase()} ${path}\n${canonicalJson(body ?? null)}`)
    .digest("hex");
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The result of {@link claimKey}: either you own the key, or here is the earlier response. */
export type ClaimResult =
  | { kind: "owner"; handle: IdempotencyHandle }
  | { kind: "replay"; response: StoredResponse };

/**
 * Claims an idempotency key. A duplicate of a request that is still running waits up to
 * `app.idempotencyWaitMs` for it to finish and then replays its response; after that it gets 409
 * `IDEMPOTENCY_IN_FLIGHT`. A key used with another body gets 422 `IDEMPOTENCY_KEY_REUSED`.
 *
 * @example
 * const claim = await claimKey(app, clinic.id, key, fingerprint);
 * if (claim.kind === "replay") return toResponse(claim.response, true);
 */
export async function claimKey(
  app: AppContext,
  clinicId: string,
  key: string,
  requestHash: string,
): Promise<ClaimResult> {
  const deadline = Date.now() + app.idempotencyWaitMs;
  let pause = 10;
  for (;;) {
    const outcome = await app.storage.claimIdempotency(clinicId, {
      key,
      requestHash,
      now: app.now(),
    });
    if (outcome.outcome === "new") return { kind: "owner", handle: newHandle(key, clinicId) };
    if (outcome.outcome === "replay") return { kind: "replay", response: outcome.response };
    if (outcome.outcome === "mismatch") {
      throw new BookwellError(
        "IDEMPOTENCY_KEY_REUSED",
        "This Idempotency-Key was already used with a different request; use a new key",
        { errors: [{ field: IDEMPOTENCY_HEADER, message: "was used with a different request" }] },
      );
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new BookwellError(
        "IDEMPOTENCY_IN_FLIGHT",
        "A request with this Idempotency-Key is still being processed; retry in a moment",
        { headers: { "Retry-After": "1" } },
      );
    }
    await sleep(Math.min(pause, left));
    pause = Math.min(pause * 2, 200);
  }
}

function newHandle(key: string, clinicId: string): IdempotencyHandle {
  const handle: IdempotencyHandle = {
    key,
    stored: undefined,
    async complete(ops: StorageOperations, response: StoredResponse) {
      await ops.completeIdempotency(clinicId, key, response);
      handle.stored = response;
    },
  };
  return handle;
}

/**
 * Finishes a claimed key after the handler ran: stores the response unless the handler already
 * stored it inside its transaction; releases the key (so a retry runs again) for responses that
 * must not be replayed (5xx, 429, 409 in-flight).
 *
 * @example
 * await finishKey(app, clinic.id, handle, rendered);
 */
export async function finishKey(
  app: AppContext,
  clinicId: string,
  handle: IdempotencyHandle,
  response: StoredResponse,
): Promise<void> {
  if (handle.stored) return;
  const retryable =
    response.status >= 500 ||
    response.status === 429 ||
    (response.status === 409 && response.headers["retry-after"] !== undefined);
  if (retryable) {
    await app.storage.releaseIdempotency(clinicId, handle.key);
    return;
  }
  handle.stored = response;
  await app.storage.completeIdempotency(clinicId, handle.key, response);
}

/** The bytes of an answered response, as an idempotency record stores them. */
async function storedFrom(res: Response): Promise<StoredResponse> {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = new Uint8Array(await res.clone().arrayBuffer());
  return { status: res.status, headers, body };
}

/**
 * `Idempotency-Key` on the Bookwell routes that honour it (POSTs that create or change
 * something): claims the key for the caller and the request's fingerprint (who, method, path,
 * body), replays the stored answer of a finished request byte for byte with
 * `Idempotent-Replayed: true`, refuses the key with another body (`422`) or while its first
 * request still runs (`409` after `idempotencyWaitMs`), and after the route stores the answer —
 * unless the route's unit of work already stored it with the change; `5xx`, `429` and in-flight
 * answers release the key so a retry runs again. Sets `c.var.idempotency` (null without a key).
 * Runs after `authentication` (the key is per clinic and caller) and `validation` (a request is
 * claimed only once its input is valid).
 *
 * @example
 * createBookwellApp({
 *   storage,
 *   middleware: (m) => ({ ...defaultMiddlewareChain(m), route: [m.authentication, m.validation, m.idempotency] }),
 * });
 */
export function bookwellIdempotency(): BookwellMiddlewareHandler {
  return createMiddleware<BookwellEnv>(async (c, next) => {
    const route = c.var.route;
    if (!route?.idempotent) return next();
    const key = readIdempotencyKey(c.req.header(IDEMPOTENCY_HEADER));
    if (key === undefined) {
      c.set("idempotency", null);
      return next();
    }
    const clinic = c.var.clinic;
    if (!clinic) {
      // A key is claimed per clinic and caller: without them a retry could not be told apart.
      throw new Error("The idempotency middleware must run after the authentication middleware");
    }
    const app = c.var.bookwell;
    const raw = c.var.input ? c.var.input.raw : route.body ? await readJsonBody(c) : undefined;
    const fingerprint = requestFingerprint(c.var.actor ?? "public", c.req.method, c.req.path, raw);
    const claim = await claimKey(app, clinic.id, key, fingerprint);
    if (claim.kind === "replay") return toResponse(claim.response, true);
    const handle = claim.handle;
    c.set("idempotency", handle);
    await next();
    // A failed route (Hono caught the error and the error handler answered it) stores its problem.
    if (c.error) handle.stored = undefined;
    try {
      await finishKey(app, clinic.id, handle, handle.stored ?? (await storedFrom(c.res)));
    } catch (error) {
      // With the database down the key stays claimed; a retry may take it once the claim is stale.
      app.logError(
        outageNotice(error, "bookwell idempotency", "the key stays claimed until it is stale") ??
          error,
      );
    }
  });
}
