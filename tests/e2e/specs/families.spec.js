import { test, expect } from "./fixtures.js";
import { openApp, fillClient, nav, setUpSlotFinder, today, addAnaAndOpenFamilyForm } from "./helpers.js";

test("add a family member from the client's page, record consent, see it at a glance, revoke it", async ({ page }) => {
  await openApp(page, "/clients/new");
  const date = await today(page);
  await fillClient(page, { fullName: "Ana Example", admission: date });
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("status")).toContainText("Added Ana Example.");
  await page.getByRole("link", { name: "Ana Example" }).click();

  const family = page.getByRole("region", { name: "Family and consent" });
  await expect(family).toContainText("No family members or support people recorded.");
  await family.getByRole("link", { name: "Add a family member or support person" }).click();
  await expect(page).toHaveURL(/\/families\?client=/);
  const editor = page.getByRole("region", { name: "Add family member" });
  await expect(editor.getByLabel("Client 1", { exact: true })).toHaveValue(/.+/);

  // Bad input: a message per field, nothing saved.
  await editor.getByLabel("Preferred contact").selectOption({ label: "Email" });
  await editor.getByLabel("Email", { exact: true }).fill("not an address");
  await editor.getByRole("button", { name: "Save family member" }).click();
  await expect(editor.getByText("Enter the family member's name.")).toBeVisible();
  await expect(editor.getByText("Enter an email address like name@example.org.")).toBeVisible();

  await editor.getByRole("textbox", { name: /^Name/ }).fill("Maria Example");
  await editor.getByLabel("Email", { exact: true }).fill("maria@example.org");
  await editor.getByRole("button", { name: "Add availability" }).click();
  await editor.getByLabel("Availability 1 day").selectOption({ label: "Tuesday" });
  await editor.getByRole("button", { name: "Save family member" }).click();
  await expect(editor).toHaveCount(0);
  await expect(page.getByText("Parent of Ana Example · No consent on record")).toBeVisible();
  // The list can be searched by their name or a client's.
  const search = page.getByLabel("Find by name (theirs or a client's)");
  await search.fill("nobody");
  await expect(page.getByText("Nothing matches this search.")).toBeVisible();
  await search.fill("ana ex");
  await expect(page.getByRole("button", { name: "Edit Maria Example" })).toBeVisible();
  await search.fill("");

  // Record consent.
  await page.getByRole("button", { name: "Edit Maria Example" }).click();
  const consents = page.getByRole("region", { name: "Consent to share" });
  await expect(consents).toContainText("Nothing shared");
  await consents.getByRole("button", { name: "Record consent from Ana Example" }).click();
  const form = page.getByRole("form", { name: "Record consent" });
  await form.getByLabel("Who may disclose").fill("");
  await form.getByRole("button", { name: "Save consent" }).click();
  await expect(form.getByText("Enter who may disclose (the programme's name).")).toBeVisible();
  await form.getByLabel("Who may disclose").fill("Riverside IOP");
  await expect(form.getByLabel("Family-session times and place")).toBeChecked();
  await form.getByLabel("Session topic titles").check();
  await form.getByRole("button", { name: "Save consent" }).click();
  await expect(form).toHaveCount(0);
  await expect(consents).toContainText("May share");
  await expect(consents).toContainText(/Consent until \d+ \w+ \d{4}/);
  await expect(consents).toContainText("session topic titles");

  // At a glance on the client's page, after a reload (it was stored).
  await nav(page, "Clients").click();
  await page.getByRole("link", { name: "Ana Example" }).click();
  await page.reload();
  await expect(family.getByRole("link", { name: "Maria Example" })).toBeVisible();
  await expect(family).toContainText(/Consent until \d+ \w+ \d{4}/);

  // Revoke: the reason replaces the consent everywhere.
  await family.getByRole("link", { name: "Maria Example" }).click();
  await expect(page.getByRole("region", { name: "Edit Maria Example" })).toBeVisible();
  await consents.getByRole("button", { name: "Revoke" }).click();
  const revoke = page.getByRole("form", { name: "Revoke consent" });
  await revoke.getByRole("button", { name: "Record revocation" }).click();
  await expect(revoke.getByText('Say how the revocation was received, e.g. "in writing".')).toBeVisible();
  await revoke.getByLabel("How it was received").fill("In writing");
  await revoke.getByRole("button", { name: "Record revocation" }).click();
  await expect(consents).toContainText("Nothing shared");
  await expect(consents).toContainText("The consent naming Maria Example was revoked on");
  await nav(page, "Clients").click();
  await page.getByRole("link", { name: "Ana Example" }).click();
  await expect(family).toContainText("No sharing");
  await expect(family).toContainText("was revoked on");
});

test("an adolescent without a guardian and a consent ending soon are Dashboard warnings", async ({ page }) => {
  await openApp(page, "/clients/new");
  const date = await today(page);
  await fillClient(page, { fullName: "Teo Example", admission: date });
  await page.getByLabel("Age band").selectOption({ label: "Adolescent" });
  await page.getByRole("button", { name: "Add client" }).click();
  await expect(page.getByRole("status")).toContainText("Added Teo Example.");
  await nav(page, "Dashboard").click();
  await expect(page.getByText("Teo Example is an adolescent with no legal guardian recorded.")).toBeVisible();

  await nav(page, "Families").click();
  await page.getByRole("button", { name: "Add family member" }).click();
  const editor = page.getByRole("region", { name: "Add family member" });
  await editor.getByRole("textbox", { name: /^Name/ }).fill("Rosa Example");
  await editor.getByLabel("Client 1", { exact: true }).selectOption({ label: "Teo Example" });
  await editor.getByLabel("Legal guardian of client 1").check();
  await editor.getByRole("button", { name: "Save family member" }).click();
  await page.getByRole("button", { name: "Edit Rosa Example" }).click();
  await page.getByRole("button", { name: "Record consent from Teo Example" }).click();
  const form = page.getByRole("form", { name: "Record consent" });
  await form.getByLabel("Who may disclose").fill("Riverside IOP");
  // A minor's consent: the client consenting under state law is proposed; "the client" alone is refused.
  await expect(form.getByLabel("Signed by")).toHaveValue("minor_client");
  await form.getByLabel("Signed by").selectOption({ label: "The client" });
  await form.getByRole("button", { name: "Save consent" }).click();
  await expect(form.getByText(/For a minor, say whether/)).toBeVisible();
  await form.getByLabel("Signed by").selectOption("minor_client");
  const soon = await page.evaluate(() => {
    const d = new Date();
    d.setDate(d.getDate() + 10);
    const p = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  });
  await form.getByLabel("Ends on").fill(soon);
  await form.getByRole("button", { name: "Save consent" }).click();
  await expect(form).toHaveCount(0);
  await nav(page, "Dashboard").click();
  await expect(page.getByText("Teo Example's consent to share with Rosa Example ends on")).toBeVisible();
  await expect(page.getByText("Teo Example is an adolescent with no legal guardian recorded.")).toHaveCount(0);
});

test("book a recurring family session, see it in the family's own schedule, and see it withheld once consent is revoked", async ({ page }) => {
  await openApp(page, "/groups/staff");
  await page.getByRole("button", { name: "Add staff member" }).click();
  await page.getByRole("textbox", { name: /^Name/ }).fill("Dana Fictional");
  await page.getByRole("button", { name: "Save staff member" }).click();
  await expect(page.getByText("Dana Fictional")).toBeVisible();
  await nav(page, "Settings").click();
  await page.getByLabel("Programme name").fill("Riverside IOP");
  await page.getByRole("button", { name: "Save programme settings" }).click();
  await expect(page.getByText("Programme settings saved.")).toBeVisible();

  await addAnaAndOpenFamilyForm(page);
  await page.getByRole("textbox", { name: /^Name/ }).fill("Maria Example");
  await page.getByRole("button", { name: "Save family member" }).click();
  await page.getByRole("button", { name: "Edit Maria Example" }).click();
  await page.getByRole("button", { name: "Record consent from Ana Example" }).click();
  const consent = page.getByRole("form", { name: "Record consent" });
  await expect(consent.getByLabel("Who may disclose")).toHaveValue("Riverside IOP");
  await consent.getByRole("button", { name: "Save consent" }).click();
  await expect(page.getByRole("region", { name: "Consent to share" })).toContainText("May share");

  // Book a weekly series from Ana's page.
  await nav(page, "Clients").click();
  await page.getByRole("link", { name: "Ana Example" }).click();
  const sessions = page.getByRole("region", { name: "Family sessions" });
  await expect(sessions).toContainText("No family sessions booked.");
  await sessions.getByRole("button", { name: "Book a family session" }).click();
  const form = page.getByRole("form", { name: "Book a family session" });
  await form.getByRole("button", { name: "Book family session" }).click();
  await expect(form.getByText("Choose at least one family member.")).toBeVisible();
  await form.getByLabel("Maria Example").check();
  await form.getByLabel("Clinician", { exact: true }).selectOption({ label: "Dana Fictional" });
  await form.getByLabel("Where").selectOption({ label: "By telehealth link" });
  await form.getByLabel("Telehealth link").fill("https://telehealth.example.org/ana");
  await form.getByLabel("Starts at").fill("17:30");
  await form.getByLabel("Number of sessions").fill("4");
  await form.getByRole("button", { name: "Book family session" }).click();
  await expect(form).toHaveCount(0);
  await expect(sessions).toContainText(/Weekly on \w{3} 17:30-18:30, 4 times from/);
  const cancels = sessions.getByRole("button", { name: /^Cancel this date: / });
  await expect(cancels).toHaveCount(4);
  await cancels.nth(1).click();
  await expect(cancels).toHaveCount(3);
  // Move the last one half an hour later; the rest of the series stays as it is.
  await sessions.getByRole("button", { name: /^Move this date: / }).last().click();
  const move = page.getByRole("form", { name: /^Move the session on / });
  await move.getByLabel("New date").fill("");
  await move.getByRole("button", { name: "Move session" }).click();
  await expect(move.getByText("Enter the new date.")).toBeVisible();
  const moved = await cancels.last().getAttribute("aria-label");
  const when = moved.match(/(\d+ \w+ \d{4})$/)[1];
  const iso = await page.evaluate((w) => {
    const d = new Date(`${w} 12:00`);
    const p = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  }, when);
  await move.getByLabel("New date").fill(iso);
  await move.getByLabel("New start").fill("18:00");
  await move.getByRole("button", { name: "Move session" }).click();
  await expect(move).toHaveCount(0);
  await expect(sessions).toContainText("(moved, 18:00)");
  await expect(cancels).toHaveCount(3);

  // On the Schedule: the first session is next week, under Ana's name, and the filters keep it.
  await nav(page, "Schedule").click();
  await page.getByRole("button", { name: "Next week" }).click();
  const chip = page.getByRole("link", { name: "17:30-18:30 Family session: Ana Example" });
  await expect(chip).toBeVisible();
  await page.getByLabel("Client", { exact: true }).selectOption({ label: "Ana Example" });
  await expect(chip).toBeVisible();
  await page.getByLabel("Clinician", { exact: true }).selectOption({ label: "Dana Fictional" });
  await expect(chip).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "1 family session this week" })).toBeVisible();

  // The family's own schedule: the three remaining sessions, neutral titles, nothing else.
  await nav(page, "Families").click();
  await page.getByRole("button", { name: "Edit Maria Example" }).click();
  await page.getByRole("link", { name: "Open Maria Example's own schedule (what they may see)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Maria Example's schedule" })).toBeVisible();
  const upcoming = page.getByRole("list", { name: "Upcoming" }).getByRole("listitem");
  // The next four weeks hold two of them (the first is a week away; the fourth is four weeks away).
  await expect(upcoming).toHaveCount(2);
  await page.getByLabel("Show").selectOption({ label: "Next 8 weeks" });
  await expect(upcoming).toHaveCount(3);
  await expect(upcoming.first()).toContainText("17:30-18:30");
  await expect(upcoming.first()).toContainText("Family session, Riverside IOP");
  await expect(page.getByRole("main")).not.toContainText("Ana Example");
  await expect(page.getByRole("main")).not.toContainText("Dana Fictional");
  await expect(page.getByText("42 CFR part 2 prohibits unauthorized use or disclosure of these records.")).toBeVisible();

  // Revoke: the schedule is empty, and staff see why.
  await page.getByRole("link", { name: "← Families" }).click();
  await page.getByRole("button", { name: "Edit Maria Example" }).click();
  await page.getByRole("region", { name: "Consent to share" }).getByRole("button", { name: "Revoke" }).click();
  const revoke = page.getByRole("form", { name: "Revoke consent" });
  await revoke.getByLabel("How it was received").fill("In writing");
  await revoke.getByRole("button", { name: "Record revocation" }).click();
  await expect(page.getByRole("region", { name: "Consent to share" })).toContainText("Nothing shared");
  await page.getByRole("link", { name: "Open Maria Example's own schedule (what they may see)" }).click();
  await expect(page.getByText("Nothing can be shown to this family member for these dates.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Upcoming" })).toHaveCount(0);
  await expect(page.getByRole("note", { name: "For staff: not shared" })).toContainText("The consent naming Maria Example was revoked on");

  // Editing the series keeps its cancelled and moved dates.
  await nav(page, "Clients").click();
  await page.getByRole("link", { name: "Ana Example" }).click();
  const series = page.getByRole("region", { name: "Family sessions" });
  await series.getByRole("button", { name: /^Edit the series: / }).click();
  const edit = page.getByRole("form", { name: "Edit family session" });
  await expect(edit.getByLabel("Starts at")).toHaveValue("17:30");
  await edit.getByLabel("Number of sessions").fill("6");
  await edit.getByRole("button", { name: "Save family session" }).click();
  await expect(edit).toHaveCount(0);
  await expect(series).toContainText(/Weekly on \w{3} 17:30-18:30, 6 times from/);
  await expect(series).toContainText("(moved, 18:00)");
});

test("the slot finder fills the form with a time everyone can make, and says why when nothing fits", async ({ page }) => {
  await setUpSlotFinder(page);
  await page.getByRole("button", { name: "Book a family session" }).click();
  const form = page.getByRole("form", { name: "Book a family session" });
  await form.getByLabel("Maria Example").check();
  await form.getByLabel("Clinician", { exact: true }).selectOption({ label: "Dana Fictional" });
  await form.getByLabel("Where").selectOption({ label: "By telehealth link" });
  await form.getByRole("button", { name: /^Find times to / }).click();
  const times = form.getByRole("list", { name: "Times that fit" }).getByRole("button");
  await expect(times.first()).toHaveText(/^Tue .*, 17:00-18:00$/);
  await times.first().click();
  await expect(form.getByLabel("Starts at")).toHaveValue("17:00");
  const chosen = await form.getByLabel("Date (first session)").inputValue();
  expect(new Date(`${chosen}T12:00:00`).getDay()).toBe(2);

  // Three hours never fit Maria's two-hour evenings: the finder says so and offers ways out.
  await form.getByLabel("Minutes").fill("180");
  await form.getByRole("button", { name: /^Find times to / }).click();
  await expect(form.getByText(/^No 180-minute time from .*Nearest: .*if Maria Example could come then/)).toBeVisible();
  await expect(form.getByText(/What rules every time out: .*Maria Example's availability/)).toBeVisible();
  await expect(form.getByRole("button", { name: "Look two weeks further" })).toBeVisible();

  // A session that took place yesterday: attendance per participant, kept after a reload.
  const yesterday = await page.evaluate(() => {
    const d = new Date();
    d.setDate(d.getDate() - 1);
    const p = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  });
  await form.getByLabel("Minutes").fill("60");
  await form.getByLabel("Repeats").selectOption({ label: "Once" });
  await form.getByLabel("Date (first session)").fill(yesterday);
  await form.getByLabel("Telehealth link").fill("https://telehealth.example.org/ana");
  await form.getByRole("button", { name: "Book family session" }).click();
  await expect(form).toHaveCount(0);
  const sessions = page.getByRole("region", { name: "Family sessions" });
  await sessions.getByText(/^Attendance on /).click();
  await sessions.getByLabel(/^Attendance of Ana Example on /).selectOption({ label: "Attended" });
  await sessions.getByLabel(/^Attendance of Maria Example on /).selectOption({ label: "Late" });
  await sessions.getByRole("button", { name: "Save attendance" }).click();
  await expect(sessions.getByText("Attendance saved.")).toBeVisible();
  await page.reload();
  await sessions.getByText(/^Attendance on /).click();
  await expect(sessions.getByLabel(/^Attendance of Maria Example on /)).toHaveValue("Late");
});

test("a family member joins a multi-family group, sees their family-education topics, and leaves it", async ({ page }) => {
  await openApp(page, "/settings");
  await page.getByRole("button", { name: "Load sample programme" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sample programme loaded" })).toBeVisible();
  await nav(page, "Families").click();
  // Someone not yet in a family group.
  const edits = page.getByRole("button", { name: /^Edit / });
  await expect(edits.first()).toBeVisible();
  let groups;
  for (let i = 0; ; i++) {
    await edits.nth(i).click();
    groups = page.getByRole("region", { name: "Family groups" });
    if (await groups.getByText("Not in a family-education or multi-family group.").count()) break;
    await page.getByRole("button", { name: "Cancel" }).click();
  }
  await groups.getByRole("button", { name: "Join group" }).click();
  await expect(groups.getByText("Choose a family-education or multi-family group.")).toBeVisible();
  const choice = groups.getByLabel("Join a family group");
  const name = await choice.locator("option").nth(1).textContent();
  await choice.selectOption({ index: 1 });
  await groups.getByRole("button", { name: "Join group" }).click();
  await expect(groups.getByRole("listitem").filter({ hasText: name })).toBeVisible();
  await expect(groups).toContainText("(current)");
  const topics = groups.getByRole("table", { name: "Family-education topics" });
  await expect(topics.getByRole("row")).not.toHaveCount(0);
  await expect(topics).toContainText("To come");

  // They are on the attendance of the group's next session.
  const member = (await page.locator("#member-editor-heading").textContent()).replace(/^Edit /, "");
  await nav(page, "Schedule").click();
  await page.getByRole("button", { name: "Next week" }).click();
  await page.locator(".week a[href^='/sessions/']").filter({ hasText: name }).first().click();
  await expect(page.getByRole("rowheader", { name: `${member} (family)` })).toBeVisible();
  await expect(page.getByLabel(`Attendance for ${member} (family)`)).toBeVisible();

  await nav(page, "Families").click();
  await page.getByLabel("Find by name (theirs or a client's)").fill(member);
  await page.getByRole("button", { name: `Edit ${member}`, exact: true }).first().click();
  groups = page.getByRole("region", { name: "Family groups" });
  await groups.getByRole("button", { name: "End this place" }).click();
  await groups.getByLabel(`Leaves ${name} on`).fill("");
  await groups.getByRole("button", { name: "Save leaving date" }).click();
  await expect(groups.getByText("Enter the date they leave.")).toBeVisible();
  const date = await today(page);
  await groups.getByLabel(`Leaves ${name} on`).fill(date);
  await groups.getByRole("button", { name: "Save leaving date" }).click();
  // Leaving on the day they joined withdraws the place.
  await expect(groups.getByText("Not in a family-education or multi-family group.")).toBeVisible();
});
