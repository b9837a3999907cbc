// Benchmarks (not tests): bundle sizes of the release build, start-up time in headless
// Chromium (empty, and with the large fixture in IndexedDB next to a plain-JS read of the same
// stores). Prints one JSON line per figure. Run with `make bench`, which builds first and writes
// the large fixture (FIXTURE) with `cargo run --release --example roster_bench -- fixture`.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { median, round, withServedBrowser, writeStores } from "./bench-common.mjs";

const dist = join(import.meta.dirname, "../../dist");
const port = Number(process.env.BENCH_PORT ?? 4174);
const runs = Number(process.env.BENCH_RUNS ?? 7);

function emit(figure) {
  console.log(JSON.stringify(figure));
}


async function sizes() {
  for (const [kind, suffix] of [["wasm", "_bg.wasm"], ["js", ".js"]]) {
    // The main module and its script (a split build also has parts and a loader: see size.mjs).
    const file = (await readdir(dist)).find((f) => f.startsWith("iop_planner-") && f.endsWith(suffix) && (kind === "wasm" || !f.endsWith("_bg.js")));
    const bytes = await readFile(join(dist, file));
    emit({
      bench: `bundle_${kind}_bytes`,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    });
  }
}

async function startup(browser) {
  {
    const times = [];
    // One warm-up load, not counted, so the OS file cache is not part of the figure.
    for (let i = 0; i <= runs; i++) {
      // Service workers blocked: the figures stay comparable with earlier builds, and the
      // background precache (size.mjs reports it) does not compete with what is measured.
      const context = await browser.newContext({ serviceWorkers: "block" });
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.locator("html[data-app-ready=true]").waitFor({ state: "attached", timeout: 30_000 });
      const ms = await page.evaluate(() => performance.getEntriesByName("iop-ready")[0].startTime);
      if (i > 0) times.push(ms);
      await context.close();
    }
    emit({ bench: "startup_empty_ms", median_ms: round(median(times)), min_ms: round(Math.min(...times)), max_ms: round(Math.max(...times)), runs });
  }
}

/** Read one store of database `name` with one `getAll` in a transaction of its own. */
function rawGetAllStore([name, store]) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const req = db.transaction([store], "readonly").objectStore(store).getAll();
      req.onsuccess = () => {
        const ms = performance.now() - t0;
        db.close();
        resolve({ ms, records: req.result.length });
      };
      req.onerror = () => reject(req.error);
    };
  });
}

/** Read every store of database `name` with one plain `getAll` each in one read-only transaction. */
function rawGetAll(name) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const names = [...db.objectStoreNames];
      const tx = db.transaction(names, "readonly");
      let records = 0;
      for (const name of names) {
        const req = tx.objectStore(name).getAll();
        req.onsuccess = () => (records += req.result.length);
      }
      tx.oncomplete = () => {
        db.close();
        resolve({ ms: performance.now() - t0, records });
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

async function startupLarge(browser) {
  const path = process.env.FIXTURE;
  if (!path) {
    console.error("FIXTURE not set: skipping startup_large_ms (run through `make bench`)");
    return;
  }
  const fixture = JSON.parse(await readFile(path, "utf8"));
  const reference = process.env.REFERENCE ? JSON.parse(await readFile(process.env.REFERENCE, "utf8")) : null;
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  // When the Dashboard's sessions of today and its roster warnings are first on screen: the
  // frame after both headings exist.
  await page.addInitScript(() => {
    const seen = () =>
      document.querySelector('section[aria-label="Warnings"]') !== null &&
      [...document.querySelectorAll("h2")].some((h) => h.textContent === "Sessions today");
    const observer = new MutationObserver(() => {
      if (seen()) {
        observer.disconnect();
        requestAnimationFrame(() => performance.mark("iop-dashboard-on-screen"));
      }
    });
    observer.observe(document, { childList: true, subtree: true });
  });
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.locator("html[data-app-ready=true]").waitFor({ state: "attached", timeout: 30_000 });
  // Write the fixture with plain IndexedDB calls into the database the app just created; the
  // same fixture in the layout of database version 4 (one object per record) goes into a
  // database of its own: the yardstick start-up is measured against.
  const written = await writeStores(page, fixture);
  if (reference) await writeStores(page, reference, { name: "iop-planner-reference", version: 4 });
  const startups = [];
  const raws = [];
  const references = [];
  const onScreen = [];
  const sessionReads = [];
  const referenceSessionReads = [];
  let records = 0;
  let referenceRecords = 0;
  for (let i = 0; i <= runs; i++) {
    await page.reload();
    await page.locator("html[data-app-ready=true]").waitFor({ state: "attached", timeout: 60_000 });
    await page.waitForFunction(() => performance.getEntriesByName("iop-dashboard-on-screen").length > 0, null, { timeout: 60_000 });
    const ms = await page.evaluate(() => performance.getEntriesByName("iop-ready")[0].startTime);
    const shown = await page.evaluate(() => performance.getEntriesByName("iop-dashboard-on-screen")[0].startTime);
    const phases = await page.evaluate(() =>
      Object.fromEntries(["iop-storage-read", "iop-storage-text", "iop-started", "iop-ready"].map((n) => [n, Math.round(performance.getEntriesByName(n)[0]?.startTime ?? -1)])),
    );
    if (process.env.BENCH_PHASES) console.error(JSON.stringify(phases));
    const raw = await page.evaluate(rawGetAll, "iop-planner");
    const ref = reference ? await page.evaluate(rawGetAll, "iop-planner-reference") : null;
    const months = await page.evaluate(rawGetAllStore, ["iop-planner", "session_months"]);
    const oldSessions = reference ? await page.evaluate(rawGetAllStore, ["iop-planner-reference", "sessions"]) : null;
    records = raw.records;
    if (i > 0) {
      sessionReads.push(months.ms);
      if (oldSessions) referenceSessionReads.push(oldSessions.ms);
      startups.push(ms);
      onScreen.push(shown);
      raws.push(raw.ms);
      if (ref) {
        references.push(ref.ms);
        referenceRecords = ref.records;
      }
    }
  }
  // The app really shows the fixture (not an empty or failed start).
  await page.goto(`http://127.0.0.1:${port}/clients`);
  await page.locator("html[data-app-ready=true]").waitFor({ state: "attached", timeout: 60_000 });
  // The page's code may arrive after the shell (split build): count once its table is shown.
  await page.getByRole("heading", { level: 1, name: "Clients" }).waitFor({ timeout: 60_000 });
  await page.getByRole("row").nth(1).waitFor({ timeout: 60_000 });
  const shown = await page.getByRole("row").count();
  await context.close();
  const s = median(startups);
  const r = median(raws);
  emit({ bench: "startup_large_ms", median_ms: round(s), min_ms: round(Math.min(...startups)), max_ms: round(Math.max(...startups)), runs, records: written, client_rows_shown: shown - 1 });
  emit({ bench: "idb_raw_getall_large_ms", median_ms: round(r), min_ms: round(Math.min(...raws)), max_ms: round(Math.max(...raws)), runs, records, startup_to_raw_ratio: round(s / r) });
  emit({ bench: "idb_getall_sessions_large_ms", median_ms: round(median(sessionReads)), runs, store: "session_months", records: fixture.session_months?.length });
  if (referenceSessionReads.length) {
    emit({ bench: "idb_getall_sessions_reference_ms", median_ms: round(median(referenceSessionReads)), runs, store: "sessions (version 4, one object per session)", records: reference.sessions.length });
  }
  const d = median(onScreen);
  emit({ bench: "dashboard_large_on_screen_ms", median_ms: round(d), min_ms: round(Math.min(...onScreen)), max_ms: round(Math.max(...onScreen)), runs });
  if (references.length) {
    const ref = median(references);
    emit({ bench: "idb_raw_getall_reference_ms", median_ms: round(ref), min_ms: round(Math.min(...references)), max_ms: round(Math.max(...references)), runs, records: referenceRecords, layout: "database version 4, one object per record" });
    emit({ bench: "startup_large_to_reference_ratio", ratio: Math.round((s / ref) * 100) / 100, dashboard_on_screen_ratio: Math.round((d / ref) * 100) / 100, goal: 1.0 });
  }
}

await sizes();
await withServedBrowser(dist, port, async (browser) => {
  await startup(browser);
  await startupLarge(browser);
});
