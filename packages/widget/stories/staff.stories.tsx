import type { Meta, StoryObj } from "@storybook/preact-vite";
import { useEffect, useRef } from "preact/hooks";
import { mockFetch } from "../mocks/handlers.js";
import { mountStaffCalendar } from "../src/staff/index.js";
import { DAY, STAFF_API, staffMock } from "../test/staff/staff-mocks.js";
import { click } from "./widget-story.js";

interface StaffArgs {
  role?: "manager" | "provider";
}

/**
 * The staff calendar on the same msw handlers as its component tests (test/staff/staff-mocks.ts).
 *
 * @example
 * export const Day = { args: {}, render: StaffStory };
 */
function StaffStory(args: StaffArgs) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!host.current) return;
    const mock = staffMock(args.role ?? "manager");
    const calendar = mountStaffCalendar(host.current, {
      api: STAFF_API,
      apiKey: "bw_sk_story",
      date: DAY,
      pollSeconds: 0,
      fetch: mockFetch(mock.handlers),
    });
    return () => calendar.unmount();
  }, [args]);
  return <div ref={host} data-testid="widget-host" />;
}

/**
 * Waits for a visit's block (by the start of its name) and sends it key presses, one by one.
 *
 * @example
 * await pressOn(canvasElement, "09:30–10:15 João Lima", [{ key: "ArrowDown", shiftKey: true }]);
 */
async function pressOn(canvas: HTMLElement, name: string, keys: KeyboardEventInit[]) {
  const started = Date.now();
  for (;;) {
    const root = canvas.querySelector<HTMLElement>('[data-testid="widget-host"]')?.shadowRoot;
    const target = [...(root?.querySelectorAll<HTMLElement>("[data-appointment]") ?? [])].find(
      (b) => b.textContent?.startsWith(name),
    );
    if (target) {
      target.focus();
      for (const init of keys) {
        const focused = (root?.activeElement as HTMLElement | null) ?? target;
        focused.dispatchEvent(new KeyboardEvent("keydown", { bubbles: true, ...init }));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return;
    }
    if (Date.now() - started > 5000) throw new Error(`No visit named ${name}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until the calendar shows `text` (a play function that does not reach its state fails).
 *
 * @example
 * await shows(canvasElement, /Override and resize/);
 */
async function shows(canvas: HTMLElement, text: RegExp) {
  const started = Date.now();
  for (;;) {
    const root = canvas.querySelector<HTMLElement>('[data-testid="widget-host"]')?.shadowRoot;
    if (text.test(root?.textContent ?? "")) return;
    if (Date.now() - started > 5000) throw new Error(`The calendar does not show ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const meta: Meta<StaffArgs> = {
  title: "Staff calendar",
  render: StaffStory,
};
export default meta;

type Story = StoryObj<StaffArgs>;

export const Day: Story = { args: {} };

export const ProviderView: Story = { args: { role: "provider" } };

export const FindATime: Story = {
  args: {},
  play: async ({ canvasElement }) => {
    await click(canvasElement, "Find a time");
    await click(canvasElement, "Search");
    await shows(canvasElement, /Free times found: 2\./);
  },
};

export const ResizeWithConflict: Story = {
  args: {},
  play: async ({ canvasElement }) => {
    await pressOn(canvasElement, "09:30–10:15 João Lima", [
      { key: "ArrowDown", shiftKey: true },
      { key: "ArrowDown", shiftKey: true },
      { key: "Enter" },
    ]);
    await shows(canvasElement, /Resize to end at 10:45 \(75 minutes\).+Override and resize/);
  },
};
