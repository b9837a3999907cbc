// Installed and offline (issue 13, point 1): the service worker keeps every file of the
// build, so the app opens with its data when the server is gone; a new version waits for the
// person ("A new version is ready") and never switches an open page by itself; a newer
// version waiting when a page starts takes over before the database opens.
//
// Each test runs its own static server (scripts/serve.mjs) so it can stop it: Playwright's
// context.setOffline does not cover a service worker's own fetches.
import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, expect } from "./fixtures.js";
import { fillClient, nav } from "./helpers.js";

test.use({ serviceWorkers: "allow" });

const dist = new URL("../../../dist/", import.meta.url).pathname;
const serveScript = new URL("../../../scripts/serve.mjs", import.meta.url).pathname;

/** Serve `dir` on a free port; resolves to { url, stop }. */
async function serve(dir) {
  const child = spawn(process.execPath, [serveScript, dir, "127.0.0.1", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      const m = String(d).match(/being served at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`serve.mjs exited with ${code}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners("exit");
        child.on("exit", resolve);
        child.kill();
      }),
  };
}

/** Wait until a service worker controls the page and has kept every file. */
async function waitForServiceWorker(page) {
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
}

/** The version (build hash) of the service worker controlling the page. */
function controllerVersion(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (e) => resolve(e.data);
        navigator.serviceWorker.controller.postMessage({ type: "version" }, [channel.port2]);
      }),
  );
}

async function ready(page, url) {
  await page.goto(url);
  await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
}

test("once loaded, the app opens with its data when the server is gone", async ({ page }) => {
  test.setTimeout(120_000);
  const server = await serve(dist);
  try {
    await ready(page, `${server.url}/clients/new`);
    await fillClient(page, { fullName: "Offline Fictional Person" });
    await page.getByRole("button", { name: "Add client" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Added Offline Fictional Person." })).toBeVisible();
    await waitForServiceWorker(page);
  } finally {
    await server.stop();
  }
  // The server is gone: a reload, a deep link, and a page whose code was never loaded yet.
  await page.reload();
  await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
  await page.goto(`${server.url}/clients`);
  await expect(page.getByRole("row", { name: /Offline Fictional Person/ })).toBeVisible();
  await nav(page, "Curriculum").click();
  await expect(page.getByRole("heading", { level: 1, name: "Topic library" })).toBeVisible();
  await nav(page, "Families").click();
  await expect(page.getByRole("heading", { level: 1, name: "Families" })).toBeVisible();
  // Opened directly too (a deep link, or the installed app reopened on that page).
  await page.goto(`${server.url}/families`);
  await expect(page.getByRole("heading", { level: 1, name: "Families" })).toBeVisible();
  await page.goto(`${server.url}/groups/board`);
  await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
});

test("a new version waits for the person, and a page opened later takes it before its database opens", async ({ context, page }) => {
  test.setTimeout(180_000);
  const dir = await mkdtemp(join(tmpdir(), "iop-update-"));
  await cp(dist, dir, { recursive: true });
  const server = await serve(dir);
  try {
    await ready(page, `${server.url}/`);
    await waitForServiceWorker(page);
    const first = await controllerVersion(page);
    await page.evaluate(() => (window.__samePage = true));

    // A new version is published: its service worker differs.
    const sw = join(dir, "sw.js");
    await writeFile(sw, (await readFile(sw, "utf8")).replace(`const VERSION = "${first}"`, `const VERSION = "${first}-next"`));
    await page.evaluate(() => navigator.serviceWorker.getRegistration("/").then((r) => r.update()));
    const banner = page.getByRole("status").filter({ hasText: "A new version of IOP Planner is ready" });
    await expect(banner).toBeVisible({ timeout: 60_000 });
    // Nothing switched under the person's hands: same page, same version in control.
    expect(await page.evaluate(() => window.__samePage)).toBe(true);
    expect(await controllerVersion(page)).toBe(first);

    // A second tab opened now meets the waiting version before its database opens: it
    // switches to it (one reload) and starts.
    const second = await context.newPage();
    await ready(second, `${server.url}/`);
    await expect.poll(() => controllerVersion(second), { timeout: 30_000 }).toBe(`${first}-next`);
    await expect(second.getByRole("heading", { level: 1 })).toBeVisible();

    // The first tab still shows the offer; "Reload" takes the new version.
    await expect(banner).toBeVisible();
    await banner.getByRole("button", { name: "Reload" }).click();
    await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
    expect(await page.evaluate(() => window.__samePage)).toBeUndefined();
    expect(await controllerVersion(page)).toBe(`${first}-next`);
    await expect(page.getByRole("status").filter({ hasText: "A new version of IOP Planner is ready" })).toHaveCount(0);
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
