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

test("a failed update of the saved data's layout says the data is kept, not that storage is blocked", async ({ page }) => {
  // Data saved by an older version (database version 1, one client), then an upgrade that
  // fails: creating the newer stores throws, so the browser aborts the upgrade.
  await page.goto("/favicon.svg");
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("iop-planner", 1);
        open.onupgradeneeded = () => open.result.createObjectStore("clients", { keyPath: "id" }).put({ id: "old-1", schema: 1, full_name: "Kept Example" });
        open.onsuccess = () => {
          open.result.close();
          resolve();
        };
        open.onerror = () => reject(open.error);
      }),
  );
  await page.addInitScript(() => {
    IDBDatabase.prototype.createObjectStore = function () {
      throw new DOMException("Simulated failure while creating a store.", "UnknownError");
    };
  });
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "IOP Planner could not update your saved data" })).toBeVisible();
  await expect(page.getByText("nothing was lost or changed", { exact: false })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your data cannot be saved in this browser" })).toHaveCount(0);
  await page.getByText("Technical detail", { exact: true }).click();
  await expect(page.getByText(/from version 1 to \d+/)).toBeVisible();
  // The old data is as it was: still version 1, the client still there.
  const kept = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open("iop-planner");
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction("clients").objectStore("clients").get("old-1");
          get.onsuccess = () => {
            resolve({ version: db.version, name: get.result?.full_name });
            db.close();
          };
        };
      }),
  );
  expect(kept).toEqual({ version: 1, name: "Kept Example" });
});
