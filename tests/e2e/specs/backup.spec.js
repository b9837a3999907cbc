import { test, expect, guardCsp } from "./fixtures.js";
import { readFile, writeFile } from "node:fs/promises";
import { openApp, nav, wipeDatabase, loadSample, fillClient } from "./helpers.js";

const PASSPHRASE = "harbour lantern orchid 42";

/** Click `button` and return the downloaded file's name, path and text. */
async function download(page, scope, name) {
  const [file] = await Promise.all([page.waitForEvent("download"), scope.getByRole("button", { name }).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), path, text: await readFile(path, "utf8") };
}


/** The names on the Clients list. */
async function clientNames(page) {
  await nav(page, "Clients").click();
  await expect(page.getByRole("heading", { name: "Clients", level: 1 })).toBeVisible();
  await expect(page.getByRole("row").nth(1)).toBeVisible();
  return (await page.getByRole("rowheader").allInnerTexts()).sort();
}

async function openExport(page) {
  await nav(page, "Export").click();
  await expect(page.getByRole("heading", { level: 1, name: "Export" })).toBeVisible();
}

test("an encrypted backup downloads, the data is wiped, and restoring the backup brings everything back", async ({ page }, info) => {
  await loadSample(page);
  const before = await clientNames(page);
  expect(before.length).toBeGreaterThan(10);

  await openExport(page);
  const card = page.getByRole("region", { name: "Backup" });
  await expect(card.getByText("No backup has been downloaded in this browser yet.")).toBeVisible();
  // A short passphrase, then two that differ: field messages, no file.
  await card.getByLabel("Passphrase", { exact: true }).fill("short");
  await card.getByRole("button", { name: "Download backup" }).click();
  await expect(card.getByText("Use at least 10 characters")).toBeVisible();
  await card.getByLabel("Passphrase", { exact: true }).fill(PASSPHRASE);
  await card.getByLabel("Passphrase again").fill(PASSPHRASE + "!");
  await card.getByRole("button", { name: "Download backup" }).click();
  await expect(card.getByText("The two passphrases are not the same.")).toBeVisible();
  await card.getByLabel("Passphrase again").fill(PASSPHRASE);
  const backup = await download(page, card, "Download backup");
  expect(backup.name).toMatch(/^iop-planner-backup-\d{4}-\d\d-\d\d\.iopbackup$/);
  const container = JSON.parse(backup.text);
  expect(container.format).toBe("iop-planner-backup");
  expect(container.encryption.iterations).toBeGreaterThanOrEqual(600000);
  expect(container.format_version).toBe(2);
  // Only what opening it needs is readable: no counts, time, versions or records.
  for (const hidden of ["counts", "exported_at", "app_version", "db_version", "body"]) expect(container[hidden]).toBeUndefined();
  // No name from the programme is readable in the file.
  for (const name of before.slice(0, 5)) expect(backup.text).not.toContain(name);
  await expect(card.getByRole("status")).toContainText(`Downloaded ${backup.name} with`);
  await expect(card.getByText("Last backup: today.")).toBeVisible();

  // Wipe: the browser's database deleted, the page opened again, empty.
  await wipeDatabase(page);
  // Opened again, the app says the data is gone instead of showing a new, empty programme.
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "The data saved in this browser is gone" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Welcome to IOP Planner" })).toHaveCount(0);
  // Still so after another reload: nothing was created in the meantime.
  await page.reload();
  await expect(page.getByRole("heading", { name: "The data saved in this browser is gone" })).toBeVisible();
  await page.getByRole("button", { name: "Restore a backup" }).click();
  await expect(page).toHaveURL(/\/export$/);

  // Restore: a wrong passphrase is refused; the right one shows what would change.
  const restore = page.getByRole("region", { name: "Restore from a backup" });
  await restore.getByLabel("Backup file").setInputFiles(backup.path);
  await restore.getByLabel("Passphrase of this backup").fill("not the passphrase");
  await restore.getByRole("button", { name: "Open backup" }).click();
  await expect(restore.getByRole("alert")).toContainText("That passphrase does not open this backup.");
  await restore.getByLabel("Passphrase of this backup").fill(PASSPHRASE);
  await restore.getByRole("button", { name: "Open backup" }).click();
  await expect(restore.getByRole("heading", { name: "What restoring would do" })).toBeVisible();
  const clientsRow = restore.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "clients", exact: true }) });
  // In the backup, and new here: every client, archived ones too.
  const inBackup = Number(await clientsRow.getByRole("cell").nth(0).innerText());
  expect(inBackup).toBeGreaterThanOrEqual(before.length);
  await expect(clientsRow.getByRole("cell").nth(1)).toHaveText(String(inBackup));
  await page.screenshot({ path: info.outputPath("restore-preview.png"), fullPage: true });

  await restore.getByRole("button", { name: "Replace everything…" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Replace everything in this browser?" });
  await expect(confirm.getByRole("button", { name: "Download a backup of what is here now" })).toBeVisible();
  await confirm.getByRole("button", { name: "Replace everything", exact: true }).click();
  await expect(restore.getByRole("status")).toContainText("Restored: everything here now matches the backup");

  expect(await clientNames(page)).toEqual(before);
  // Stored, not just shown: the same after opening the app again.
  await openApp(page, "/clients");
  expect(await clientNames(page)).toEqual(before);
});

test("a damaged or foreign backup file is refused with a reason and changes nothing", async ({ page }, info) => {
  await loadSample(page);
  const before = await clientNames(page);
  await openExport(page);
  const card = page.getByRole("region", { name: "Backup" });
  await card.getByLabel("Save without encryption").check();
  await expect(card.getByLabel("Passphrase", { exact: true })).toHaveCount(0);
  const plain = await download(page, card, "Download backup");
  expect(plain.name).toMatch(/\.json$/);
  const container = JSON.parse(plain.text);
  expect(container.encryption).toBeNull();

  const restore = page.getByRole("region", { name: "Restore from a backup" });
  // The same data: nothing to do.
  await restore.getByLabel("Backup file").setInputFiles(plain.path);
  await expect(restore.getByText("This backup holds exactly what is here")).toBeVisible();

  // One character of a record changed: the checksum no longer matches.
  const i = plain.text.indexOf('"full_name":"') + 13;
  const damaged = plain.text.slice(0, i) + (plain.text[i] === "Q" ? "R" : "Q") + plain.text.slice(i + 1);
  const damagedPath = info.outputPath("damaged.json");
  await writeFile(damagedPath, damaged);
  await restore.getByLabel("Backup file").setInputFiles(damagedPath);
  await expect(restore.getByRole("alert")).toContainText("This backup file is damaged");
  await expect(restore.getByRole("button", { name: "Merge" })).toHaveCount(0);

  // Cut in half, and a file that is no backup at all.
  const cutPath = info.outputPath("cut.json");
  await writeFile(cutPath, plain.text.slice(0, plain.text.length / 2));
  await restore.getByLabel("Backup file").setInputFiles(cutPath);
  await expect(restore.getByRole("alert")).toContainText("incomplete");
  const otherPath = info.outputPath("notes.json");
  await writeFile(otherPath, JSON.stringify({ notes: ["not a backup"] }));
  await restore.getByLabel("Backup file").setInputFiles(otherPath);
  await expect(restore.getByRole("alert")).toContainText("This is not an IOP Planner backup file.");

  expect(await clientNames(page)).toEqual(before);
});

test("a first visit (or a browser whose site data was cleared) offers to restore a backup", async ({ page }) => {
  await openApp(page, "/");
  await expect(page.getByRole("heading", { name: "Welcome to IOP Planner" })).toBeVisible();
  await page.getByRole("link", { name: "Restore a backup" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Export" })).toBeVisible();
  const restore = page.getByRole("region", { name: "Restore from a backup" });
  await expect(restore.getByLabel("Backup file")).toBeVisible();
  await expect(restore).toBeInViewport();
});

/** Open client `name`'s form, set its pronouns (and notes), save. */
async function editClient(page, name, { pronouns, notes }) {
  await nav(page, "Clients").click();
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { name: `Edit ${name}` })).toBeVisible();
  if (pronouns !== undefined) await page.getByLabel("Pronouns").fill(pronouns);
  if (notes !== undefined) await page.getByLabel("Planning notes").fill(notes);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toContainText(`Saved changes to ${name}.`);
}

async function plainBackup(page) {
  await openExport(page);
  const card = page.getByRole("region", { name: "Backup" });
  await card.getByLabel("Save without encryption").check();
  return download(page, card, "Download backup");
}

test("two browsers: merging keeps each one's changes, and a field both changed is asked about with both values", async ({ page, browser }, info) => {
  // Browser A adds a client and backs up.
  await openApp(page, "/clients/new");
  await fillClient(page, { fullName: "Robin Merge-Example" });
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("status")).toContainText("Added Robin Merge-Example.");
  const first = await plainBackup(page);

  // Browser B (its own storage and device) starts from that backup.
  const other = await browser.newContext();
  await guardCsp(other);
  const b = await other.newPage();
  await openApp(b, "/");
  await b.getByRole("link", { name: "Restore a backup" }).click();
  const restoreB = b.getByRole("region", { name: "Restore from a backup" });
  await restoreB.getByLabel("Backup file").setInputFiles(first.path);
  await restoreB.getByRole("button", { name: "Merge" }).click();
  await expect(restoreB.getByRole("status")).toContainText("Merged:");
  // B changes the pronouns; A, meanwhile, the notes and the pronouns.
  await editClient(b, "Robin Merge-Example", { pronouns: "they/them" });
  await editClient(page, "Robin Merge-Example", { notes: "Prefers the morning group." });
  await editClient(page, "Robin Merge-Example", { pronouns: "he/him" });
  const second = await plainBackup(page);

  // Merging A's first backup again changes nothing of B's newer edit.
  await openExport(b);
  await restoreB.getByLabel("Backup file").setInputFiles(first.path);
  await expect(restoreB.getByText("1 record differs here and in the backup")).toBeVisible();
  await restoreB.getByRole("button", { name: "Merge" }).click();
  await expect(restoreB.getByRole("status")).toContainText("0 updated with changes made in the backup, 1 kept as it is here");

  // A's second backup: the notes are A's alone; the pronouns were changed on both sides.
  await restoreB.getByLabel("Backup file").setInputFiles(second.path);
  await expect(restoreB.getByText("1 field was changed on both sides")).toBeVisible();
  const choice = restoreB.getByRole("group", { name: "Pronouns: changed here and in the backup" });
  await expect(choice.getByRole("radio", { name: "Keep this browser's: they/them" })).toBeChecked();
  await expect(restoreB.getByText("Merge takes the backup's notes (changed only there)")).toBeVisible();
  await b.screenshot({ path: info.outputPath("merge-conflict.png"), fullPage: true });
  await b.setViewportSize({ width: 390, height: 844 });
  await b.emulateMedia({ colorScheme: "dark" });
  await restoreB.screenshot({ path: info.outputPath("merge-conflict-390-dark.png") });
  await b.emulateMedia({ colorScheme: "light" });
  await b.setViewportSize({ width: 1280, height: 720 });
  await choice.getByRole("radio", { name: "Take the backup's: he/him" }).check();
  await restoreB.getByRole("button", { name: "Merge" }).click();
  await expect(restoreB.getByRole("status")).toContainText("of 1 field changed on both sides, 1 take the backup's value");

  // Stored: after a reload B has A's notes and the chosen pronouns, and the same backup holds
  // exactly what is here now.
  await openApp(b, "/clients");
  await b.getByRole("link", { name: "Robin Merge-Example", exact: true }).click();
  await expect(b.getByLabel("Pronouns")).toHaveValue("he/him");
  await expect(b.getByLabel("Planning notes")).toHaveValue("Prefers the morning group.");
  await openExport(b);
  await restoreB.getByLabel("Backup file").setInputFiles(second.path);
  await expect(restoreB.getByText("This backup holds exactly what is here")).toBeVisible();
  await other.close();
});
