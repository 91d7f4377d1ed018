// Offline once loaded: same-origin files come from the network when it answers, else from
// the copy kept on the last visit.
const CACHE = 'daemonset-planner';

self.addEventListener('install', (e) => {
  e.waitUntil(
    caches.open(CACHE).then((c) => c.addAll(['./', 'index.html', 'style.css', 'app.js', 'editor.js', 'yaml.js', 'permalink.js', 'worker.js', 'pkg/daemonset_planner.js', 'pkg/daemonset_planner_bg.wasm'])),
  );
  self.skipWaiting();
});

self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== self.location.origin) return;
  e.respondWith(
    fetch(e.request)
      .then((response) => {
        const copy = response.clone();
        caches.open(CACHE).then((c) => c.put(e.request, copy));
        return response;
      })
      .catch(() => caches.match(e.request, { ignoreSearch: true })),
  );
});
