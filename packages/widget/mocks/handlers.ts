// msw request handlers over the mock clinic: the same handlers drive the component tests
// (setupServer) and the Storybook stories (through mockFetch, no service worker needed).
import { delay, getResponse, HttpResponse, http, type RequestHandler } from "msw";
import { createMockClinic, type MockClinic, type MockClinicOptions } from "./clinic.js";

export { createMockClinic, type MockClinic, type MockClinicOptions } from "./clinic.js";

/** Monday 2 March 2026, 08:00 in Lisbon: the "now" of tests and stories. */
export const NOW = Date.parse("2026-03-02T08:00:00Z");

/** The API base URL the mocks answer on. */
export const API = "https://clinic.test/api";

const ROUTES: Array<["get" | "post" | "delete", string]> = [
  ["get", "/v1/clinic"],
  ["get", "/v1/services"],
  ["get", "/v1/providers"],
  ["get", "/v1/slots"],
  ["post", "/v1/holds"],
  ["post", "/v1/holds/:id/extend"],
  ["delete", "/v1/holds/:id"],
  ["post", "/v1/bookings"],
  ["get", "/v1/manage/:token"],
  ["get", "/v1/manage/:token/slots"],
  ["post", "/v1/manage/:token/reschedule"],
  ["post", "/v1/manage/:token/cancel"],
  ["get", "/v1/manage/:token/ics"],
  ["post", "/v1/manage/:token/payment-intents"],
  ["post", "/v1/manage/:token/payment-intents/:intentId/confirm"],
];

/** CORS headers the public API sends: the widget runs on the clinic's own site, another origin. */
export const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
  "access-control-allow-headers": "content-type, idempotency-key, x-bookwell-clinic",
  "access-control-expose-headers": "retry-after, date",
  "access-control-max-age": "600",
};

/**
 * One msw handler per route of the public API (plus CORS preflight), answered by a mock clinic.
 *
 * @example
 * const server = setupServer(...clinicHandlers(createMockClinic({ now: () => NOW })));
 */
export function clinicHandlers(clinic: MockClinic): RequestHandler[] {
  const preflight = http.options(
    "*/v1/*",
    () => new HttpResponse(null, { status: 204, headers: CORS }),
  );
  const routes = ROUTES.map(([method, path]) =>
    http[method](`*${path}`, async ({ request }) => {
      const url = new URL(request.url);
      let body: unknown;
      if (method !== "get") {
        const text = await request.text();
        body = text ? JSON.parse(text) : undefined;
      }
      const result = clinic.handle(request.method, url, body);
      if (result.status === 204) return new HttpResponse(null, { status: 204, headers: CORS });
      if (result.text !== undefined) {
        return new HttpResponse(result.text, {
          status: result.status,
          headers: { ...CORS, ...result.headers },
        });
      }
      return HttpResponse.json(result.body as Record<string, unknown>, {
        status: result.status,
        headers: {
          ...CORS,
          ...(result.status >= 400 ? { "content-type": "application/problem+json" } : {}),
        },
      });
    }),
  );
  return [preflight, ...routes];
}

const problem = (status: number, code: string, headers: Record<string, string> = {}) =>
  HttpResponse.json(
    { type: `urn:bookwell:problem:${code}`, title: code, status, code },
    { status, headers: { ...CORS, "content-type": "application/problem+json", ...headers } },
  );

/** Handlers that put one route into a state (prepend them to the clinic's handlers). */
export const states = {
  /** Free times never arrive. */
  slotsLoading: [http.get("*/v1/slots", () => delay("infinite"))],
  /** The services never arrive. */
  servicesLoading: [http.get("*/v1/services", () => delay("infinite"))],
  /** Free times fail with a server error. */
  slotsError: [http.get("*/v1/slots", () => problem(500, "INTERNAL"))],
  /** The clinic cannot be reached at all. */
  offline: [http.get("*/v1/clinic", () => HttpResponse.error())],
  /** Someone else holds every time first: holds answer 409 SLOT_TAKEN. */
  holdTaken: [http.post("*/v1/holds", () => problem(409, "SLOT_TAKEN"))],
  /** Every time became too soon while the page stood open: holds answer 422. */
  holdTooSoon: [http.post("*/v1/holds", () => problem(422, "BOOKING_RULE_VIOLATED"))],
  /** Too many requests. */
  rateLimited: [
    http.get("*/v1/services", () => problem(429, "RATE_LIMITED", { "retry-after": "12" })),
  ],
} satisfies Record<string, RequestHandler[]>;

/** A scenario: mock clinic options plus state handlers. */
export interface Scenario {
  clinic?: MockClinicOptions;
  states?: Array<keyof typeof states>;
}

/**
 * The handlers of a scenario, the state handlers first.
 *
 * @example
 * const { handlers, clinic } = scenario({ states: ["slotsLoading"] });
 */
export function scenario(input: Scenario = {}): { handlers: RequestHandler[]; clinic: MockClinic } {
  const clinic = createMockClinic({ now: () => NOW, ...input.clinic });
  const extra = (input.states ?? []).flatMap((name) => states[name]);
  return { handlers: [...extra, ...clinicHandlers(clinic)], clinic };
}

/**
 * A `fetch` answered by msw handlers in the page itself (no service worker), for stories and for
 * the widget's `fetch` option.
 *
 * @example
 * mount(el, { api: API, fetch: mockFetch(scenario().handlers) });
 */
export function mockFetch(handlers: RequestHandler[]): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await getResponse(handlers, request);
    if (!response) throw new TypeError(`No mock for ${request.method} ${request.url}`);
    if (response.type === "error") throw new TypeError("Failed to fetch");
    return response;
  };
}
