// Offline from the first visit: everything the page needs is cached when the worker installs
// (the page registers it on its first load); same-origin files then come from the network when
// it answers, else from the cache.
const CACHE = 'daemonset-planner';
const FILES = [
  './', 'index.html', 'style.css', 'app.js', 'worker.js', 'pkg/daemonset_planner.js', 'pkg/core.js', 'pkg/daemonset_planner_bg.wasm',
  'examples/fluentd-elasticsearch.yaml', 'examples/nvidia-device-plugin.yaml', 'examples/windows-kube-proxy.yaml', 'examples/sample-cluster.yaml',
  'examples/invalid-daemonset.yaml', 'examples/typo-field.yaml', 'examples/selector-no-match.yaml', 'examples/linux-cluster.yaml',
];

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)));
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
