import { fireEvent, waitFor } from "@testing-library/preact";
import { HttpResponse, http } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { API, CORS, NOW } from "../mocks/handlers.js";
import type { WidgetEvent } from "../src/options.js";
import { serverPayment } from "../src/payment/server-payment.js";
import { type Rendered, renderWidget, server, useMockServer } from "./render.js";

useMockServer();

const ORIGINAL_TZ = process.env.TZ;
afterEach(() => {
  process.env.TZ = ORIGINAL_TZ;
});

/** Every day of March and April 2026 ("YYYY-MM-DD"). */
function marchAndApril(): string[] {
  const days: string[] = [];
  for (let t = Date.UTC(2026, 2, 1); t < Date.UTC(2026, 4, 1); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** Walks from the service list to the details step for Ana's 9:00 on Tuesday 3 March. */
async function holdTuesdayNine(r: Rendered) {
  fireEvent.click(
    await r.ui.findByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ }),
  );
  fireEvent.click(await r.ui.findByRole("button", { name: "09:00 to 09:45, Tuesday 3 March" }));
  await r.ui.findByRole("heading", { name: "Your details" });
  // The form is the details chunk's, loaded once the times were shown (decision 0026).
  await r.ui.findByRole("timer");
}

function fill(
  r: Rendered,
  values: { name?: string; email?: string; phone?: string; notes?: string },
) {
  const labels = {
    name: "Full name",
    email: "E-mail",
    phone: /^Phone/,
    notes: /^Anything the therapist/,
  };
  for (const [key, value] of Object.entries(values)) {
    fireEvent.input(r.ui.getByLabelText(labels[key as keyof typeof labels]), { target: { value } });
  }
}

describe("booking flow", () => {
  it("books from category to confirmation, holding the time and announcing each change", async () => {
    const events: WidgetEvent[] = [];
    const r = renderWidget({ onEvent: (event) => events.push(event) });
    const domEvents: Event[] = [];
    r.host.addEventListener("bookwell:booked", (event) => domEvents.push(event));
    expect(await r.ui.findByText("Step 1 of 5")).toBeTruthy();
    fireEvent.click(await r.ui.findByRole("button", { name: "Physiotherapy" }));
    expect(await r.ui.findByRole("heading", { name: "Choose a service" })).toBeTruthy();
    // Duration and price through Intl, free services say so.
    expect(
      r.ui.getByRole("button", { name: /Physiotherapy session.*45 minutes, €45\.00/ }),
    ).toBeTruthy();
    expect(r.ui.getByRole("button", { name: /First consultation.*15 minutes, Free/ })).toBeTruthy();
    fireEvent.click(r.ui.getByRole("button", { name: /Physiotherapy session/ }));
    expect(await r.ui.findByRole("heading", { name: "Choose a therapist" })).toBeTruthy();
    expect(await r.ui.findByRole("button", { name: /Any available therapist/ })).toBeTruthy();
    fireEvent.click(await r.ui.findByRole("button", { name: /Ana Silva/ }));
    await r.ui.findByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ });
    await waitFor(() => expect(r.status()).toBe("March 2026: 22 days with free times."));
    fireEvent.click(
      r.ui.getByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ }),
    );
    await waitFor(() => expect(r.status()).toBe("8 times free on Tuesday 3 March."));
    fireEvent.click(await r.ui.findByRole("button", { name: "09:00 to 09:45, Tuesday 3 March" }));
    expect(await r.ui.findByRole("heading", { name: "Your details" })).toBeTruthy();
    // "Holding this time for you…" does not linger in the live region once the time is held.
    // (The live region writes 50 ms after an announcement: wait past that.)
    await new Promise((done) => setTimeout(done, 150));
    expect(r.status()).toBe("");
    expect(r.clinic.holds.size).toBe(1);
    expect((await r.ui.findByRole("timer")).textContent).toBe("10:00");
    fill(r, {
      name: "Maria Santos",
      email: "maria@example.com",
      phone: "+351 912 345 678",
      notes: "Left knee",
    });
    fireEvent.click(r.ui.getByRole("button", { name: "Confirm booking" }));
    expect(await r.ui.findByRole("heading", { name: "You're booked" })).toBeTruthy();
    expect(r.ui.getByText(/We sent a confirmation to maria@example.com/)).toBeTruthy();
    expect(r.ui.getByRole("heading", { name: "What happens next" })).toBeTruthy();
    const calendar = r.ui.getByRole("link", { name: "Add to calendar" });
    expect(calendar.getAttribute("href")).toBe("https://clinic.test/api/v1/manage/tok-bk-2/ics");
    const booking = [...r.clinic.bookings.values()][0];
    expect(booking?.providerId).toBe("p-ana");
    expect(booking?.client.phone).toBe("+351 912 345 678");
    expect(r.clinic.holds.size).toBe(0);
    expect(events.map((event) => event.type)).toEqual(["booked"]);
    expect(domEvents).toHaveLength(1);
  });

  it("sends the hold id, the locale and an Idempotency-Key with the booking", async () => {
    const seen: Array<{ body: Record<string, unknown>; key: string | null }> = [];
    server.events.on("request:start", async ({ request }) => {
      if (request.method === "POST" && request.url.endsWith("/v1/bookings")) {
        seen.push({
          body: await request.clone().json(),
          key: request.headers.get("idempotency-key"),
        });
      }
    });
    const r = renderWidget({ service: "svc-physio", provider: "p-ana", clinic: "lisbon" });
    await holdTuesdayNine(r);
    fill(r, { name: "Maria Santos", email: "maria@example.com" });
    fireEvent.click(r.ui.getByRole("button", { name: "Confirm booking" }));
    await r.ui.findByRole("heading", { name: "You're booked" });
    server.events.removeAllListeners();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.key).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(seen[0]?.body).toMatchObject({
      serviceId: "svc-physio",
      providerId: "p-ana",
      holdId: "hold-1",
      locale: "en-GB",
      client: { name: "Maria Santos", email: "maria@example.com" },
    });
    expect(seen[0]?.body.client).not.toHaveProperty("phone");
  });

  it("skips steps with one answer: preset service and therapist start at the calendar", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-bruno" });
    expect(await r.ui.findByRole("heading", { name: "Choose a day and time" })).toBeTruthy();
    expect(r.ui.getByText("Step 1 of 2")).toBeTruthy();
    expect(r.ui.queryByRole("button", { name: /Back/ })).toBeNull();
  });

  it("skips the service step when the chosen category offers one service", async () => {
    const r = renderWidget({});
    fireEvent.click(await r.ui.findByRole("button", { name: /^Massage/ }));
    expect(await r.ui.findByRole("heading", { name: "Choose a therapist" })).toBeTruthy();
    fireEvent.click(r.ui.getByRole("button", { name: /Back/ }));
    expect(await r.ui.findByRole("heading", { name: "What would you like to book?" })).toBeTruthy();
  });

  it("skips the therapist step when only one therapist offers the service", async () => {
    const r = renderWidget({ category: "Physiotherapy" });
    fireEvent.click(await r.ui.findByRole("button", { name: /First consultation/ }));
    expect(await r.ui.findByRole("heading", { name: "Choose a day and time" })).toBeTruthy();
    expect(r.ui.getByText("Step 2 of 3")).toBeTruthy();
  });

  it("moves focus to the new step's heading after each choice", async () => {
    const r = renderWidget({ category: "Physiotherapy" });
    fireEvent.click(await r.ui.findByRole("button", { name: /Physiotherapy session/ }));
    const heading = await r.ui.findByRole("heading", { name: "Choose a therapist" });
    await waitFor(() => expect(r.root.activeElement).toBe(heading));
    fireEvent.click(r.ui.getByRole("button", { name: /Back/ }));
    const back = await r.ui.findByRole("heading", { name: "Choose a service" });
    await waitFor(() => expect(r.root.activeElement).toBe(back));
  });

  it("never offers past days and starts at the current month", async () => {
    const r = renderWidget(
      { service: "svc-physio", provider: "p-ana" },
      { clinic: { now: () => NOW } },
    );
    await r.ui.findByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ });
    const sunday = r.ui.getByRole("button", { name: "Sunday 1 March, no times" });
    expect(sunday.getAttribute("aria-disabled")).toBe("true");
    // Today (Monday 2 March, 08:00) only offers times after the lead time.
    expect(
      r.ui.getByRole("button", { name: /^Monday 2 March, 7 times free, today(, selected)?$/ }),
    ).toBeTruthy();
    expect(r.ui.getByRole("button", { name: "Previous month" }).getAttribute("aria-disabled")).toBe(
      "true",
    );
    fireEvent.click(sunday);
    expect(r.ui.queryByRole("heading", { name: /Times on Sunday/ })).toBeNull();
  });

  it("shows the first day with free times and its times at once, and lets another day be chosen", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    expect(await r.ui.findByRole("heading", { name: "Times on Monday 2 March" })).toBeTruthy();
    const today = r.ui.getByRole("button", {
      name: "Monday 2 March, 7 times free, today, selected",
    });
    expect(today.closest("td")?.getAttribute("aria-selected")).toBe("true");
    expect(r.ui.getByRole("button", { name: "10:00 to 10:45, Monday 2 March" })).toBeTruthy();
    fireEvent.click(r.ui.getByRole("button", { name: "Wednesday 4 March, 4 times free" }));
    expect(await r.ui.findByRole("heading", { name: "Times on Wednesday 4 March" })).toBeTruthy();
    expect(r.ui.queryByRole("heading", { name: "Times on Monday 2 March" })).toBeNull();
  });

  it("jumps from an empty month straight to the next month with free times", async () => {
    const r = renderWidget(
      { service: "svc-physio", provider: "p-ana" },
      { clinic: { closedDays: marchAndApril() } },
    );
    expect(await r.ui.findByText("No free times in March 2026.")).toBeTruthy();
    fireEvent.click(await r.ui.findByRole("button", { name: "Show May 2026" }));
    expect(await r.ui.findByRole("grid", { name: "May 2026" })).toBeTruthy();
    expect(await r.ui.findByRole("heading", { name: "Times on Friday 1 May" })).toBeTruthy();
  });

  it("shows loading, then the month, and announces both", async () => {
    const r = renderWidget(
      { service: "svc-physio", provider: "p-ana" },
      { states: ["slotsLoading"] },
    );
    const grid = await r.ui.findByRole("grid", { name: "March 2026" });
    expect(grid.getAttribute("aria-busy")).toBe("true");
    expect(r.ui.getAllByText("Loading free times…").length).toBeGreaterThan(0);
    await waitFor(() => expect(r.status()).toBe("Loading free times…"), { timeout: 2000 });
  });

  it("says when a month has no free times and offers the next month", async () => {
    const r = renderWidget(
      { service: "svc-physio", provider: "p-ana" },
      { clinic: { noSlots: true } },
    );
    expect(await r.ui.findByText("No free times in March 2026.")).toBeTruthy();
    await waitFor(() => expect(r.status()).toBe("No free times in March 2026."));
    fireEvent.click(r.ui.getByRole("button", { name: "Show April 2026" }));
    expect(await r.ui.findByRole("grid", { name: "April 2026" })).toBeTruthy();
  });

  it("shows an error with a retry when free times fail to load", async () => {
    const r = renderWidget(
      { service: "svc-physio", provider: "p-ana" },
      { states: ["slotsError"] },
    );
    const alert = await r.ui.findByRole("alert");
    expect(alert.textContent).toContain("Something went wrong on our side");
    server.resetHandlers();
    server.use(...(await import("../mocks/handlers.js")).scenario().handlers);
    const retry = r.ui.getByRole("button", { name: "Try again" });
    retry.focus();
    fireEvent.click(retry);
    expect(
      await r.ui.findByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ }),
    ).toBeTruthy();
    // The retry button went away with the error: focus is on the step's heading, not the page.
    expect(r.root.activeElement).toBe(r.ui.getByRole("heading", { name: "Choose a day and time" }));
  });

  it("explains when the clinic cannot be reached", async () => {
    const r = renderWidget({}, { states: ["offline"] });
    expect((await r.ui.findByRole("alert")).textContent).toContain("could not reach the clinic");
  });

  it("tells how long to wait when rate limited", async () => {
    const r = renderWidget({}, { states: ["rateLimited"] });
    expect((await r.ui.findByRole("alert")).textContent).toContain("try again in 12 seconds");
  });

  it("says what to do when the visitor holds too many times at once (429 HOLD_LIMIT_REACHED), not 'try again in 60 seconds'", async () => {
    const r = renderWidget(
      { service: "svc-physio", provider: "p-ana" },
      { clinic: { holdLimit: true } },
    );
    fireEvent.click(
      await r.ui.findByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ }),
    );
    fireEvent.click(await r.ui.findByRole("button", { name: "09:00 to 09:45, Tuesday 3 March" }));
    expect((await r.ui.findByRole("alert")).textContent).toBe(
      "You are holding too many times at once. Book or let go of one of them, or wait a few minutes, then try again.",
    );
    expect(r.ui.getByRole("heading", { name: "Choose a day and time" })).toBeTruthy();
  });

  it("shows the places left at each time of a class, in the time's name too", async () => {
    const r = renderWidget(
      { service: "svc-physio", provider: "p-ana" },
      { clinic: { capacity: 12, remaining: { "2026-03-03T09:00:00+00:00": 1 } } },
    );
    fireEvent.click(
      await r.ui.findByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ }),
    );
    const nine = await r.ui.findByRole("button", {
      name: "09:00 to 09:45, Tuesday 3 March, 1 place left",
    });
    expect(nine.textContent).toBe("09:001 place left");
    expect(
      r.ui.getByRole("button", { name: "10:00 to 10:45, Tuesday 3 March, 12 places left" }),
    ).toBeTruthy();
  });

  it("takes the week start and the 12/24-hour clock from the locale (en-US: Sunday, AM/PM)", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-ana", locale: "en-US" });
    expect(await r.ui.findByRole("heading", { name: /^Times on Monday, March 2$/ })).toBeTruthy();
    const headers = r.ui.getAllByRole("columnheader").map((th: HTMLElement) => th.textContent);
    expect(headers[0]).toMatch(/^Sun/);
    const time = r.ui.getByRole("button", { name: /^10:00\sAM to 10:45\sAM, Monday, March 2$/ });
    expect(time.textContent).toMatch(/^10:00\sAM$/);
  });

  it("says the class filled up (409 SLOT_TAKEN, CAPACITY) when its last place went meanwhile", async () => {
    const r = renderWidget(
      { service: "svc-physio", provider: "p-ana" },
      { clinic: { capacity: 12, fullClasses: ["2026-03-03T09:00:00+00:00"] } },
    );
    fireEvent.click(await r.ui.findByRole("button", { name: /^Tuesday 3 March, 8 times free/ }));
    fireEvent.click(
      await r.ui.findByRole("button", {
        name: /^09:00 to 09:45, Tuesday 3 March, 12 places left$/,
      }),
    );
    const alert = await r.ui.findByRole("alert");
    expect(alert.textContent).toContain("Sorry, the class on Tuesday 3 March, 09:00 is now full.");
    expect(alert.textContent).not.toContain("someone else booked");
  });

  it("shows no places on a treatment's times (one patient per time)", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    fireEvent.click(
      await r.ui.findByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ }),
    );
    const nine = await r.ui.findByRole("button", { name: "09:00 to 09:45, Tuesday 3 March" });
    expect(nine.textContent).toBe("09:00");
  });

  it("lets the notes be as long as the server takes (2,000 characters) and no longer", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    await holdTuesdayNine(r);
    const notes = r.ui.getByLabelText(/^Anything the therapist/) as HTMLTextAreaElement;
    expect(notes.maxLength).toBe(2000);
    expect((r.ui.getByLabelText("E-mail") as HTMLInputElement).maxLength).toBe(254);
  });

  it("says kindly when the time was taken and offers the nearest free times", async () => {
    const taken = "2026-03-03T09:00:00+00:00";
    const r = renderWidget(
      { service: "svc-physio", provider: "p-ana" },
      { clinic: { now: () => NOW } },
    );
    await r.ui.findByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ });
    // Someone else books 9:00 after the month loaded.
    r.clinic.options.taken = [taken];
    fireEvent.click(
      r.ui.getByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ }),
    );
    fireEvent.click(await r.ui.findByRole("button", { name: "09:00 to 09:45, Tuesday 3 March" }));
    const alert = await r.ui.findByText(
      /Sorry, someone else booked Tuesday 3 March, 09:00 a moment ago/,
    );
    const panel = alert.closest(".bw-taken") as HTMLElement;
    await waitFor(() => expect(r.root.activeElement).toBe(panel));
    const nearest = await r.ui.findByRole("button", { name: "Tuesday 3 March, 10:00" });
    fireEvent.click(nearest);
    expect(await r.ui.findByRole("heading", { name: "Your details" })).toBeTruthy();
    expect([...r.clinic.holds.values()][0]?.start).toBe("2026-03-03T10:00:00+00:00");
  });

  it("drops times that pass while the page is open instead of still offering them", async () => {
    let now = NOW; // Monday 2 March 08:00; with 2 hours' notice Monday starts at 10:00.
    const clock = () => now;
    const r = renderWidget(
      { service: "svc-physio", provider: "p-ana", now: clock },
      { clinic: { now: clock } },
    );
    fireEvent.click(await r.ui.findByRole("button", { name: /^Monday 2 March, \d+ times free/ }));
    expect(
      await r.ui.findByRole("button", { name: "10:00 to 10:45, Monday 2 March" }),
    ).toBeTruthy();
    now += 150 * 60_000; // 10:30: the 10:00 start has passed.
    fireEvent.click(r.ui.getByRole("button", { name: /^Tuesday 3 March, / }));
    fireEvent.click(r.ui.getByRole("button", { name: /^Monday 2 March, / }));
    await waitFor(() =>
      expect(r.ui.queryByRole("button", { name: "10:00 to 10:45, Monday 2 March" })).toBeNull(),
    );
    expect(r.ui.getByRole("button", { name: "11:00 to 11:45, Monday 2 March" })).toBeTruthy();
  });

  it("says kindly when a time became too soon while the page was open, with the nearest times (not 'something went wrong')", async () => {
    let now = NOW;
    const clock = () => now;
    const r = renderWidget(
      { service: "svc-physio", provider: "p-ana", now: clock },
      { clinic: { now: clock } },
    );
    fireEvent.click(await r.ui.findByRole("button", { name: /^Monday 2 March, \d+ times free/ }));
    const eleven = await r.ui.findByRole("button", { name: "11:00 to 11:45, Monday 2 March" });
    now += 90 * 60_000; // 09:30: 11:00 is now inside the 2 hours' notice; the server says 422.
    fireEvent.click(eleven);
    expect(
      await r.ui.findByText("Sorry, Monday 2 March, 11:00 can no longer be booked online."),
    ).toBeTruthy();
    expect(await r.ui.findByRole("button", { name: "Monday 2 March, 12:00" })).toBeTruthy();
    expect(r.ui.queryByText(/Something went wrong/)).toBeNull();
    fireEvent.click(r.ui.getByRole("button", { name: "Monday 2 March, 12:00" }));
    expect(await r.ui.findByRole("heading", { name: "Your details" })).toBeTruthy();
  });

  it("puts focus on the step's heading when 'Choose another time' closes the taken message", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    await r.ui.findByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ });
    r.clinic.options.taken = ["2026-03-03T09:00:00+00:00"];
    fireEvent.click(
      r.ui.getByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ }),
    );
    fireEvent.click(await r.ui.findByRole("button", { name: "09:00 to 09:45, Tuesday 3 March" }));
    await r.ui.findByRole("button", { name: "Tuesday 3 March, 10:00" });
    const another = r.ui.getByRole("button", { name: "Choose another time" });
    another.focus();
    fireEvent.click(another);
    await waitFor(() => expect(r.ui.queryByText(/someone else booked/)).toBeNull());
    // The button went away with the message: focus is not dropped to the page.
    expect(r.root.activeElement).toBe(r.ui.getByRole("heading", { name: "Choose a day and time" }));
  });

  it("offers the server's alternatives when the booking itself finds the time taken", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    await holdTuesdayNine(r);
    r.clinic.options.takeOnBooking = true;
    fill(r, { name: "Maria Santos", email: "maria@example.com" });
    fireEvent.click(r.ui.getByRole("button", { name: "Confirm booking" }));
    expect(await r.ui.findByText(/someone else booked Tuesday 3 March, 09:00/)).toBeTruthy();
    expect(r.ui.getByRole("heading", { name: "Choose a day and time" })).toBeTruthy();
    expect(await r.ui.findByRole("button", { name: "Tuesday 3 March, 11:00" })).toBeTruthy();
    // The patient's details are kept for the next attempt.
    r.clinic.options.takeOnBooking = false;
    fireEvent.click(r.ui.getByRole("button", { name: "Tuesday 3 March, 11:00" }));
    expect(await r.ui.findByDisplayValue("Maria Santos")).toBeTruthy();
  });

  it("ties validation errors to their fields and focuses the first one", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    await holdTuesdayNine(r);
    fill(r, { email: "not-an-email", phone: "call me" });
    fireEvent.click(r.ui.getByRole("button", { name: "Confirm booking" }));
    const summary = await r.ui.findByText("Please correct 3 problems:");
    expect(summary.closest('[role="alert"]')).toBeTruthy();
    const name = r.ui.getByLabelText("Full name");
    await waitFor(() => expect(r.root.activeElement).toBe(name));
    expect(name.getAttribute("aria-invalid")).toBe("true");
    const describedBy = name.getAttribute("aria-describedby") ?? "";
    expect(r.root.getElementById(describedBy)?.textContent).toContain("Enter your name.");
    const email = r.ui.getByLabelText("E-mail");
    expect(
      r.root.getElementById(email.getAttribute("aria-describedby") ?? "")?.textContent,
    ).toContain("Enter an e-mail address like name@example.com.");
    expect(r.ui.getByLabelText(/^Phone/).getAttribute("aria-invalid")).toBe("true");
    expect(r.ui.getByLabelText(/^Anything/).getAttribute("aria-invalid")).toBeNull();
    expect(r.clinic.bookings.size).toBe(0);
  });

  it("maps the server's field errors onto the form", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    await holdTuesdayNine(r);
    server.use(
      http.post("*/v1/bookings", () =>
        HttpResponse.json(
          {
            status: 400,
            code: "VALIDATION_FAILED",
            errors: [{ field: "client.email", message: "This domain does not receive e-mail." }],
          },
          { status: 400, headers: CORS },
        ),
      ),
    );
    fill(r, { name: "Maria Santos", email: "maria@nowhere.example" });
    fireEvent.click(r.ui.getByRole("button", { name: "Confirm booking" }));
    expect(await r.ui.findAllByText(/This domain does not receive e-mail\./)).toHaveLength(2);
    expect(r.ui.getByLabelText("E-mail").getAttribute("aria-invalid")).toBe("true");
  });

  it("refuses an e-mail with an accent in Portuguese before the server's English message can show", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-ana", locale: "pt" });
    const tuesday = { name: "terça-feira, 3 de março, 8 horários livres" };
    await r.ui.findByRole("button", tuesday);
    await waitFor(() => expect(r.status()).toMatch(/^março de 2026/));
    fireEvent.click(r.ui.getByRole("button", tuesday));
    fireEvent.click(await r.ui.findByRole("button", { name: /^09:00 / }));
    await r.ui.findByRole("heading", { name: "Os seus dados" });
    const booked = r.clinic.bookings.size;
    fireEvent.input(r.ui.getByLabelText(/^Nome/), { target: { value: "João Gonçalves" } });
    fireEvent.input(r.ui.getByLabelText(/^E-mail/), { target: { value: "joão@exemplo.pt" } });
    fireEvent.input(r.ui.getByLabelText(/^Telefone/), {
      target: { value: "+351\u00a0912\u00a0345\u00a0678" },
    });
    fireEvent.click(r.ui.getByRole("button", { name: /^Confirmar/ }));
    expect(
      await r.ui.findAllByText(/Indique um endereço de e-mail como nome@exemplo\.pt\./),
    ).toHaveLength(2);
    expect(r.ui.getByLabelText(/^E-mail/).getAttribute("aria-invalid")).toBe("true");
    expect(r.ui.getByLabelText(/^Telefone/).getAttribute("aria-invalid")).toBeNull();
    expect(r.clinic.bookings.size).toBe(booked);
    fireEvent.input(r.ui.getByLabelText(/^E-mail/), { target: { value: "joao@exemplo.pt" } });
    fireEvent.click(r.ui.getByRole("button", { name: /^Confirmar/ }));
    await r.ui.findByRole("heading", { name: /marcad/i });
    expect([...r.clinic.bookings.values()].at(-1)?.client.phone).toBe("+351 912 345 678");
  });

  it("releases the hold when the patient goes back to the times", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    await holdTuesdayNine(r);
    expect(r.clinic.holds.size).toBe(1);
    fireEvent.click(r.ui.getByRole("button", { name: /Back/ }));
    await r.ui.findByRole("heading", { name: "Choose a day and time" });
    await waitFor(() => expect(r.clinic.holds.size).toBe(0));
    expect(r.clinic.log.at(-1)).toBe("DELETE /v1/holds/hold-1");
  });

  it("notes the patient's own time zone when it differs from the clinic's", async () => {
    process.env.TZ = "America/New_York";
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    expect(await r.ui.findByText(/Times are in the clinic's time zone/)).toBeTruthy();
    expect(r.ui.getByText(/Your device uses .*America\/New_York/)).toBeTruthy();
  });

  it("names the clinic's zone beside the held time and on the confirmation for a patient in another zone", async () => {
    process.env.TZ = "America/New_York";
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    await holdTuesdayNine(r);
    expect(r.ui.getByText(/^Tuesday 3 March, 09:00 \(.+Europe\/Lisbon\)$/)).toBeTruthy();
    fill(r, { name: "Maria Santos", email: "maria@example.com" });
    fireEvent.click(r.ui.getByRole("button", { name: "Confirm booking" }));
    await r.ui.findByRole("heading", { name: "You're booked" });
    expect(r.ui.getByText(/^Tuesday 3 March, 09:00 \(.+Europe\/Lisbon\)$/)).toBeTruthy();
  });

  it("says nothing about zones when the patient is in the clinic's zone", async () => {
    process.env.TZ = "Europe/Lisbon";
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    await r.ui.findByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ });
    expect(r.ui.queryByText(/Times are in the clinic's time zone/)).toBeNull();
    await holdTuesdayNine(r);
    expect(r.ui.getByText("Tuesday 3 March, 09:00")).toBeTruthy();
  });

  it("shows the flow in Portuguese and Spanish with their plurals", async () => {
    const pt = renderWidget({ locale: "pt", service: "svc-physio", provider: "p-ana" });
    expect(
      await pt.ui.findByRole("button", { name: "terça-feira, 3 de março, 8 horários livres" }),
    ).toBeTruthy();
    expect(pt.ui.getByRole("heading", { name: "Escolha o dia e a hora" })).toBeTruthy();
    pt.widget.unmount();
    const es = renderWidget({ locale: "es", service: "svc-physio", provider: "p-ana" });
    expect(
      await es.ui.findByRole("button", { name: "martes, 3 de marzo, 8 horas libres" }),
    ).toBeTruthy();
  });
});

describe("hold countdown", () => {
  it("warns before the hold runs out, extends it, and returns to the times when it expires", async () => {
    let now = NOW;
    const r = renderWidget(
      { service: "svc-physio", provider: "p-ana", now: () => now, holdWarningSeconds: 60 },
      { clinic: { now: () => now, holdSeconds: 120 } },
    );
    await holdTuesdayNine(r);
    expect(r.ui.getByRole("timer").textContent).toBe("2:00");
    expect(r.ui.queryByText(/runs out in/)).toBeNull();
    now += 75_000;
    const warning = await r.ui.findByText(
      /Your held time runs out in 45 seconds/,
      {},
      { timeout: 2500 },
    );
    expect(warning.getAttribute("role")).toBe("alert");
    fireEvent.click(r.ui.getByRole("button", { name: "Keep this time longer" }));
    await waitFor(() => expect(r.status()).toBe("We will hold this time for 2 more minutes."));
    await waitFor(() => expect(r.ui.getByRole("timer").textContent).toBe("2:00"), {
      timeout: 2500,
    });
    expect(r.clinic.log).toContain("POST /v1/holds/hold-1/extend");
    // Let it run out: back to the times, with the details kept.
    fill(r, { name: "Maria Santos" });
    now += 121_000;
    expect(
      await r.ui.findByText(/The time we were holding for you was released/, {}, { timeout: 2500 }),
    ).toBeTruthy();
    expect(r.ui.getByRole("heading", { name: "Choose a day and time" })).toBeTruthy();
    fireEvent.click(
      await r.ui.findByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ }),
    );
    fireEvent.click(await r.ui.findByRole("button", { name: "10:00 to 10:45, Tuesday 3 March" }));
    expect(await r.ui.findByDisplayValue("Maria Santos")).toBeTruthy();
  });

  it("treats an extend after expiry (404) as expired", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    await holdTuesdayNine(r);
    r.clinic.holds.clear();
    fireEvent.click(r.ui.getByRole("button", { name: "Keep this time longer" }));
    expect(await r.ui.findByText(/The time we were holding for you was released/)).toBeTruthy();
  });
});

describe("remember me", () => {
  it("stores name, e-mail and phone only with consent, prefills them, and forgets on request", async () => {
    const first = renderWidget({ service: "svc-physio", provider: "p-ana" });
    await holdTuesdayNine(first);
    const consent = first.ui.getByRole("checkbox", { name: /Remember my name, e-mail and phone/ });
    expect((consent as HTMLInputElement).checked).toBe(false);
    fill(first, {
      name: "Maria Santos",
      email: "maria@example.com",
      phone: "912345678",
      notes: "Private",
    });
    fireEvent.click(consent);
    fireEvent.click(first.ui.getByRole("button", { name: "Confirm booking" }));
    await first.ui.findByRole("heading", { name: "You're booked" });
    const stored = Object.values({ ...localStorage });
    expect(stored).toHaveLength(1);
    expect(JSON.parse(String(stored[0]))).toEqual({
      name: "Maria Santos",
      email: "maria@example.com",
      phone: "912345678",
    });
    first.widget.unmount();

    const second = renderWidget({ service: "svc-physio", provider: "p-ana" });
    await holdTuesdayNine(second);
    expect(second.ui.getByText("We filled in the details you saved on this device.")).toBeTruthy();
    expect((second.ui.getByLabelText("Full name") as HTMLInputElement).value).toBe("Maria Santos");
    fireEvent.click(second.ui.getByRole("button", { name: "Forget my details" }));
    expect(localStorage.length).toBe(0);
    expect((second.ui.getByLabelText("Full name") as HTMLInputElement).value).toBe("");
    await waitFor(() =>
      expect(second.status()).toBe("Your details were removed from this device."),
    );
  });

  it("stores nothing without consent", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    await holdTuesdayNine(r);
    fill(r, { name: "Maria Santos", email: "maria@example.com" });
    fireEvent.click(r.ui.getByRole("button", { name: "Confirm booking" }));
    await r.ui.findByRole("heading", { name: "You're booked" });
    expect(localStorage.length).toBe(0);
  });

  it("hides the option when storage is off", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-ana", storage: null });
    await holdTuesdayNine(r);
    expect(r.ui.queryByRole("checkbox")).toBeNull();
  });
});

describe("payment through the server's payment interface", () => {
  it("creates the intent for the visit, finishes it with the SDK, confirms on the server and shows Paid", async () => {
    const complete = vi.fn(async (intent: { clientSecret?: string }) => ({
      status: "confirm-on-server" as const,
      paymentMethod: intent.clientSecret === "cs-bk-2" ? "pm_card" : "pm_wrong",
    }));
    const events: WidgetEvent[] = [];
    const r = renderWidget({
      service: "svc-physio",
      provider: "p-ana",
      payment: serverPayment({ api: API, complete }),
      onEvent: (event) => events.push(event),
    });
    await holdTuesdayNine(r);
    fill(r, { name: "Maria Santos", email: "maria@example.com" });
    fireEvent.click(r.ui.getByRole("button", { name: "Confirm booking" }));
    fireEvent.click(await r.ui.findByRole("button", { name: "Pay €45.00" }));
    expect(await r.ui.findByRole("heading", { name: "You're booked" })).toBeTruthy();
    expect(r.ui.getByText("Paid")).toBeTruthy();
    expect(complete).toHaveBeenCalledOnce();
    expect(r.clinic.log.slice(-2)).toEqual([
      "POST /v1/manage/tok-bk-2/payment-intents",
      "POST /v1/manage/tok-bk-2/payment-intents/pi-bk-2/confirm",
    ]);
    expect(events.map((e) => e.type)).toEqual(["booked", "paid"]);
  });

  it("reports a card the provider declined and reuses the same intent on retry", async () => {
    const methods = ["pm_declined", "pm_card"];
    const r = renderWidget({
      service: "svc-physio",
      provider: "p-ana",
      payment: serverPayment({
        api: API,
        complete: async () => ({
          status: "confirm-on-server",
          paymentMethod: methods.shift() ?? "pm_card",
        }),
      }),
    });
    const keys: string[] = [];
    server.events.on("request:start", ({ request }) => {
      if (request.method === "POST" && request.url.endsWith("/payment-intents")) {
        keys.push(request.headers.get("idempotency-key") ?? "");
      }
    });
    await holdTuesdayNine(r);
    fill(r, { name: "Maria Santos", email: "maria@example.com" });
    fireEvent.click(r.ui.getByRole("button", { name: "Confirm booking" }));
    fireEvent.click(await r.ui.findByRole("button", { name: "Pay €45.00" }));
    expect((await r.ui.findByRole("alert")).textContent).toBe(
      "The payment did not go through. Card declined.",
    );
    fireEvent.click(r.ui.getByRole("button", { name: "Pay €45.00" }));
    expect(await r.ui.findByRole("heading", { name: "You're booked" })).toBeTruthy();
    server.events.removeAllListeners();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });
});

describe("payment through the server's payment interface in Portuguese", () => {
  it("regression: a declined card or a network failure says so in Portuguese, without the server's English or 'Failed to fetch'", async () => {
    const methods = ["pm_declined", "pm_card"];
    const r = renderWidget({
      service: "svc-physio",
      provider: "p-ana",
      locale: "pt",
      payment: serverPayment({
        api: API,
        complete: async () => ({
          status: "confirm-on-server",
          paymentMethod: methods.shift() ?? "pm_card",
        }),
      }),
    });
    const tuesday = { name: "terça-feira, 3 de março, 8 horários livres" };
    await r.ui.findByRole("button", tuesday);
    await waitFor(() => expect(r.status()).toMatch(/^março de 2026/));
    fireEvent.click(r.ui.getByRole("button", tuesday));
    fireEvent.click(await r.ui.findByRole("button", { name: /^09:00 / }));
    await r.ui.findByRole("heading", { name: "Os seus dados" });
    fireEvent.input(r.ui.getByLabelText(/^Nome/), { target: { value: "Maria Santos" } });
    fireEvent.input(r.ui.getByLabelText(/^E-mail/), { target: { value: "maria@example.com" } });
    fireEvent.click(r.ui.getByRole("button", { name: /^Confirmar/ }));
    const pay = await r.ui.findByRole("button", { name: /^Pagar/ });
    // The network fails on the first try…
    server.use(http.post("*/payment-intents", () => HttpResponse.error(), { once: true }));
    fireEvent.click(pay);
    await waitFor(() =>
      expect(r.ui.getByRole("alert").textContent).toBe("O pagamento não foi concluído."),
    );
    // …the card is declined on the second (the server's detail is "Card declined.")…
    fireEvent.click(r.ui.getByRole("button", { name: /^Pagar/ }));
    await waitFor(() => expect(methods).toEqual(["pm_card"]));
    await waitFor(() =>
      expect(r.ui.getByRole("alert").textContent).toBe("O pagamento não foi concluído."),
    );
    // …and goes through on the third.
    fireEvent.click(r.ui.getByRole("button", { name: /^Pagar/ }));
    expect(await r.ui.findByText("Pago")).toBeTruthy();
  });
});

describe("payment step", () => {
  it("collects payment through the pluggable provider and confirms", async () => {
    const collect = vi.fn(async () => ({ status: "paid" as const, reference: "pi_123" }));
    const events: WidgetEvent[] = [];
    const r = renderWidget({
      service: "svc-physio",
      provider: "p-ana",
      payment: { collect, label: "Card or MB WAY" },
      onEvent: (event) => events.push(event),
    });
    expect(await r.ui.findByText("Step 1 of 3")).toBeTruthy();
    await holdTuesdayNine(r);
    fill(r, { name: "Maria Santos", email: "maria@example.com" });
    fireEvent.click(r.ui.getByRole("button", { name: "Confirm booking" }));
    expect(await r.ui.findByRole("heading", { name: "Payment" })).toBeTruthy();
    expect(r.ui.getByText("Amount due: €45.00")).toBeTruthy();
    fireEvent.click(r.ui.getByRole("button", { name: "Pay €45.00" }));
    expect(await r.ui.findByRole("heading", { name: "You're booked" })).toBeTruthy();
    expect(collect).toHaveBeenCalledOnce();
    expect(collect.mock.calls[0]).toBeTruthy();
    const request = (
      collect.mock.calls[0] as unknown as [{ amount: unknown; manageToken: string }]
    )[0];
    expect(request.amount).toEqual({ amount: 4500, currency: "EUR" });
    expect(request.manageToken).toBe("tok-bk-2");
    expect(r.ui.getByText("Paid")).toBeTruthy();
    expect(events.map((e) => e.type)).toEqual(["booked", "paid"]);
  });

  it("announces a failed payment, allows a retry and paying at the clinic", async () => {
    const collect = vi
      .fn()
      .mockResolvedValueOnce({ status: "failed", message: "Card declined." })
      .mockRejectedValueOnce(new Error("Network down."));
    const r = renderWidget({
      service: "svc-physio",
      provider: "p-ana",
      payment: { collect, optional: true },
    });
    await holdTuesdayNine(r);
    fill(r, { name: "Maria Santos", email: "maria@example.com" });
    fireEvent.click(r.ui.getByRole("button", { name: "Confirm booking" }));
    fireEvent.click(await r.ui.findByRole("button", { name: "Pay €45.00" }));
    expect((await r.ui.findByRole("alert")).textContent).toBe(
      "The payment did not go through. Card declined.",
    );
    fireEvent.click(r.ui.getByRole("button", { name: "Pay €45.00" }));
    await waitFor(() =>
      expect(r.ui.getByRole("alert").textContent).toBe(
        "The payment did not go through. Network down.",
      ),
    );
    fireEvent.click(r.ui.getByRole("button", { name: "Pay at the clinic instead" }));
    expect(await r.ui.findByText("You will pay at the clinic.")).toBeTruthy();
  });

  it("skips payment for free services", async () => {
    const collect = vi.fn();
    const r = renderWidget({ service: "svc-first", payment: { collect } });
    fireEvent.click(
      await r.ui.findByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ }),
    );
    fireEvent.click(await r.ui.findByRole("button", { name: "09:00 to 09:15, Tuesday 3 March" }));
    await r.ui.findByRole("heading", { name: "Your details" });
    fill(r, { name: "Maria Santos", email: "maria@example.com" });
    fireEvent.click(await r.ui.findByRole("button", { name: "Confirm booking" }));
    expect(await r.ui.findByRole("heading", { name: "You're booked" })).toBeTruthy();
    expect(collect).not.toHaveBeenCalled();
  });
});
