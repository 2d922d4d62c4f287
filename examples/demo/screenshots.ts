// Takes the README's screenshots from the real build: starts the demo on a throwaway database,
// drives Debian's chromium with playwright-core, and writes PNGs into docs/images/.
// Run: bash scripts/with-toolchain.sh node examples/demo/screenshots.ts  (after `npm run build`)
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const root = new URL("../..", import.meta.url).pathname;
const { startDemo } = await import("./demo.ts");
const dataDir = await mkdtemp(join(tmpdir(), "bookwell-shots-"));
const demo = await startDemo({ dataDir, port: 0 });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(`${demo.url}/`);
  const widget = page.locator("bookwell-booking, [data-bookwell-host], section#book").first();
  await page
    .getByRole("button", { name: /Physiotherapy/ })
    .first()
    .click();
  await page
    .getByRole("button", { name: /Physio session/ })
    .first()
    .click();
  const any = page.getByRole("button", { name: /Any available/i });
  if (await any.count()) await any.first().click();
  const day = page.getByRole("button", { name: /times? free/ }).first();
  await day.click();
  await page
    .getByRole("button", { name: /^\d{2}:\d{2}/ })
    .first()
    .waitFor();
  await widget.screenshot({ path: join(root, "docs", "images", "widget.png") });
  const staffUrl = `${demo.url}/staff`;
  const staff = await page.goto(staffUrl);
  if (staff?.ok()) {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole("grid").first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(root, "docs", "images", "staff-calendar.png") });
  }
  console.log("screenshots written to docs/images/");
} finally {
  await browser.close();
  await demo.close();
  await rm(dataDir, { recursive: true, force: true });
}
