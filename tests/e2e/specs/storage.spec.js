import { test, expect } from "./fixtures.js";
import { openApp, fillClient } from "./helpers.js";

test("a browser that refuses localStorage still opens the programme and keeps what is added", async ({ page }) => {
  // A profile that blocks site data for localStorage: touching it throws a SecurityError.
  await page.addInitScript(() => {
    Object.defineProperty(window, "localStorage", {
      configurable: true,
      get() {
        throw new DOMException("The operation is insecure.", "SecurityError");
      },
    });
  });
  await openApp(page, "/clients/new");
  await fillClient(page, { fullName: "Quinn Blocked" });
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("link", { name: "Quinn Blocked", exact: true })).toBeVisible();
  await page.reload();
  await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
  await expect(page.getByRole("link", { name: "Quinn Blocked", exact: true })).toBeVisible();
});

test("a clear full-page message when IndexedDB is missing", async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, "indexedDB", { value: undefined, configurable: true });
  });
  await page.goto("/clients");
  await expect(page.getByRole("heading", { name: "Your data cannot be saved in this browser" })).toBeVisible();
  await expect(page.getByText("Nothing has been saved or sent anywhere.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
});

test("a clear full-page message when the browser refuses to open storage", async ({ page }) => {
  // What locked-down private windows do: the open request fails with a SecurityError.
  await page.addInitScript(() => {
    IDBFactory.prototype.open = function () {
      throw new DOMException("Access to storage is not allowed in this context.", "SecurityError");
    };
  });
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Your data cannot be saved in this browser" })).toBeVisible();
  await page.getByText("Technical detail").click();
  await expect(page.getByText(/SecurityError/)).toBeVisible();
});

test("a newer version opened in another tab makes this tab ask for a reload, without hanging", async ({ page, context }) => {
  await openApp(page, "/clients");
  const other = await context.newPage();
  await other.goto("/favicon.svg");
  // The "newer app" upgrades the same database; our tab must close its connection so this succeeds.
  const opened = await other.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open("iop-planner", 1000);
        request.onsuccess = () => { request.result.close(); resolve(request.result.version); };
        request.onerror = () => reject(request.error);
        request.onblocked = () => reject(new Error("blocked"));
      }),
  );
  expect(opened).toBe(1000);
  await expect(page.getByRole("heading", { name: "Reload to continue" })).toBeVisible();
  // Reloading the old app against the newer database explains itself instead of failing blank,
  // and says what helps (a reload alone would show this copy again).
  await page.getByRole("button", { name: "Reload now" }).click();
  await expect(page.getByRole("heading", { name: "IOP Planner needs its newer version" })).toBeVisible();
  await expect(page.getByText("saved by a newer version of IOP Planner than the one that opened now")).toBeVisible();
  await expect(page.getByText("Connect to the network")).toBeVisible();
});

test("a tab blocked by an older tab says so and continues once it closes", async ({ page, context }) => {
  // An "older app" holds version 1 open and ignores versionchange.
  const older = await context.newPage();
  await older.goto("/favicon.svg");
  await older.evaluate(
    () =>
      new Promise((resolve) => {
        const request = indexedDB.open("iop-planner", 1);
        request.onsuccess = () => { window.heldDb = request.result; resolve(); };
      }),
  );
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Waiting for another tab" })).toBeVisible();
  await older.evaluate(() => window.heldDb.close());
  await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
});

test("a client added in one tab appears in another open tab without a reload", async ({ page, context }) => {
  await openApp(page, "/clients");
  const other = await context.newPage();
  await openApp(other, "/clients/new");
  await other.getByLabel("Full name").fill("Morgan Twotabs");
  await other.getByRole("button", { name: "Add client" }).click();
  await expect(other.getByRole("status")).toContainText("Added Morgan Twotabs.");
  await expect(page.getByRole("link", { name: "Morgan Twotabs" })).toBeVisible();
});
