// Build step (run by scripts/split.sh after the app and the family viewer are in the staging
// directory): makes the built app installable, offline and locked down.
//   node scripts/pwa.mjs <staging-dir> <build-hash>
// 1. manifest.webmanifest, its colours read from style/main.css (light --bg and --primary);
//    theme-color meta tags for light and dark go into index.html.
// 2. sw.js from public/sw.js: the build's version and the list of every file to precache
//    (the hashed scripts, styles and every wasm part, including the lazily loaded ones; not
//    the family viewer, which has its own service worker).
// 3. A Content-Security-Policy meta tag in index.html and family.html, with the SHA-256 of
//    each inline script and style the page has (Trunk's loader changes with every build, so
//    the hash is computed here). scripts/serve.mjs sends the same policy as a header, plus
//    what only a header can carry (frame-ancestors).
// 4. <meta name="iop-build">: the build's hash, which the app compares with a waiting
//    service worker's version before it opens its database.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const [staging, hash] = process.argv.slice(2);
if (!staging || !hash) {
  console.error("usage: node scripts/pwa.mjs <staging-dir> <build-hash>");
  process.exit(1);
}
const source = fileURLToPath(new URL("..", import.meta.url));

// --- colours from style/main.css -------------------------------------------------------------
const css = readFileSync(join(source, "style/main.css"), "utf8");
function colour(block, name) {
  const m = block.match(new RegExp(`--${name}:\\s*(#[0-9a-fA-F]{3,8})\\s*;`));
  if (!m) throw new Error(`pwa.mjs: --${name} not found in style/main.css`);
  return m[1];
}
const lightBlock = css.slice(0, css.indexOf("prefers-color-scheme: dark"));
const darkBlock = css.slice(css.indexOf("prefers-color-scheme: dark"));
const light = { bg: colour(lightBlock, "bg"), primary: colour(lightBlock, "primary") };
const dark = { bg: colour(darkBlock, "bg") };

// --- 1. manifest -----------------------------------------------------------------------------
const manifest = {
  name: "IOP Planner",
  short_name: "IOP Planner",
  description: "Planning for Intensive Outpatient Program groups. Your data stays on this device.",
  id: "/",
  start_url: "/",
  scope: "/",
  display: "standalone",
  lang: "en",
  background_color: light.bg,
  theme_color: light.primary,
  icons: [
    { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
    { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
    { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    { src: "/favicon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
  ],
};
writeFileSync(join(staging, "manifest.webmanifest"), JSON.stringify(manifest, null, 2) + "\n");

// --- 2. service worker -------------------------------------------------------------------------
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}
const precache = files(staging)
  .map((path) => "/" + relative(staging, path).split("\\").join("/"))
  .filter((url) => !/^\/(family[-.]|sw\.js$)/.test(url))
  .sort();
const template = readFileSync(join(source, "public/sw.js"), "utf8");
if (!template.includes("{{VERSION}}") || !template.includes('["{{FILES}}"]')) {
  throw new Error("pwa.mjs: public/sw.js lost its {{VERSION}} or [\"{{FILES}}\"] placeholder");
}
writeFileSync(
  join(staging, "sw.js"),
  template.replaceAll("{{VERSION}}", hash).replace('["{{FILES}}"]', JSON.stringify(precache)),
);

// --- 3 and 4. CSP and build meta ---------------------------------------------------------------
const sha = (text) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
function inline(html, tag) {
  const out = [];
  const re = new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)</${tag}>`, "gi");
  for (const m of html.matchAll(re)) {
    if (tag === "script" && /\bsrc\s*=/.test(m[1])) continue;
    if (m[2].length > 0) out.push(sha(m[2]));
  }
  return out;
}
/** The policy for one page; the header adds frame-ancestors (ignored in a meta tag). */
function policy(html) {
  const scripts = inline(html, "script");
  const styles = inline(html, "style");
  return [
    "default-src 'none'",
    `script-src 'self' ${scripts.join(" ")} 'wasm-unsafe-eval'`.replace("  ", " "),
    `style-src 'self'${styles.length ? " " + styles.join(" ") : ""}`,
    "img-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join("; ");
}
function lockDown(name, extraHead) {
  const path = join(staging, name);
  let html = readFileSync(path, "utf8");
  if (html.includes('http-equiv="Content-Security-Policy"')) throw new Error(`pwa.mjs: ${name} already has a CSP`);
  const charset = html.match(/<meta charset="?utf-8"?\s*\/?>/i);
  if (!charset) throw new Error(`pwa.mjs: no <meta charset> in ${name}`);
  html = html.replace(charset[0], charset[0] + extraHead);
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy(html)}">`;
  // Right after the charset: before any script or style it governs.
  html = html.replace(charset[0], charset[0] + meta);
  writeFileSync(path, html);
}
lockDown(
  "index.html",
  `<meta name="iop-build" content="${hash}">` +
    `<meta name="theme-color" content="${light.primary}" media="(prefers-color-scheme: light)">` +
    `<meta name="theme-color" content="${dark.bg}" media="(prefers-color-scheme: dark)">` +
    `<link rel="manifest" href="/manifest.webmanifest">` +
    `<link rel="apple-touch-icon" href="/icons/icon-192.png">`,
);
lockDown("family.html", "");
console.log(`pwa.mjs: manifest, sw.js (${precache.length} files to precache), CSP in index.html and family.html`);
