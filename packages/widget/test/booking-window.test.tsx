// The picker stays inside the service's booking window (minimum notice .. horizon), and the
// reschedule picker asks the manage link's own slots route, where the visit being moved is free.
import { fireEvent, waitFor } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { NOW } from "../mocks/handlers.js";
import { type Rendered, renderWidget, useMockServer } from "./render.js";

useMockServer();

const nextMonth = (r: Rendered) =>
  r.ui.getByRole("button", { name: "Next month" }) as HTMLButtonElement;

/** Why a control is disabled: the text of the element its aria-describedby names. */
function reason(r: Rendered, control: HTMLElement): string | null {
  const id = control.getAttribute("aria-describedby");
  return id ? (r.root.getElementById(id)?.textContent ?? null) : null;
}

describe("booking window", () => {
  it("regression: the months paged on a year past the service's horizon; they stop at the month of its last day", async () => {
    // Horizon 40 days from Monday 2 March: the last bookable day is Saturday 11 April.
    const r = renderWidget(
      { service: "svc-physio", provider: "p-ana" },
      { clinic: { horizonDays: 40 } },
    );
    await r.ui.findByRole("grid", { name: "March 2026" });
    expect(nextMonth(r).getAttribute("aria-disabled")).toBeNull();
    expect(reason(r, nextMonth(r))).toBeNull();
    expect(r.ui.queryByText(/Times can be booked up to/)).toBeNull();
    fireEvent.click(nextMonth(r));
    expect(await r.ui.findByRole("grid", { name: "April 2026" })).toBeTruthy();
    expect(
      await r.ui.findByRole("button", { name: /^Friday 10 April, 8 times free(, selected)?$/ }),
    ).toBeTruthy();
    expect(r.ui.getByRole("button", { name: "Monday 13 April, no times" })).toBeTruthy();
    // The next month is refused, with the reason tied to the button and shown.
    expect(nextMonth(r).getAttribute("aria-disabled")).toBe("true");
    expect(reason(r, nextMonth(r))).toMatch(/Times can be booked up to Saturday 11 April\.$/);
    expect(r.ui.getByText(/Times can be booked up to Saturday 11 April\./)).toBeTruthy();
    fireEvent.click(nextMonth(r));
    // PageDown stops at the last day too.
    const friday = r.ui.getByRole("button", {
      name: /^Friday 10 April, 8 times free(, selected)?$/,
    });
    friday.focus();
    fireEvent.keyDown(friday, { key: "PageDown" });
    await waitFor(() =>
      expect(r.root.activeElement?.getAttribute("aria-label")).toBe("Saturday 11 April, no times"),
    );
    expect(r.ui.getByRole("grid", { name: "April 2026" })).toBeTruthy();
    expect(r.clinic.log.filter((line) => line.includes("/v1/slots"))).toHaveLength(2);
  });

  it("opens on the first day the minimum notice allows, and never pages back before it", async () => {
    // 31 days' notice from Monday 2 March 08:00: nothing before Thursday 2 April.
    const r = renderWidget(
      { service: "svc-physio", provider: "p-ana" },
      { clinic: { leadMinutes: 31 * 24 * 60 } },
    );
    expect(await r.ui.findByRole("grid", { name: "April 2026" })).toBeTruthy();
    const previous = r.ui.getByRole("button", { name: "Previous month" });
    expect(previous.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(previous);
    expect(r.ui.getByRole("grid", { name: "April 2026" })).toBeTruthy();
    expect(
      await r.ui.findByRole("button", { name: /^Thursday 2 April, 8 times free(, selected)?$/ }),
    ).toBeTruthy();
    expect(r.ui.getByRole("button", { name: "Wednesday 1 April, no times" })).toBeTruthy();
  });
});

describe("reschedule picker", () => {
  async function manage(start: string, clinic: { horizonDays?: number } = {}) {
    const r = renderWidget({ manageToken: "tok-abc" }, { clinic: { now: () => NOW, ...clinic } });
    r.clinic.seedBooking({ start, serviceId: "svc-physio", providerId: "p-ana" }, "tok-abc");
    fireEvent.click(await r.ui.findByRole("button", { name: "Change the time" }));
    return r;
  }

  it("regression: it offered no time overlapping the visit being moved; it now asks the manage slots route and moves onto one", async () => {
    // Thursday 5 March 10:30–11:15: to anyone else 10:00 and 11:00 overlap it.
    const r = await manage("2026-03-05T10:30:00+00:00");
    const others = r.clinic.slots("svc-physio", "p-ana", "2026-03-05", "2026-03-05");
    expect(others.map((s) => s.start.slice(11, 16))).not.toContain("11:00");
    fireEvent.click(
      await r.ui.findByRole("button", { name: /^Thursday 5 March, 8 times free(, selected)?$/ }),
    );
    fireEvent.click(await r.ui.findByRole("button", { name: "11:00 to 11:45, Thursday 5 March" }));
    fireEvent.click(await r.ui.findByRole("button", { name: "Move my appointment" }));
    expect(
      await r.ui.findByText("Your appointment was moved to Thursday 5 March at 11:00."),
    ).toBeTruthy();
    expect(r.clinic.log).toContain("GET /v1/manage/tok-abc/slots");
    expect(r.clinic.log.some((line) => line.startsWith("GET /v1/slots"))).toBe(false);
  });

  it("stops at the service's horizon like the booking picker", async () => {
    const r = await manage("2026-04-06T10:00:00+01:00", { horizonDays: 40 });
    expect(await r.ui.findByRole("grid", { name: "April 2026" })).toBeTruthy();
    // The month's times have loaded (from the manage route) before the test ends.
    expect(
      await r.ui.findByRole("button", { name: /^Friday 10 April, 8 times free(, selected)?$/ }),
    ).toBeTruthy();
    expect(nextMonth(r).getAttribute("aria-disabled")).toBe("true");
    expect(reason(r, nextMonth(r))).toMatch(/Times can be booked up to Saturday 11 April\.$/);
    expect(r.clinic.log.some((line) => line.startsWith("GET /v1/services"))).toBe(false);
  });
});
