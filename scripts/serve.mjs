// Serves a built dist/ folder on loopback with single-page-app fallback: any path that is not
// a file gets index.html, so deep links like /clients/123 survive a reload.
// Usage: node scripts/serve.mjs <dir> [host] [port]
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";

const [dir = "dist", host = "127.0.0.1", port = "8080"] = process.argv.slice(2);
const root = resolve(dir);
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
};
const security = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
};

async function fileFor(urlPath) {
  const clean = normalize(decodeURIComponent(urlPath)).replace(/^(\.\.[/\\])+/, "");
  const candidate = join(root, clean);
  if (!candidate.startsWith(root)) return null;
  try {
    if ((await stat(candidate)).isFile()) return candidate;
  } catch {}
  return null;
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, "http://localhost");
    let path = await fileFor(url.pathname);
    // Paths with a file extension that do not exist are real 404s; everything else is the app.
    if (!path && extname(url.pathname) === "") path = join(root, "index.html");
    if (!path) {
      res.writeHead(404, { "Content-Type": "text/plain", ...security });
      res.end("Not found");
      return;
    }
    const body = await readFile(path);
    // Only files whose name carries the build's hash may be kept for a year; pages, the
    // service workers, the manifest, icons and wasm-bindgen's snippets (whose folder name does
    // not change between builds) are always revalidated.
    const hashed = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(path);
    const headers = {
      "Content-Type": types[extname(path)] ?? "application/octet-stream",
      "Cache-Control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
      ...security,
    };
    // The page's own Content-Security-Policy (written into it at build time by
    // scripts/pwa.mjs), as a header too, with what only a header can say.
    if (extname(path) === ".html") {
      const meta = body.toString("utf8").match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/);
      if (meta) headers["Content-Security-Policy"] = `${meta[1]}; frame-ancestors 'none'`;
    }
    res.writeHead(200, headers);
    res.end(req.method === "HEAD" ? undefined : body);
  } catch (error) {
    console.error(error);
    res.writeHead(500, { "Content-Type": "text/plain", ...security });
    res.end("Internal error");
  }
});

server.listen(Number(port), host, () => {
  // The port actually used (port 0 picks a free one).
  console.log(`IOP Planner is being served at http://${host}:${server.address().port}/ (Ctrl+C to stop)`);
});
