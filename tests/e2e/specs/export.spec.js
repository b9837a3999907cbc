import { test, expect } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { openApp, nav } from "./helpers.js";

/** Click `button` and return the downloaded file's name and text. */
async function download(page, name) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name }).click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), "utf8") };
}

test("spreadsheets download as RFC 4180 CSV, and a bad date range says why and downloads nothing", async ({ page }) => {
  await openApp(page, "/settings");
  await page.getByRole("button", { name: "Load sample programme" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sample programme loaded" })).toBeVisible();
  await nav(page, "Export").click();
  await expect(page.getByRole("heading", { level: 1, name: "Export" })).toBeVisible();

  const clients = await download(page, "Download clients");
  expect(clients.name).toMatch(/^iop-planner-clients-\d{4}-\d\d-\d\d\.csv$/);
  expect(clients.text.startsWith("\ufeffFull name,Preferred name,")).toBe(true);
  expect(clients.text.split("\r\n").length).toBeGreaterThan(10);
  await expect(page.getByRole("status").filter({ hasText: `Downloaded ${clients.name}.` })).toBeVisible();

  // Without the byte-order mark; attendance names family members in family groups as such.
  await page.getByLabel("Mark the files as UTF-8 for Excel (byte-order mark)").uncheck();
  const attendance = await download(page, "Download attendance");
  expect(attendance.text.startsWith("Date,Start,Group,Topic,Name,Role,Attendance,")).toBe(true);
  expect(attendance.text).toContain(",Attended,");
  const hours = await download(page, "Download weekly hours per client");
  expect(hours.text).toContain("Scheduled hours,Attended hours");

  // The end before the start: a message, and no file.
  await page.getByLabel("From", { exact: true }).fill("2026-12-20");
  await page.getByLabel("To", { exact: true }).fill("2026-12-01");
  let downloaded = false;
  page.on("download", () => (downloaded = true));
  await page.getByRole("button", { name: "Download sessions with topics" }).click();
  await expect(page.getByRole("alert")).toHaveText("The end of the date range must not be before its start.");
  expect(downloaded).toBe(false);
});
