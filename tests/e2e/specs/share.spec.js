import { test, expect, guardCsp } from "./fixtures.js";
import { openApp, nav, scheduleWithItems } from "./helpers.js";

test("a share link opens in a fresh browser with no stored data, shows the schedule, and a changed character shows only the damage message", async ({ page, browser }) => {
  await openApp(page, "/settings");
  await page.getByRole("button", { name: "Load sample programme" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sample programme loaded" })).toBeVisible();
  // This test serves the app on 127.0.0.1: Settings says phones cannot reach it.
  await expect(page.getByText("which only this computer can open")).toBeVisible();

  const member = await scheduleWithItems(page);
  const firstTitle = (await page.locator(".family-item").first().locator("p").nth(1).textContent()).trim();
  const share = page.getByRole("region", { name: "Share this schedule" });
  await expect(share.getByText("only this computer can open")).toBeVisible();
  await share.getByRole("button", { name: "Make a share link" }).click();
  const linkBox = share.getByLabel("Share link", { exact: true });
  await expect(linkBox).toBeVisible();
  const link = await linkBox.inputValue();
  // Version 2: data, key, the programme's public key (65 bytes) and its signature (64 bytes).
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/family\.html#2\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{87}\.[A-Za-z0-9_-]{86}$/);
  // The card gives the programme code to tell the family member; the printout carries it.
  const code = (await share.locator(".share-code").textContent()).trim();
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  expect(link.length).toBeLessThan(2000);
  // Nothing readable in the link.
  expect(link).not.toContain(encodeURIComponent(member));
  expect(link).not.toContain(member.split(" ")[0]);
  // As a QR code, and as a printout of its own on one A4 page with the link and the notice.
  await expect(share.getByRole("img", { name: "QR code of the share link" })).toBeVisible();
  await page.evaluate(() => document.body.classList.add("print-link"));
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".share-sheet")).toBeVisible();
  await expect(page.locator(".share-sheet")).toContainText(link);
  await expect(page.locator(".share-sheet")).toContainText("42 CFR");
  await expect(page.locator(".share-sheet")).toContainText(`Programme code: ${code}`);
  await expect(page.locator(".family-items")).toBeHidden();
  const pdf = await page.pdf({ format: "A4" });
  expect((pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length).toBe(1);
  await page.emulateMedia({ media: "screen" });
  await page.evaluate(() => document.body.classList.remove("print-link"));

  // A family member's phone: a fresh browser, nothing stored.
  // The viewer's service worker is what this test checks: allowed here (blocked by default).
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: "allow" });
  const phoneViolations = await guardCsp(phone);
  // The viewer is self-contained: its page, its script and its wasm, nothing from the app.
  const fetched = [];
  phone.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  const viewer = await phone.newPage();
  await viewer.goto(link);
  await expect(viewer.locator("html[data-viewer-ready=true]")).toHaveCount(1);
  await expect(viewer.getByRole("heading", { level: 1 })).toContainText(member);
  await expect(viewer.getByRole("heading", { name: /Next session|Próxima sesión/ })).toBeVisible();
  await expect(viewer.getByText(firstTitle).first()).toBeVisible();
  await expect(viewer.getByText(/42 CFR/)).toBeVisible();
  await expect(viewer.getByRole("button", { name: /Add to calendar|Añadir al calendario/ })).toBeVisible();
  // What the family member can trust: the code to check, and no address opens from the page
  // until they confirm it.
  await expect(viewer.getByRole("note").filter({ hasText: code })).toContainText(/Check that|Compruebe que/);
  await expect(viewer.getByRole("link")).toHaveCount(0);
  const addresses = await viewer.getByText(/^https:\/\//).count();
  await viewer.getByRole("button", { name: /The code matches|El código coincide/ }).click();
  await expect(viewer.getByRole("note").filter({ hasText: code })).toContainText(/the same code|el mismo código/);
  await expect(viewer.locator("#trust")).toBeFocused();
  await expect(viewer.getByRole("link")).toHaveCount(addresses);
  // The key left the address bar; the viewer never opened the programme's database.
  expect(viewer.url()).not.toContain("#");
  const databases = await viewer.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  expect(databases).not.toContain("iop-planner");
  const [ics] = await Promise.all([
    viewer.waitForEvent("download"),
    viewer.getByRole("button", { name: /Add to calendar|Añadir al calendario/ }).click(),
  ]);
  expect(ics.suggestedFilename()).toBe("schedule.ics");

  // Its own icon too, and the keys published beside it (none, in this copy): no request for
  // the app's files, nor a failed /favicon.ico.
  expect(fetched.filter((p) => !/^\/family(\.html|-icon\.svg|-[0-9a-f]{16}(\.js|_bg\.wasm)|-sw\.js|-keys\.json)$/.test(p))).toEqual([]);
  expect(fetched).toContain("/family-keys.json");
  expect(fetched).toContain("/family-icon.svg");
  // Opened once, it opens again with no network at all.
  await viewer.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await phone.setOffline(true);
  const offline = await phone.newPage();
  await offline.goto(link);
  await expect(offline.locator("html[data-viewer-ready=true]")).toHaveCount(1);
  await expect(offline.getByText(firstTitle).first()).toBeVisible();
  await offline.close();
  await phone.setOffline(false);

  // One character of the encrypted part changed: the damage message, and nothing else.
  const hashAt = link.indexOf("#2.") + 10;
  const changed = link.slice(0, hashAt) + (link[hashAt] === "A" ? "B" : "A") + link.slice(hashAt + 1);
  const tampered = await phone.newPage();
  await tampered.goto(changed);
  await expect(tampered.locator("html[data-viewer-ready=true]")).toHaveCount(1);
  await expect(tampered.getByRole("alert")).toHaveText("This link is damaged or incomplete. Ask the programme for a new one.");
  await expect(tampered.getByRole("listitem")).toHaveCount(0);
  // Cut short, as a mail program might.
  const cut = await phone.newPage();
  await cut.goto(link.slice(0, link.length - 30));
  await expect(cut.getByRole("alert")).toHaveText("This link is damaged or incomplete. Ask the programme for a new one.");
  await phone.close();
  expect(phoneViolations, "Content-Security-Policy violations in the family viewer").toEqual([]);
});

test("each link made is in the client's disclosure log", async ({ page }) => {
  await openApp(page, "/settings");
  await page.getByRole("button", { name: "Load sample programme" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sample programme loaded" })).toBeVisible();
  const member = await scheduleWithItems(page);
  await page.getByRole("region", { name: "Share this schedule" }).getByRole("button", { name: "Make a share link" }).click();
  await expect(page.getByLabel("Share link", { exact: true })).toBeVisible();
  const code = (await page.locator(".share-code").textContent()).trim();
  // The client this person supports: from the Families list.
  await nav(page, "Families").click();
  await page.getByRole("button", { name: `Edit ${member}` }).click();
  const supports = page.getByRole("region", { name: "Consent to share" });
  const consentText = await supports.textContent();
  // Each client row shows the full name as its link and the preferred name beside it (in
  // quotation marks); the
  // consent panel names a client by the name they go by (preferred if given).
  await nav(page, "Clients").click();
  const rows = await page.getByRole("rowheader").evaluateAll((cells) =>
    cells.map((c) => ({ full: c.querySelector("a")?.textContent.trim() ?? "", preferred: (c.querySelector(".muted")?.textContent ?? "").replace(/[“”]/g, "").trim() })),
  );
  const candidates = rows.filter((r) => r.full && consentText.includes(r.preferred || r.full));
  expect(candidates.length, consentText).toBeGreaterThan(0);
  let found = 0;
  for (const { full } of candidates) {
    await nav(page, "Clients").click();
    await page.getByRole("link", { name: full, exact: true }).click();
    const log = page.getByRole("region", { name: "Disclosures" });
    await expect(page.getByRole("heading", { level: 1 })).toContainText(full);
    await expect(log).toBeVisible();
    // Each entry names the programme code its link was signed with.
    found += await log.getByRole("row").filter({ hasText: member }).filter({ hasText: code }).count();
  }
  expect(found).toBeGreaterThan(0);
});

/** Load the sample in `page`, make a share link for a family member with a schedule: the link and its programme code. */
async function sampleLink(page) {
  await openApp(page, "/settings");
  await page.getByRole("button", { name: "Load sample programme" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sample programme loaded" })).toBeVisible();
  await scheduleWithItems(page);
  const share = page.getByRole("region", { name: "Share this schedule" });
  await share.getByRole("button", { name: "Make a share link" }).click();
  const link = await share.getByLabel("Share link", { exact: true }).inputValue();
  return { link, code: (await share.locator(".share-code").textContent()).trim() };
}

test("a link signed with another key under the programme's name is flagged, and an unsigned one says so", async ({ page, browser }) => {
  // The real programme makes a link; the family member confirms its code on their phone.
  const { link, code } = await sampleLink(page);
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const violations = await guardCsp(phone);
  const viewer = await phone.newPage();
  await viewer.goto(link);
  await viewer.screenshot({ path: test.info().outputPath("code-to-check.png"), fullPage: true });
  await viewer.getByRole("button", { name: /The code matches|El código coincide/ }).click();
  await expect(viewer.getByRole("note").filter({ hasText: code })).toContainText(/the same code|el mismo código/);

  // Someone else, with the same programme name and the same page, makes a link of their own.
  const other = await browser.newContext();
  await guardCsp(other);
  const forger = await other.newPage();
  const { link: forged, code: forgedCode } = await sampleLink(forger);
  expect(forgedCode).not.toBe(code);
  const flagged = await phone.newPage();
  await flagged.goto(forged);
  const warning = flagged.getByRole("alert");
  await expect(warning).toContainText(/Warning|Atención/);
  await expect(warning).toContainText(forgedCode);
  await expect(warning).toContainText(code);
  await expect(flagged.getByRole("link")).toHaveCount(0);
  await flagged.screenshot({ path: test.info().outputPath("forged-link.png"), fullPage: true });
  await flagged.emulateMedia({ colorScheme: "dark" });
  await flagged.screenshot({ path: test.info().outputPath("forged-link-dark.png"), fullPage: true });

  // The same schedule without its signature (as links made before signing were): marked.
  const [, fragment] = link.split("#");
  const [, data, key] = fragment.split(".");
  const unsigned = await phone.newPage();
  await unsigned.goto(`${link.split("#")[0]}#1.${data}.${key}`);
  await expect(unsigned.getByRole("note").filter({ hasText: /not signed|no está firmado/ })).toBeVisible();
  await expect(unsigned.getByRole("link")).toHaveCount(0);
  await other.close();
  await phone.close();
  expect(violations).toEqual([]);
});

test("a programme that publishes its key beside the family page: its links need no code to confirm, another key's are flagged on a phone that never saw the programme", async ({ page, browser }) => {
  // Settings shows the code before the first link, and makes it on request.
  await openApp(page, "/settings");
  const codeCard = page.getByRole("region", { name: "Programme code" });
  await expect(codeCard).toContainText("No programme code yet");
  await codeCard.getByRole("button", { name: "Make the programme code now" }).click();
  await expect(codeCard.getByRole("status")).toContainText("made");
  const code = (await codeCard.locator(".share-code").textContent()).trim();
  expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  await codeCard.screenshot({ path: test.info().outputPath("settings-code.png") });
  // The file that publishes it.
  const [download] = await Promise.all([page.waitForEvent("download"), codeCard.getByRole("button", { name: "Download family-keys.json" }).click()]);
  expect(download.suggestedFilename()).toBe("family-keys.json");
  const keysFile = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
  expect(JSON.parse(keysFile).keys[0].code).toBe(code);

  // The first link carries the code made in Settings.
  const { link, code: linkCode } = await sampleLink(page);
  expect(linkCode).toBe(code);

  // A phone that never opened a link of this programme, where the file is published.
  const published = async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: "block" });
    await context.route("**/family-keys.json", (route) => route.fulfill({ status: 200, contentType: "application/json", body: keysFile }));
    return context;
  };
  const phone = await published();
  const violations = await guardCsp(phone);
  const viewer = await phone.newPage();
  await viewer.goto(link);
  const note = viewer.getByRole("note").filter({ hasText: code });
  // It names the site whose published key it is, for the family member to check.
  await expect(note).toContainText(/Signed with the key that 127\.0\.0\.1:\d+ publishes|Firmado con la clave que publica 127\.0\.0\.1:\d+/);
  await expect(viewer.getByRole("button", { name: /The code matches|El código coincide/ })).toHaveCount(0);
  await viewer.screenshot({ path: test.info().outputPath("published-key.png"), fullPage: true });

  // Someone else's key under the same programme name, on another phone that never saw either.
  const other = await browser.newContext();
  await guardCsp(other);
  const { link: forged, code: forgedCode } = await sampleLink(await other.newPage());
  const second = await published();
  const flagged = await second.newPage();
  await flagged.goto(forged);
  const warning = flagged.getByRole("alert");
  await expect(warning).toContainText(/not signed with the key this page publishes|no está firmado con la clave que publica/);
  await expect(warning).toContainText(forgedCode);
  await expect(flagged.getByRole("link")).toHaveCount(0);
  await expect(flagged.getByRole("button", { name: /The code matches|El código coincide|confirmed the new code|confirmó el código nuevo/ })).toHaveCount(0);
  await flagged.emulateMedia({ colorScheme: "dark" });
  await flagged.screenshot({ path: test.info().outputPath("unpublished-key-dark.png"), fullPage: true });
  await other.close();
  await second.close();
  await phone.close();
  expect(violations).toEqual([]);
});
