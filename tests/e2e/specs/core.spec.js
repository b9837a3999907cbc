// The data core as a person meets it: two tabs editing one client, and damaged records that
// are kept, listed in Settings, exported and discarded only on purpose.
import { test, expect } from "./fixtures.js";
import { openApp, fillClient } from "./helpers.js";

test("two tabs editing one client: the second person is told, and both edits survive", async ({ page, context }) => {
  await openApp(page, "/clients/new");
  await fillClient(page, { fullName: "Jordan Twoedit" });
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("status")).toContainText("Added Jordan Twoedit.");

  // Both tabs open the same client's form.
  const other = await context.newPage();
  await openApp(other, "/clients");
  await other.getByRole("link", { name: "Jordan Twoedit" }).click();
  await expect(other.getByLabel("Full name")).toHaveValue("Jordan Twoedit");
  await page.getByRole("link", { name: "Jordan Twoedit" }).click();
  await expect(page.getByLabel("Full name")).toHaveValue("Jordan Twoedit");

  // The first tab saves a preferred name.
  await page.getByLabel("Preferred name").fill("Jo");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toContainText("Saved changes to Jordan Twoedit.");

  // The second tab, opened before that save, is told instead of erasing it, and keeps its input.
  await other.getByLabel("Planning notes").fill("Prefers evenings");
  await other.getByRole("button", { name: "Save changes" }).click();
  const alert = other.getByRole("alert").filter({ hasText: "changed in another tab" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("Preferred name");
  await expect(alert).toContainText("Jo");
  await expect(other.getByLabel("Planning notes")).toHaveValue("Prefers evenings");

  // Taking the saved version and adding the note again keeps both changes.
  await other.getByRole("button", { name: "Use the saved version" }).click();
  await expect(other.getByLabel("Preferred name")).toHaveValue("Jo");
  await other.getByLabel("Planning notes").fill("Prefers evenings");
  await other.getByRole("button", { name: "Save changes" }).click();
  await expect(other.getByRole("status")).toContainText("Saved changes to Jordan Twoedit.");

  await page.reload();
  await page.getByRole("link", { name: "Jordan Twoedit" }).click();
  await expect(page.getByLabel("Preferred name")).toHaveValue("Jo");
  await expect(page.getByLabel("Planning notes")).toHaveValue("Prefers evenings");
});

/** Put raw values into a store of the app's database, as another version could have. */
async function putRaw(page, store, values) {
  await page.evaluate(
    ([store, values]) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("iop-planner");
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction([store], "readwrite");
          for (const v of values) {
            if (v.photo) v.photo = new Uint8Array([1, 2, 3]);
            tx.objectStore(store).put(v);
          }
          tx.oncomplete = () => { db.close(); resolve(); };
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
    [store, values],
  );
}

test("damaged records are listed in Settings, exported and discarded only after confirming", async ({ page }) => {
  await openApp(page, "/");
  await putRaw(page, "clients", [
    { id: "from-the-future", schema: 99, full_name: "Future Person" },
    { id: "binary-field", schema: 3, full_name: "Bin Ary", photo: true },
  ]);
  await openApp(page, "/");
  const warning = page.getByRole("alert").filter({ hasText: "could not be read" });
  await expect(warning).toContainText("2 saved records could not be read");
  await warning.getByRole("link", { name: "See the damaged records in Settings" }).click();

  const list = page.getByRole("list", { name: "Damaged records" });
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await expect(list).toContainText("newer version of IOP Planner");
  await expect(list).toContainText("not plain JSON");

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export Client from-the-future as JSON" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("iop-planner-damaged-clients-from-the-future.json");
  const text = await (await file.createReadStream()).toArray();
  expect(Buffer.concat(text).toString()).toContain('"schema": 99');

  await page.getByRole("button", { name: "Discard Client binary-field…" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Discard Client binary-field?" });
  await expect(confirm.getByRole("button", { name: "Yes, discard it" })).toBeFocused();
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(2);
  await page.getByRole("button", { name: "Discard Client binary-field…" }).click();
  await page.getByRole("button", { name: "Yes, discard it" }).click();
  await expect(list.getByRole("listitem")).toHaveCount(1);

  // The other one is still stored after a reload.
  await openApp(page, "/settings");
  await expect(page.getByRole("list", { name: "Damaged records" }).getByRole("listitem")).toHaveCount(1);
});

test("two tabs editing one group: the second is told and can take the saved version", async ({ page, context }) => {
  await openApp(page, "/groups/new");
  await page.getByLabel("Name").fill("Morning process");
  await page.getByLabel("Maximum size", { exact: true }).fill("10");
  await page.getByRole("button", { name: "Add group" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Morning process" })).toBeVisible();
  const url = page.url();

  const other = await context.newPage();
  await openApp(other, new URL(url).pathname);
  await expect(other.getByLabel("Name (required)", { exact: true })).toHaveValue("Morning process");

  // The first tab renames the group.
  await page.getByLabel("Name (required)", { exact: true }).fill("Morning process group");
  await page.getByRole("button", { name: "Save group" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Morning process group" })).toBeVisible();

  // The second tab, opened before that, changes the size: refused, its input kept.
  await other.getByLabel("Maximum size", { exact: true }).fill("12");
  await other.getByRole("button", { name: "Save group" }).click();
  const alert = other.getByRole("alert").filter({ hasText: "changed in another tab" });
  await expect(alert).toBeVisible();
  await expect(other.getByLabel("Maximum size", { exact: true })).toHaveValue("12");

  // Taking the saved version shows the other tab's name; saving the size again keeps both.
  await alert.getByRole("button", { name: "Use the saved version" }).click();
  await expect(other.getByLabel("Name (required)", { exact: true })).toHaveValue("Morning process group");
  await other.getByLabel("Maximum size", { exact: true }).fill("12");
  await other.getByRole("button", { name: "Save group" }).click();
  await expect(other.getByRole("status").filter({ hasText: "Group saved." })).toBeVisible();

  await page.reload();
  await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
  await expect(page.getByLabel("Name (required)", { exact: true })).toHaveValue("Morning process group");
  await expect(page.getByLabel("Maximum size", { exact: true })).toHaveValue("12");
});

test("two tabs editing one topic: the second is told and can take the saved version", async ({ page, context }) => {
  await openApp(page, "/curriculum");
  await page.getByRole("link", { name: "Wise mind" }).click();
  await expect(page.getByLabel("Title (required)")).toHaveValue("Wise mind");
  const path = new URL(page.url()).pathname;
  const other = await context.newPage();
  await openApp(other, path);
  await expect(other.getByLabel("Title (required)")).toHaveValue("Wise mind");

  await page.getByLabel("Title (required)").fill("Wise mind (revised)");
  await page.getByRole("button", { name: "Save topic" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toContainText("Saved Wise mind (revised).");

  await other.getByLabel("Default length (minutes)").fill("45");
  await other.getByRole("button", { name: "Save topic" }).click();
  const alert = other.getByRole("alert").filter({ hasText: "changed in another tab" });
  await expect(alert).toBeVisible();
  await expect(other.getByLabel("Default length (minutes)")).toHaveValue("45");
  await alert.getByRole("button", { name: "Use the saved version" }).click();
  await expect(other.getByLabel("Title (required)")).toHaveValue("Wise mind (revised)");
  await other.getByLabel("Default length (minutes)").fill("45");
  await other.getByRole("button", { name: "Save topic" }).click();
  await expect(other.getByRole("status").filter({ hasText: "Saved" })).toContainText("Saved Wise mind (revised).");

  await page.reload();
  await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
  await expect(page.getByLabel("Title (required)")).toHaveValue("Wise mind (revised)");
  await expect(page.getByLabel("Default length (minutes)")).toHaveValue("45");
});

/** Load the sample programme and open the first session of this week's schedule. */
async function openSampleSession(page) {
  await openApp(page, "/settings");
  await page.getByRole("button", { name: "Load sample programme" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sample programme loaded" })).toBeVisible();
  await page.goto("/schedule");
  await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
  await page.locator(".week a[href^='/sessions/']").first().click();
}

test("two tabs editing one session's notes: the typing is kept and the second save is refused", async ({ page, context }) => {
  await openSampleSession(page);
  await expect(page.getByLabel("Session notes (printed on the facilitator sheet)")).toBeVisible();
  const path = new URL(page.url()).pathname;
  const other = await context.newPage();
  await openApp(other, path);

  // The second tab starts typing; the first saves notes meanwhile.
  await other.getByLabel("Session notes (printed on the facilitator sheet)").fill("Bring the handouts");
  await page.getByLabel("Session notes (printed on the facilitator sheet)").fill("Room change: Willow Room");
  await page.getByRole("button", { name: "Save session" }).click();
  await expect(page.getByText("Session saved.")).toBeVisible();

  // The second tab's typing is still there, and saving it over the first's notes is refused.
  await expect(other.getByLabel("Session notes (printed on the facilitator sheet)")).toHaveValue("Bring the handouts");
  await other.getByRole("button", { name: "Save session" }).click();
  const alert = other.getByRole("alert").filter({ hasText: "changed in another tab" });
  await expect(alert).toBeVisible();
  await alert.getByRole("button", { name: "Use the saved version" }).click();
  await expect(other.getByLabel("Session notes (printed on the facilitator sheet)")).toHaveValue("Room change: Willow Room");
});

test("two tabs marking attendance in one session at once: both marks are kept", async ({ page, context }) => {
  await openSampleSession(page);
  const marks = (p) => p.getByRole("region", { name: "Attendance" }).getByLabel(/^Attendance for /);
  await expect(marks(page).nth(1)).toBeVisible();
  const path = new URL(page.url()).pathname;
  const other = await context.newPage();
  await openApp(other, path);
  await expect(marks(other).nth(1)).toBeVisible();

  // Each tab marks a different client, one right after the other: the second tab may not have
  // heard of the first mark yet, and must not write over it.
  await marks(page).nth(0).selectOption({ label: "Absent" });
  await marks(other).nth(1).selectOption({ label: "Excused" });
  await expect(other.getByRole("alert")).toHaveCount(0);
  await expect(marks(other).nth(0)).toHaveValue("Absent");
  await expect(marks(page).nth(1)).toHaveValue("Excused");

  for (const p of [page, other]) {
    await p.reload();
    await expect(p.locator("html[data-app-ready=true]")).toHaveCount(1);
    await expect(marks(p).nth(0)).toHaveValue("Absent");
    await expect(marks(p).nth(1)).toHaveValue("Excused");
  }
});
