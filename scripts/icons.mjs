// Draws the app's PNG icons (public/icons/) from SVG in Chromium. Run by hand when the design
// changes (the PNGs are committed): node scripts/icons.mjs (after tests/e2e has npm ci).
// - icon-192.png, icon-512.png: the favicon's half-filled circle on a light rounded square;
// - maskable-512.png: full-bleed background, the circle inside the maskable safe zone (80%).
import { chromium } from "../tests/e2e/node_modules/@playwright/test/index.mjs";
import { fileURLToPath } from "node:url";

const out = fileURLToPath(new URL("../public/icons/", import.meta.url));
const teal = "#2f6f73";
const pale = "#e8f1f0";
const rounded = (size) => `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 32 32">
  <rect width="32" height="32" rx="7" fill="${pale}"/>
  <circle cx="16" cy="16" r="12" fill="${teal}"/><path d="M16 4a12 12 0 0 0 0 24z" fill="#ffffff"/></svg>`;
const maskable = (size) => `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 32 32">
  <rect width="32" height="32" fill="${teal}"/>
  <circle cx="16" cy="16" r="9" fill="${pale}"/><path d="M16 7a9 9 0 0 1 0 18z" fill="${teal}"/>
  <circle cx="16" cy="16" r="9" fill="none" stroke="${pale}" stroke-width="0.8"/></svg>`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage();
for (const [name, svg, size] of [
  ["icon-192.png", rounded, 192],
  ["icon-512.png", rounded, 512],
  ["maskable-512.png", maskable, 512],
]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${svg(size)}`);
  await page.locator("svg").screenshot({ path: out + name, omitBackground: true });
}
await browser.close();
console.log("icons written to", out);
