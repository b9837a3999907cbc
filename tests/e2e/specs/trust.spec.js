// Trustworthy (issue 13): the Content-Security-Policy as meta tag and header, the manifest,
// script-like text shown as text everywhere, a failure never silent, persistent storage asked
// for after the first real record, and a wiped database noticed.
import { readFile } from "node:fs/promises";
import { test, expect } from "./fixtures.js";
import { openApp, fillClient, nav, wipeDatabase } from "./helpers.js";

test("every page carries a strict Content-Security-Policy, as meta tag and header", async ({ page, request }) => {
  for (const path of ["/", "/clients/123", "/family.html"]) {
    const response = await request.get(path);
    expect(response.status()).toBe(200);
    const headers = response.headers();
    const header = headers["content-security-policy"];
    expect(header, path).toContain("default-src 'none'");
    expect(header).toContain("frame-ancestors 'none'");
    expect(header).toContain("'wasm-unsafe-eval'");
    expect(header).toContain("object-src 'none'");
    expect(header).not.toContain("unsafe-inline");
    const scriptSrc = header.split("; ").find((d) => d.startsWith("script-src ")).split(" ");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    const html = await response.text();
    const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/);
    expect(meta, `${path} has the policy as a meta tag`).not.toBeNull();
    expect(`${meta[1]}; frame-ancestors 'none'`).toBe(header);
    // The meta tag comes before any script it governs.
    expect(html.indexOf("Content-Security-Policy")).toBeLessThan(html.indexOf("<script"));
  }
  // The app runs under it (any violation fails this test through the fixture).
  await openApp(page, "/settings");
  await nav(page, "Export").click();
  await expect(page.getByRole("heading", { level: 1, name: "Export" })).toBeVisible();
});

test("the web app manifest names the app, its icons and the theme colours of style/main.css", async ({ page, request }) => {
  await openApp(page, "/");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  const manifest = await (await request.get(href)).json();
  expect(manifest.name).toBe("IOP Planner");
  expect(manifest.display).toBe("standalone");
  expect(manifest.start_url).toBe("/");
  const css = await readFile(new URL("../../../style/main.css", import.meta.url), "utf8");
  expect(css).toContain(`--primary: ${manifest.theme_color};`);
  expect(css).toContain(`--bg: ${manifest.background_color};`);
  expect(manifest.icons.some((i) => i.purpose === "maskable" && i.sizes === "512x512")).toBe(true);
  expect(manifest.icons.some((i) => i.sizes === "192x192")).toBe(true);
  for (const icon of manifest.icons) {
    const response = await request.get(icon.src);
    expect(response.status(), icon.src).toBe(200);
    expect(response.headers()["content-type"]).toBe(icon.type);
  }
  await expect(page.locator('meta[name="theme-color"]')).toHaveCount(2);
  await expect(page.locator('meta[name="iop-build"]')).toHaveAttribute("content", /^[0-9a-f]{16}$/);
});

/** Text that would run if it were ever treated as markup or as a link. */
const attack = (label) => `${label} <img src=x onerror="window.__ran='${label}'"><script>window.__ran='${label}'</script>`;

test("script-like text in every free-text field is shown as text, never run, never a live link", async ({ page }) => {
  test.setTimeout(90_000);
  await page.addInitScript(() => (window.__ran = false));
  page.on("dialog", (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  const clean = async () => {
    expect(await page.evaluate(() => window.__ran)).toBe(false);
    await expect(page.locator('#main img[src="x"], #main script')).toHaveCount(0);
    await expect(page.locator('a[href^="javascript:" i]')).toHaveCount(0);
  };

  // A client: names, pronouns, planning notes.
  await openApp(page, "/clients/new");
  await fillClient(page, { fullName: attack("Client"), preferred: attack("Pref") });
  await page.getByLabel("Pronouns").fill(attack("Pron"));
  await page.getByLabel("Planning notes").fill(attack("Notes"));
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("status")).toContainText("<img src=x onerror=");
  await clean();
  await page.getByRole("link", { name: /^Client <img/ }).first().click();
  await expect(page.getByLabel("Planning notes")).toHaveValue(/^Notes <img src=x/);
  await clean();

  // A family member of that client.
  await page.getByRole("region", { name: "Family and consent" }).getByRole("link", { name: "Add a family member or support person" }).click();
  const editor = page.getByRole("region", { name: "Add family member" });
  await editor.getByRole("textbox", { name: /^Name/ }).fill(attack("Family"));
  await editor.getByLabel("Notes").fill(attack("FamNotes"));
  await editor.getByRole("button", { name: "Save family member" }).click();
  await expect(editor).toHaveCount(0);
  await expect(page.locator("#main")).toContainText("Family <img src=x");
  await clean();

  // Staff and rooms; a room's meeting link that is a script is refused, not stored.
  await openApp(page, "/groups/staff");
  await page.getByRole("button", { name: "Add staff member" }).click();
  await page.getByLabel("Name").fill(attack("Staff"));
  await page.getByLabel("Credentials").fill(attack("Cred"));
  await page.getByRole("button", { name: "Save staff member" }).click();
  await expect(page.locator("#main")).toContainText("Staff <img src=x");
  await clean();
  await page.getByRole("navigation", { name: "Groups and rosters" }).getByRole("link", { name: "Rooms" }).click();
  await page.getByRole("button", { name: "Add room" }).click();
  await page.getByLabel("Name").fill(attack("Room"));
  await page.getByLabel("Capacity (people)").fill("8");
  await page.getByLabel("Telehealth (online meeting)").check();
  await page.getByLabel("Meeting link").fill("javascript:window.__ran='link'");
  await page.getByRole("button", { name: "Save room" }).click();
  await expect(page.locator("#room-link-error")).toContainText("https://");
  await page.getByLabel("Meeting link").fill("https://video.example.org/room?<script>x</script>");
  await page.getByRole("button", { name: "Save room" }).click();
  await expect(page.locator("#main")).toContainText("Room <img src=x");
  await clean();

  // A topic and a curriculum.
  await openApp(page, "/curriculum/topics/new");
  await page.getByLabel("Title (required)").fill(attack("Topic"));
  await page.getByLabel("Summary").fill(attack("Summary"));
  await page.getByLabel("Facilitator notes").fill(attack("Facil"));
  await page.getByRole("button", { name: "Add topic" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Topic <img src=x");
  await clean();
  await openApp(page, "/curriculum");
  await expect(page.locator("#main")).toContainText("Topic <img src=x");
  await clean();
  await openApp(page, "/curriculum/plans/new");
  await page.getByLabel("Name (required)").fill(attack("Plan"));
  await page.getByLabel("Description").fill(attack("Desc"));
  await page.getByRole("button", { name: "Add a session to Module 1" }).click();
  const topicSelect = page.getByLabel("Topic for session 1");
  await topicSelect.selectOption(await topicSelect.locator("option", { hasText: "Topic <img src=x" }).getAttribute("value"));
  await page.getByRole("button", { name: "Add curriculum" }).click();
  await expect(page.locator("#main")).toContainText("Plan <img src=x");
  await clean();

  // Everywhere they are listed again.
  for (const path of ["/", "/clients", "/families", "/groups/staff", "/groups/rooms", "/curriculum/plans", "/schedule", "/export"]) {
    await openApp(page, path);
    await clean();
  }
});

test("a failure is never silent: 'Something went wrong', the error text, and nothing saved is lost", async ({ page }) => {
  await openApp(page, "/clients/new");
  await fillClient(page, { fullName: "Kept Through Failure" });
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("status")).toContainText("Added Kept Through Failure.");
  await openApp(page, "/diagnostics/failure");
  await page.getByRole("button", { name: "Cause a test failure" }).click();
  const failure = page.getByRole("alertdialog", { name: "Something went wrong" });
  await expect(failure).toBeVisible();
  await expect(failure.getByRole("heading", { name: "Something went wrong" })).toBeFocused();
  await expect(failure.getByLabel("Error text")).toHaveValue(/a test failure, caused on purpose/);
  // The frozen page behind it cannot be used.
  await expect(page.locator("header.site-header")).toHaveAttribute("inert", "");
  await failure.getByRole("button", { name: "Reload IOP Planner" }).click();
  await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await nav(page, "Clients").click();
  await expect(page.getByRole("row", { name: /Kept Through Failure/ })).toBeVisible();
});

test("the browser is asked to keep the data after the first real record, not on first paint; Settings says how it is kept", async ({ page }) => {
  // Count the requests (across reloads) without changing what the browser answers.
  await page.addInitScript(() => {
    const original = navigator.storage.persist.bind(navigator.storage);
    navigator.storage.persist = () => {
      sessionStorage.setItem("persistCalls", String(Number(sessionStorage.getItem("persistCalls") ?? 0) + 1));
      return original();
    };
  });
  const calls = () => page.evaluate(() => Number(sessionStorage.getItem("persistCalls") ?? 0));
  await openApp(page, "/");
  await page.waitForTimeout(1000);
  expect(await calls()).toBe(0);

  await openApp(page, "/settings");
  const card = page.getByRole("region", { name: "Where your data lives" });
  await expect(card.getByText("Kept by the browser")).toBeVisible();
  await expect(card.locator("#storage-status")).toContainText(/^(Kept|Not guaranteed|Unknown)/);
  await expect(card.locator("#storage-usage")).toContainText(/^Using .+ of the .+ this browser allows this site\.$/);
  await expect(card).toContainText("A backup file is the only copy that survives");

  await openApp(page, "/clients/new");
  await fillClient(page, { fullName: "First Real Record" });
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("status")).toContainText("Added First Real Record.");
  await expect.poll(calls).toBe(1);
  // Asked once: not again on the next start or the next record.
  await openApp(page, "/clients/new");
  await fillClient(page, { fullName: "Second Real Record" });
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("status")).toContainText("Added Second Real Record.");
  await page.waitForTimeout(500);
  expect(await calls()).toBe(1);
});

test("a wiped database is noticed: the app says so and starts again only when asked", async ({ page }) => {
  await openApp(page, "/clients/new");
  await fillClient(page, { fullName: "Gone Tomorrow" });
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("status")).toContainText("Added Gone Tomorrow.");
  // The marker holds no personal data.
  const marker = await page.evaluate(() => localStorage.getItem("iop-planner.programme-marker"));
  expect(marker).toMatch(/^"\d{4}-\d\d-\d\d"$/);

  await wipeDatabase(page);
  await page.goto("/clients");
  await expect(page.getByRole("heading", { level: 1, name: "The data saved in this browser is gone" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Restore a backup" })).toBeVisible();
  // Nothing was created behind it: no starter library was written.
  const stores = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open("iop-planner");
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(["topics", "curricula", "settings"], "readonly");
          const counts = {};
          for (const name of ["topics", "curricula", "settings"]) {
            const r = tx.objectStore(name).count();
            r.onsuccess = () => (counts[name] = r.result);
          }
          tx.oncomplete = () => {
            db.close();
            resolve(counts);
          };
        };
      }),
  );
  expect(stores).toEqual({ topics: 0, curricula: 0, settings: 0 });

  await page.getByRole("button", { name: "Start a new, empty programme" }).click();
  await page.getByRole("button", { name: "Yes, start a new programme" }).click();
  await expect(page.getByText("No clients yet")).toBeVisible();
  await page.reload();
  await expect(page.getByText("No clients yet")).toBeVisible();
  await nav(page, "Dashboard").click();
  await expect(page.getByRole("heading", { name: "Welcome to IOP Planner" })).toBeVisible();
  await nav(page, "Curriculum").click();
  await expect(page.getByRole("heading", { level: 1, name: "Topic library" })).toBeVisible();
  await expect(page.locator("#main")).toContainText(/\d+ topics?/);
});
