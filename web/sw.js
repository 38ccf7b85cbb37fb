// Counterpulse's service worker: a page opened once keeps working with no network (a lecture
// hall without Wi-Fi). `web/build.sh` stamps BUILD with a hash of the WebAssembly, so each build
// has its own cache and a new build replaces the old one as soon as the browser sees it.
//
// The page (navigation) is fetched from the network first, so an online visit always gets the
// newest build, and from the cache when the network fails. The app's files (the JS glue and
// the WebAssembly, which only change together with BUILD) come from the cache first.
// Educational simulator: not a medical device, not a controller.
const CACHE = 'counterpulse-BUILD';
const FILES = ['./', './counterpulse.js', './counterpulse_bg.wasm', './manifest.webmanifest', './icon.svg'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('counterpulse-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // Any link (?preset=...&view=...) is the same page: the cached one answers offline.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put('./', copy));
          }
          return response;
        })
        .catch(() => caches.match('./')),
    );
    return;
  }
  event.respondWith(caches.match(request, { ignoreSearch: true }).then((hit) => hit ?? fetch(request)));
});
