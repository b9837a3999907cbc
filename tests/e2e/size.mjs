// Download size of the built app (dist/), as JSON lines for `make bench`:
//   initial_download_brotli_bytes            wasm, js and css the Dashboard fetches before its heading is
//                                            shown, on a first visit (empty programme: the starter library
//                                            is added) -- the figure issue 10 budgets at 250 KB
//   initial_download_returning_brotli_bytes  the same on a later visit (programme already stored)
//   largest_lazy_part_brotli_bytes           the largest wasm part loaded on demand
//   family_viewer_brotli_bytes               everything family.html (the share-link viewer) downloads
//   wasm_parts                               how many wasm files the build has
//   offline_precache_brotli_bytes            what the service worker downloads in the background,
//                                            after the first paint, to open offline later
// Sizes are the files compressed with brotli at maximum quality (node's zlib), as a server
// would send them. What was fetched is read from the page's resource timings: everything that
// started before the Dashboard heading appeared (code preloaded after the first paint is not
// counted). Service workers are blocked while measuring, so the background precache is not
// mixed into the first visit's figures. Usage: node size.mjs [dist]
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import { withServedBrowser } from "./bench-common.mjs";

const dist = resolve(process.argv[2] ?? join(import.meta.dirname, "../../dist"));
const port = Number(process.env.SIZE_PORT ?? 4183);
const code = /\.(wasm|js|css)$/;

const brotli = (bytes) =>
  brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }).length;
const sizes = new Map();
const brotliOf = (file) => {
  if (!sizes.has(file)) sizes.set(file, brotli(readFileSync(join(dist, file))));
  return sizes.get(file);
};

// Records, in the page, when the Dashboard heading first appears.
const watchHeading = () => {
  new MutationObserver((_, observer) => {
    const h1 = document.querySelector("h1#page-title");
    if (h1 && h1.textContent.trim() === "Dashboard") {
      window.__dashboardShownAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
};

async function visit(page) {
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
  await page.waitForLoadState("networkidle");
  const { shownAt, fetched } = await page.evaluate(() => ({
    shownAt: window.__dashboardShownAt,
    fetched: performance
      .getEntriesByType("resource")
      .concat(performance.getEntriesByType("navigation"))
      .map((e) => ({ url: e.name, start: e.startTime })),
  }));
  const files = [
    ...new Set(
      fetched
        .filter((e) => e.start < shownAt)
        .map((e) => new URL(e.url).pathname.slice(1))
        .filter((f) => code.test(f)),
    ),
  ];
  const bytes = files.reduce((sum, f) => sum + brotliOf(f), 0);
  return { bytes, files };
}

await withServedBrowser(dist, port, async (browser) => {
  const context = await browser.newContext({ serviceWorkers: "block" });
  await context.addInitScript(watchHeading);
  const page = await context.newPage();
  const first = await visit(page);
  const again = await visit(page);

  const parts = readdirSync(dist).filter((f) => f.endsWith(".wasm"));
  const main = parts.find((f) => /^iop_planner-.*_bg\.wasm$/.test(f));
  const viewer = readdirSync(dist).filter((f) => /^family(-.*\.(js|wasm)|\.html)$/.test(f));
  // (family-sw.js, the viewer's service worker, is in the list too: it is downloaded as well.)
  const lazy = parts
    .filter((f) => f !== main && !viewer.includes(f))
    .map((f) => ({ file: f, bytes: brotliOf(f) }));
  const largest = lazy.reduce((a, b) => (b.bytes > (a?.bytes ?? -1) ? b : a), null);
  const line = (bench, value, extra = {}) => console.log(JSON.stringify({ bench, value, unit: "bytes", ...extra }));
  const breakdown = (files) => Object.fromEntries(files.map((f) => [f, brotliOf(f)]));
  line("initial_download_brotli_bytes", first.bytes, { budget: 250_000, files: first.files.length, breakdown: breakdown(first.files) });
  line("initial_download_returning_brotli_bytes", again.bytes, { files: again.files.length });
  line("largest_lazy_part_brotli_bytes", largest?.bytes ?? 0, { file: largest?.file ?? null });
  // Everything the family viewer downloads: its page, script and wasm (it fetches nothing else).
  line("family_viewer_brotli_bytes", viewer.reduce((sum, f) => sum + brotliOf(f), 0), {
    budget: 100_000,
    breakdown: breakdown(viewer),
  });
  console.log(JSON.stringify({ bench: "wasm_parts", value: parts.length, unit: "files", main_brotli_bytes: main ? brotliOf(main) : null }));
  // What the service worker downloads in the background on a first visit, to open offline
  // later: every file in sw.js's list (brotli, as a server would send them).
  const sw = readFileSync(join(dist, "sw.js"), "utf8");
  const precache = JSON.parse(sw.match(/const FILES = (\[[^\]]*\]);/)[1]).filter((u) => u !== "/");
  line("offline_precache_brotli_bytes", precache.reduce((sum, u) => sum + brotliOf(u.slice(1)), 0), { files: precache.length });
});
