// Screenshots of the data-core screens (damaged records, conflict notices), not run by make test.
import { chromium } from "playwright-core";
const base = process.env.BASE ?? "http://127.0.0.1:8092";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
for (const [w, h] of [[1280, 900], [390, 844]]) {
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ viewport: { width: w, height: h }, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(base + "/");
    await page.locator("html[data-app-ready=true]").waitFor();
    await page.evaluate(() => new Promise((resolve) => {
      const open = indexedDB.open("iop-planner");
      open.onsuccess = () => {
        const tx = open.result.transaction(["clients", "settings"], "readwrite");
        tx.objectStore("clients").put({ id: "from-the-future", schema: 99, full_name: "Future Person" });
        tx.objectStore("clients").put({ id: "binary-field", schema: 3, full_name: "Bin Ary", photo: new Uint8Array([1, 2, 3]) });
        tx.objectStore("settings").put({ id: "settings", schema: 2, tracks: "not a list" });
        tx.oncomplete = () => { open.result.close(); resolve(); };
      };
    }));
    await page.goto(base + "/settings");
    await page.locator("html[data-app-ready=true]").waitFor();
    await page.getByRole("button", { name: "Discard Client binary-field…" }).click();
    await page.screenshot({ path: `/tmp/shots/damaged-${w}-${scheme}.png`, fullPage: true });
    // A conflict on the client form.
    await page.goto(base + "/clients/new");
    await page.locator("html[data-app-ready=true]").waitFor();
    await page.getByLabel("Full name").fill("Jordan Twoedit");
    await page.getByRole("button", { name: "Add client" }).click();
    await page.getByRole("link", { name: "Jordan Twoedit" }).click();
    const other = await context.newPage();
    await other.goto(page.url());
    await other.locator("html[data-app-ready=true]").waitFor();
    await other.getByLabel("Preferred name").fill("Jo");
    await other.getByLabel("Pronouns").fill("they/them");
    await other.getByRole("button", { name: "Save changes" }).click();
    await other.getByRole("status").waitFor();
    await page.getByLabel("Planning notes").fill("Prefers evenings");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Saved in the other tab:").waitFor();
    await page.getByText("Saved in the other tab:").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/shots/conflict-${w}-${scheme}.png` });
    await context.close();
  }
}
await browser.close();
