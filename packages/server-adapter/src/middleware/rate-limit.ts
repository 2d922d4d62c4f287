// Per-client rate limiting of public routes: an in-memory token bucket by default, pluggable.

import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { BookwellError } from "../errors.js";
import type { BookwellEnv } from "./variables.js";

/** The verdict of a rate limiter for one request. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Whole seconds until a request would be allowed again (sent as `Retry-After`). */
  retryAfterSeconds: number;
  /** Requests left in the bucket after this one. */
  remaining: number;
}

/** A rate limit store: one call per request, keyed by client address. Swap it for a shared store when scaling out. */
export interface RateLimitStore {
  take(key: string, nowMs: number): RateLimitDecision | Promise<RateLimitDecision>;
}

/** Rate limit settings of the public routes. */
export interface RateLimitOptions {
  /** Burst size: requests a client may make at once. Default 60. */
  capacity?: number;
  /** Requests per second refilled into each bucket. Default 2. */
  refillPerSecond?: number;
  /** Where to keep buckets; default an in-memory {@link TokenBucketStore}. */
  store?: RateLimitStore;
  /** How to name the client; default the socket address (or the last `X-Forwarded-For` entry with `trustProxy`). */
  key?: (c: Context) => string;
  /** Trust the last `X-Forwarded-For` address, the one your proxy added (only behind a proxy you control). Default false. */
  trustProxy?: boolean;
  /**
   * Requests the limit does not apply to. Default: Bookwell's staff routes (they need a key);
   * every other request that reaches the middleware is limited.
   */
  skip?: (c: Context) => boolean;
}

/** Options of {@link bookwellRateLimit}: the rate limit settings and the clock it refills by. */
export interface RateLimitMiddlewareOptions extends RateLimitOptions {
  /** The current time; default the Bookwell app's clock, or the system clock outside one. */
  clock?: () => Date;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * An in-memory token bucket per key. Buckets that have refilled completely are dropped now and then,
 * so memory stays bounded by the number of recently active clients.
 *
 * @example
 * const store = new TokenBucketStore(10, 1);
 * store.take("203.0.113.7", Date.now()).allowed; // true for the first 10 calls in a burst
 */
export class TokenBucketStore implements RateLimitStore {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweepMs = 0;
  readonly capacity: number;
  readonly refillPerSecond: number;

  constructor(capacity: number, refillPerSecond: number) {
    this.capacity = capacity;
    this.refillPerSecond = refillPerSecond;
    if (!(capacity >= 1) || !(refillPerSecond > 0)) {
      throw new RangeError("capacity must be ≥ 1 and refillPerSecond > 0");
    }
  }

  take(key: string, nowMs: number): RateLimitDecision {
    this.sweep(nowMs);
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, updatedMs: nowMs };
    const elapsed = Math.max(0, nowMs - bucket.updatedMs) / 1000;
    bucket.tokens = Math.min(this.capacity, bucket.tokens + elapsed * this.refillPerSecond);
    bucket.updatedMs = nowMs;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0, remaining: Math.floor(bucket.tokens) };
    }
    const wait = (1 - bucket.tokens) / this.refillPerSecond;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)), remaining: 0 };
  }

  private sweep(nowMs: number): void {
    if (nowMs - this.lastSweepMs < 60_000 || this.buckets.size < 1000) return;
    this.lastSweepMs = nowMs;
    const full = (this.capacity / this.refillPerSecond) * 1000;
    for (const [key, bucket] of this.buckets) {
      if (nowMs - bucket.updatedMs > full) this.buckets.delete(key);
    }
  }
}

/**
 * The client address of a request: with `trustProxy`, the last `X-Forwarded-For` entry — the
 * address your proxy saw, which a client cannot forge whether the proxy overwrites or appends to
 * the header — else the socket address that `@hono/node-server` exposes, else `"unknown"`.
 *
 * @example
 * clientAddress(c, false); // "127.0.0.1"
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? "unknown";
}

/** The default of {@link RateLimitOptions.skip}: Bookwell's staff routes are not rate limited. */
function isStaffRoute(c: Context): boolean {
  return (c.get("route") as { access?: string } | undefined)?.access === "staff";
}

/**
 * Rate limits requests per client (a token bucket per address by default): over the limit is
 * `429 RATE_LIMITED` with `Retry-After` in whole seconds. In a Bookwell app it limits the public
 * routes; on a route of your own it limits every request (answer its `BookwellError` with
 * `bookwellErrorHandler()` as your app's `onError`).
 *
 * @example
 * import { bookwellErrorHandler, bookwellRateLimit } from "@bookwell/server-adapter";
 *
 * app.onError(bookwellErrorHandler());
 * app.post("/auth/login", bookwellRateLimit({ capacity: 5, refillPerSecond: 0.1 }), login);
 */
export function bookwellRateLimit(options: RateLimitMiddlewareOptions = {}): MiddlewareHandler {
  const store =
    options.store ?? new TokenBucketStore(options.capacity ?? 60, options.refillPerSecond ?? 2);
  const skip = options.skip ?? isStaffRoute;
  return createMiddleware<BookwellEnv>(async (c, next) => {
    if (skip(c)) return next();
    const key = options.key ? options.key(c) : clientAddress(c, options.trustProxy ?? false);
    const now = options.clock?.() ?? c.get("bookwell")?.now() ?? new Date();
    const decision = await store.take(key, now.getTime());
    if (!decision.allowed) {
      throw new BookwellError("RATE_LIMITED", "Too many requests; slow down", {
        headers: { "Retry-After": String(decision.retryAfterSeconds) },
      });
    }
    await next();
  });
}
