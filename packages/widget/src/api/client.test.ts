import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BookwellApiError, createApiClient, newIdempotencyKey } from "./client.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const CORS = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "*",
  "access-control-expose-headers": "*",
};

describe("createApiClient", () => {
  it("sends the screen's current language as Accept-Language on every request", async () => {
    const languages: Array<string | null> = [];
    server.use(
      http.all("https://api.example/v1/*", ({ request }) => {
        if (request.method === "OPTIONS")
          return new HttpResponse(null, { status: 204, headers: CORS });
        languages.push(request.headers.get("accept-language"));
        return HttpResponse.json({ clinic: {} }, { headers: CORS });
      }),
    );
    let screen = "pt-PT";
    const api = createApiClient({ api: "https://api.example", locale: () => screen });
    await api.getClinic();
    screen = "es";
    await api.getClinic();
    expect(languages).toEqual(["pt-PT", "es"]);
  });

  it("builds URLs under /v1, sends the clinic header and JSON bodies", async () => {
    const seen: Request[] = [];
    server.use(
      http.all("https://api.example/base/v1/*", async ({ request }) => {
        seen.push(request.clone());
        if (request.method === "OPTIONS")
          return new HttpResponse(null, { status: 204, headers: CORS });
        return HttpResponse.json({ hold: { id: "h1" } }, { status: 201, headers: CORS });
      }),
    );
    const api = createApiClient({ api: "https://api.example/base/", clinic: "lisbon" });
    await api.createHold({ serviceId: "s", providerId: "any", start: "2026-03-03T09:00:00+00:00" });
    const post = seen.find((r) => r.method === "POST");
    expect(post?.url).toBe("https://api.example/base/v1/holds");
    expect(post?.headers.get("x-bookwell-clinic")).toBe("lisbon");
    expect(post?.headers.get("content-type")).toBe("application/json");
    expect(await post?.json()).toEqual({
      serviceId: "s",
      providerId: "any",
      start: "2026-03-03T09:00:00+00:00",
    });
    expect(api.icsUrl("a/b")).toBe("https://api.example/base/v1/manage/a%2Fb/ics?clinic=lisbon");
  });

  it("names the clinic of a GET in the query, so it needs no CORS preflight", async () => {
    const seen: Request[] = [];
    server.use(
      http.all("https://api.example/v1/*", ({ request }) => {
        seen.push(request.clone());
        return HttpResponse.json({ services: [], categories: [] }, { headers: CORS });
      }),
    );
    const api = createApiClient({ api: "https://api.example", clinic: "lisbon", locale: "pt-PT" });
    await api.getServices(undefined, "pt");
    // (happy-dom preflights every cross-origin request; a browser does not for this one.)
    const get = seen.filter((r) => r.method === "GET");
    expect(get.map((r) => r.url)).toEqual([
      "https://api.example/v1/services?locale=pt&clinic=lisbon",
    ]);
    // No header a browser would preflight: a simple request.
    expect(get[0]?.headers.get("x-bookwell-clinic")).toBeNull();
    expect(get[0]?.headers.get("content-type")).toBeNull();
    expect(get[0]?.headers.get("accept-language")).toBe("pt-PT");
  });

  it("turns problem+json into BookwellApiError with code, alternatives and Retry-After", async () => {
    server.use(
      http.options("*", () => new HttpResponse(null, { status: 204, headers: CORS })),
      http.post("https://api.example/v1/bookings", () =>
        HttpResponse.json(
          {
            status: 409,
            code: "SLOT_TAKEN",
            detail: "Taken",
            alternatives: [{ start: "x", end: "y", providerId: "p", resourceIds: [] }],
          },
          { status: 409, headers: { ...CORS, "content-type": "application/problem+json" } },
        ),
      ),
      http.get("https://api.example/v1/services", () =>
        HttpResponse.json(
          { status: 429, code: "RATE_LIMITED" },
          { status: 429, headers: { ...CORS, "retry-after": "7" } },
        ),
      ),
      http.get(
        "https://api.example/v1/clinic",
        () => new HttpResponse("<html>", { status: 502, headers: CORS }),
      ),
    );
    const api = createApiClient({ api: "https://api.example" });
    const taken = await api
      .createBooking(
        { serviceId: "s", providerId: "any", start: "x", client: { name: "A", email: "a@b.c" } },
        "k1",
      )
      .catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(BookwellApiError);
    expect((taken as BookwellApiError).code).toBe("SLOT_TAKEN");
    expect((taken as BookwellApiError).problem.alternatives).toHaveLength(1);
    const limited = (await api.getServices().catch((e: unknown) => e)) as BookwellApiError;
    expect(limited.code).toBe("RATE_LIMITED");
    expect(limited.retryAfter).toBe(7);
    const gateway = (await api.getClinic().catch((e: unknown) => e)) as BookwellApiError;
    expect(gateway.status).toBe(502);
    expect(gateway.code).toBe("HTTP_502");
  });

  it("reports unreachable servers as NETWORK and returns nothing for 204", async () => {
    server.use(
      http.options("*", () => new HttpResponse(null, { status: 204, headers: CORS })),
      http.get("https://api.example/v1/clinic", () => HttpResponse.error()),
      http.delete(
        "https://api.example/v1/holds/h1",
        () => new HttpResponse(null, { status: 204, headers: CORS }),
      ),
    );
    const api = createApiClient({ api: "https://api.example" });
    const error = (await api.getClinic().catch((e: unknown) => e)) as BookwellApiError;
    expect(error.code).toBe("NETWORK");
    expect(error.status).toBe(0);
    await expect(api.releaseHold("h1")).resolves.toBeUndefined();
  });

  it("uses a custom fetch when given", async () => {
    const calls: string[] = [];
    const api = createApiClient({
      api: "https://api.example",
      fetch: async (input) => {
        calls.push(String(input));
        return new Response(JSON.stringify({ providers: [] }), { status: 200 });
      },
    });
    expect(await api.getProviders("svc 1")).toEqual({ providers: [] });
    expect(calls).toEqual(["https://api.example/v1/providers?serviceId=svc+1"]);
  });

  it("makes distinct idempotency keys", () => {
    const keys = new Set(Array.from({ length: 100 }, newIdempotencyKey));
    expect(keys.size).toBe(100);
  });
});
