// Playwright's `test` for every spec, with one automatic check: any Content-Security-Policy
// violation reported on any page of the test's browser context fails the test. Violations
// are caught twice: the browser's own console error ("Refused to …") and the page's
// `securitypolicyviolation` event (added before any page script runs). A context a test makes
// itself (browser.newContext) is watched with `guardCsp`.
import { test as base, expect } from "@playwright/test";

/** Watch every page of `context` for CSP violations; returns the list they are added to. */
export async function guardCsp(context) {
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
