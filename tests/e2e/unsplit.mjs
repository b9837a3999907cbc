// Smoke test of the unsplit build (one wasm file, as `trunk build` makes it without the
// splitter): it starts, shows the Dashboard and opens two pages through the navigation, with
// nothing logged as an error. The end-to-end suite itself runs against the split build.
// Usage: node unsplit.mjs <dist dir>
import { chromium, expect } from "@playwright/test";
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { chromiumArgs } from "./playwright.config.js";

const dist = resolve(process.argv[2] ?? join(import.meta.dirname, "../../dist-unsplit"));
const port = Number(process.env.UNSPLIT_PORT ?? 4184);
const server = spawn("node", [join(import.meta.dirname, "../../scripts/serve.mjs"), dist, "127.0.0.1", String(port)], {
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise((resolve) => server.stdout.once("data", resolve));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: chromiumArgs });
const errors = [];
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(`http://127.0.0.1:${port}/`);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible({ timeout: 30_000 });
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const [name, path, heading] of [["Clients", "/clients", "Clients"], ["Curriculum", "/curriculum", "Topic library"]]) {
    await nav.getByRole("link", { name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${path}$`));
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expect(nav.getByRole("link", { name, exact: true })).toHaveAttribute("aria-current", "page");
  }
  if (errors.length) throw new Error(`errors in the page:\n${errors.join("\n")}`);
  console.log("unsplit build: starts, shows the Dashboard, opens Clients and the topic library");
} finally {
  await browser.close();
  server.kill();
}
