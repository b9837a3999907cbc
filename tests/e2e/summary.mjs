// Prints Playwright's outcome as one plain "N passed, N failed" line (read by CI).
import { readFile } from "node:fs/promises";

const report = JSON.parse(await readFile(new URL("./test-results/results.json", import.meta.url)));
const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats;
console.log(`e2e: ${expected + flaky} passed, ${unexpected} failed, ${skipped} skipped`);
process.exit(unexpected > 0 ? 1 : 0);
