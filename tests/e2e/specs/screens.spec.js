import { test, expect } from "./fixtures.js";
import { openApp, fillClient, dataRows, loadSample } from "./helpers.js";


/** "December 2026" for this month and the next (the app's "today" is the browser's). */
async function thisAndNextMonth(page) {
  return page.evaluate(() => {
    const d = new Date();
    const name = (x) => x.toLocaleDateString("en-US", { month: "long", year: "numeric" });
    return [name(d), name(new Date(d.getFullYear(), d.getMonth() + 1, 1))];
  });
}

test("a group's sessions are folded by month: this month open, the others open from the keyboard", async ({ page }) => {
  await loadSample(page);
  await page.goto("/groups");
  await page.getByRole("link", { name: "DBT Skills" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "DBT Skills" })).toBeVisible();

  // The group's details come before its sessions.
  const details = page.getByRole("heading", { level: 2, name: "Group details" });
  const sessions = page.getByRole("heading", { level: 2, name: "Curriculum and sessions" });
  await expect(sessions).toBeVisible();
  expect(
    await details.evaluate((a, b) => Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING), await sessions.elementHandle()),
  ).toBe(true);

  const region = page.getByRole("region", { name: "Curriculum and sessions" });
  const months = region.locator("details.month");
  expect(await months.count()).toBeGreaterThan(1);
  // This month (or the next, when the group does not meet again this month) is the open one.
  const [now, next] = await thisAndNextMonth(page);
  const first = months.first();
  await expect(first).toHaveJSProperty("open", true);
  await expect(first.locator("summary")).toHaveText(new RegExp(`^(${now}|${next}) · \\d+ sessions?$`));
  await expect(dataRows(page, first.getByRole("table"))).not.toHaveCount(0);
  for (let i = 1; i < (await months.count()); i++) {
    await expect(months.nth(i)).toHaveJSProperty("open", false);
  }

  // The next month is folded: its sessions are hidden until it is opened from the keyboard.
  const label = (await months.nth(1).locator("summary").textContent()).trim();
  const month = label.split(" · ")[0];
  const count = Number(label.match(/ · (\d+) sessions?$/)[1]);
  const second = months.filter({ has: page.locator("summary", { hasText: month }) });
  expect(count).toBeGreaterThan(0);
  await expect(second.getByRole("table")).toBeHidden();
  await second.locator("summary").focus();
  await page.keyboard.press("Enter");
  await expect(second).toHaveJSProperty("open", true);
  const table = page.getByRole("table", { name: `Sessions of this group, ${month}` });
  await expect(dataRows(page, table)).toHaveCount(count);
  await expect(dataRows(page, table).first().getByRole("link")).toBeVisible();
  // Showing past sessions keeps what was opened.
  await page.getByLabel("Show past sessions").check();
  await expect(dataRows(page, table)).toHaveCount(count);
  await second.locator("summary").focus();
  await page.keyboard.press("Space");
  await expect(second).toHaveJSProperty("open", false);
  await expect(table).toBeHidden();
});

test("the roster board spans the window and scrolls sideways from the keyboard", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await loadSample(page);
  await page.goto("/groups/board");
  const board = page.getByRole("region", { name: /^Roster board, \d+ columns \(scrolls sideways\)$/ });
  await expect(board).toBeVisible();
  await expect(board).toHaveAttribute("tabindex", "0");
  await expect(page.getByText(/\d+ groups and the unassigned clients side by side\. Scroll sideways for more groups/)).toBeVisible();
  // Wider than the 70rem content column, and still more columns than fit.
  const box = await board.boundingBox();
  expect(box.width).toBeGreaterThan(1200);
  const sizes = await board.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(sizes.scroll).toBeGreaterThan(sizes.client);
  // The keyboard scrolls it once it has focus.
  await board.focus();
  await expect(board).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => board.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  const columns = Number((await board.getAttribute("aria-label")).match(/(\d+) columns/)[1]);
  await expect(board.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 2 }) })).toHaveCount(columns);
});

test("two clients with the same preferred name are told apart by a family-name initial", async ({ page }) => {
  await openApp(page, "/clients/new");
  const date = await page.evaluate(() => {
    const d = new Date();
    const p = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  });
  for (const fullName of ["Riley Morgan", "Riley Thompson", "Sam Ortega"]) {
    await page.goto("/clients/new");
    await fillClient(page, { fullName, preferred: fullName.split(" ")[0], admission: date });
    await page.getByRole("button", { name: "Add client" }).click();
    await expect(page.getByRole("status")).toContainText(`Added ${fullName}.`);
  }
  await page.goto("/groups/new");
  await page.getByLabel("Name").fill("Afternoon skills");
  await page.getByLabel("Minimum size", { exact: true }).fill("1");
  await page.getByLabel("Start date").fill(date);
  await page.getByRole("button", { name: "Add group" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Afternoon skills" })).toBeVisible();

  const picker = page.getByLabel("Client", { exact: true });
  await expect(picker.locator("option")).toHaveText(["Choose a client…", "Riley M.", "Riley T.", "Sam"]);
  await picker.selectOption({ label: "Riley T." });
  await page.getByRole("button", { name: "Add to group" }).click();
  await expect(page.getByRole("button", { name: /End membership of Riley T\. on/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Roster" })).not.toContainText("Thompson");

  // The board shows the same names; the full family name is never shown there.
  await page.goto("/groups/board");
  const unassigned = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Unassigned active clients" }) });
  await expect(unassigned.locator(".board-card strong")).toHaveText(["Riley M.", "Sam"]);
  const column = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Afternoon skills" }) });
  await expect(column.locator(".board-card strong")).toHaveText(["Riley T."]);
  await expect(page.locator(".board")).not.toContainText("Morgan");
});

test("on a phone the agenda's minutes are labelled and its move buttons are large enough to tap", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await loadSample(page);
  await page.goto("/groups");
  await page.getByRole("link", { name: "DBT Skills" }).click();
  const region = page.getByRole("region", { name: "Curriculum and sessions" });
  await region.locator("details.month[open] a[href^='/sessions/']").first().click();
  const agenda = page.getByRole("region", { name: "Agenda" });
  const firstTitle = await agenda.getByRole("textbox").first().inputValue();
  const minutes = agenda.getByLabel(`Minutes for ${firstTitle}`);
  await expect(minutes).toBeVisible();
  // The word "Minutes" is on screen next to the box, not only read out.
  const label = agenda.locator(`label[for="${await minutes.getAttribute("id")}"]`);
  await expect(label).toBeVisible();
  expect((await label.boundingBox()).width).toBeGreaterThan(20);
  for (const name of [`Move ${firstTitle} later`, `Remove ${firstTitle}`]) {
    const box = await agenda.getByRole("button", { name }).boundingBox();
    expect(box.width, name).toBeGreaterThanOrEqual(44);
    expect(box.height, name).toBeGreaterThanOrEqual(44);
  }
  // The title is not cut off: its box is at least as wide as its text.
  const title = agenda.getByRole("textbox").first();
  expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
});
