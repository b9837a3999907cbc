// Keyboard-only walks of the main flows: the roster board, the agenda editor, attendance and
// the family-session slot finder. Data is set up with the usual helpers (loading the sample
// programme, page.goto); from then on each flow is driven by the keyboard alone: Tab and
// Shift+Tab to reach a control (which proves it is reachable), Enter/Space to press it, arrow
// keys to choose in a list, typing to fill a field. No clicks, fills or selectOption.
import { test, expect } from "./fixtures.js";
import { openApp, setUpSlotFinder, loadSample } from "./helpers.js";

/** A short description of the focused element, for failure messages. */
function describeFocus(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "the page (nothing focused)";
    const name = el.getAttribute("aria-label") || (el.labels && el.labels[0]?.textContent) || el.textContent || "";
    return `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ""}> "${name.trim().replace(/\s+/g, " ").slice(0, 60)}"`;
  });
}

const isFocused = (locator) => locator.evaluate((el) => el === document.activeElement);

/**
 * Press Tab (Shift+Tab with `back`) until `locator` has keyboard focus, at most `max` times;
 * fails with a clear message if it is never reached. Returns the number of presses (0 when the
 * app already put focus there).
 */
async function tabTo(page, locator, { max = 200, back = false } = {}) {
  await expect(locator).toBeVisible();
  const key = back ? "Shift+Tab" : "Tab";
  for (let presses = 0; presses <= max; presses++) {
    if (presses > 0) await page.keyboard.press(key);
    if (await isFocused(locator)) return presses;
  }
  throw new Error(
    `${key} never reached ${locator} in ${max} presses; focus ended on ${await describeFocus(page)}`,
  );
}

/** The focused element shows where focus is: a visible outline or a box shadow. */
async function expectFocusVisible(locator) {
  const style = await locator.evaluate((el) => {
    const s = getComputedStyle(el);
    return {
      focused: el === document.activeElement,
      focusVisible: el.matches(":focus-visible"),
      outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0,
      shadow: s.boxShadow !== "none",
    };
  });
  expect(style.focused, "the element has focus").toBe(true);
  expect(style.focusVisible, "the browser treats the focus as keyboard focus").toBe(true);
  expect(style.outline || style.shadow, "the focused element has an outline or a box shadow").toBe(true);
}

/**
 * Choose `label` in the focused <select> with the arrow keys, one option at a time, as a
 * keyboard user does (a closed select changes its value on ArrowDown/ArrowUp).
 */
async function chooseWithArrows(page, select, label) {
  await expect(select).toBeFocused();
  const options = (await select.locator("option").allTextContents()).map((t) => t.trim());
  const target = options.indexOf(label);
  expect(target, `"${label}" is one of ${JSON.stringify(options)}`).toBeGreaterThanOrEqual(0);
  for (let step = 0; step <= options.length; step++) {
    const at = await select.evaluate((el) => el.selectedIndex);
    if (at === target) break;
    await page.keyboard.press(at < target ? "ArrowDown" : "ArrowUp");
    // Each step is saved at once by some selects: let the page settle on it before the next.
    const next = at < target ? at + 1 : at - 1;
    await expect.poll(() => select.evaluate((el) => el.selectedIndex)).toBe(next);
  }
  await expect(select.locator("option:checked")).toHaveText(label);
}

/** Replace the text of the focused field by typing, as a person would (select all, type). */
async function retype(page, field, text) {
  await expect(field).toBeFocused();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(text);
}


/** Wait for the app after a reload. */
async function reloaded(page) {
  await page.reload();
  await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
  await expect(page.locator("#main h1").first()).toBeVisible();
}

/**
 * Open a session of the sample programme next week (nothing marked yet) with at least three
 * people on its roster, freshly loaded with nothing focused; returns its address.
 */
async function sessionWithRoster(page) {
  await openApp(page, "/schedule");
  await page.getByRole("button", { name: "Next week" }).click();
  const links = page.locator(".week a[href^='/sessions/']");
  await expect(links.first()).toBeVisible();
  const hrefs = [...new Set(await links.evaluateAll((as) => as.map((a) => a.getAttribute("href"))))];
  for (const href of hrefs) {
    await openApp(page, href);
    const attendance = page.getByRole("region", { name: "Attendance" });
    // Its summary, or why there is none (nobody on the roster, or cancelled).
    await expect(attendance.locator("p").first()).toBeVisible();
    const summary = attendance.getByRole("status");
    if ((await summary.count()) === 0) continue;
    const text = await summary.textContent();
    const members = Number(text.match(/of (\d+) members?/)?.[1] ?? 0);
    if (text.startsWith("0 marked") && members >= 3) return href;
  }
  throw new Error("No session next week has three people on its roster and nothing marked.");
}

test("roster board: add an unassigned client to a group, then move them, with the keyboard only", async ({ page }) => {
  await loadSample(page);
  await openApp(page, "/groups/board");
  const column = (name) => page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 2, name, exact: true }) });
  const unassigned = column("Unassigned active clients");
  await expect(unassigned.locator(".board-card").first()).toBeVisible();
  const name = (await unassigned.locator(".board-card strong").first().textContent()).trim();

  // Open the card's actions: Tab to its button, Enter.
  const addToggle = unassigned.getByRole("button", { name: `Add ${name} to a group` });
  await tabTo(page, addToggle);
  await expectFocusVisible(addToggle);
  await expect(addToggle).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("Enter");
  await expect(addToggle).toHaveAttribute("aria-expanded", "true");
  await expect(addToggle).toBeFocused();

  // Choose the first group in the list with the arrow keys, and confirm with Enter.
  const addTo = page.getByLabel(`Add ${name} to`, { exact: true });
  await tabTo(page, addTo, { max: 5 });
  await expectFocusVisible(addTo);
  const groups = (await addTo.locator("option").allTextContents()).map((t) => t.trim()).slice(1);
  expect(groups.length).toBeGreaterThanOrEqual(2);
  const [first, second] = groups;
  await chooseWithArrows(page, addTo, first);
  const add = page.getByRole("button", { name: `Add ${name}`, exact: true });
  await tabTo(page, add, { max: 5 });
  await page.keyboard.press("Enter");
  await expect(column(first)).toContainText(name);
  await expect(unassigned).not.toContainText(name);

  // Now move them on to the next group. The card is drawn again in its new column and
  // keyboard focus follows it there.
  const moveToggle = column(first).getByRole("button", { name: `Move or remove ${name}` });
  await expect(moveToggle).toBeFocused();
  await expectFocusVisible(moveToggle);
  await page.keyboard.press("Enter");
  await expect(moveToggle).toHaveAttribute("aria-expanded", "true");
  const moveTo = page.getByLabel(`Move ${name} to`, { exact: true });
  await tabTo(page, moveTo, { max: 5 });
  // Its own group is not offered.
  expect((await moveTo.locator("option").allTextContents()).map((t) => t.trim())).not.toContain(first);
  await chooseWithArrows(page, moveTo, second);
  const move = page.getByRole("button", { name: `Move ${name}`, exact: true });
  await tabTo(page, move, { max: 5 });
  await expectFocusVisible(move);
  await page.keyboard.press("Enter");
  await expect(column(second)).toContainText(name);
  await expect(column(first)).not.toContainText(name);
  await expect(column(second).getByRole("button", { name: `Move or remove ${name}` })).toBeFocused();
  await expect(page.getByRole("alert")).toHaveCount(0);

  // Stored: the board shows the same after a reload.
  await reloaded(page);
  await expect(column(second)).toContainText(name);
  await expect(column(first)).not.toContainText(name);
  await expect(unassigned).not.toContainText(name);
});

test("agenda editor: add a block, retitle and retime it, move it up, with the keyboard only", async ({ page }) => {
  await loadSample(page);
  await sessionWithRoster(page);
  const agenda = page.getByRole("region", { name: "Agenda" });
  const titles = agenda.getByRole("textbox");
  await expect(titles.first()).toBeVisible();
  const before = await titles.evaluateAll((inputs) => inputs.map((i) => i.value));
  expect(before.length).toBeGreaterThanOrEqual(2);
  // The sample's sessions run their group type's template, which fills the session exactly.
  const timing = agenda.getByRole("status");
  await expect(timing).toContainText(/fills the \d+-minute session exactly/);
  const length = (await timing.textContent()).match(/the (\d+)-minute session/)[1];

  // Choose the kind of the new block and add it.
  const kind = agenda.getByLabel("New block", { exact: true });
  await tabTo(page, kind);
  await expectFocusVisible(kind);
  await chooseWithArrows(page, kind, "Skills practice");
  const addBlock = agenda.getByRole("button", { name: "Add block" });
  await tabTo(page, addBlock, { max: 3 });
  await expectFocusVisible(addBlock);
  await page.keyboard.press("Enter");
  await expect(titles).toHaveCount(before.length + 1);
  await expect(titles.last()).toHaveValue("Skills practice");
  await expect(addBlock).toBeFocused();

  // Back (Shift+Tab) to the new block's title: give it a title of its own.
  await tabTo(page, titles.last(), { back: true, max: 10 });
  await expectFocusVisible(titles.last());
  await retype(page, titles.last(), "Keyboard walk practice");
  // Tab commits the title (a change event); the row is then named by it.
  await page.keyboard.press("Tab");
  const minutes = agenda.getByLabel("Minutes for Keyboard walk practice", { exact: true });
  await expect(minutes).toBeFocused();
  await expect(minutes).toHaveValue("10");
  await retype(page, minutes, "15");
  await page.keyboard.press("Tab");
  await expect(minutes).toHaveValue("15");

  // Tab on reaches "Move … earlier": press it twice; focus stays on it as the row moves.
  const earlier = agenda.getByRole("button", { name: "Move Keyboard walk practice earlier" });
  await expect(earlier).toBeFocused();
  await expectFocusVisible(earlier);
  await page.keyboard.press("Enter");
  await expect(titles.nth(before.length - 1)).toHaveValue("Keyboard walk practice");
  await expect(earlier).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(titles.nth(before.length - 2)).toHaveValue("Keyboard walk practice");
  await expect(earlier).toBeFocused();
  // The new block's 15 minutes make the agenda longer than the session, and it says so.
  await expect(timing).toContainText(`The agenda runs 15 minutes over the ${length}-minute session`);
  const expected = [...before.slice(0, before.length - 2), "Keyboard walk practice", ...before.slice(before.length - 2)];
  expect(await titles.evaluateAll((inputs) => inputs.map((i) => i.value))).toEqual(expected);

  // Every edit is saved at once: a reload shows the block, its minutes and its place.
  await reloaded(page);
  await expect(titles).toHaveCount(expected.length);
  expect(await titles.evaluateAll((inputs) => inputs.map((i) => i.value))).toEqual(expected);
  await expect(agenda.getByLabel("Minutes for Keyboard walk practice", { exact: true })).toHaveValue("15");
  await expect(page.getByText(/Changed by hand \(agenda\)/)).toBeVisible();
});

test("attendance: mark people attended, absent and excused with the keyboard only", async ({ page }) => {
  await loadSample(page);
  await sessionWithRoster(page);
  const attendance = page.getByRole("region", { name: "Attendance" });
  const marks = attendance.getByRole("combobox", { name: /^Attendance for / });
  const names = (await attendance.getByRole("rowheader").allTextContents()).map((t) => t.trim());
  expect(names.length).toBeGreaterThanOrEqual(3);
  const summary = attendance.getByRole("status");
  await expect(summary).toContainText(`0 marked of ${names.length} members; 0 present.`);

  const wanted = [
    [names[0], "Attended", "Attended"],
    [names[1], "Absent", "Absent"],
    [names[2], "Excused", "Excused"],
  ];
  for (const [who, label] of wanted) {
    const mark = attendance.getByLabel(`Attendance for ${who}`, { exact: true });
    await tabTo(page, mark);
    await expectFocusVisible(mark);
    await chooseWithArrows(page, mark, label);
    // Focus stays on the select while the mark is saved.
    await expect(mark).toBeFocused();
  }
  await expect(summary).toContainText(`3 marked of ${names.length} members; 1 present.`);
  await expect(marks).toHaveCount(names.length);

  // Stored: the marks are there after a reload.
  await reloaded(page);
  for (const [who, , value] of wanted) {
    await expect(attendance.getByLabel(`Attendance for ${who}`, { exact: true })).toHaveValue(value);
  }
  await expect(summary).toContainText(`3 marked of ${names.length} members; 1 present.`);
});

test("slot finder: find a time that fits and book the family session with the keyboard only", async ({ page }) => {
  // Set-up: a clinician free at any time, a client, and a family member free on Tuesdays
  // 17:00-19:00 only (as in families.spec.js).
  await setUpSlotFinder(page);
  const clientPage = page.url();

  // From here on, the keyboard only.
  const sessions = page.getByRole("region", { name: "Family sessions" });
  const book = sessions.getByRole("button", { name: "Book a family session" });
  await tabTo(page, book);
  await expectFocusVisible(book);
  await page.keyboard.press("Enter");
  const form = page.getByRole("form", { name: "Book a family session" });
  await expect(form).toBeVisible();

  // Opening the form moves focus to its first control (the button that had it is gone).
  const maria = form.getByRole("checkbox", { name: "Maria Example" });
  await expect(maria).toBeFocused();
  await expectFocusVisible(maria);
  await page.keyboard.press("Space");
  await expect(maria).toBeChecked();
  const clinician = form.getByLabel("Clinician", { exact: true });
  await tabTo(page, clinician, { max: 3 });
  await chooseWithArrows(page, clinician, "Dana Fictional");
  const where = form.getByLabel("Where", { exact: true });
  await tabTo(page, where, { max: 3 });
  await chooseWithArrows(page, where, "By telehealth link");
  const link = form.getByLabel("Telehealth link");
  await tabTo(page, link, { max: 3 });
  await page.keyboard.type("https://telehealth.example.org/ana");

  const find = form.getByRole("button", { name: /^Find times to / });
  await tabTo(page, find, { max: 5 });
  await expectFocusVisible(find);
  await page.keyboard.press("Enter");
  const times = form.getByRole("list", { name: "Times that fit" }).getByRole("button");
  await expect(times.first()).toHaveText(/^Tue .*, 17:00-18:00$/);
  const chosen = (await times.first().textContent()).trim();
  await tabTo(page, times.first(), { max: 3 });
  await expectFocusVisible(times.first());
  await page.keyboard.press("Enter");
  // Using a time fills the form and hands focus to its date.
  const first = form.getByLabel("Date (first session)");
  await expect(first).toBeFocused();
  await expect(form.getByLabel("Starts at")).toHaveValue("17:00");
  const date = await first.inputValue();
  expect(new Date(`${date}T12:00:00`).getDay()).toBe(2);

  const submit = form.getByRole("button", { name: "Book family session" });
  await tabTo(page, submit, { max: 30 });
  await expectFocusVisible(submit);
  await page.keyboard.press("Enter");
  await expect(form).toHaveCount(0);
  // The form is gone: focus is back on the button that opens it.
  await expect(sessions.getByRole("button", { name: "Book a family session" })).toBeFocused();
  const series = sessions.getByRole("button", { name: /^Edit the series: Weekly on Tue 17:00-18:00, 6 times from / });
  await expect(series).toBeVisible();
  // The first date offered is the one booked.
  const day = chosen.split(",")[0];
  await expect(sessions.getByRole("button", { name: `Cancel this date: ${day}` })).toBeVisible();

  // Stored: there after a reload.
  await page.goto(clientPage);
  await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
  await expect(series).toBeVisible();
  await expect(sessions).toContainText("With Maria Example · Dana Fictional");
});
