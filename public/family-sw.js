// The family viewer's service worker: keeps family.html, its script, its wasm and its icon, so a share
// link opened once opens again without a network. Its scope is family.html alone (the app is
// not touched). The schedule itself is never stored here: it lives in the link.
const CACHE = "family-viewer-{{HASH}}";
const FILES = ["family.html", "family-{{HASH}}.js", "family-{{HASH}}_bg.wasm", "family-icon.svg"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("family-viewer-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  const file = url.pathname.split("/").pop();
  // family-keys.json, the programme's published keys when it placed that file here: fetched
  // like the rest, and the last copy kept for offline (never installed ahead: it may not exist).
  if (event.request.method !== "GET" || !(FILES.includes(file) || file === "family-keys.json")) return;
  // The network first (a newer viewer after an update), the kept copy when offline.
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        const copy = response.clone();
        if (response.ok) caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        return response;
      })
      .catch(() => caches.match(event.request, { ignoreSearch: true }).then((hit) => hit || Response.error())),
  );
});
