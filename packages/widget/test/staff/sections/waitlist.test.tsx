// Component tests of the waitlist section (happy-dom + msw): the filters go to the server as its
// query (the section filters nothing itself), an offer the server refuses (the time was taken
// meanwhile) says why and changes nothing on screen, and the helpers' day arithmetic.

import { fireEvent, waitFor, within } from "@testing-library/preact";
import { HttpResponse, http } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { addDays, todayIn } from "../../../src/staff/layout.js";
import { WaitlistSection, weekdayNames } from "../../../src/staff/sections/waitlist.js";
import { server, useMockServer } from "../../render.js";
import { API, renderSection, unmountSections } from "./section-mocks.js";

useMockServer();
afterEach(unmountSections);

const BASE = `${API}/v1/staff`;
const ENTRY = {
  id: "wl_1",
  status: "waiting",
  serviceId: "physio",
  providerId: "any",
  joinedAt: "2026-03-02T09:00:00Z",
  expiresAt: "2026-05-01T09:00:00+01:00",
  client: { name: "Marta Reis", email: "marta@example.com" },
  offers: [],
};

function mockApi() {
  const queries: Record<string, string>[] = [];
  const offers: unknown[] = [];
  server.use(
    // The CORS preflight of a request with an API key (happy-dom sends it).
    http.options(
      `${BASE}/*`,
      () =>
        new HttpResponse(null, {
          status: 204,
          headers: {
            "access-control-allow-origin": "*",
            "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
            "access-control-allow-headers": "content-type, authorization",
          },
        }),
    ),
    http.get(`${BASE}/services`, () =>
      HttpResponse.json({ services: [{ id: "physio", name: "Physiotherapy" }] }),
    ),
    http.get(`${BASE}/calendars`, () =>
      HttpResponse.json({
        calendars: [
          { id: "ana", kind: "provider", name: "Ana Silva" },
          { id: "room-1", kind: "room", name: "Room 1" },
        ],
      }),
    ),
    http.get(`${BASE}/waitlist`, ({ request }) => {
      queries.push(Object.fromEntries(new URL(request.url).searchParams));
      return HttpResponse.json({ entries: [ENTRY] });
    }),
    http.get(`${BASE}/slots`, () =>
      HttpResponse.json({
        timeZone: "Europe/Lisbon",
        slots: [
          {
            start: "2026-03-10T10:00:00Z",
            end: "2026-03-10T10:45:00Z",
            providerId: "ana",
            resourceIds: [],
            remaining: 1,
          },
        ],
      }),
    ),
    http.post(`${BASE}/waitlist/wl_1/offers`, async ({ request }) => {
      offers.push(await request.json());
      return HttpResponse.json(
        {
          type: "about:blank",
          title: "Conflict",
          status: 409,
          code: "SLOT_TAKEN",
          detail: "The time is no longer free",
        },
        { status: 409, headers: { "content-type": "application/problem+json" } },
      );
    }),
  );
  return { queries, offers };
}

describe("waitlist section", () => {
  it("sends the filters as the server's query", async () => {
    const { queries } = mockApi();
    const ui = within(renderSection(WaitlistSection, { serviceId: "physio" }, "en").root);
    await ui.findByRole("heading", { level: 3, name: "1. Marta Reis" });
    expect(queries).toEqual([{ serviceId: "physio" }]);
    const filters = within(ui.getByRole("form", { name: "Filters" }));
    const therapist = filters.getByRole("combobox", { name: "Therapist" });
    // Only providers are therapists.
    await waitFor(() => expect(within(therapist).getAllByRole("option")).toHaveLength(2));
    fireEvent.change(therapist, { target: { value: "ana" } });
    fireEvent.input(filters.getByLabelText("From"), { target: { value: "2026-03-09" } });
    fireEvent.input(filters.getByLabelText("To (inclusive)"), { target: { value: "2026-03-15" } });
    fireEvent.click(filters.getByRole("button", { name: "Show" }));
    await waitFor(() => expect(queries).toHaveLength(2));
    expect(queries[1]).toEqual({
      serviceId: "physio",
      providerId: "ana",
      from: "2026-03-09",
      to: "2026-03-15",
    });
  });

  it("says why the server refused an offer, and the entry keeps no offer", async () => {
    const { offers } = mockApi();
    const ui = within(
      renderSection(WaitlistSection, { from: "2026-03-09", to: "2026-03-15" }, "en").root,
    );
    const entry = within(await ui.findByRole("article", { name: "1. Marta Reis" }));
    const form = within(entry.getByRole("form", { name: "Offer a time to Marta Reis" }));
    fireEvent.click(form.getByRole("button", { name: "Find free times" }));
    await form.findByText("1 free time found.");
    fireEvent.submit(entry.getByRole("form", { name: "Offer a time to Marta Reis" }));
    await waitFor(() => expect(ui.getByRole("alert").textContent).toContain("no longer free"));
    expect(offers).toEqual([{ start: "2026-03-10T10:00:00Z", providerId: "ana" }]);
    expect(entry.getByText("No offer yet.")).toBeTruthy();
  });

  it("counts days, today in the clinic's zone and weekday names", () => {
    expect(addDays("2026-03-28", 2)).toBe("2026-03-30");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(todayIn("Europe/Lisbon", new Date("2026-03-09T23:30:00Z"))).toBe("2026-03-09");
    expect(todayIn("Asia/Tokyo", new Date("2026-03-09T23:30:00Z"))).toBe("2026-03-10");
    expect(weekdayNames([1, 6], "en")).toBe("Mon, Sat");
    expect(weekdayNames([3], "pt")).toMatch(/^qua/);
  });
});
