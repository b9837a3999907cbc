// Playwright's `test` for every spec, with one automatic check: any Content-Security-Policy
// violation reported on any page of the test's browser context fails the test. Violations
// are caught twice: the browser's own console error ("Refused to …") and the page's
// `securitypolicyviolation` event (added before any page script runs). A context a test makes
// itself (browser.newContext) is watched with `guardCsp`.
//
// Every context's clock is pinned: the sample programme, "today" and every date a spec reads
// come from the browser's clock, so an unpinned suite passes or fails by the day it runs.
// E2E_NOW (an instant, ISO 8601) and E2E_TZ (an IANA zone, set in playwright.config.js) move
// the pin; `make test-dates` runs the suite on the awkward days (a month's end, a DST change,
// 29 February). Date.now() stands still at the pin while timers run as usual.
import { test as base, expect } from "@playwright/test";

/** The instant every test's browser believes it is. */
export const pinnedNow = new Date(process.env.E2E_NOW ?? "2026-12-02T10:00:00Z");
if (Number.isNaN(pinnedNow.getTime())) throw new Error(`E2E_NOW is not an instant: ${process.env.E2E_NOW}`);

/** Pin `context`'s clock to `pinnedNow`, and watch every page of it for CSP violations; returns the list they are added to. */
export async function guardCsp(context) {
  await context.clock.setFixedTime(pinnedNow);
  const violations = [];
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  const watch = (page) =>
    page.on("console", (message) => {
      const text = message.text();
      if (/CSP violation|Content Security Policy/i.test(text)) violations.push(`${page.url()}: ${text}`);
    });
  context.pages().forEach(watch);
  context.on("page", watch);
  return violations;
}

export const test = base.extend({
  cspViolations: [
    async ({ context }, use) => {
      const violations = await guardCsp(context);
      await use(violations);
      expect(violations, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
