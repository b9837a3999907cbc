import { expect } from "@playwright/test";

/**
 * Open a page of the app and wait, as a person would, until it is shown: storage loaded, the
 * shell rendered, and the page itself (its code may arrive after the shell's) with its heading.
 */
export async function openApp(page, path = "/") {
  await page.goto(path);
  await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
  await expect(page.locator("#main h1").first()).toBeVisible();
}

/** Fill the client form with a valid client. */
export async function fillClient(page, { fullName, preferred = "", admission = "2026-11-02", discharge = "" }) {
  await page.getByLabel("Full name").fill(fullName);
  await page.getByLabel("Preferred name").fill(preferred);
  await page.getByLabel("Admission date").fill(admission);
  await page.getByLabel("Expected discharge date").fill(discharge);
}

export function nav(page, name) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
}

/**
 * Open every folded month of a group's session list, as a person would: by clicking each
 * month's heading. Only the current month starts open.
 */
export async function openEveryMonth(page) {
  const region = page.getByRole("region", { name: "Curriculum and sessions" });
  await expect(region.locator("details.month").first()).toBeAttached();
  const closed = region.locator("details.month:not([open]) > summary");
  for (let n = await closed.count(); n > 0; n = await closed.count()) {
    await closed.first().click();
  }
}

/** Rows with cells (not the column headings) of the tables `tables` finds. */
export function dataRows(page, tables) {
  return tables.getByRole("row").filter({ has: page.getByRole("cell") });
}

/** Open the schedule page of the first family member of the sample with something to share. */
export async function scheduleWithItems(page) {
  await nav(page, "Families").click();
  await expect(page.getByRole("heading", { level: 1, name: "Families" })).toBeVisible();
  const names = (await page.getByRole("button", { name: /^Edit / }).evaluateAll((bs) => bs.map((b) => b.getAttribute("aria-label") ?? b.textContent)))
    .map((n) => n.replace(/^Edit /, "").trim())
    .slice(0, 20);
  for (const name of names) {
    await nav(page, "Families").click();
    await page.getByRole("button", { name: `Edit ${name}`, exact: true }).click();
    await page.getByRole("link", { name: `Open ${name}'s own schedule (what they may see)` }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
    if ((await page.getByRole("list", { name: "Upcoming" }).count()) > 0) return name;
  }
  throw new Error("no family member with a schedule");
}

/** Today as YYYY-MM-DD in the browser's time zone (the app's "today"). */
export async function today(page) {
  return page.evaluate(() => {
    const d = new Date();
    const p = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  });
}

/**
 * For the slot finder: the clinician Dana Fictional (no recorded availability, so free any
 * time she is not busy), the client Ana Example admitted today, and her family member Maria
 * Example, who can come on Tuesdays 17:00-19:00 only. Ends on Ana's page.
 */
export async function setUpSlotFinder(page) {
  await openApp(page, "/groups/staff");
  await page.getByRole("button", { name: "Add staff member" }).click();
  await page.getByRole("textbox", { name: /^Name/ }).fill("Dana Fictional");
  await page.getByRole("button", { name: "Remove availability 1" }).click();
  await page.getByRole("button", { name: "Save staff member" }).click();
  await expect(page.getByText("Dana Fictional")).toBeVisible();
  await addAnaAndOpenFamilyForm(page);
  const editor = page.getByRole("region", { name: "Add family member" });
  await editor.getByRole("textbox", { name: /^Name/ }).fill("Maria Example");
  await editor.getByRole("button", { name: "Add availability" }).click();
  await editor.getByLabel("Availability 1 day").selectOption({ label: "Tuesday" });
  await editor.getByLabel("Availability 1 from").fill("17:00");
  await editor.getByLabel("Availability 1 until").fill("19:00");
  await editor.getByRole("button", { name: "Save family member" }).click();
  await expect(editor).toHaveCount(0);
  await nav(page, "Clients").click();
  await page.getByRole("link", { name: "Ana Example" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Ana Example/ })).toBeVisible();
}

/** Load the sample programme from Settings, as a person would. */
export async function loadSample(page) {
  await openApp(page, "/settings");
  await page.getByRole("button", { name: "Load sample programme" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sample programme loaded" })).toBeVisible();
}

/** Delete the app's database, as a browser clearing it would (the page is not reloaded). */
export async function wipeDatabase(page) {
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        const request = indexedDB.deleteDatabase("iop-planner");
        request.onsuccess = request.onerror = request.onblocked = () => resolve();
      }),
  );
}

/** Add the client Ana Example, admitted today, and open the form adding a family member for her. */
export async function addAnaAndOpenFamilyForm(page) {
  await page.goto("/clients/new");
  await fillClient(page, { fullName: "Ana Example", admission: await today(page) });
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("status")).toContainText("Added Ana Example.");
  await page.getByRole("link", { name: "Ana Example" }).click();
  await page.getByRole("region", { name: "Family and consent" }).getByRole("link", { name: "Add a family member or support person" }).click();
}
