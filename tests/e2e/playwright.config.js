// End-to-end tests: the release build (dist/) served on 127.0.0.1 by scripts/serve.mjs,
// driven in Debian's Chromium (Playwright's own browser download is not available here).
import { defineConfig } from "@playwright/test";

export const port = Number(process.env.E2E_PORT ?? 4173);
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: "./specs",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  workers: 2,
  reporter: [["list"], ["json", { outputFile: "./test-results/results.json" }]],
  outputDir: "./test-results",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: chromiumArgs,
    },
    trace: "off",
    // The zone every browser context runs in; the clock is pinned in specs/fixtures.js.
    timezoneId: process.env.E2E_TZ ?? "UTC",
    // Each test is a fresh browser profile: installing the service worker would fetch every
    // file of the build in the background of every test. specs/offline.spec.js allows it.
    serviceWorkers: "block",
  },
  webServer: {
    command: `node ../../scripts/serve.mjs ../../dist 127.0.0.1 ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    stdout: "ignore",
  },
});
