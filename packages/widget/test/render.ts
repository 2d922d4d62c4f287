// Helpers for component tests: an msw server for the public API and a widget mounted in a shadow
// root, with testing-library queries bound to that root.
import { within } from "@testing-library/preact";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import { API, NOW, type Scenario, scenario } from "../mocks/handlers.js";
import { type MountedWidget, mount } from "../src/embed.js";
import type { WidgetOptions } from "../src/options.js";

/** The msw server of the test file (unhandled requests are errors). */
export const server = setupServer();

const mounted: MountedWidget[] = [];

/** Installs the msw server's lifecycle in the calling test file; widgets unmount after each test. */
export function useMockServer(): void {
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterEach(() => {
    for (const widget of mounted.splice(0)) widget.unmount();
    server.resetHandlers();
  });
  afterAll(() => server.close());
}

/** A mounted widget and its queries. */
export interface Rendered {
  host: HTMLElement;
  widget: MountedWidget;
  root: ShadowRoot;
  ui: ReturnType<typeof within>;
  clinic: ReturnType<typeof scenario>["clinic"];
  /** The live region's current text. */
  status(): string;
}

/**
 * Mounts a widget against a mock clinic scenario.
 *
 * @example
 * const { ui } = renderWidget({ locale: "en" }, { states: ["slotsLoading"] });
 */
export function renderWidget(options: Partial<WidgetOptions> = {}, input: Scenario = {}): Rendered {
  const { handlers, clinic } = scenario(input);
  server.use(...handlers);
  const host = document.createElement("div");
  document.body.appendChild(host);
  const widget = mount(host, { api: API, locale: "en", now: () => NOW, ...options });
  mounted.push(widget);
  const root = widget.shadowRoot;
  return {
    host,
    widget,
    root,
    ui: within(root.querySelector<HTMLElement>(".bw-root") as HTMLElement),
    clinic,
    status: () => root.querySelector('[role="status"]')?.textContent ?? "",
  };
}
