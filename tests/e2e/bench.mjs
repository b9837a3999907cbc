// Benchmarks (not tests): bundle sizes of the release build and start-up time in headless
// Chromium. Prints one JSON line per figure. Run with `make bench` (which builds first).
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { chromiumArgs } from "./playwright.config.js";

const dist = join(import.meta.dirname, "../../dist");
const port = Number(process.env.BENCH_PORT ?? 4174);
const runs = Number(process.env.BENCH_RUNS ?? 7);

function emit(figure) {
  console.log(JSON.stringify(figure));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x) => Math.round(x * 10) / 10;

async function sizes() {
  for (const [kind, suffix] of [["wasm", "_bg.wasm"], ["js", ".js"]]) {
    const file = (await readdir(dist)).find((f) => f.endsWith(suffix) && (kind === "wasm" || !f.endsWith("_bg.js")));
    const bytes = await readFile(join(dist, file));
    emit({
      bench: `bundle_${kind}_bytes`,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
}

async function startup() {
  const server = spawn("node", [join(import.meta.dirname, "../../scripts/serve.mjs"), dist, "127.0.0.1", String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((resolve) => server.stdout.once("data", resolve));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: chromiumArgs });
  try {
    const times = [];
    // One warm-up load, not counted, so the OS file cache is not part of the figure.
    for (let i = 0; i <= runs; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.locator("html[data-app-ready=true]").waitFor({ state: "attached", timeout: 30_000 });
      const ms = await page.evaluate(() => performance.getEntriesByName("iop-ready")[0].startTime);
      if (i > 0) times.push(ms);
      await context.close();
    }
    emit({ bench: "startup_empty_ms", median_ms: round(median(times)), min_ms: round(Math.min(...times)), max_ms: round(Math.max(...times)), runs });
  } finally {
    await browser.close();
    server.kill();
  }
}

await sizes();
await startup();
