import { test, expect } from "./fixtures.js";
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

test("calendars download as iCalendar: a group's series with its time zone, a family member's schedule under neutral titles", async ({ page }) => {
  await openApp(page, "/settings");
  await page.getByRole("button", { name: "Load sample programme" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sample programme loaded" })).toBeVisible();
  // The programme's time zone, checked against the browser's list.
  await page.getByLabel("Time zone").fill("Mars/Olympus");
  await page.getByRole("button", { name: "Save programme settings" }).click();
  await expect(page.getByText('This browser does not know the time zone "Mars/Olympus"')).toBeVisible();
  await page.getByLabel("Time zone").fill("America/Chicago");
  await page.getByRole("button", { name: "Save programme settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Programme settings saved." })).toBeVisible();

  await nav(page, "Export").click();
  const card = page.getByRole("region", { name: "Calendars (iCalendar)" });
  await expect(card.getByText("Times are in America/Chicago.")).toBeVisible();
  // Nobody chosen: a message and no file.
  await card.getByRole("button", { name: "Download calendar" }).click();
  await expect(card.getByRole("alert")).toHaveText("Choose whose calendar to download.");

  const whose = card.getByLabel("Whose");
  const group = (await whose.locator("option").nth(1).textContent()).trim();
  await whose.selectOption({ label: group });
  await card.getByLabel("Add a reminder 30 minutes before each event").check();
  const groupFile = await download(page, "Download calendar");
  expect(groupFile.name).toMatch(/^iop-planner-.+-\d{4}-\d\d-\d\d\.ics$/);
  expect(groupFile.text.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
  expect(groupFile.text).toContain("BEGIN:VTIMEZONE\r\nTZID:America/Chicago\r\n");
  expect(groupFile.text).toContain("DTSTART;TZID=America/Chicago:");
  expect(groupFile.text).toMatch(/RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=[A-Z]{2};UNTIL=\d{8}T\d{6}Z/);
  expect(groupFile.text).toContain("TRIGGER:-PT30M");
  for (const line of groupFile.text.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);

  await card.getByLabel("Calendar of").selectOption({ label: "a family member's schedule" });
  const member = (await whose.locator("option").nth(1).textContent()).trim();
  await whose.selectOption({ label: member });
  const familyFile = await download(page, "Download calendar");
  expect(familyFile.name).toMatch(/^iop-planner-family-schedule-\d{4}-\d\d-\d\d\.ics$/);
  expect(familyFile.text).not.toContain("RRULE");
  expect(familyFile.text).not.toContain(member);
});
