import { fireEvent, waitFor } from "@testing-library/preact";
import { afterEach, describe, expect, it } from "vitest";
import { NOW } from "../mocks/handlers.js";
import type { WidgetEvent } from "../src/options.js";
import { renderWidget, server, useMockServer } from "./render.js";

useMockServer();

const ORIGINAL_TZ = process.env.TZ;
afterEach(() => {
  history.replaceState(null, "", "/");
  process.env.TZ = ORIGINAL_TZ;
});

/** A widget on the manage page of a seeded booking (Physiotherapy with Ana, Thu 5 March 10:00). */
async function manage(
  start = "2026-03-05T10:00:00+00:00",
  extra: { onEvent?: (event: WidgetEvent) => void; status?: "booked" | "canceled" } = {},
) {
  const r = renderWidget(
    { manageToken: "tok-abc", ...(extra.onEvent ? { onEvent: extra.onEvent } : {}) },
    { clinic: { now: () => NOW } },
  );
  r.clinic.seedBooking(
    { start, serviceId: "svc-physio", providerId: "p-ana", status: extra.status ?? "booked" },
    "tok-abc",
  );
  await r.ui.findByRole("heading", { name: "Physiotherapy session" });
  return r;
}

describe("manage page", () => {
  it("shows the visit, its status and what can be done", async () => {
    const r = await manage();
    expect(r.ui.getByRole("heading", { name: /Your appointment/ })).toBeTruthy();
    expect(r.ui.getByText("Thursday 5 March, 10:00")).toBeTruthy();
    expect(r.ui.getByText("Booked")).toBeTruthy();
    expect(
      r.ui.getByText("You can cancel free of charge until Wednesday 4 March, 10:00."),
    ).toBeTruthy();
    expect(r.ui.getByRole("button", { name: "Change the time" })).toBeTruthy();
    expect(r.ui.getByRole("button", { name: "Cancel the appointment" })).toBeTruthy();
    expect(r.ui.getByRole("link", { name: "Add to calendar" }).getAttribute("href")).toBe(
      "https://clinic.test/api/v1/manage/tok-abc/ics",
    );
  });

  it("names the clinic's time zone beside the visit's time for a patient in another zone", async () => {
    // Opened from the e-mail in New York: "10:00" alone would read as New York time.
    process.env.TZ = "America/New_York";
    const r = await manage();
    expect(r.ui.getByText(/^Thursday 5 March, 10:00 \(.+Europe\/Lisbon\)$/)).toBeTruthy();
    fireEvent.click(r.ui.getByRole("button", { name: "Change the time" }));
    fireEvent.click(
      await r.ui.findByRole("button", { name: /^Friday 6 March, 8 times free(, selected)?$/ }),
    );
    fireEvent.click(await r.ui.findByRole("button", { name: "14:00 to 14:45, Friday 6 March" }));
    expect(await r.ui.findByText(/^Friday 6 March, 14:00 \(.+Europe\/Lisbon\)$/)).toBeTruthy();
  });

  it("names the clinic's zone for a visit in summer when the patient's zone only matches it in winter", async () => {
    // Accra is UTC all year; Lisbon is UTC now (2 March) but UTC+1 on 6 April.
    process.env.TZ = "Africa/Accra";
    const r = await manage("2026-04-06T10:00:00+01:00");
    expect(r.ui.getByText(/^Monday 6 April, 10:00 \(.+Europe\/Lisbon\)$/)).toBeTruthy();
  });

  it("reads the token from ?bookwell-manage= in the page URL", async () => {
    history.replaceState(null, "", "/?bookwell-manage=tok-url");
    const r = renderWidget({}, { clinic: { now: () => NOW } });
    r.clinic.seedBooking({ start: "2026-03-05T10:00:00+00:00" }, "tok-url");
    expect(await r.ui.findByRole("heading", { name: "Physiotherapy session" })).toBeTruthy();
  });

  it("says the link is not valid for unknown tokens", async () => {
    const r = renderWidget({ manageToken: "nope" });
    expect((await r.ui.findByRole("alert")).textContent).toContain(
      "This link is not valid or has expired",
    );
    expect(r.ui.queryByRole("button", { name: "Try again" })).toBeNull();
  });

  it("reschedules with the same picker, confirming old and new time", async () => {
    const events: WidgetEvent[] = [];
    const r = await manage(undefined, { onEvent: (event) => events.push(event) });
    fireEvent.click(r.ui.getByRole("button", { name: "Change the time" }));
    expect(await r.ui.findByRole("heading", { name: "Choose a new time" })).toBeTruthy();
    // Opens on the visit's month and day.
    fireEvent.click(
      await r.ui.findByRole("button", { name: /^Friday 6 March, 8 times free(, selected)?$/ }),
    );
    fireEvent.click(await r.ui.findByRole("button", { name: "14:00 to 14:45, Friday 6 March" }));
    expect(await r.ui.findByText("Friday 6 March, 14:00")).toBeTruthy();
    expect(r.ui.getByText("Thursday 5 March, 10:00")).toBeTruthy();
    fireEvent.click(r.ui.getByRole("button", { name: "Move my appointment" }));
    expect(
      await r.ui.findByText("Your appointment was moved to Friday 6 March at 14:00."),
    ).toBeTruthy();
    // The moved visit has a link of its own; the old one only shows where the visit went.
    const moved = events[0];
    expect(moved?.type === "rescheduled" && moved.manageToken).toMatch(/^tok-abc~/);
    const next = moved?.type === "rescheduled" ? (moved.manageToken ?? "") : "";
    expect(r.clinic.bookings.get(next)?.start).toBe("2026-03-06T14:00:00+00:00");
    expect(r.clinic.bookings.get("tok-abc")?.status).toBe("rebooked");
    expect(events.map((e) => e.type)).toEqual(["rescheduled"]);
  });

  it("adopts the moved visit's new link (state and address), so Change and Cancel work again without a reload", async () => {
    history.replaceState(null, "", "/clinic?lang=en&bookwell-manage=tok-url#book");
    const r = renderWidget({}, { clinic: { now: () => NOW } });
    r.clinic.seedBooking(
      { start: "2026-03-05T10:00:00+00:00", serviceId: "svc-physio", providerId: "p-ana" },
      "tok-url",
    );
    fireEvent.click(await r.ui.findByRole("button", { name: "Change the time" }));
    fireEvent.click(
      await r.ui.findByRole("button", { name: /^Friday 6 March, 8 times free(, selected)?$/ }),
    );
    fireEvent.click(await r.ui.findByRole("button", { name: "14:00 to 14:45, Friday 6 March" }));
    fireEvent.click(await r.ui.findByRole("button", { name: "Move my appointment" }));
    expect(
      await r.ui.findByText("Your appointment was moved to Friday 6 March at 14:00."),
    ).toBeTruthy();
    const next = new URL(location.href).searchParams.get("bookwell-manage") ?? "";
    expect(next).toMatch(/^tok-url~/);
    expect(`${location.pathname}${location.hash}`).toBe("/clinic#book");
    expect(new URL(location.href).searchParams.get("lang")).toBe("en");
    // The page now works with the new link: the moved visit, its calendar file, and both actions.
    expect(await r.ui.findByText("Friday 6 March, 14:00")).toBeTruthy();
    expect(r.ui.getByRole("link", { name: "Add to calendar" }).getAttribute("href")).toBe(
      `https://clinic.test/api/v1/manage/${encodeURIComponent(next)}/ics`,
    );
    fireEvent.click(r.ui.getByRole("button", { name: "Change the time" }));
    fireEvent.click(
      await r.ui.findByRole("button", { name: /^Friday 6 March, 8 times free(, selected)?$/ }),
    );
    fireEvent.click(await r.ui.findByRole("button", { name: "15:00 to 15:45, Friday 6 March" }));
    fireEvent.click(await r.ui.findByRole("button", { name: "Move my appointment" }));
    expect(
      await r.ui.findByText("Your appointment was moved to Friday 6 March at 15:00."),
    ).toBeTruthy();
    const third = new URL(location.href).searchParams.get("bookwell-manage") ?? "";
    expect(third).not.toBe(next);
    fireEvent.click(r.ui.getByRole("button", { name: "Cancel the appointment" }));
    fireEvent.click(await r.ui.findByRole("button", { name: "Yes, cancel it" }));
    expect(await r.ui.findByText("Your appointment is cancelled.")).toBeTruthy();
    expect(r.clinic.bookings.get(third)?.status).toBe("canceled");
  });

  it("says the visit was moved meanwhile (409 MOVED) instead of 'something went wrong'", async () => {
    const r = await manage();
    // Moved from another tab (or by the clinic) after this page opened.
    r.clinic.handle("POST", new URL("https://clinic.test/api/v1/manage/tok-abc/reschedule"), {
      start: "2026-03-06T14:00:00+00:00",
    });
    fireEvent.click(r.ui.getByRole("button", { name: "Cancel the appointment" }));
    fireEvent.click(await r.ui.findByRole("button", { name: "Yes, cancel it" }));
    expect((await r.ui.findByRole("alert")).textContent).toBe(
      "This appointment was moved since this page opened. Use the link in the latest e-mail to change it.",
    );
  });

  it("offers to book again after a cancel: the booking flow with the same service", async () => {
    history.replaceState(null, "", "/?bookwell-manage=tok-url");
    const r = renderWidget({}, { clinic: { now: () => NOW } });
    r.clinic.seedBooking(
      { start: "2026-03-05T10:00:00+00:00", serviceId: "svc-physio", providerId: "p-ana" },
      "tok-url",
    );
    fireEvent.click(await r.ui.findByRole("button", { name: "Cancel the appointment" }));
    fireEvent.click(await r.ui.findByRole("button", { name: "Yes, cancel it" }));
    fireEvent.click(await r.ui.findByRole("button", { name: "Book again" }));
    expect(await r.ui.findByRole("heading", { name: /Book an appointment/ })).toBeTruthy();
    expect(await r.ui.findByRole("heading", { name: "Choose a therapist" })).toBeTruthy();
    expect(new URL(location.href).searchParams.has("bookwell-manage")).toBe(false);
  });

  it("puts Google Calendar and Outlook links beside the .ics file, opening in a new tab", async () => {
    const r = await manage();
    const google = r.ui.getByRole("link", { name: "Add to Google Calendar (opens in a new tab)" });
    const outlook = r.ui.getByRole("link", { name: "Add to Outlook (opens in a new tab)" });
    const g = new URL(google.getAttribute("href") ?? "");
    expect(g.origin + g.pathname).toBe("https://calendar.google.com/calendar/render");
    expect(g.searchParams.get("dates")).toBe("20260305T100000Z/20260305T104500Z");
    expect(g.searchParams.get("text")).toMatch(/^Physiotherapy session · /);
    const o = new URL(outlook.getAttribute("href") ?? "");
    expect(o.searchParams.get("startdt")).toBe("2026-03-05T10:00:00.000Z");
    expect(o.searchParams.get("enddt")).toBe("2026-03-05T10:45:00.000Z");
    for (const link of [google, outlook]) {
      expect(link.getAttribute("target")).toBe("_blank");
      expect(link.getAttribute("rel")).toBe("noopener noreferrer");
    }
  });

  it("offers the nearest times when the new time was taken meanwhile", async () => {
    const r = await manage();
    fireEvent.click(r.ui.getByRole("button", { name: "Change the time" }));
    fireEvent.click(
      await r.ui.findByRole("button", { name: /^Friday 6 March, 8 times free(, selected)?$/ }),
    );
    fireEvent.click(await r.ui.findByRole("button", { name: "14:00 to 14:45, Friday 6 March" }));
    r.clinic.options.taken = ["2026-03-06T14:00:00+00:00"];
    fireEvent.click(await r.ui.findByRole("button", { name: "Move my appointment" }));
    expect(await r.ui.findByText(/someone else booked Friday 6 March, 14:00/)).toBeTruthy();
    fireEvent.click(await r.ui.findByRole("button", { name: "Friday 6 March, 15:00" }));
    fireEvent.click(await r.ui.findByRole("button", { name: "Move my appointment" }));
    expect(
      await r.ui.findByText("Your appointment was moved to Friday 6 March at 15:00."),
    ).toBeTruthy();
  });

  it("says kindly when the new time became too soon while the page was open, with the nearest times", async () => {
    let now = NOW;
    const clock = () => now;
    const r = renderWidget({ manageToken: "tok-soon", now: clock }, { clinic: { now: clock } });
    r.clinic.seedBooking(
      { start: "2026-03-05T10:00:00+00:00", serviceId: "svc-physio", providerId: "p-ana" },
      "tok-soon",
    );
    fireEvent.click(await r.ui.findByRole("button", { name: "Change the time" }));
    fireEvent.click(await r.ui.findByRole("button", { name: /^Monday 2 March, \d+ times free/ }));
    fireEvent.click(await r.ui.findByRole("button", { name: "11:00 to 11:45, Monday 2 March" }));
    now += 90 * 60_000;
    fireEvent.click(await r.ui.findByRole("button", { name: "Move my appointment" }));
    expect(
      await r.ui.findByText("Sorry, Monday 2 March, 11:00 can no longer be booked online."),
    ).toBeTruthy();
    expect(await r.ui.findByRole("button", { name: "Monday 2 March, 12:00" })).toBeTruthy();
    expect(r.ui.queryByText(/Something went wrong/)).toBeNull();
  });

  it("cancels free of charge inside the free window", async () => {
    const r = await manage();
    fireEvent.click(r.ui.getByRole("button", { name: "Cancel the appointment" }));
    expect(await r.ui.findByRole("heading", { name: "Cancel this appointment?" })).toBeTruthy();
    expect(
      r.ui.getByText("You can cancel free of charge until Wednesday 4 March, 10:00."),
    ).toBeTruthy();
    fireEvent.input(r.ui.getByLabelText(/Reason/), { target: { value: "Feeling better" } });
    fireEvent.click(r.ui.getByRole("button", { name: "Yes, cancel it" }));
    expect(await r.ui.findByText("Your appointment is cancelled.")).toBeTruthy();
    expect(r.ui.queryByText(/cancellation fee/)).toBeNull();
    expect(r.clinic.bookings.get("tok-abc")?.status).toBe("canceled");
  });

  it("shows the fee before confirming a late cancellation, and after", async () => {
    // Tomorrow 10:00 is inside the 24-hour window: 50% of €45.
    const r = await manage("2026-03-03T07:00:00+00:00");
    fireEvent.click(r.ui.getByRole("button", { name: "Cancel the appointment" }));
    expect(await r.ui.findByRole("heading", { name: "Cancel this appointment?" })).toBeTruthy();
    expect(r.ui.getByText("Cancelling now costs €22.50.")).toBeTruthy();
    fireEvent.click(r.ui.getByRole("button", { name: "No, keep it" }));
    expect(await r.ui.findByRole("button", { name: "Cancel the appointment" })).toBeTruthy();
    expect(r.clinic.bookings.get("tok-abc")?.status).toBe("booked");
    fireEvent.click(r.ui.getByRole("button", { name: "Cancel the appointment" }));
    fireEvent.click(await r.ui.findByRole("button", { name: "Yes, cancel it" }));
    expect(await r.ui.findByText("A cancellation fee of €22.50 applies.")).toBeTruthy();
  });

  it("never says the cancellation is free until a time already past (late visit shows its fee)", async () => {
    // Tomorrow 07:00 is inside the 24-hour window: the free window closed at 07:00 today.
    const r = await manage("2026-03-03T07:00:00+00:00");
    expect(r.ui.getByText("Cancelling now costs €22.50.")).toBeTruthy();
    expect(r.ui.queryByText(/free of charge until/)).toBeNull();
  });

  it("fetches the policy again before the cancel step when the free window closed meanwhile", async () => {
    // Loaded 30 minutes before the free window closes; the patient presses Cancel an hour later.
    let now = Date.parse("2026-03-02T06:30:00Z");
    const r = renderWidget(
      { manageToken: "tok-late", now: () => now },
      { clinic: { now: () => now } },
    );
    r.clinic.seedBooking(
      { start: "2026-03-03T07:00:00+00:00", serviceId: "svc-physio", providerId: "p-ana" },
      "tok-late",
    );
    await r.ui.findByRole("heading", { name: "Physiotherapy session" });
    expect(
      r.ui.getByText("You can cancel free of charge until Monday 2 March, 07:00."),
    ).toBeTruthy();
    now += 3_600_000;
    fireEvent.click(r.ui.getByRole("button", { name: "Cancel the appointment" }));
    expect(await r.ui.findByRole("heading", { name: "Cancel this appointment?" })).toBeTruthy();
    expect(r.ui.getByText("Cancelling now costs €22.50.")).toBeTruthy();
    expect(r.ui.queryByText(/free of charge/)).toBeNull();
  });

  it("offers no actions on a cancelled visit", async () => {
    const r = await manage(undefined, { status: "canceled" });
    expect(r.ui.getByText("Cancelled")).toBeTruthy();
    expect(r.ui.queryByRole("button", { name: "Change the time" })).toBeNull();
    expect(r.ui.queryByRole("button", { name: "Cancel the appointment" })).toBeNull();
  });

  it("regression: a visit already started says why in Portuguese without the server's English reason", async () => {
    const open = async (locale: string) => {
      const r = renderWidget({ manageToken: "tok-abc", locale }, { clinic: { now: () => NOW } });
      r.clinic.seedBooking(
        { start: "2026-03-02T07:30:00+00:00", serviceId: "svc-physio", providerId: "p-ana" },
        "tok-abc",
      );
      return r;
    };
    const pt = await open("pt");
    expect(await pt.ui.findByText("Esta consulta já não pode ser cancelada online.")).toBeTruthy();
    expect(pt.ui.queryByText(/already started/)).toBeNull();
    expect(pt.ui.queryByRole("button", { name: /Cancelar/ })).toBeNull();
    pt.widget.unmount();
    // In English the server's reason adds what the widget's own text does not say.
    const en = await open("en");
    expect(
      await en.ui.findByText(
        "This appointment can no longer be cancelled online. This visit has already started.",
      ),
    ).toBeTruthy();
  });

  it("explains a refusal from the server", async () => {
    const r = await manage();
    fireEvent.click(r.ui.getByRole("button", { name: "Cancel the appointment" }));
    await r.ui.findByRole("button", { name: "Yes, cancel it" });
    const { http, HttpResponse } = await import("msw");
    const { CORS } = await import("../mocks/handlers.js");
    server.use(
      http.post("*/v1/manage/:token/cancel", () =>
        HttpResponse.json(
          { status: 409, code: "CANCELLATION_NOT_ALLOWED" },
          { status: 409, headers: CORS },
        ),
      ),
    );
    fireEvent.click(r.ui.getByRole("button", { name: "Yes, cancel it" }));
    await waitFor(() =>
      expect(r.ui.getByRole("alert").textContent).toBe(
        "This appointment can no longer be cancelled online.",
      ),
    );
  });
});
