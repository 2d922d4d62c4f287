// Shared story plumbing: a host element with a mounted widget whose `fetch` is answered by the
// msw handlers of a mock-clinic scenario, and tiny helpers for play functions that walk the flow
// inside the widget's shadow root.
import { useEffect, useRef } from "preact/hooks";
import { API, mockFetch, NOW, type Scenario, scenario } from "../mocks/handlers.js";
import { mount } from "../src/embed.js";
import type { WidgetOptions } from "../src/options.js";

/** Arguments of every widget story. */
export interface WidgetStoryArgs {
  options?: Partial<WidgetOptions>;
  scenario?: Scenario;
  /** CSS custom properties set on the host (theming stories). */
  theme?: Record<string, string>;
}

/**
 * Renders one widget for a story.
 *
 * @example
 * export const Default = { args: { options: { locale: "en" } }, render: WidgetStory };
 */
export function WidgetStory(args: WidgetStoryArgs) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const { handlers } = scenario(args.scenario ?? {});
    for (const [name, value] of Object.entries(args.theme ?? {}))
      element.style.setProperty(name, value);
    const widget = mount(element, {
      api: API,
      locale: "en",
      now: () => NOW,
      storage: null,
      readManageTokenFromUrl: false,
      fetch: mockFetch(handlers),
      ...args.options,
    });
    return () => widget.unmount();
  }, [args]);
  return <div ref={host} data-testid="widget-host" />;
}

async function rootOf(canvas: HTMLElement, timeout = 5000): Promise<ShadowRoot> {
  // The widget mounts in an effect, after Storybook has started the play function.
  const started = Date.now();
  for (;;) {
    const root = canvas.querySelector<HTMLElement>('[data-testid="widget-host"]')?.shadowRoot;
    if (root) return root;
    if (Date.now() - started > timeout) throw new Error("The widget did not mount");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Waits for a button (by accessible name: aria-label or text) inside the widget and clicks it.
 *
 * @example
 * await click(canvasElement, "Tuesday 3 March, 8 times free");
 */
export async function click(
  canvas: HTMLElement,
  name: string | RegExp,
  timeout = 5000,
): Promise<void> {
  const started = Date.now();
  const root = await rootOf(canvas, timeout);
  for (;;) {
    const buttons = root.querySelectorAll<HTMLElement>("button, a");
    const match = [...buttons].find((button) => {
      const label = button.getAttribute("aria-label") ?? button.textContent ?? "";
      return typeof name === "string" ? label === name : name.test(label);
    });
    if (match) {
      match.click();
      return;
    }
    if (Date.now() - started > timeout) throw new Error(`No button named ${String(name)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Types into a field of the widget by its label text.
 *
 * @example
 * await type(canvasElement, "Full name", "Maria Santos");
 */
export async function type(canvas: HTMLElement, label: string, value: string): Promise<void> {
  const root = await rootOf(canvas);
  const started = Date.now();
  for (;;) {
    const match = [...root.querySelectorAll("label")].find((l) => l.textContent?.startsWith(label));
    const input = match ? root.getElementById(match.htmlFor) : null;
    if (input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement) {
      input.value = value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      return;
    }
    if (Date.now() - started > 5000) throw new Error(`No field labelled ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Walks to the details step with Ana's 09:00 on Tuesday 3 March held.
 *
 * @example
 * play: async ({ canvasElement }) => holdTuesdayNine(canvasElement)
 */
export async function holdTuesdayNine(canvas: HTMLElement): Promise<void> {
  await click(canvas, "Tuesday 3 March, 8 times free");
  await click(canvas, /^09:00 to 09:45, Tuesday 3 March/);
}

/** The options that start at the calendar for Ana's physiotherapy. */
export const atCalendar: Partial<WidgetOptions> = { service: "svc-physio", provider: "p-ana" };
