// What the benchmark scripts (bench.mjs, bench-inp.mjs, size.mjs) share: the served build in
// headless Chromium, writing stores into IndexedDB from the page, and medians.
import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { chromiumArgs } from "./playwright.config.js";

/** Serve `dist` on 127.0.0.1:`port` (scripts/serve.mjs), launch Chromium, run `work(browser)`. */
export async function withServedBrowser(dist, port, work) {
  const server = spawn("node", [join(import.meta.dirname, "../../scripts/serve.mjs"), dist, "127.0.0.1", String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((resolve) => server.stdout.once("data", resolve));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: chromiumArgs });
  try {
    return await work(browser);
  } finally {
    await browser.close();
    server.kill();
  }
}

/**
 * Put every record of `stores` (store name -> records) into database `name` with plain
 * IndexedDB calls, in one transaction; resolves to the number written. With `version`, the
 * database is opened at it and missing stores are created (key path `id`).
 */
export function writeStores(page, stores, { name = "iop-planner", version } = {}) {
  return page.evaluate(
    ({ stores, name, version }) =>
      new Promise((resolve, reject) => {
        const open = version ? indexedDB.open(name, version) : indexedDB.open(name);
        open.onupgradeneeded = () => {
          for (const store of Object.keys(stores)) {
            if (!open.result.objectStoreNames.contains(store)) open.result.createObjectStore(store, { keyPath: "id" });
          }
        };
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(Object.keys(stores), "readwrite");
          let n = 0;
          for (const [store, records] of Object.entries(stores)) {
            for (const r of records) {
              tx.objectStore(store).put(r);
              n++;
            }
          }
          tx.oncomplete = () => {
            db.close();
            resolve(n);
          };
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
    { stores, name, version },
  );
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const round = (x) => Math.round(x * 10) / 10;
