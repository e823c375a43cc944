// The zicha service worker. Generated at build time by scripts/post_build.py: FILES is every file of this
// build, VERSION a hash of their contents. It serves the app offline; it never sees a filing (files are read in
// the page and checked in a Web Worker, with no request at all).
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `zicha-${VERSION}`;
// Files a bureau puts beside the app after the build (zicha-config.json, its profiles, its logo): network first,
// kept for offline use.
const RUNTIME = 'zicha-runtime';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(FILES.map((file) => new Request(file, { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key !== CACHE && key !== RUNTIME && key.startsWith('zicha-')) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

// The page asks a waiting new version to take over when the user accepts the reload.
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const scope = new URL(self.registration.scope).pathname;
  if (!url.pathname.startsWith(scope)) return;
  const path = './' + url.pathname.slice(scope.length);
  if (FILES.includes(path) || path === './index.html') {
    event.respondWith(
      caches.open(CACHE).then(async (cache) => (await cache.match(path === './' ? './' : path)) ?? fetch(request)),
    );
    return;
  }
  event.respondWith(
    fetch(request)
      .then(async (response) => {
        if (response.ok) (await caches.open(RUNTIME)).put(request, response.clone());
        return response;
      })
      .catch(async () => (await caches.match(request)) ?? Response.error()),
  );
});
