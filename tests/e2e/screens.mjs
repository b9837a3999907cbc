// Screenshots for looking at layouts (not a test; `make test` does not run it). Loads the sample
// programme and takes full-page screenshots of the roster board, a group page, a session page
// (agenda), and the group form, at 1280 and 390 px wide, light and dark, into
// OUT (default /tmp/screens/). Prints each page's height in px.
//
//   node scripts/serve.mjs dist 127.0.0.1 8091 &   # from the repository root, after a build
//   cd tests/e2e && BASE=http://127.0.0.1:8091 [GROUP="Evening IOP"] node screens.mjs [suffix]
import { chromium } from "@playwright/test";
import { mkdir } from "node:fs/promises";
import { chromiumArgs } from "./playwright.config.js";

const base = process.env.BASE ?? "http://127.0.0.1:8091";
const out = process.env.OUT ?? "/tmp/screens";
const suffix = process.argv[2] ? `-${process.argv[2]}` : "";
const widths = [1280, 390];
const schemes = ["light", "dark"];

async function ready(page) {
  await page.waitForSelector("html[data-app-ready=true]");
  await page.waitForTimeout(300);
}

async function shot(page, name, width, scheme) {
  const file = `${out}/${name}-${width}-${scheme}${suffix}.png`;
  await page.screenshot({ path: file, fullPage: true });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  console.log(JSON.stringify({ name, width, scheme, height, file }));
}

await mkdir(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: chromiumArgs,
});
try {
  for (const width of widths) {
    const context = await browser.newContext({
      viewport: { width, height: width > 600 ? 900 : 844 },
      locale: "en-US",
      hasTouch: width < 600,
    });
    const page = await context.newPage();
    await page.goto(`${base}/settings`);
    await ready(page);
    await page.getByRole("button", { name: "Load sample programme" }).click();
    await page.getByRole("status").filter({ hasText: "Sample programme loaded" }).waitFor();
    await page.goto(`${base}/groups`);
    await ready(page);
    const group = await page.getByRole("link", { name: process.env.GROUP ?? "DBT Skills" }).first().getAttribute("href");
    await page.goto(`${base}${group}`);
    await ready(page);
    const session = await page.locator("a[href^='/sessions/']").first().getAttribute("href");
    for (const scheme of schemes) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${base}/groups/board`);
      await ready(page);
      await shot(page, "board", width, scheme);
      await page.goto(`${base}${group}`);
      await ready(page);
      await shot(page, "group", width, scheme);
      // The group form on its own, with a morning meeting time.
      const form = page.locator("form").filter({ has: page.getByLabel("Meeting 1 starts") });
      await page.getByLabel("Meeting 1 starts").fill("10:00");
      await form.screenshot({ path: `${out}/group-form-${width}-${scheme}${suffix}.png` });
      console.log(JSON.stringify({ name: "group-form", width, scheme, file: `${out}/group-form-${width}-${scheme}${suffix}.png` }));
      await page.goto(`${base}${session}`);
      await ready(page);
      await shot(page, "session", width, scheme);
    }
    await context.close();
  }
} finally {
  await browser.close();
}
