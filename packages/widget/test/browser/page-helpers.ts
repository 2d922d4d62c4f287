// Helpers for driving the widget in chromium: keyboard-only navigation into the shadow root,
// axe-core checks, focus and target-size checks, screenshots at phone and desktop widths, and a
// staff page opened in a browser context of its own with its errors kept.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect } from "vitest";
import { PACKAGE } from "./servers.js";

/** Where screenshots go (git-ignored). */
export const ARTIFACTS = join(PACKAGE, "test-artifacts");

/** What has focus, looking through shadow roots. */
export interface Focused {
  tag: string;
  name: string;
  role: string | null;
  outline: string;
  outlineWidth: number;
  /** The element (or a descendant) is what the page shows at its centre: not covered. */
  visible: boolean;
  inWidget: boolean;
}

/**
 * Describes the deepest focused element.
 *
 * @example
 * const f = await focused(page); // { tag: "button", name: "Tuesday 3 March, 8 times free", … }
 */
export function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    let root: Document | ShadowRoot = document;
    while (el?.shadowRoot?.activeElement) {
      root = el.shadowRoot;
      el = el.shadowRoot.activeElement;
    }
    if (!el || el === document.body) return null;
    const html = el as HTMLElement;
    const style = getComputedStyle(html);
    // WCAG 2.4.11: the focused control must not be entirely hidden. Probe the centre of its part
    // inside the viewport and check nothing else (a sticky bar, an overlay) is drawn there.
    const box = html.getBoundingClientRect();
    const left = Math.max(box.left, 0);
    const right = Math.min(box.right, window.innerWidth);
    const top = Math.max(box.top, 0);
    const bottom = Math.min(box.bottom, window.innerHeight);
    const hit =
      right > left && bottom > top
        ? root.elementFromPoint((left + right) / 2, (top + bottom) / 2)
        : null;
    // A label naming the control by `for`, or one wrapping it.
    const labelled =
      (html.id ? root.querySelector(`label[for="${html.id}"]`)?.textContent : null) ??
      (html.closest("label") ? html.closest("label")?.textContent : null);
    return {
      tag: html.localName,
      name: (html.getAttribute("aria-label") ?? labelled ?? html.textContent ?? "").trim(),
      role: html.getAttribute("role"),
      outline: style.outlineStyle,
      outlineWidth: Number.parseFloat(style.outlineWidth),
      visible: hit !== null && (hit === html || html.contains(hit)),
      inWidget: root !== document,
    };
  });
}

/**
 * Presses Tab (Shift+Tab when `back`) until the focused element's name matches, checking on the
 * way that every focused control shows a visible focus indicator that nothing covers.
 *
 * @example
 * await tabTo(page, /^Physiotherapy/);
 */
export async function tabTo(
  page: Page,
  name: RegExp,
  options: { back?: boolean; max?: number } = {},
) {
  const seen: string[] = [];
  for (let i = 0; i < (options.max ?? 40); i += 1) {
    await page.keyboard.press(options.back ? "Shift+Tab" : "Tab");
    const f = await focused(page);
    if (!f) continue;
    seen.push(f.name);
    if (f.inWidget) assertFocusVisible(f);
    if (name.test(f.name)) return f;
  }
  throw new Error(`Tab never reached ${name}; focus went through: ${seen.join(" | ")}`);
}

/**
 * Fails when a focused control has no visible focus indicator or is covered.
 *
 * @example
 * assertFocusVisible(await focused(page));
 */
export function assertFocusVisible(f: Focused | null): void {
  if (!f) throw new Error("nothing has focus");
  const interactive = ["button", "a", "input", "textarea", "select"].includes(f.tag);
  if (!interactive) return;
  if (f.outline === "none" || f.outlineWidth < 2) {
    throw new Error(
      `focus indicator missing on ${f.tag} "${f.name}" (outline ${f.outline} ${f.outlineWidth}px)`,
    );
  }
  if (!f.visible) throw new Error(`focused ${f.tag} "${f.name}" is covered or off screen`);
}

/**
 * Waits until the focused element's name matches.
 *
 * @example
 * await focusIs(page, /^Your details/);
 */
export async function focusIs(page: Page, name: RegExp, timeout = 5000): Promise<Focused> {
  const started = Date.now();
  let last: Focused | null = null;
  while (Date.now() - started < timeout) {
    last = await focused(page);
    if (last && name.test(last.name)) return last;
    await page.waitForTimeout(50);
  }
  throw new Error(`focus did not reach ${name}; it is on ${last?.tag} "${last?.name}"`);
}

/** A violation as axe reports it, trimmed. */
export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (served by the test site, so a strict CSP allows it) over the page, shadow roots
 * included, and returns the violations.
 *
 * @example
 * expect(await axe(page)).toEqual([]);
 */
export async function axe(page: Page): Promise<Violation[]> {
  const loaded = await page.evaluate(() => "axe" in window);
  if (!loaded) await page.addScriptTag({ url: "/axe.min.js" });
  return page.evaluate(async () => {
    const axeCore = (
      window as unknown as {
        axe: {
          run: (
            ctx: unknown,
            opts: unknown,
          ) => Promise<{
            violations: Array<{
              id: string;
              impact: string | null;
              help: string;
              nodes: Array<{ target: unknown[] }>;
            }>;
          }>;
        };
      }
    ).axe;
    const result = await axeCore.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
}

/**
 * Controls in the widget smaller than 24×24 CSS px (WCAG 2.5.8), as "name (w×h)".
 *
 * @example
 * expect(await smallTargets(page)).toEqual([]);
 */
export function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll<HTMLElement>("*")) {
        if (el.shadowRoot) visit(el.shadowRoot);
      }
      if (root === document) return;
      for (const el of root.querySelectorAll<HTMLElement>(
        "button, a[href], input, textarea, select",
      )) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        if (box.width < 24 || box.height < 24) {
          out.push(
            `${el.getAttribute("aria-label") ?? el.textContent?.trim()} (${box.width}×${box.height})`,
          );
        }
      }
    };
    visit(document);
    return out;
  });
}

/**
 * Pairs of controls in the widget whose boxes overlap (a press on one could land on the other),
 * as "a | b". The day buttons once kept a 44 px minimum width in 33 px cells at 320 px and were
 * drawn over their neighbours.
 *
 * @example
 * expect(await overlappingTargets(page)).toEqual([]);
 */
export function overlappingTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const boxes: Array<{ name: string; box: DOMRect }> = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll<HTMLElement>("*")) {
        if (el.shadowRoot) visit(el.shadowRoot);
      }
      if (root === document) return;
      for (const el of root.querySelectorAll<HTMLElement>(
        "button, a[href], input, textarea, select",
      )) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        boxes.push({ name: el.getAttribute("aria-label") ?? el.textContent?.trim() ?? "", box });
      }
    };
    visit(document);
    const out: string[] = [];
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
        const y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
        if (x > 0.5 && y > 0.5) out.push(`${a.name} | ${b.name}`);
      }
    }
    return out;
  });
}

/**
 * Checks reflow at 320 px (no sideways scrolling, no controls drawn over each other), saves full-page screenshots at 360 and 1280 px wide, ends at 1280.
 *
 * @example
 * await screenshots(page, "01-category");
 */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  // Reflow (WCAG 1.4.10): nothing scrolls sideways at 320 CSS px.
  await page.setViewportSize({ width: 320, height: 900 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  if (overflow > 320) throw new Error(`${name} scrolls sideways at 320 px (${overflow} px wide)`);
  const overlaps = await overlappingTargets(page);
  if (overlaps.length > 0) {
    throw new Error(`${name} has controls over each other at 320 px: ${overlaps.join("; ")}`);
  }
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(50);
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
  }
}

/**
 * Text of the widget's live region (role=status) inside the first shadow root.
 *
 * @example
 * await expect.poll(() => liveText(page)).toContain("times free");
 */
export function liveText(page: Page): Promise<string> {
  return page.evaluate(() => {
    for (const el of document.querySelectorAll("*")) {
      const status = el.shadowRoot?.querySelector('[role="status"]');
      if (status) return status.textContent ?? "";
    }
    return "";
  });
}

/**
 * axe at 1280 px and at 768 px wide (the staff app's desk and tablet), with a full-page screenshot
 * of each in the test artifacts as `<name>-<width>.png`; ends at 1280 px.
 *
 * @example
 * await axeAtWidths(page, "waitlist-01-list");
 */
export async function axeAtWidths(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const width of [1280, 768]) {
    await page.setViewportSize({ width, height: 1000 });
    await page.waitForTimeout(100);
    expect(await axe(page), `axe violations on ${name} at ${width} px`).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 1000 });
}

/** How {@link openStaffPage} opens a page. */
export interface StaffPageOptions {
  /** Default `en-GB`. */
  locale?: string;
  /** The browser's time zone; default the machine's. */
  timezoneId?: string;
  /** Default 1280 × 1000. */
  viewport?: { width: number; height: number };
  /** A cookie (`name=value`) the context sends to the page's origin, e.g. a staff session. */
  cookie?: string;
  /** Console errors the test provokes on purpose (e.g. `/status of 422/`): not problems. */
  expectedErrors?: RegExp;
  /** Where the new context is kept, for the test file to close after its tests. */
  contexts?: BrowserContext[];
  /** Runs before the page opens its address, e.g. to route a third party's script or watch requests. */
  beforeGoto?: (page: Page, context: BrowserContext) => Promise<void> | void;
}

/** A page {@link openStaffPage} opened, its context, and the problems it has shown so far. */
export interface StaffPage {
  page: Page;
  context: BrowserContext;
  /** Page errors and unexpected console errors (a CSP refusal is a console error), as they come. */
  problems: string[];
}

/**
 * Opens `url` in a browser context of its own (its own cookies), keeping every page error and
 * every console error the test did not provoke on purpose in `problems`.
 *
 * @example
 * const { page, problems } = await openStaffPage(browser, `${site.url}/desk`, { locale: "pt-PT", timezoneId: "Europe/Lisbon" });
 * expect(problems).toEqual([]);
 */
export async function openStaffPage(
  browser: Browser,
  url: string,
  options: StaffPageOptions = {},
): Promise<StaffPage> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 1000 },
    locale: options.locale ?? "en-GB",
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  });
  options.contexts?.push(context);
  if (options.cookie) {
    const [name = "", value = ""] = options.cookie.split("=");
    await context.addCookies([{ name, value, url: new URL(url).origin }]);
  }
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    if (options.expectedErrors?.test(message.text())) return;
    problems.push(`console: ${message.text()}`);
  });
  await options.beforeGoto?.(page, context);
  await page.goto(url);
  return { page, context, problems };
}

/**
 * Waits for a widget on the page (in any shadow root) to show `text`; on a timeout, the error
 * says what the widgets show instead.
 *
 * @example
 * await waitForWidget(page, /Booking confirmed/);
 */
export async function waitForWidget(page: Page, text: RegExp): Promise<void> {
  const shown = () =>
    page.evaluate(() =>
      [...document.querySelectorAll("*")].map((el) => el.shadowRoot?.textContent ?? "").join(" "),
    );
  await page
    .waitForFunction(
      (source) => {
        const pattern = new RegExp(source);
        return [...document.querySelectorAll("*")].some((el) =>
          pattern.test(el.shadowRoot?.textContent ?? ""),
        );
      },
      text.source,
      { timeout: 15_000 },
    )
    .catch(async (error: unknown) => {
      throw new Error(`${String(error)}\nthe widget shows: ${await shown()}`);
    });
}
