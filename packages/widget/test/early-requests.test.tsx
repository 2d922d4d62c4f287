// The first time button sooner (issue 18): the widget asks for the clinic and the catalog at once
// while it mounts, and for a preset service's first month of times before the time step's own
// requests, sharing that request with the picker.
import { waitFor } from "@testing-library/preact";
import { http } from "msw";
import { describe, expect, it } from "vitest";
import { renderWidget, server, useMockServer } from "./render.js";

useMockServer();

describe("the first screen's requests", () => {
  it("asks for the catalog before the clinic has answered", async () => {
    const seen: string[] = [];
    let catalogAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => {
      catalogAsked = resolve;
    });
    server.events.on("request:start", ({ request }) => {
      if (request.method !== "GET" || !request.url.includes("/v1/services")) return;
      seen.push("catalog asked");
      catalogAsked();
    });
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    // Before the mock clinic's handlers (added by renderWidget; the requests are intercepted
    // after this line): the clinic answers only once the catalog was asked for, or after 3 s,
    // which fails below.
    server.use(
      http.get("*/v1/clinic", async () => {
        await Promise.race([asked, new Promise((resolve) => setTimeout(resolve, 3000))]);
        seen.push("clinic answered");
        return undefined; // on to the mock clinic's own handler
      }),
    );
    expect(await r.ui.findByRole("grid", { name: "March 2026" })).toBeTruthy();
    server.events.removeAllListeners();
    expect(seen).toEqual(["catalog asked", "clinic answered"]);
  });

  it("asks for a preset service's first month of times once, before the therapists", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    expect(
      await r.ui.findByRole("button", { name: /^Tuesday 3 March, 8 times free/ }),
    ).toBeTruthy();
    const asked = () => r.clinic.log.filter((line) => /^GET \/v1\/(slots|providers)/.test(line));
    // The early request and the picker's are one: the picker took it from the slot cache.
    await waitFor(() => expect(asked()).toEqual(["GET /v1/slots", "GET /v1/providers"]));
  });
});
