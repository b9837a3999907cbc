// Accessibility measured (issue 13, point 6): axe-core (pinned in package.json) on every page
// of the app and of the family viewer, in light and in dark, with the sample programme
// loaded. Serious and critical violations fail the test; the others are listed in the report.
//
// axe is evaluated through Playwright (DevTools protocol), which the page's
// Content-Security-Policy does not govern: the app's own policy stays as it ships.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { test, expect, guardCsp } from "./fixtures.js";
import { openApp, loadSample, scheduleWithItems, wipeDatabase } from "./helpers.js";

const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe's serious and critical violations on the page as it is now, in words. */
async function audit(page, where) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  return bad.map((v) => `${where}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

/** The first link on the page whose address matches `pattern`, as a path. */
async function firstHref(page, pattern) {
  const hrefs = await page.locator("a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  const href = hrefs.find((h) => pattern.test(h));
  if (!href) throw new Error(`no link like ${pattern} on ${page.url()}`);
  return href;
}

/** Every page of the app, found the way a person would reach them, with the sample loaded. */
async function appPages(page) {
  await loadSample(page);
  await openApp(page, "/clients");
  const client = await firstHref(page, /^\/clients\/(?!new)[^/]+$/);
  await openApp(page, "/groups");
  const group = await firstHref(page, /^\/groups\/(?!new|board|staff|rooms)[^/]+$/);
  await openApp(page, group);
  const session = await firstHref(page, /^\/sessions\/[^/]+$/);
  const month = await firstHref(page, /^\/groups\/[^/]+\/month\/[^/]+$/);
  await openApp(page, "/curriculum");
  const topic = await firstHref(page, /^\/curriculum\/topics\/(?!new)[^/]+$/);
  await openApp(page, "/curriculum/plans");
  const plan = await firstHref(page, /^\/curriculum\/plans\/(?!new)[^/]+$/);
  await openApp(page, "/families");
  await page.getByRole("button", { name: /^Edit / }).first().click();
  const member = await firstHref(page, /^\/families\/[^/?]+$/);
  return [
    "/", "/clients", "/clients/new", client, "/groups", "/groups/new", "/groups/board", "/groups/staff",
    "/groups/rooms", group, `${group}/coverage`, month, "/curriculum", "/curriculum/topics/new", topic,
    "/curriculum/plans", "/curriculum/plans/new", plan, session, `${session}/sheet`, `${session}/sign-in`,
    "/schedule", "/families", member, "/export", "/settings", "/diagnostics/failure", "/no-such-page",
  ];
}

for (const scheme of ["light", "dark"]) {
  test(`every page of the app has no serious or critical axe violation (${scheme})`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.emulateMedia({ colorScheme: scheme });
    const pages = await appPages(page);
    const problems = [];
    for (const path of pages) {
      await openApp(page, path);
      problems.push(...(await audit(page, path)));
    }
    // The failure message, over a frozen page.
    await openApp(page, "/diagnostics/failure");
    await page.getByRole("button", { name: "Cause a test failure" }).click();
    await expect(page.getByRole("alertdialog", { name: "Something went wrong" })).toBeVisible();
    problems.push(...(await audit(page, "failure message")));
    expect(problems).toEqual([]);
  });

  test(`the family viewer and the full-page messages have no serious or critical axe violation (${scheme})`, async ({ page, browser }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: scheme });
    await loadSample(page);
    const problems = [];
    // A member with something to share: make a link, and open it as the family would.
    await scheduleWithItems(page);
    const share = page.getByRole("region", { name: "Share this schedule" });
    await share.getByRole("button", { name: "Make a share link" }).click();
    const link = await share.getByLabel("Share link", { exact: true }).inputValue();
    problems.push(...(await audit(page, "family schedule with its share link")));
    expect(link).not.toBeNull();
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: scheme });
    const phoneViolations = await guardCsp(phone);
    const viewer = await phone.newPage();
    await viewer.goto(link);
    await expect(viewer.locator("html[data-viewer-ready=true]")).toHaveCount(1);
    problems.push(...(await audit(viewer, "family viewer")));
    // A changed link, opened as a new page (the viewer removes the fragment once read).
    await viewer.close();
    const damaged = await phone.newPage();
    await damaged.goto(link.replace(/#2\.(.)/, (m, c) => `#2.${c === "A" ? "B" : "A"}`));
    await expect(damaged.getByText("This link is damaged or incomplete")).toBeVisible();
    problems.push(...(await audit(damaged, "family viewer, damaged link")));
    await phone.close();
    expect(phoneViolations, "Content-Security-Policy violations in the family viewer").toEqual([]);

    // "The data saved in this browser is gone".
    await wipeDatabase(page);
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "The data saved in this browser is gone" })).toBeVisible();
    await page.getByRole("button", { name: "Start a new, empty programme" }).click();
    problems.push(...(await audit(page, "data gone")));
    expect(problems).toEqual([]);
  });
}
