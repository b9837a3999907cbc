import { test, expect } from "./fixtures.js";
import { openApp, fillClient, nav } from "./helpers.js";

/** Today as YYYY-MM-DD in the browser's time zone (the app's "today"). */
async function today(page) {
  return page.evaluate(() => {
    const d = new Date();
    const p = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  });
}

async function addClient(page, fullName, admission) {
  await page.goto("/clients/new");
  await fillClient(page, { fullName, admission });
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("status")).toContainText(`Added ${fullName}.`);
}

test("build a roster from an empty programme; a keep-apart warning appears and disappears", async ({ page }) => {
  await openApp(page, "/groups/staff");
  const date = await today(page);

  await page.getByRole("button", { name: "Add staff member" }).click();
  await page.getByLabel("Name").fill("Dana Fictional");
  await page.getByLabel("Credentials").fill("LCSW");
  await page.getByRole("button", { name: "Save staff member" }).click();
  await expect(page.getByText("Dana Fictional")).toBeVisible();

  await page.getByRole("navigation", { name: "Groups and rosters" }).getByRole("link", { name: "Rooms" }).click();
  await page.getByRole("button", { name: "Add room" }).click();
  // Bad input is refused with a message and nothing is saved.
  await page.getByLabel("Capacity (people)").fill("0");
  await page.getByRole("button", { name: "Save room" }).click();
  await expect(page.getByText("Enter a room name.")).toBeVisible();
  await page.getByLabel("Name").fill("Room A");
  await page.getByLabel("Capacity (people)").fill("10");
  await page.getByRole("button", { name: "Save room" }).click();
  await expect(page.getByText("In person · up to 10 people")).toBeVisible();

  await page.goto("/groups/new");
  await page.getByLabel("Name").fill("Morning relapse prevention");
  await page.getByLabel("Minimum size", { exact: true }).fill("13");
  await page.getByRole("button", { name: "Add group" }).click();
  await expect(page.getByRole("alert").first()).toContainText("cannot be larger than the maximum");
  await page.getByLabel("Minimum size", { exact: true }).fill("2");
  await page.getByLabel("Meeting 1 day").selectOption({ label: "Wednesday" });
  await page.getByLabel("Meeting 1 starts").fill("09:00");
  await page.getByLabel("Meeting 1 minutes").fill("180");
  await expect(page.getByText("In plain words: Wed 09:00-12:00")).toBeVisible();
  await page.getByLabel("Start date").fill(date);
  await page.getByLabel("Lead facilitator").selectOption({ label: "Dana Fictional" });
  await page.getByLabel("Room", { exact: true }).selectOption({ label: "Room A" });
  await page.getByRole("button", { name: "Add group" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Morning relapse prevention" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Group saved." })).toBeVisible();

  await addClient(page, "Ana Example", date);
  await addClient(page, "Ben Example", date);

  // Keep Ben and Ana apart, from Ben's page; the reason is private.
  await page.getByRole("link", { name: "Ben Example" }).click();
  await page.getByLabel("Keep apart from").selectOption({ label: "Ana Example" });
  await page.getByLabel("Private reason (optional)").fill("Confidential note XYZ");
  await page.getByRole("button", { name: "Keep apart", exact: true }).click();
  await expect(page.getByRole("button", { name: "Stop keeping apart from Ana Example" })).toBeVisible();

  await nav(page, "Groups").click();
  await page.getByRole("link", { name: "Morning relapse prevention" }).click();
  const warnings = page.getByRole("region", { name: "Warnings for this group today" });
  for (const name of ["Ana Example", "Ben Example"]) {
    await page.getByLabel("Client", { exact: true }).selectOption({ label: name });
    await page.getByRole("button", { name: "Add to group" }).click();
    await expect(page.getByRole("button", { name: new RegExp(`End membership of ${name} on`) })).toBeVisible();
  }
  await expect(warnings).toContainText(/kept apart/i);
  await expect(warnings).toContainText("Ana Example");
  await expect(warnings).not.toContainText("Confidential note XYZ");
  // The programme-wide list on the Dashboard shows it too.
  await nav(page, "Dashboard").click();
  await expect(page.getByRole("region", { name: "Warnings", exact: true })).toContainText(/kept apart/i);
  await page.goBack();

  await page.getByRole("button", { name: /End membership of Ben Example on/ }).click();
  await page.getByRole("button", { name: "Yes, end Ben Example's membership" }).click();
  await expect(page.getByRole("button", { name: /End membership of Ben Example on/ })).toHaveCount(0);
  await expect(warnings).not.toContainText(/kept apart/i);

  await page.reload();
  await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
  await expect(page.getByRole("button", { name: /End membership of Ana Example on/ })).toBeVisible();
  await expect(page.getByText("Wed 09:00-12:00").first()).toBeVisible();
  await page.goto("/groups/board");
  const column = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Morning relapse prevention" }) });
  await expect(column).toContainText("Ana Example");
  await expect(page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Unassigned active clients" }) })).toContainText("Ben Example");

  // Archiving a referenced staff member says what happens first, and nothing happens on cancel.
  await page.goto("/groups/staff");
  await page.getByRole("button", { name: "Edit Dana Fictional" }).click();
  await page.getByRole("button", { name: "Archive Dana Fictional" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Archive Dana Fictional?" });
  await expect(dialog).toContainText("Dana Fictional will no longer lead Morning relapse prevention");
  await expect(dialog.getByRole("button", { name: "Yes, archive Dana Fictional" })).toBeFocused();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await page.getByRole("button", { name: "Archive Dana Fictional" }).click();
  await dialog.getByRole("button", { name: "Yes, archive Dana Fictional" }).click();
  await expect(page.getByRole("button", { name: "Restore Dana Fictional" })).toBeVisible();
  await page.goto("/groups");
  await page.getByRole("link", { name: "Morning relapse prevention" }).click();
  await expect(page.getByLabel("Lead facilitator")).toHaveValue("");
});

test("add and move members on the board with buttons and by drag and drop", async ({ page }) => {
  await openApp(page, "/settings");
  await page.getByRole("button", { name: "Load sample programme" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sample programme loaded" })).toBeVisible();
  await page.goto("/groups/board");
  const unassigned = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Unassigned active clients" }) });
  const firstCard = unassigned.locator(".board-card").first();
  const name = (await firstCard.locator("strong").first().textContent()).trim();
  await firstCard.getByRole("button", { name: `Add ${name} to a group` }).click();
  const select = page.getByLabel(`Add ${name} to`);
  const options = await select.locator("option").allTextContents();
  await select.selectOption({ label: options[1] });
  await page.getByRole("button", { name: `Add ${name}`, exact: true }).press("Enter");
  const column = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: options[1], exact: true }) });
  await expect(column).toContainText(name);
  await expect(unassigned).not.toContainText(name);

  // Drag and drop does the same as the buttons: a move between two groups, then back out.
  const other = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: options[2], exact: true }) });
  await column.locator(".board-card").filter({ hasText: name }).dragTo(other);
  await expect(other).toContainText(name);
  await expect(column).not.toContainText(name);
  await other.locator(".board-card").filter({ hasText: name }).dragTo(unassigned);
  await expect(unassigned).toContainText(name);
  await expect(other).not.toContainText(name);
});

test("auto-assign on the sample programme, accept it, reload and see everything", async ({ page }) => {
  await openApp(page, "/");
  await page.getByRole("button", { name: "Load sample programme" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /^Warnings( \d+)?$/ })).toBeVisible();
  await nav(page, "Groups").click();
  // The page's code may still be arriving: read the table once the Groups page is shown.
  await expect(page.getByRole("heading", { level: 1, name: "Groups" })).toBeVisible();
  const groupRows = page.getByRole("table").first().getByRole("row");
  await expect(groupRows).not.toHaveCount(1);
  const groups = (await groupRows.count()) - 1;
  expect(groups).toBeGreaterThanOrEqual(6);
  await expect(page.getByRole("figure")).toHaveCount(groups);
  await expect(page.locator("svg.chart-svg line.chart-max")).toHaveCount(groups);
  await expect(page.getByRole("img").first()).toHaveAttribute("aria-label", /now, peak \d+ \(maximum \d+, minimum \d+\)/);

  await page.getByRole("navigation", { name: "Groups and rosters" }).getByRole("link", { name: "Roster board" }).click();
  await expect(page).toHaveURL(/\/groups\/board$/);
  await expect(page.getByRole("heading", { name: "Roster board", level: 1 })).toBeVisible();
  const unassigned = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Unassigned active clients" }) });
  await expect(unassigned.locator(".board-card").first()).toBeVisible();
  const before = await unassigned.locator(".board-card").count();
  expect(before).toBeGreaterThan(0);
  await page.getByRole("button", { name: "Propose placements" }).click();
  const acceptAll = page.getByRole("button", { name: /Accept all \d+ placements/ });
  await expect(acceptAll).toBeVisible();
  await acceptAll.click();
  await expect(page.getByRole("status").filter({ hasText: /Added \d+ memberships?\./ })).toBeVisible();
  await expect(acceptAll).toHaveCount(0);
  const after = await unassigned.locator(".board-card").count();
  expect(after).toBeLessThan(before);
  // Everyone placed now has groups: a new proposal has nobody left to place.
  await page.getByRole("button", { name: "Propose placements" }).click();
  await expect(page.getByRole("heading", { name: /Proposal for/ })).toBeVisible();
  await expect(acceptAll).toHaveCount(0);
  const boardText = await page.locator(".board").innerText();

  await page.reload();
  await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
  await expect(unassigned.locator(".board-card")).toHaveCount(after);
  expect(await page.locator(".board").innerText()).toBe(boardText);
});

/** A date `days` after `iso` (YYYY-MM-DD), as YYYY-MM-DD. */
function addDays(iso, days) {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function addGroup(page, name, { min, max }) {
  await page.goto("/groups/new");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Minimum size", { exact: true }).fill(String(min));
  await page.getByLabel("Maximum size", { exact: true }).fill(String(max));
  await page.getByRole("button", { name: "Add group" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test("saving a group leaves nothing unsaved: a reload asks nothing, until the next edit", async ({ page }) => {
  await openApp(page, "/");
  await addGroup(page, "Afternoon skills", { min: 2, max: 8 });
  // Adding the group left its "Group saved." message on screen: dismiss it, so that the one
  // awaited below is this save's (else the reload can race the save).
  await page.getByRole("button", { name: "Dismiss message" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Group saved." })).toHaveCount(0);
  await page.getByLabel("Name (required)", { exact: true }).click();
  await page.getByLabel("Name (required)", { exact: true }).fill("Afternoon coping skills");
  await page.getByRole("button", { name: "Save group" }).click();
  // The new name in the heading shows this save landed.
  await expect(page.getByRole("heading", { level: 1, name: "Afternoon coping skills" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Group saved." })).toBeVisible();

  const dialogs = [];
  const record = (dialog) => {
    dialogs.push(dialog.type());
    dialog.accept().catch(() => {});
  };
  page.on("dialog", record);
  await page.reload();
  await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
  await expect(page.getByLabel("Name (required)", { exact: true })).toHaveValue("Afternoon coping skills");
  expect(dialogs).toEqual([]);
  page.off("dialog", record);

  // A real unsaved edit is still guarded.
  await page.getByLabel("Name (required)", { exact: true }).click();
  await page.getByLabel("Name (required)", { exact: true }).fill("Not saved yet");
  const dialog = page.waitForEvent("dialog");
  page.evaluate(() => location.reload()).catch(() => {});
  const prompt = await dialog;
  expect(prompt.type()).toBe("beforeunload");
  await prompt.dismiss();
  await expect(page.getByLabel("Name (required)", { exact: true })).toHaveValue("Not saved yet");
});

test("adding a member warns first about a full group and a keep-apart pair; ending a membership asks first", async ({ page }) => {
  await openApp(page, "/");
  const date = await today(page);
  const nextWeek = addDays(date, 7);
  for (const name of ["Ada Example", "Bo Example", "Cal Example"]) await addClient(page, name, date);

  // Cal is kept apart from Bo; the reason is private.
  await page.getByRole("link", { name: "Cal Example" }).click();
  await page.getByLabel("Keep apart from").selectOption({ label: "Bo Example" });
  await page.getByLabel("Private reason (optional)").fill("Private detail QZX");
  await page.getByRole("button", { name: "Keep apart", exact: true }).click();
  await expect(page.getByRole("button", { name: "Stop keeping apart from Bo Example" })).toBeVisible();

  await addGroup(page, "Small evening group", { min: 1, max: 2 });
  // Ada from today, Bo planned from next week: the group is full from then on.
  await page.getByLabel("Client", { exact: true }).selectOption({ label: "Ada Example" });
  await page.getByRole("button", { name: "Add to group" }).click();
  await expect(page.getByRole("button", { name: /End membership of Ada Example on/ })).toBeVisible();
  await page.getByLabel("Client", { exact: true }).selectOption({ label: "Bo Example" });
  await page.getByLabel("Joins on").fill(nextWeek);
  const warning = page.locator(".add-member .notice--warning");
  await expect(warning).toHaveCount(0);
  await page.getByRole("button", { name: "Add to group" }).click();
  await page.getByText("Membership history (planned, current and ended)").click();
  await expect(page.getByRole("row", { name: /Bo Example/ })).toContainText("Planned");

  // Choosing Cal from today warns before anything is added.
  await page.getByLabel("Joins on").fill("");
  await page.getByLabel("Client", { exact: true }).selectOption({ label: "Cal Example" });
  await expect(warning).toContainText("This would break a rule");
  await expect(warning).toContainText(/If Cal Example joins: Small evening group has 3 members on .*; its maximum is 2\./);
  await expect(warning).toContainText(/(Bo Example and Cal Example|Cal Example and Bo Example) are both in Small evening group on .*; they are to be kept apart\./);
  await expect(warning).not.toContainText("Private detail QZX");
  await expect(page.getByRole("row", { name: /Cal Example/ })).toHaveCount(0);
  await page.getByLabel("Client", { exact: true }).selectOption({ label: "Choose a client…" });
  await expect(warning).toHaveCount(0);

  // Ending a membership asks first; Escape and Cancel change nothing.
  const endAda = page.getByRole("button", { name: /End membership of Ada Example on/ });
  await endAda.click();
  const confirm = page.getByRole("alertdialog", { name: /End Ada Example's membership on .*\?/ });
  const yes = confirm.getByRole("button", { name: "Yes, end Ada Example's membership" });
  await expect(yes).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(confirm).toHaveCount(0);
  await expect(endAda).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(yes).toBeFocused();
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  await page.reload();
  await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
  await expect(endAda).toBeVisible();
  // With the keyboard only: open it, and confirm.
  await endAda.focus();
  await page.keyboard.press("Enter");
  await expect(yes).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(endAda).toHaveCount(0);

  // The client page's End asks too.
  await page.goto("/clients");
  await page.getByRole("link", { name: "Bo Example" }).click();
  const endBo = page.getByRole("button", { name: "End membership of Small evening group today" });
  await endBo.click();
  const confirmBo = page.getByRole("alertdialog", { name: "End membership of Small evening group today?" });
  await expect(confirmBo.getByRole("button", { name: "Yes, end membership of Small evening group" })).toBeFocused();
  await confirmBo.getByRole("button", { name: "Cancel" }).click();
  await expect(confirmBo).toHaveCount(0);
  await expect(endBo).toBeFocused();
  await endBo.click();
  await confirmBo.getByRole("button", { name: "Yes, end membership of Small evening group" }).click();
  await expect(endBo).toHaveCount(0);
  await page.reload();
  await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
  await expect(page.getByText("Not in any group yet.")).toBeVisible();
});
