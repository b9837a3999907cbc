// Interaction latency benchmarks (not tests) on the large fixture in headless Chromium: marking
// one attendance, moving a member on the roster board, typing a letter into the client search,
// opening a group page from the Groups list. Each figure runs from the input event (its
// `timeStamp`) to the first paint that shows the result: a MutationObserver notices the DOM
// change, then a requestAnimationFrame + task marks the frame as painted. Results that need a
// committed save (attendance, board) include the IndexedDB transaction. `event_timing_ms` is the
// Event Timing API's duration of the same interaction (input to the next paint after its
// handlers; 0 when under its 16 ms threshold). One warm-up, then the median of BENCH_RUNS (7).
// Prints one JSON line per figure. Run through `make bench` (FIXTURE = the large fixture).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { median, round, withServedBrowser, writeStores } from "./bench-common.mjs";

const dist = join(import.meta.dirname, "../../dist");
const port = Number(process.env.BENCH_PORT ?? 4175);
const runs = Number(process.env.BENCH_RUNS ?? 7);
const base = `http://127.0.0.1:${port}`;


/**
 * Installed in the page before the app starts. `__inpArm(spec)` starts watching: the first
 * input event after it is t0, and the measurement ends at the paint after `spec` holds:
 * `{ changed: selector }` (that element's text differs from now) or
 * `{ selector, text, present }` (an element matching `selector` containing `text` exists, or
 * none does). With `refusal: { selector, text }`, a refusal message ends it too (`refused`).
 * `__inpResult()` waits for it: `{ ms, event_ms, refused }`.
 */
function install() {
  let pending = null;
  window.__inpArm = (spec) => {
    pending = new Promise((resolve, reject) => {
      let t0 = null;
      const types = ["pointerdown", "keydown", "input", "change", "click"];
      const onEvent = (e) => {
        if (t0 === null) t0 = e.timeStamp;
      };
      for (const t of types) addEventListener(t, onEvent, { capture: true });
      const before = spec.changed ? document.querySelector(spec.changed)?.textContent : null;
      const durations = [];
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (t0 !== null && e.startTime >= t0 - 1) durations.push(e.duration);
      });
      observer.observe({ type: "event", durationThreshold: 16, buffered: false });
      const refused = () =>
        spec.refusal && [...document.querySelectorAll(spec.refusal.selector)].some((el) => el.textContent.includes(spec.refusal.text));
      const holds = () => {
        if (t0 === null) return false;
        if (refused()) return true;
        if (spec.changed) {
          const el = document.querySelector(spec.changed);
          return el !== null && el.textContent !== before;
        }
        const found = [...document.querySelectorAll(spec.selector)].some((el) => el.textContent.includes(spec.text));
        return found === spec.present;
      };
      const timer = setTimeout(() => reject(new Error(`not seen within 30 s: ${JSON.stringify(spec)}`)), 30_000);
      const mutations = new MutationObserver(() => {
        if (!holds()) return;
        mutations.disconnect();
        clearTimeout(timer);
        // The frame that follows the change paints it; the task after its rAF runs after paint.
        requestAnimationFrame(() =>
          setTimeout(() => {
            const ms = performance.now() - t0;
            const wasRefused = refused();
            for (const t of types) removeEventListener(t, onEvent, { capture: true });
            // Event Timing entries arrive after the paint; give them a moment.
            setTimeout(() => {
              for (const e of observer.takeRecords()) if (e.startTime >= t0 - 1) durations.push(e.duration);
              observer.disconnect();
              resolve({ ms, event_ms: durations.length ? Math.max(...durations) : 0, refused: wasRefused });
            }, 150);
          }, 0),
        );
      });
      mutations.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  };
  window.__inpResult = () => pending;
}

/**
 * Run `prepare` (not measured), then `act` between arming and reading the result, until `runs`
 * + 1 results (the first is a warm-up). A refused action (`refusal` in the spec) is not counted.
 */
async function measure(page, name, { prepare, spec, act }) {
  const times = [];
  const events = [];
  for (let i = 0, tries = 0; i <= runs; tries++) {
    if (tries > 3 * runs) throw new Error(`${name}: too many refused actions`);
    const ctx = (await prepare?.(i)) ?? {};
    await page.evaluate((s) => window.__inpArm(s), typeof spec === "function" ? spec(i, ctx) : spec);
    await act(i, ctx);
    const { ms, event_ms, refused } = await page.evaluate(() => window.__inpResult());
    if (refused) {
      ctx.onRefused?.();
      continue;
    }
    if (i++ > 0) {
      times.push(ms);
      events.push(event_ms);
    }
  }
  console.log(
    JSON.stringify({
      bench: name,
      median_ms: round(median(times)),
      min_ms: round(Math.min(...times)),
      max_ms: round(Math.max(...times)),
      runs,
      event_timing_ms: round(median(events)),
    }),
  );
}

const ready = (page) => page.locator("html[data-app-ready=true]").waitFor({ state: "attached", timeout: 60_000 });

/** Write the fixture into the database the app created (plain IndexedDB puts), then reload. */
async function loadFixture(page, fixture) {
  await page.goto(`${base}/`);
  await ready(page);
  await writeStores(page, fixture);
}

/** A past or today's held session whose group has members on its date, and one of them unmarked. */
function attendanceTarget(fixture) {
  const d = new Date();
  const today = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  // Sessions are stored by group and month, each month's sessions as one JSON text.
  const all = fixture.session_months.flatMap((m) => JSON.parse(m.sessions));
  const sessions = all.filter((s) => !s.cancelled && s.date <= today).sort((a, b) => (a.date < b.date ? 1 : -1));
  for (const s of sessions) {
    const members = fixture.memberships.filter((m) => m.group === s.group && m.join <= s.date && (m.leave == null || m.leave > s.date));
    const unmarked = members.find((m) => !(m.client in (s.attendance ?? {})));
    if (members.length >= 4 && unmarked) return { session: s.id, client: unmarked.client };
  }
  throw new Error("no session with an unmarked member in the fixture");
}

async function attendance(page, fixture) {
  const { session, client } = attendanceTarget(fixture);
  await page.goto(`${base}/sessions/${encodeURIComponent(session)}`);
  await ready(page);
  const select = page.locator(`[id="mark-${client}"]`);
  await select.waitFor();
  await select.focus();
  // Alternates "Not marked" -> first mark -> "Not marked" with the keyboard (trusted events).
  await measure(page, "inp_attendance_large", {
    spec: { changed: "section.attendance p[role=status]" },
    act: (i) => page.keyboard.press(i % 2 === 0 ? "ArrowDown" : "ArrowUp"),
  });
}

async function boardMove(page) {
  await page.goto(`${base}/groups/board`);
  await ready(page);
  const columns = page.locator("section.board-column");
  await columns.nth(1).waitFor();
  // The fullest group gives its members to the emptiest one.
  const sizes = await columns.evaluateAll((cols) =>
    cols
      .map((c) => ({ id: c.getAttribute("aria-labelledby"), name: c.querySelector("h2").textContent, n: c.querySelectorAll("li.board-card").length }))
      .filter((c) => c.id !== "col-unassigned"),
  );
  sizes.sort((a, b) => b.n - a.n);
  const from = sizes[0];
  const to = sizes[sizes.length - 1];
  if (from.n < runs + 1) throw new Error(`the fullest group has only ${from.n} members`);
  const fromCol = page.locator(`section.board-column[aria-labelledby="${from.id}"]`);
  // A move the rules refuse (an overlapping planned membership, say) is skipped.
  const skip = new Set();
  await measure(page, "inp_board_move_large", {
    prepare: async () => {
      const names = (await fromCol.locator("li.board-card strong").allInnerTexts()).map((n) => n.trim());
      const name = names.find((n) => !skip.has(n));
      if (!name) throw new Error("no member of the fullest group can be moved");
      const toggle = fromCol.getByRole("button", { name: `Move or remove ${name}` });
      if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
      await fromCol.getByLabel(`Move ${name} to`).selectOption({ label: to.name });
      return { name, onRefused: () => skip.add(name) };
    },
    spec: (_, { name }) => ({
      selector: `section.board-column[aria-labelledby="${to.id}"] li.board-card strong`,
      text: name,
      present: true,
      refusal: { selector: "[role=alert]", text: name },
    }),
    act: (_, { name }) => fromCol.getByRole("button", { name: `Move ${name}`, exact: true }).click(),
  });
}

async function searchTyping(page) {
  await page.goto(`${base}/clients`);
  await ready(page);
  const search = page.getByLabel("Search clients");
  const count = page.locator("p.result-count");
  await count.filter({ hasText: "shown" }).waitFor();
  const all = await count.innerText();
  const letters = "aeiornls";
  await measure(page, "inp_search_typing_large", {
    prepare: async () => {
      await search.fill("");
      await count.filter({ hasText: all }).waitFor();
      await search.focus();
    },
    spec: { changed: "p.result-count" },
    act: (i) => page.keyboard.type(letters[i % letters.length]),
  });
  await search.fill("");
}

async function routeChange(page) {
  await page.goto(`${base}/groups`);
  await ready(page);
  const links = page.locator('table a[href^="/groups/"]');
  await links.first().waitFor();
  await measure(page, "inp_route_change_large", {
    prepare: async (i) => {
      if (!page.url().endsWith("/groups")) {
        await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Groups", exact: true }).click();
        await page.getByRole("heading", { level: 1, name: "Groups", exact: true }).waitFor();
        await links.first().waitFor();
      }
      const link = links.nth(i);
      return { link, name: (await link.innerText()).trim() };
    },
    spec: (_, { name }) => ({ selector: "h1", text: name, present: true }),
    act: (_, { link }) => link.click(),
  });
}

const path = process.env.FIXTURE;
if (!path) {
  console.error("FIXTURE not set: skipping the inp_* benchmarks (run through `make bench`)");
  process.exit(0);
}
const fixture = JSON.parse(await readFile(path, "utf8"));
await withServedBrowser(dist, port, async (browser) => {
  // Service workers blocked: the figures stay comparable with earlier builds, and the
  // background precache (size.mjs reports it) does not compete with what is measured.
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  await page.addInitScript(install);
  await loadFixture(page, fixture);
  await attendance(page, fixture);
  await boardMove(page);
  await searchTyping(page);
  await routeChange(page);
  await context.close();
});
