// @vitest-environment node
// Storybook in the test run: `build-storybook` must succeed and list every story, and then every
// story (each step and state of the widget, on the same msw handlers as the component tests) is
// opened in chromium and checked with axe-core: zero violations, no errors, play functions done.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser/chromium.js";
import { PACKAGE, type Running, startStatic } from "./browser/servers.js";

const OUT = join(PACKAGE, "storybook-static");

function storiesInSource(): string[] {
  const names: string[] = [];
  for (const file of readdirSync(join(PACKAGE, "stories")).filter((f) =>
    f.endsWith(".stories.tsx"),
  )) {
    const text = readFileSync(join(PACKAGE, "stories", file), "utf8");
    for (const match of text.matchAll(/^export const (\w+)/gm)) names.push(`${file}:${match[1]}`);
  }
  return names;
}

/** What some stories must show once their play function ran (proves they reach their state). */
const EXPECTED: Record<string, RegExp> = {
  "booking-flow--calendar-error": /Something went wrong/,
  "booking-flow--calendar-empty-month": /No free times in March 2026/,
  "booking-flow--calendar-last-bookable-month": /Times can be booked up to Saturday 11 April/,
  "booking-flow--times-of-a-day": /Times on Tuesday 3 March/,
  "booking-flow--slot-taken": /someone else booked/,
  "booking-flow--slot-no-longer-bookable": /can no longer be booked online/,
  "booking-flow--slot-taken-with-alternatives": /nearby times are still free/,
  "booking-flow--details": /Time left/,
  "booking-flow--details-with-errors": /Please correct 2 problems/,
  "booking-flow--hold-running-out": /runs out in/,
  "booking-flow--payment": /Amount due: €45\.00/,
  "booking-flow--payment-failed": /Card declined/,
  "booking-flow--confirmation": /You're booked/,
  "booking-flow--clinic-unreachable": /could not reach/,
  "booking-flow--rate-limited": /Too many requests/,
  "booking-flow--portuguese": /Escolha o dia e a hora/,
  "booking-flow--spanish": /Elija día y hora/,
  "manage-page--reschedule-confirm": /Move my appointment/,
  "manage-page--cancel-with-fee": /Cancelling now costs €22\.50/,
  "manage-page--cancelled-with-fee": /cancellation fee of €22\.50/,
};

interface IndexEntry {
  id: string;
  type: string;
  title: string;
  name: string;
}

let entries: IndexEntry[] = [];
let browser: Browser | undefined;
let site: Running | undefined;

describe("Storybook", () => {
  beforeAll(() => {
    const result = spawnSync("pnpm", ["run", "build-storybook"], {
      cwd: PACKAGE,
      encoding: "utf8",
      timeout: 5 * 60_000,
    });
    if (result.status !== 0) {
      throw new Error(`build-storybook failed:\n${result.stdout}\n${result.stderr}`);
    }
    const index = JSON.parse(readFileSync(join(OUT, "index.json"), "utf8")) as {
      entries: Record<string, IndexEntry>;
    };
    entries = Object.values(index.entries).filter((entry) => entry.type === "story");
  }, 5 * 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it("builds with every story of stories/ in its index", () => {
    expect(entries.length).toBe(storiesInSource().length);
    const ids = entries.map((entry) => entry.id);
    for (const id of [
      "booking-flow--calendar-loading",
      "booking-flow--calendar-empty-month",
      "booking-flow--calendar-error",
      "booking-flow--slot-taken",
      "booking-flow--hold-running-out",
      "booking-flow--payment",
      "manage-page--cancel-with-fee",
      "manage-page--reschedule",
    ]) {
      expect(ids).toContain(id);
    }
  });

  it(
    "renders every story in chromium with zero axe violations",
    async () => {
      browser = await launchChromium();
      site = await startStatic({}, { "/sb/": OUT });
      const context = await browser.newContext({
        viewport: { width: 800, height: 900 },
        timezoneId: "Europe/Lisbon",
      });
      const page = await context.newPage();
      const failures: string[] = [];
      let current = "";
      page.on("pageerror", (error) => failures.push(`${current}: page error: ${error.message}`));
      // A failing play function is reported on the console, not by the render phase.
      page.on("console", (message) => {
        if (message.type() === "error" && !/favicon/.test(message.location().url)) {
          failures.push(`${current}: console: ${message.text()}`);
        }
      });
      // One page load; then each story is selected through Storybook's channel (much faster).
      await page.goto(`${site.url}/sb/iframe.html?id=${entries[0]?.id}&viewMode=story`);
      for (const entry of entries) {
        current = entry.id;
        await page.evaluate((storyId) => {
          const channel = (
            window as unknown as {
              __STORYBOOK_ADDONS_CHANNEL__?: { emit(e: string, a: unknown): void };
            }
          ).__STORYBOOK_ADDONS_CHANNEL__;
          channel?.emit("setCurrentStory", { storyId, viewMode: "story" });
        }, entry.id);
        await page.waitForFunction(
          (storyId) => {
            const preview = (
              window as unknown as {
                __STORYBOOK_PREVIEW__?: { currentRender?: { id?: string; phase?: string } };
              }
            ).__STORYBOOK_PREVIEW__;
            const render = preview?.currentRender;
            const phase = render?.phase;
            return (
              render?.id === storyId &&
              (phase === "finished" || phase === "errored" || phase === "aborted")
            );
          },
          entry.id,
          { timeout: 20_000 },
        );
        // Let the widget settle after the play function (requests answered in the page itself).
        await page.waitForTimeout(400);
        const state = await page.evaluate(() => {
          const preview = (
            window as unknown as { __STORYBOOK_PREVIEW__?: { currentRender?: { phase?: string } } }
          ).__STORYBOOK_PREVIEW__;
          const host = document.querySelector('[data-testid="widget-host"]');
          return {
            phase: preview?.currentRender?.phase,
            error: document.body.classList.contains("sb-show-errordisplay"),
            text: host?.shadowRoot?.textContent ?? "",
          };
        });
        if (state.phase !== "finished" || state.error) {
          failures.push(`${entry.id}: ${state.phase}${state.error ? " (error shown)" : ""}`);
          continue;
        }
        if (!state.text) failures.push(`${entry.id}: widget did not render`);
        const expected = EXPECTED[entry.id];
        if (expected && !expected.test(state.text))
          failures.push(`${entry.id}: expected ${expected}`);
        if (!(await page.evaluate(() => "axe" in window)))
          await page.addScriptTag({ url: "/axe.min.js" });
        const violations = await page.evaluate(async () => {
          const host = document.querySelector('[data-testid="widget-host"]');
          const axe = (
            window as unknown as {
              axe: {
                run: (
                  c: unknown,
                  o: unknown,
                ) => Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }>;
              };
            }
          ).axe;
          const result = await axe.run(host, { resultTypes: ["violations"] });
          return result.violations.map((v) => `${v.id} ×${v.nodes.length}`);
        });
        if (violations.length > 0) failures.push(`${entry.id}: ${violations.join(", ")}`);
      }
      await context.close();
      expect(failures).toEqual([]);
    },
    10 * 60_000,
  );
});
