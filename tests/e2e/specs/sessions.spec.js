import { test, expect } from "./fixtures.js";
import { openApp, fillClient, nav, openEveryMonth, dataRows } from "./helpers.js";

/** A date `days` from the browser's today, as YYYY-MM-DD (the app's "today" is the browser's). */
async function isoDay(page, days = 0) {
  return page.evaluate((n) => {
    const d = new Date();
    d.setDate(d.getDate() + n);
    const p = (x) => String(x).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  }, days);
}

async function weekdayName(page) {
  return page.evaluate(() => new Date().toLocaleDateString("en-GB", { weekday: "long" }));
}

test("topic, curriculum, group plan, agenda timing, attendance and coverage", async ({ page }) => {
  await openApp(page, "/curriculum");
  // An empty programme starts with the starter library.
  const count = page.getByRole("status").filter({ hasText: /topics? of/ });
  await expect(count).toHaveText(/^\d{2,} topics of \d{2,}$/);
  await page.getByLabel("Search topics").fill("wise mind");
  await expect(page.getByRole("link", { name: "Wise mind" })).toBeVisible();
  await expect(count).toHaveText(/^1 topic of \d{2,}$/);
  await page.getByLabel("Search topics").fill("");
  await page.getByLabel("Kind", { exact: true }).selectOption({ label: "Family education" });
  await expect(page.getByRole("link", { name: "Understanding addiction: for families" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Wise mind" })).toHaveCount(0);

  // Create a topic; an empty title is refused with a message.
  await page.getByRole("link", { name: "New topic" }).click();
  await page.getByRole("button", { name: "Add topic" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter a title.");
  await page.getByLabel("Title (required)").fill("Coping with holiday stress");
  await page.getByLabel("Coping skills").check();
  await page.getByLabel("Core topic (every client should receive it)").check();
  await page.getByLabel("Learning objectives").fill("Name two stressful holiday situations\nPlan one coping step for each");
  await page.getByRole("button", { name: "Add topic" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Coping with holiday stress" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toContainText("Saved Coping with holiday stress.");

  // Build a rolling curriculum of two sessions.
  await page.getByRole("navigation", { name: "Curriculum" }).getByRole("link", { name: "Curricula" }).click();
  await expect(page.getByRole("link", { name: "DBT skills cycle, 24 weeks" })).toBeVisible();
  await page.getByRole("link", { name: "New curriculum" }).click();
  await page.getByLabel("Name (required)").fill("Holiday coping cycle");
  await page.getByLabel("Kind", { exact: true }).selectOption("rolling");
  await page.getByLabel("New members join").selectOption("any");
  await page.getByRole("button", { name: "Add a session to Module 1" }).click();
  await expect(page.getByLabel("Topic for session 1")).toBeFocused();
  await page.getByLabel("Topic for session 1").selectOption({ label: "Coping with holiday stress (Psychoeducation)" });
  await page.getByRole("button", { name: "Add a session to Module 1" }).click();
  await page.getByLabel("Topic for session 2").selectOption({ label: "Paced breathing practice (Skills practice)" });
  // Reorder with the keyboard: the focused button keeps focus after the move.
  await page.getByRole("button", { name: "Move session 2 earlier" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Topic for session 1")).toHaveValue("topic-paced-breathing-practice");
  await expect(page.getByRole("button", { name: "Move session 1 earlier" })).toBeFocused();
  await page.getByRole("button", { name: "Move session 1 later" }).click();
  await expect(page.getByLabel("Topic for session 2")).toHaveValue("topic-paced-breathing-practice");
  // Removing a session hands focus to "Add a session", not to the page.
  await page.getByRole("button", { name: "Add a session to Module 1" }).click();
  await page.getByRole("button", { name: "Remove session 3" }).click();
  await expect(page.getByRole("button", { name: "Add a session to Module 1" })).toBeFocused();
  await expect(page.getByLabel("Topic for session 3")).toHaveCount(0);
  await page.getByRole("button", { name: "Add curriculum" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Holiday coping cycle" })).toBeVisible();

  // A client and a weekly group that met a week ago and meets today.
  const weekAgo = await isoDay(page, -7);
  await page.goto("/clients/new");
  await fillClient(page, { fullName: "Cora Example", preferred: "Cory", admission: weekAgo });
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("status")).toContainText("Added Cora Example.");

  await page.goto("/groups/new");
  await page.getByLabel("Name").fill("Coping skills group");
  await page.getByLabel("Minimum size", { exact: true }).fill("1");
  await page.getByLabel("Meeting 1 day").selectOption({ label: await weekdayName(page) });
  await page.getByLabel("Meeting 1 starts").fill("09:00");
  await page.getByLabel("Meeting 1 minutes").fill("90");
  await page.getByLabel("Start date").fill(weekAgo);
  await page.getByRole("button", { name: "Add group" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Coping skills group" })).toBeVisible();
  await page.getByLabel("Client", { exact: true }).selectOption({ label: "Cory" });
  await page.getByLabel("Joins on").fill(weekAgo);
  await page.getByRole("button", { name: "Add to group" }).click();
  await expect(page.getByRole("button", { name: /End membership of Cory on/ })).toBeVisible();

  // Assign the curriculum: dated sessions appear, from a week ago.
  await page.getByLabel("Curriculum", { exact: true }).selectOption({ label: "Holiday coping cycle (2 sessions)" });
  await page.getByLabel("First session on or after").fill(weekAgo);
  await page.getByRole("button", { name: "Assign and generate sessions" }).click();
  await expect(page.getByRole("status").filter({ hasText: "added" })).toBeVisible();
  const sessions = page.getByRole("table", { name: "Sessions of this group" });
  await expect(sessions.getByRole("row")).not.toHaveCount(1);
  await page.getByLabel("Show past sessions").check();
  // A week ago may be last month, which is folded.
  await openEveryMonth(page);
  const first = dataRows(page, sessions).nth(0);
  await expect(first).toContainText("Coping with holiday stress");
  await expect(dataRows(page, sessions).nth(1)).toContainText("Paced breathing practice");

  // Coverage before attendance: delivered a week ago but not marked, so it is planned for the
  // next time the cycle comes round.
  await page.getByRole("link", { name: "Topic coverage for this group" }).click();
  const grid = page.getByRole("table", { name: "Core topics by client" });
  await expect(grid.getByRole("row", { name: /Cory/ })).toContainText("Planned");

  // The session of a week ago: retime a block past the session length, then mark attendance.
  await page.goBack();
  await page.getByLabel("Show past sessions").check();
  await openEveryMonth(page);
  await dataRows(page, sessions).nth(0).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Coping skills group");
  const agenda = page.getByRole("region", { name: "Agenda" });
  await expect(agenda.getByRole("status")).toContainText("fills the 90-minute session exactly");
  const minutes = agenda.getByRole("spinbutton").first();
  const before = Number(await minutes.inputValue());
  await minutes.fill(String(before + 15));
  await minutes.press("Tab");
  await expect(agenda.getByRole("status")).toContainText("The agenda runs 15 minutes over the 90-minute session");
  // Reorder a block from the keyboard: focus stays on its button.
  const firstTitle = await agenda.getByRole("textbox").first().inputValue();
  const later = agenda.getByRole("button", { name: `Move ${firstTitle} later` });
  await later.focus();
  await page.keyboard.press("Enter");
  await expect(agenda.getByRole("textbox").nth(1)).toHaveValue(firstTitle);
  await expect(later).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Enter");
  await expect(agenda.getByRole("textbox").first()).toHaveValue(firstTitle);
  // Removing that block leaves its original minutes unplanned.
  await agenda.getByRole("button", { name: /Remove/ }).first().click();
  await expect(agenda.getByRole("button", { name: "Add block" })).toBeFocused();
  await expect(agenda.getByRole("status")).toContainText(`${before} minutes of the 90-minute session are not planned.`);

  const attendance = page.getByRole("region", { name: "Attendance" });
  const mark = attendance.getByLabel("Attendance for Cory");
  await mark.focus();
  await mark.selectOption({ label: "Late" });
  await attendance.getByLabel("Minutes Cory was present").fill("60");
  await attendance.getByLabel("Minutes Cory was present").press("Tab");
  await expect(attendance.getByRole("row", { name: /Cory/ })).toContainText("1 h attended this week");
  await mark.focus();
  await mark.selectOption({ label: "Attended" });
  await expect(mark).toBeFocused();
  await expect(attendance.getByRole("status")).toContainText("1 marked of 1 member; 1 present.");
  // The late minutes do not stick to a full attendance.
  await expect(attendance.getByRole("row", { name: /Cory/ })).toContainText("1.5 h attended this week");

  // Sign-in sheet shows the preferred name and last initial only.
  await page.getByRole("link", { name: "Sign-in sheet" }).click();
  await expect(page.getByRole("cell", { name: "Cory E." })).toBeVisible();
  await expect(page.getByText("Cora Example")).toHaveCount(0);
  await page.getByRole("link", { name: "← Back to the session" }).click();
  await page.getByRole("link", { name: "Facilitator sheet" }).click();
  await expect(page.getByRole("heading", { name: "Psychoeducation: Coping with holiday stress" })).toBeVisible();
  await expect(page.getByText("Plan one coping step for each")).toBeVisible();

  // The grid now shows the topic as received, and after a reload too.
  await page.goto("/groups");
  await page.getByRole("link", { name: "Coping skills group" }).click();
  await page.getByRole("link", { name: "Topic coverage for this group" }).click();
  await expect(grid.getByRole("row", { name: /Cory/ })).toContainText("✓");
  await page.reload();
  await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
  await expect(grid.getByRole("row", { name: /Cory/ })).toContainText("✓");
  await nav(page, "Clients").click();
  await page.getByRole("link", { name: /Cora Example/ }).click();
  await expect(page.getByRole("region", { name: "Core topics" })).toContainText("1 of 1 core topics received.");
});

test("a group without a curriculum meets as sessions with an agenda, attendance and sheets", async ({ page }) => {
  await openApp(page, "/clients/new");
  const weekAgo = await isoDay(page, -7);
  await fillClient(page, { fullName: "Flora Example", preferred: "Flo", admission: weekAgo });
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("status")).toContainText("Added Flora Example.");
  await page.goto("/groups/new");
  await page.getByLabel("Name").fill("Open process group");
  await page.getByLabel("Minimum size", { exact: true }).fill("1");
  await page.getByLabel("Meeting 1 day").selectOption({ label: await weekdayName(page) });
  await page.getByLabel("Meeting 1 starts").fill("13:00");
  await page.getByLabel("Meeting 1 minutes").fill("90");
  await page.getByLabel("Start date").fill(weekAgo);
  await page.getByRole("button", { name: "Add group" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Open process group" })).toBeVisible();
  await page.getByLabel("Client", { exact: true }).selectOption({ label: "Flo" });
  await page.getByLabel("Joins on").fill(weekAgo);
  await page.getByRole("button", { name: "Add to group" }).click();
  await expect(page.getByRole("button", { name: /End membership of Flo on/ })).toBeVisible();

  // No curriculum, yet the group page lists its meetings as sessions, past ones too.
  const sessions = page.getByRole("table", { name: "Sessions of this group" });
  await page.getByLabel("Show past sessions").check();
  await openEveryMonth(page);
  await expect(dataRows(page, sessions).first()).toContainText("No curriculum");
  await expect(dataRows(page, sessions)).not.toHaveCount(0);

  // Today's meeting is on the Dashboard and opens as a session page.
  await page.goto("/");
  await page.getByRole("link", { name: "13:00 Open process group" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Open process group");
  await expect(page.getByText("This group has no curriculum")).toBeVisible();
  const agenda = page.getByRole("region", { name: "Agenda" });
  await expect(agenda.getByRole("status")).toContainText("90-minute session");
  const attendance = page.getByRole("region", { name: "Attendance" });
  await attendance.getByLabel("Attendance for Flo").selectOption({ label: "Attended" });
  await expect(attendance.getByRole("status")).toContainText("1 marked of 1 member; 1 present.");
  await expect(attendance.getByRole("row", { name: /Flo/ })).toContainText("1.5 h attended this week");
  await page.reload();
  await expect(page.locator("html[data-app-ready=true]")).toHaveCount(1);
  await expect(page.getByRole("region", { name: "Attendance" }).getByLabel("Attendance for Flo")).toHaveValue("Attended");
  await page.getByRole("link", { name: "Sign-in sheet" }).click();
  await expect(page.getByRole("cell", { name: "Flo E." })).toBeVisible();
  await page.getByRole("link", { name: "← Back to the session" }).click();
  await page.getByRole("link", { name: "← Open process group" }).click();
  await openEveryMonth(page);
  await expect(sessions.getByRole("row").filter({ hasText: "1 present" })).toHaveCount(1);
});

test("a cancelled meeting shifts the rest; a hand change survives regeneration", async ({ page }) => {
  await openApp(page, "/settings");
  await page.getByRole("button", { name: "Load sample programme" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sample programme loaded" })).toBeVisible();
  await page.goto("/groups");
  await page.getByRole("link", { name: "DBT Skills" }).click();
  const sessions = page.getByRole("table", { name: "Sessions of this group" });
  // The upcoming sessions may run into months that are folded.
  await openEveryMonth(page);
  const row = (n) => dataRows(page, sessions).nth(n - 1);
  const topicOf = async (n) => (await row(n).getByRole("cell").nth(1).textContent()).trim();
  const firstTopic = await topicOf(1);
  const thirdTopic = await topicOf(3);
  expect(thirdTopic).not.toBe("Grounding practice");

  // Change the third upcoming session's topic by hand.
  await row(3).getByRole("link").click();
  await page.getByLabel("Topic", { exact: true }).selectOption({ label: "Grounding practice" });
  await page.getByRole("button", { name: "Save session" }).click();
  await expect(page.getByText("Changed by hand (topic)")).toBeVisible();
  await page.goBack();
  await openEveryMonth(page);

  // Cancel the first upcoming meeting date for the group (a holiday): the plan shifts.
  const firstWhen = (await row(1).getByRole("link").textContent()).trim();
  const iso = await page.evaluate((text) => {
    const d = new Date(text.split(",")[0] + " 12:00");
    const p = (x) => String(x).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  }, firstWhen);
  await page.getByLabel("Date to cancel").fill(iso);
  await page.getByRole("button", { name: "Add cancelled date" }).click();
  await page.getByRole("button", { name: "Save group" }).click();
  const pending = page.locator(".notice--warning").filter({ hasText: "Regenerating would do this" });
  await expect(pending).toBeVisible();
  await pending.getByRole("button", { name: "Regenerate sessions" }).click();
  await expect(page.getByRole("status").filter({ hasText: "changed by hand" })).toContainText("kept");
  // The cancelled meeting holds no topic now (it is listed as cancelled) and its topic moved to
  // the next meeting; the hand change stays.
  await expect(row(1).getByRole("link", { name: firstWhen, exact: true })).toHaveCount(1);
  await expect(row(1)).toContainText("Cancelled");
  await expect(row(1)).not.toContainText(firstTopic);
  await expect(row(2)).toContainText(firstTopic);
  await expect(sessions.getByRole("row").filter({ hasText: "Grounding practice" })).toContainText("Changed by hand");

  // Removing the curriculum asks first, and Cancel changes nothing.
  await page.getByRole("button", { name: "Remove curriculum" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Remove the curriculum from this group?" });
  await expect(dialog).toContainText("upcoming sessions without attendance will lose their planned topic");
  await expect(dialog.getByRole("button", { name: "Yes, remove it" })).toBeFocused();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(sessions.getByRole("row").filter({ hasText: "Grounding practice" })).toHaveCount(1);
  await page.getByRole("button", { name: "Remove curriculum" }).click();
  await dialog.getByRole("button", { name: "Yes, remove it" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Curriculum removed" })).toBeVisible();
  // The meetings go on as sessions without a curriculum; the topic chosen by hand stays.
  await openEveryMonth(page);
  await expect(row(2)).toContainText("No curriculum");
  if (firstTopic !== "Grounding practice") {
    await expect(sessions.getByRole("row").filter({ hasText: firstTopic })).toHaveCount(0);
  }
  await expect(sessions.getByRole("row").filter({ hasText: "Grounding practice" })).toHaveCount(1);
});

/** Pages of the PDF a normal browser print of the current page gives (A4, default margins). */
async function printedPages(page) {
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ format: "A4" });
  await page.emulateMedia({ media: "screen" });
  return (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
}

test("facilitator and sign-in sheets print on one page each", async ({ page }) => {
  // A dozen PDFs: slow on a busy two-core machine.
  test.setTimeout(120_000);
  await openApp(page, "/settings");
  await page.getByRole("button", { name: "Load sample programme" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sample programme loaded" })).toBeVisible();
  await nav(page, "Schedule").click();
  await page.getByRole("button", { name: "Next week" }).click();
  const links = page.locator(".week a[href^='/sessions/']");
  await expect(links.first()).toBeVisible();
  const hrefs = [...new Set(await links.evaluateAll((as) => as.map((a) => a.getAttribute("href"))))];
  expect(hrefs.length).toBeGreaterThan(3);
  for (const href of hrefs) {
    await page.goto(`${href}/sheet`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("facilitator sheet");
    expect(await printedPages(page), `${href}/sheet`).toBe(1);
    await page.goto(`${href}/sign-in`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("sign-in");
    expect(await printedPages(page), `${href}/sign-in`).toBe(1);
  }
});

test("a month of each group's sessions prints on one A4 page, and every family member's 4-week schedule too", async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page, "/settings");
  await page.getByRole("button", { name: "Load sample programme" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sample programme loaded" })).toBeVisible();
  await nav(page, "Groups").click();
  const groupLinks = page.locator("a[href^='/groups/']").filter({ hasNotText: /board|staff|rooms|new/i });
  await expect(page.getByRole("heading", { level: 1, name: "Groups" })).toBeVisible();
  await expect(groupLinks.first()).toBeVisible();
  const hrefs = [...new Set(await groupLinks.evaluateAll((as) => as.map((a) => a.getAttribute("href"))))].filter(
    (h) => /^\/groups\/[^/]+$/.test(h) && !/^\/groups\/(board|staff|rooms|new)$/.test(h),
  );
  expect(hrefs.length).toBeGreaterThan(5);
  // Through the group page's link once, as a person would.
  await page.goto(hrefs[0]);
  await page.getByRole("link", { name: "Print this month's sessions" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(" · ");
  await expect(page.getByRole("columnheader", { name: "Topic" })).toBeVisible();
  const thisMonth = page.url().split("/month/")[1];
  for (const href of hrefs) {
    for (const month of [thisMonth, "2027-03"]) {
      await page.goto(`${href}/month/${month}`);
      await expect(page.getByRole("heading", { level: 1 })).toContainText(" · ");
      expect(await printedPages(page), `${href}/month/${month}`).toBe(1);
    }
  }
  await page.getByRole("link", { name: "Previous month" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("February 2027");

  await nav(page, "Families").click();
  await expect(page.getByRole("heading", { level: 1, name: "Families" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Edit / }).first()).toBeVisible();
  const names = (
    await page.getByRole("button", { name: /^Edit / }).evaluateAll((bs) => bs.map((b) => b.getAttribute("aria-label") ?? b.textContent))
  ).map((n) => n.replace(/^Edit /, "").trim());
  expect(names.length).toBeGreaterThan(5);
  for (const name of names.slice(0, 8)) {
    await nav(page, "Families").click();
    await page.getByRole("button", { name: `Edit ${name}`, exact: true }).click();
    await page.getByRole("link", { name: `Open ${name}'s own schedule (what they may see)` }).click();
    // Their page, not the list still on screen while its code arrives.
    await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
    expect(await printedPages(page), name).toBe(1);
  }
});
