// IOP Planner's service worker: the app opens with no network. Generated at build time by
// scripts/pwa.mjs from this template (the build's version and every file to keep).
// - Hashed files (scripts, styles, every wasm part including the lazily loaded ones) are kept
//   at install and served from the cache first: their names change with every build.
// - Pages (navigations) come from the network first, so an online reload gets the newest
//   version; the kept index.html of this version is the fallback when the network fails.
// - A new version installs and then waits: the app asks it its version and either shows
//   "A new version is ready" or, before its database opens, switches to it (see
//   src/ui/platform/pwa.rs). It never takes over an open page by itself.
// - No data is ever stored here: the programme lives in IndexedDB.
const VERSION = "{{VERSION}}";
const CACHE = `iop-planner-${VERSION}`;
const FILES = ["{{FILES}}"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("iop-planner-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "version" && event.ports[0]) event.ports[0].postMessage(VERSION);
  if (type === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  // The family viewer (family.html) has its own service worker and cache.
  if (url.origin !== self.location.origin || url.pathname.startsWith("/family")) return;
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request).catch(() =>
        caches.open(CACHE).then((cache) => cache.match("/index.html")).then((hit) => hit || Response.error()),
      ),
    );
    return;
  }
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(request, { ignoreSearch: true }))
      .then((hit) => hit || fetch(request)),
  );
});
