import type {
  BookingResponse,
  CancelResponse,
  ClinicResponse,
  CreateBookingBody,
  CreateBookingResponse,
  CreateHoldBody,
  HoldResponse,
  ManageResponse,
  Problem,
  ProvidersResponse,
  ServicesResponse,
  SlotsResponse,
} from "./types.js";

/**
 * The one error the API client throws: a problem+json body, or `NETWORK` when nothing came back.
 *
 * @example
 * try { await api.createHold(body); } catch (e) { if (e instanceof BookwellApiError && e.code === "SLOT_TAKEN") … }
 */
export class BookwellApiError extends Error {
  readonly status: number;
  readonly code: Problem["code"];
  readonly problem: Problem;
  /** Seconds to wait, from `Retry-After` (429). */
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.detail ?? problem.title ?? problem.code);
    this.name = "BookwellApiError";
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

/** Options of {@link createApiClient}. */
export interface ApiClientOptions {
  /** Base URL the routes hang under, e.g. `https://clinic.example/api` (`/v1/...` is appended). */
  api: string;
  /**
   * Clinic id, when given: the `clinic` query parameter of a GET (which then needs no CORS
   * preflight), the `X-Bookwell-Clinic` header of any other request.
   */
  clinic?: string | undefined;
  /** A `fetch` to use instead of the global one (tests, proxies, extra headers). */
  fetch?: typeof fetch | undefined;
  /**
   * The screen's language (a BCP 47 tag, or a function giving the current one), sent as
   * `Accept-Language` on every request so the server words its problems in it.
   */
  locale?: string | (() => string | undefined) | undefined;
}

/** Query of `GET /v1/slots` (a type, so it is also a record of query parameters). */
export type SlotsQuery = {
  serviceId: string;
  providerId: string;
  from: string;
  to: string;
  timeZone?: string;
  /** `"true"`: also list full classes with `remaining: 0`. */
  includeFull?: "true";
};

/** Query of `GET /v1/manage/:token/slots`: the days only (service and provider are the booking's). */
export type ManageSlotsQuery = Omit<SlotsQuery, "serviceId" | "providerId">;

/** A typed client for the public API v1; one per widget. */
export interface ApiClient {
  getClinic(signal?: AbortSignal): Promise<ClinicResponse>;
  /** Services with names, descriptions and categories in `locale`'s language where translated. */
  getServices(signal?: AbortSignal, locale?: string): Promise<ServicesResponse>;
  getProviders(serviceId: string, signal?: AbortSignal): Promise<ProvidersResponse>;
  /**
   * Free times of a service, or with a manage `token` the times to move that booking to
   * (`GET /v1/manage/:token/slots`, where a time overlapping the visit itself is offered).
   */
  getSlots(
    query: SlotsQuery | ManageSlotsQuery,
    signal?: AbortSignal,
    token?: string,
  ): Promise<SlotsResponse>;
  createHold(body: CreateHoldBody): Promise<HoldResponse>;
  extendHold(holdId: string): Promise<HoldResponse>;
  releaseHold(holdId: string): Promise<void>;
  createBooking(body: CreateBookingBody, idempotencyKey: string): Promise<CreateBookingResponse>;
  getManage(token: string, signal?: AbortSignal): Promise<ManageResponse>;
  reschedule(
    token: string,
    body: { start: string; providerId?: string },
    idempotencyKey: string,
  ): Promise<BookingResponse>;
  cancel(token: string, body: { reason?: string }, idempotencyKey: string): Promise<CancelResponse>;
  /** Absolute URL of the booking's calendar file. */
  icsUrl(token: string): string;
  /** Server clock minus local clock in ms, learnt from the `Date` header (0 when unknown). */
  clockOffset(): number;
}

/**
 * Creates a typed client for the public API v1.
 *
 * @example
 * const api = createApiClient({ api: "https://clinic.example/api", clinic: "lisbon" });
 * const { services } = await api.getServices();
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = options.api.replace(/\/+$/, "");
  let offset = 0;

  function url(path: string, query?: Record<string, string | undefined>): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) params.set(key, value);
    }
    const search = params.toString();
    return `${base}/v1${path}${search ? `?${search}` : ""}`;
  }

  async function request<T>(
    method: string,
    path: string,
    init: {
      query?: Record<string, string | undefined>;
      body?: unknown;
      idempotencyKey?: string;
      signal?: AbortSignal | undefined;
    } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    const language = typeof options.locale === "function" ? options.locale() : options.locale;
    if (language) headers["accept-language"] = language;
    const sent = init.body === undefined ? null : JSON.stringify(init.body);
    // A GET names its clinic in the query, so a cross-origin page sends it as a simple request
    // (no CORS preflight, one round trip fewer each); other methods are preflighted anyway.
    const query = { ...init.query };
    if (options.clinic && method === "GET") query.clinic = options.clinic;
    else if (options.clinic) headers["x-bookwell-clinic"] = options.clinic;
    if (sent) headers["content-type"] = "application/json";
    if (init.idempotencyKey) headers["idempotency-key"] = init.idempotencyKey;
    // The global fetch, read per request (tests patch it); a call without `this` is fine for it.
    const doFetch = options.fetch ?? fetch;
    let response: Response;
    try {
      response = await doFetch(url(path, query), {
        method,
        headers,
        body: sent,
        signal: init.signal ?? null,
        // A released hold's DELETE outlives the page it was sent from (pagehide).
        keepalive: method === "DELETE",
      });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new BookwellApiError({ status: 0, code: "NETWORK", detail: String(error) });
    }
    const date = response.headers.get("date");
    if (date) {
      const skew = Date.parse(date) - Date.now();
      // The Date header has one-second precision: ignore offsets smaller than that.
      if (!Number.isNaN(skew)) offset = Math.abs(skew) > 2000 ? skew : 0;
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      // no body (204), or not JSON (a proxy's error page): nothing to return, no problem document
    }
    if (!response.ok) {
      const problem =
        body && typeof body === "object" && "code" in body
          ? ({ ...(body as Problem), status: response.status } as Problem)
          : ({ status: response.status, code: `HTTP_${response.status}` } as Problem);
      const retry = Number(response.headers.get("retry-after"));
      throw new BookwellApiError(problem, Number.isFinite(retry) && retry > 0 ? retry : null);
    }
    return body as T;
  }

  const manage = (token: string) => `/manage/${encodeURIComponent(token)}`;

  return {
    getClinic: (signal) => request("GET", "/clinic", { signal }),
    getServices: (signal, locale) => request("GET", "/services", { query: { locale }, signal }),
    getProviders: (serviceId, signal) =>
      request("GET", "/providers", { query: { serviceId }, signal }),
    getSlots: (query, signal, token) =>
      request("GET", token ? `${manage(token)}/slots` : "/slots", { query, signal }),
    createHold: (body) => request("POST", "/holds", { body }),
    extendHold: (holdId) =>
      request("POST", `/holds/${encodeURIComponent(holdId)}/extend`, { body: {} }),
    releaseHold: (holdId) => request("DELETE", `/holds/${encodeURIComponent(holdId)}`),
    createBooking: (body, idempotencyKey) => request("POST", "/bookings", { body, idempotencyKey }),
    getManage: (token, signal) => request("GET", manage(token), { signal }),
    reschedule: (token, body, idempotencyKey) =>
      request("POST", `${manage(token)}/reschedule`, { body, idempotencyKey }),
    cancel: (token, body, idempotencyKey) =>
      request("POST", `${manage(token)}/cancel`, { body, idempotencyKey }),
    icsUrl: (token) =>
      url(`${manage(token)}/ics`, options.clinic ? { clinic: options.clinic } : undefined),
    clockOffset: () => offset,
  };
}

/**
 * A fresh idempotency key (a random UUID), for one logical POST and its retries.
 *
 * @example
 * const key = newIdempotencyKey(); // "3b241101-e2bb-4255-8caf-4136c566a962"
 */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  // randomUUID only exists on secure (https) pages; elsewhere 128 random bits in hex.
  return (
    c.randomUUID?.() ??
    Array.from(c.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join(
      "",
    )
  );
}
