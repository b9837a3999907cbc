// IOP Planner's service worker: the app opens with no network. Generated at build time by
// scripts/pwa.mjs from this template (the build's version and every file to keep).
// - Hashed files (scripts, styles, every wasm part including the lazily loaded ones) are kept
//   at install (fetched past the browser's HTTP cache) and served from the cache first.
// - Pages (navigations) come from the network first, so an online reload gets the newest
//   version; the kept index.html of this version is used when the network fails or has not
//   answered within 3 seconds.
// - A new version installs and then waits: the app asks it its version and either shows
//   "A new version is ready" or, before its database opens, switches to it (see
//   src/ui/platform/pwa.rs). The previous version's cache is kept until the next version, so
//   a tab still running it can load its remaining parts.
// - No data is ever stored here: the programme lives in IndexedDB.
const VERSION = "{{VERSION}}";
const CACHE = `iop-planner-${VERSION}`;
const FILES = ["{{FILES}}"];
const INSTALLED_AT = "/__installed-at";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all([
        cache.addAll(FILES.map((url) => new Request(url, { cache: "reload" }))),
        cache.put(INSTALLED_AT, new Response(String(Date.now()))),
      ]),
    ),
  );
});

/** When a cache's version was installed (0 if unknown). */
function installedAt(name) {
  return caches
    .open(name)
    .then((cache) => cache.match(INSTALLED_AT))
    .then((hit) => (hit ? hit.text() : "0"))
    .then(Number);
}

self.addEventListener("activate", (event) => {
  // Keep this version and the newest one before it (open tabs may still run it); drop the rest.
  event.waitUntil(
    caches
      .keys()
      .then((keys) => keys.filter((k) => k.startsWith("iop-planner-") && k !== CACHE))
      .then((old) => Promise.all(old.map((k) => installedAt(k).then((at) => ({ k, at })))))
      .then((old) => old.sort((a, b) => b.at - a.at).slice(1))
      .then((stale) => Promise.all(stale.map(({ k }) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "version" && event.ports[0]) event.ports[0].postMessage(VERSION);
  if (type === "skip-waiting") self.skipWaiting();
});

/** A page: the network's answer, or this version's index.html if it fails or is slow. */
function page(request) {
  const kept = () => caches.open(CACHE).then((cache) => cache.match("/index.html"));
  return new Promise((resolve) => {
    let settled = false;
    const settle = (response) => {
      if (!settled && response) {
        settled = true;
        resolve(response);
      }
    };
    const timer = setTimeout(() => kept().then(settle), 3000);
    fetch(request)
      .then((response) => {
        clearTimeout(timer);
        settle(response);
      })
      .catch(() => kept().then((hit) => settle(hit || Response.error())));
  });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  // The family viewer (family.html and its files) has its own service worker and cache.
  if (url.origin !== self.location.origin || /^\/family(\.html|-)/.test(url.pathname)) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request));
    return;
  }
  // This version's copy first, then an older version's (a tab still running it), then the network.
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(request, { ignoreSearch: true }))
      .then((hit) => hit || caches.match(request, { ignoreSearch: true }))
      .then((hit) => hit || fetch(request)),
  );
});
