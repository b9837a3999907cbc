import { chromium } from "@playwright/test";
import { test, expect } from "./fixtures.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openApp, fillClient, nav } from "./helpers.js";
import { chromiumArgs, port } from "../playwright.config.js";

test("add a client, reload and still see them, then edit them", async ({ page }) => {
  await openApp(page, "/");
  await nav(page, "Clients").click();
  await expect(page.getByRole("heading", { name: "Clients", level: 1 })).toBeVisible();
  await expect(page.getByText("No clients yet")).toBeVisible();

  await page.getByRole("link", { name: "Add client" }).click();
  await fillClient(page, { fullName: "Robin Example", preferred: "Rob", discharge: "2027-01-29" });
  await page.getByLabel("Pronouns").fill("they/them");
  await page.getByLabel("Track").selectOption({ label: "Co-occurring" });
  await page.getByLabel("Level of care").selectOption({ label: "PHP (partial hospitalisation)" });
  await page.getByRole("button", { name: "Add client" }).click();

  await expect(page).toHaveURL(/\/clients$/);
  await expect(page.getByRole("status")).toContainText("Added Robin Example.");
  const row = page.getByRole("row", { name: /Robin Example/ });
  await expect(row).toContainText("Co-occurring");
  await expect(row).toContainText("PHP");

  // The confirmation is for this visit only.
  await nav(page, "Dashboard").click();
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  await nav(page, "Clients").click();
  await expect(page.getByRole("heading", { name: "Clients", level: 1 })).toBeVisible();
  await expect(page.getByText("Added Robin Example.")).toHaveCount(0);

  await page.reload();
  await expect(page.getByRole("row", { name: /Robin Example/ })).toContainText("29 Jan 2027");

  await page.getByRole("link", { name: "Robin Example" }).click();
  await expect(page.getByRole("heading", { name: "Edit Robin Example" })).toBeVisible();
  await expect(page.getByLabel("Pronouns")).toHaveValue("they/them");
  await page.getByLabel("Full name").fill("Robin Q. Example");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toContainText("Saved changes to Robin Q. Example.");

  await page.reload();
  await expect(page.getByRole("link", { name: "Robin Q. Example" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Robin Example", exact: true })).toHaveCount(0);
});

test("invalid input shows the message and saves nothing", async ({ page }) => {
  await openApp(page, "/clients/new");
  await page.getByLabel("Full name").fill("   ");
  await page.getByLabel("Admission date").fill("2026-11-10");
  await page.getByLabel("Expected discharge date").fill("2026-11-01");
  await page.getByRole("button", { name: "Add client" }).click();

  const summary = page.getByRole("alert");
  await expect(summary).toContainText("2 problems to fix before saving");
  await expect(summary).toContainText("Enter the client's full name.");
  await expect(summary).toContainText("Expected discharge cannot be before the admission date.");
  await expect(page.getByLabel("Full name")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/clients\/new$/);

  // Fixing one field clears its message at once.
  await page.getByLabel("Full name").fill("Sam Sample");
  await expect(summary).not.toContainText("full name");

  await nav(page, "Clients").click();
  await expect(page.getByRole("heading", { name: "Clients", level: 1 })).toBeVisible();
  await page.reload();
  await expect(page.getByText("No clients yet")).toBeVisible();
});

test("archive hides a client from the list until 'show archived' is ticked; search filters", async ({ page }) => {
  await openApp(page, "/clients/new");
  for (const name of ["Avery Quinn", "Jordan Blake"]) {
    await fillClient(page, { fullName: name });
    await page.getByRole("button", { name: "Add client" }).click();
    await expect(page.getByRole("status")).toContainText(`Added ${name}.`);
    if (name === "Avery Quinn") await page.getByRole("link", { name: "Add client" }).click();
  }
  await page.getByLabel("Search clients").fill("jord");
  await expect(page.getByRole("row", { name: /Jordan Blake/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /Avery Quinn/ })).toHaveCount(0);
  await page.getByLabel("Search clients").fill("");

  await page.getByRole("link", { name: "Avery Quinn" }).click();
  await page.getByRole("button", { name: "Archive Avery Quinn" }).click();
  await expect(page.getByText("Archived: kept on record")).toBeVisible();
  await expect(page.getByRole("button", { name: "Restore Avery Quinn" })).toBeVisible();
  await nav(page, "Clients").click();
  await expect(page.getByRole("row", { name: /Avery Quinn/ })).toHaveCount(0);
  await page.getByLabel("Show archived clients").check();
  await expect(page.getByRole("row", { name: /Avery Quinn/ })).toContainText("Archived");
  await page.reload();
  // The preference is remembered, and the archive state is stored.
  await expect(page.getByLabel("Show archived clients")).toBeChecked();
  await expect(page.getByRole("row", { name: /Avery Quinn/ })).toContainText("Archived");
});

test("every area has a page and deep URLs survive a reload", async ({ page }) => {
  // Twenty loads of the app in one test: more than the default budget on a busy machine.
  test.setTimeout(60_000);
  const areas = [
    ["/", "Dashboard"], ["/clients", "Clients"], ["/groups", "Groups"], ["/curriculum", "Topic library"],
    ["/schedule", "Schedule"], ["/families", "Families"], ["/export", "Export"], ["/settings", "Settings"],
    ["/clients/new", "Add client"],
  ];
  for (const [path, heading] of areas) {
    await openApp(page, path);
    await page.reload();
    await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
    await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
    await expect(page).toHaveTitle(new RegExp(`${heading} · IOP Planner`));
  }
  await openApp(page, "/clients/00000000-0000-4000-8000-000000000000");
  await expect(page.getByRole("heading", { name: "Client not found" })).toBeVisible();
  await openApp(page, "/no/such/page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(nav(page, "Settings")).toBeVisible();
});

test("the current area is marked in the navigation and the keyboard reaches everything", async ({ page }) => {
  await openApp(page, "/settings");
  await expect(nav(page, "Settings")).toHaveAttribute("aria-current", "page");
  await expect(nav(page, "Dashboard")).not.toHaveAttribute("aria-current", "page");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Programme name")).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Time zone")).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Monday")).toBeFocused();
  // (Time inputs take a Tab per part, which varies by locale: skip to the form's button.)
  await page.getByRole("button", { name: "Save opening hours" }).focus();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("The app's public address")).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Save public address" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Make the programme code now" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Name of track Substance use")).toBeFocused();
});

test("tracks are configurable in Settings and offered on the client form", async ({ page }) => {
  await openApp(page, "/settings");
  await page.getByLabel("New track").fill("Eating disorders");
  await page.getByRole("button", { name: "Add track" }).click();
  await expect(page.getByLabel("Name of track Eating disorders")).toBeVisible();
  await page.getByLabel("New track").fill("eating disorders");
  await page.getByRole("button", { name: "Add track" }).click();
  await expect(page.getByText('A track called "eating disorders" already exists.')).toBeVisible();
  await page.getByRole("button", { name: "Archive Mental health" }).click();
  await expect(page.getByRole("button", { name: "Restore Mental health" })).toBeVisible();
  await page.reload();
  await nav(page, "Clients").click();
  await page.getByRole("link", { name: "Add client" }).click();
  // Waits for the form (its code may still be arriving), then checks the options exactly.
  await expect(page.getByLabel("Track").locator("option")).toHaveText(["Substance use", "Co-occurring", "Eating disorders"]);
});

test("data survives closing and reopening the browser", async () => {
  const profile = await mkdtemp(join(tmpdir(), "iop-profile-"));
  const launch = () =>
    chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: chromiumArgs,
      baseURL: `http://127.0.0.1:${port}`,
    });
  try {
    let context = await launch();
    let page = context.pages()[0] ?? (await context.newPage());
    await openApp(page, "/clients/new");
    await fillClient(page, { fullName: "Casey Persist" });
    await page.getByRole("button", { name: "Add client" }).click();
    await expect(page.getByRole("status")).toContainText("Added Casey Persist.");
    await context.close();

    context = await launch();
    page = context.pages()[0] ?? (await context.newPage());
    await openApp(page, "/clients");
    await expect(page.getByRole("link", { name: "Casey Persist" })).toBeVisible();
    await context.close();
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
});

test("reloading with unsaved input asks first, and staying keeps the input", async ({ page }) => {
  await openApp(page, "/clients/new");
  await page.getByLabel("Full name").click();
  await page.getByLabel("Full name").fill("Half Typed");
  const dialog = page.waitForEvent("dialog");
  page.evaluate(() => location.reload()).catch(() => {});
  const prompt = await dialog;
  expect(prompt.type()).toBe("beforeunload");
  await prompt.dismiss();
  await expect(page.getByLabel("Full name")).toHaveValue("Half Typed");
});

test("a client's page keeps their name out of the page title (and so out of browser history)", async ({ page }) => {
  await openApp(page, "/clients/new");
  await fillClient(page, { fullName: "Quinn Privacy-Example" });
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("status")).toContainText("Added Quinn Privacy-Example.");
  await page.getByRole("link", { name: "Quinn Privacy-Example" }).click();
  // The heading on the page may name them; the title, kept in history, must not.
  await expect(page.getByRole("heading", { level: 1, name: "Edit Quinn Privacy-Example" })).toBeVisible();
  await expect(page).toHaveTitle("Edit client · IOP Planner");
  expect(await page.title()).not.toContain("Quinn");
  expect(page.url()).not.toContain("Quinn");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Edit Quinn Privacy-Example" })).toBeVisible();
  await expect(page).toHaveTitle("Edit client · IOP Planner");
});

test.describe("dates typed by hand", () => {
  // The date input's fields follow the browser's locale: month, day, year in US English.
  test.use({ locale: "en-US" });

  test("an impossible expected discharge date is a field error, and nothing is saved", async ({ page }) => {
    await openApp(page, "/clients/new");
    await fillClient(page, { fullName: "Pat Datewise" });
    const discharge = page.getByLabel("Expected discharge date");
    // 30 February: the browser cannot read it and gives the page an empty value.
    await discharge.focus();
    await page.keyboard.type("02302027");
    await expect(discharge).toHaveValue("");
    await page.getByRole("button", { name: "Add client" }).click();

    const summary = page.getByRole("alert");
    await expect(summary).toContainText("1 problem to fix before saving");
    await expect(summary).toContainText(
      "Enter the expected discharge date as a valid date (a day that exists, e.g. 28 Feb 2026), or leave it empty.",
    );
    await expect(discharge).toHaveAttribute("aria-invalid", "true");
    await expect(page).toHaveURL(/\/clients\/new$/);

    // A real date saves, with that date.
    await discharge.focus();
    await page.keyboard.type("02282027");
    await expect(discharge).toHaveValue("2027-02-28");
    await expect(page.getByText("Enter the expected discharge date as a valid date")).toHaveCount(0);
    await page.getByRole("button", { name: "Add client" }).click();
    await expect(page.getByRole("status")).toContainText("Added Pat Datewise.");
    await expect(page.getByRole("row", { name: /Pat Datewise/ })).toContainText("28 Feb 2027");
  });
});
