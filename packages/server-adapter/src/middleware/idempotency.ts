// Idempotency-Key handling: claim the key, replay a finished response, refuse a different body,
// wait briefly for (then refuse) a duplicate that is still running.

import { createHash } from "node:crypto";
import { BookwellError } from "../errors.js";
import type { AppContext, IdempotencyHandle } from "../services/context.js";
import type { StorageOperations, StoredResponse } from "../storage/storage.js";

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
