import { fireEvent, waitFor } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { gridKeyTarget } from "../src/booking/day-grid.js";
import { type Rendered, renderWidget, useMockServer } from "./render.js";

useMockServer();

function focused(r: Rendered): string | null {
  return (r.root.activeElement as HTMLElement | null)?.getAttribute("aria-label") ?? null;
}

async function gridAt(r: Rendered, name: string): Promise<HTMLElement> {
  const day = await r.ui.findByRole("button", { name });
  day.focus();
  return day;
}

function press(r: Rendered, key: string, shiftKey = false) {
  fireEvent.keyDown(r.root.activeElement as HTMLElement, { key, shiftKey });
}

describe("gridKeyTarget (APG date grid keys)", () => {
  const min = "2026-03-02";
  const max = "2027-03-02";
  it.each([
    ["ArrowRight", false, "2026-03-11"],
    ["ArrowLeft", false, "2026-03-09"],
    ["ArrowDown", false, "2026-03-17"],
    ["ArrowUp", false, "2026-03-03"],
    ["Home", false, "2026-03-09"],
    ["End", false, "2026-03-15"],
    ["PageDown", false, "2026-04-10"],
    ["PageUp", false, "2026-03-02"],
    ["PageDown", true, "2027-03-02"],
  ])("%s (shift %s) from Tue 10 March goes to %s", (key, shiftKey, expected) => {
    expect(gridKeyTarget("2026-03-10", { key, shiftKey }, 1, min, max)).toBe(expected);
  });

  it("ignores other keys and respects a Sunday week start", () => {
    expect(gridKeyTarget("2026-03-10", { key: "a", shiftKey: false }, 1, min, max)).toBeNull();
    expect(gridKeyTarget("2026-03-10", { key: "Home", shiftKey: false }, 0, min, max)).toBe(
      "2026-03-08",
    );
  });
});

describe("day grid keyboard model", () => {
  it("has one tab stop, on the first day with free times, and full names on every day", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    await r.ui.findByRole("button", { name: /^Tuesday 3 March, 8 times free(, selected)?$/ });
    const grid = r.ui.getByRole("grid", { name: "March 2026" });
    const stops = grid.querySelectorAll('button[tabindex="0"]');
    expect(stops).toHaveLength(1);
    expect(stops[0]?.getAttribute("aria-label")).toMatch(
      /^Monday 2 March, 7 times free, today(, selected)?$/,
    );
    expect(grid.querySelectorAll("button")).toHaveLength(31);
    expect(
      r.ui.getByRole("button", { name: /^Wednesday 4 March, 4 times free(, selected)?$/ }),
    ).toBeTruthy();
    expect(r.ui.getByRole("button", { name: "Saturday 7 March, no times" })).toBeTruthy();
    expect(r.ui.getAllByRole("columnheader").map((th: HTMLElement) => th.textContent)).toEqual([
      "MonMonday",
      "TueTuesday",
      "WedWednesday",
      "ThuThursday",
      "FriFriday",
      "SatSaturday",
      "SunSunday",
    ]);
  });

  it("moves with arrows, Home/End, and roves the tabindex", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    await gridAt(r, "Tuesday 10 March, 8 times free");
    press(r, "ArrowRight");
    await waitFor(() => expect(focused(r)).toBe("Wednesday 11 March, 4 times free"));
    press(r, "ArrowDown");
    await waitFor(() => expect(focused(r)).toBe("Wednesday 18 March, 4 times free"));
    press(r, "ArrowLeft");
    await waitFor(() => expect(focused(r)).toBe("Tuesday 17 March, 8 times free"));
    press(r, "ArrowUp");
    await waitFor(() => expect(focused(r)).toBe("Tuesday 10 March, 8 times free"));
    press(r, "End");
    await waitFor(() => expect(focused(r)).toBe("Sunday 15 March, no times"));
    press(r, "Home");
    await waitFor(() => expect(focused(r)).toBe("Monday 9 March, 8 times free"));
    const stops = r.root.querySelectorAll('.bw-grid button[tabindex="0"]');
    expect(stops).toHaveLength(1);
    expect(stops[0]).toBe(r.root.activeElement);
  });

  it("changes month with PageUp/PageDown and year with Shift, never before today", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    await gridAt(r, "Tuesday 10 March, 8 times free");
    press(r, "PageDown");
    expect(await r.ui.findByRole("grid", { name: "April 2026" })).toBeTruthy();
    await waitFor(() => expect(focused(r)).toMatch(/^Friday 10 April/));
    await waitFor(() => expect(focused(r)).toBe("Friday 10 April, 8 times free"));
    press(r, "PageUp");
    expect(await r.ui.findByRole("grid", { name: "March 2026" })).toBeTruthy();
    await waitFor(() => expect(focused(r)).toBe("Tuesday 10 March, 8 times free"));
    press(r, "PageUp");
    // Clamped to today: February is never shown.
    await waitFor(() =>
      expect(focused(r)).toMatch(/^Monday 2 March, 7 times free, today(, selected)?$/),
    );
    press(r, "PageDown", true);
    expect(await r.ui.findByRole("grid", { name: "March 2027" })).toBeTruthy();
    await waitFor(() => expect(focused(r)).toMatch(/^Tuesday 2 March/));
  });

  it("chooses a day with Enter (a button) and ignores days without times", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    const saturday = await gridAt(r, "Saturday 7 March, no times");
    fireEvent.click(saturday);
    expect(r.ui.queryByRole("heading", { name: /Times on Saturday/ })).toBeNull();
    fireEvent.click(
      r.ui.getByRole("button", { name: /^Friday 6 March, 8 times free(, selected)?$/ }),
    );
    expect(await r.ui.findByRole("heading", { name: "Times on Friday 6 March" })).toBeTruthy();
    expect(
      r.ui.getByRole("button", { name: "Friday 6 March, 8 times free, selected" }),
    ).toBeTruthy();
    const cell = r.ui
      .getByRole("button", { name: /Friday 6 March, 8 times free, selected/ })
      .closest("td");
    expect(cell?.getAttribute("aria-selected")).toBe("true");
  });

  it("keeps month buttons for pointer users and disables going back before this month", async () => {
    const r = renderWidget({ service: "svc-physio", provider: "p-ana" });
    await r.ui.findByRole("grid", { name: "March 2026" });
    fireEvent.click(r.ui.getByRole("button", { name: "Next month" }));
    expect(await r.ui.findByRole("grid", { name: "April 2026" })).toBeTruthy();
    fireEvent.click(r.ui.getByRole("button", { name: "Previous month" }));
    expect(await r.ui.findByRole("grid", { name: "March 2026" })).toBeTruthy();
    // aria-disabled, not disabled: a focused button that turns disabled drops focus to the page.
    const previous = r.ui.getByRole("button", { name: "Previous month" }) as HTMLButtonElement;
    expect(previous.disabled).toBe(false);
    expect(previous.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(previous);
    expect(r.ui.getByRole("grid", { name: "March 2026" })).toBeTruthy();
  });

  it("moves focus to the new month's title when 'Show next month' goes away with the empty month", async () => {
    const r = renderWidget(
      { service: "svc-physio", provider: "p-ana" },
      { clinic: { noSlots: true } },
    );
    const show = await r.ui.findByRole("button", { name: "Show April 2026" });
    show.focus();
    fireEvent.click(show);
    const title = await r.ui.findByRole("heading", { name: "April 2026" });
    await waitFor(() => expect(r.root.activeElement).toBe(title));
  });
});
