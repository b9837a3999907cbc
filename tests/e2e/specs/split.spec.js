// The release build is cut into parts loaded on demand (make build): the Dashboard starts
// without the other pages' code, the likely next pages' code arrives after the first paint,
// and other pages load theirs on the first visit.
import { test, expect } from "./fixtures.js";
import { openApp, nav } from "./helpers.js";

/** Names of the wasm parts fetched so far (without the build hash). */
function partsFetched(page) {
  const parts = new Set();
  page.on("response", (response) => {
    const name = new URL(response.url()).pathname.match(/\/(split_[a-z_]+?)_\d+-[0-9a-f]+\.wasm$/);
    if (name) parts.add(name[1]);
  });
  return parts;
}

test("the likely next pages' code arrives after the Dashboard is shown, so opening them waits for nothing", async ({ page }) => {
  const parts = partsFetched(page);
  await openApp(page, "/");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  const likely = ["clients", "edit_client", "groups", "group", "schedule", "session"].map((p) => `split_${p}_view`);
  await expect.poll(() => [...parts]).toEqual(expect.arrayContaining(likely));
  const preloaded = parts.size;

  await nav(page, "Clients").click();
  await expect(page).toHaveURL(/\/clients$/);
  await expect(nav(page, "Clients")).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("heading", { level: 1, name: "Clients" })).toBeVisible();
  expect(parts.size, "no code was fetched for a preloaded page").toBe(preloaded);
  expect(parts.has("split_settings_view"), "Settings is not preloaded").toBe(false);

  // A page that was not preloaded loads its code on the first visit; the URL and the
  // navigation change once it has arrived.
  await nav(page, "Settings").click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(nav(page, "Settings")).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  expect(parts.has("split_settings_view")).toBe(true);
});
