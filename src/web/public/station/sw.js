/*
 * Service worker of the station app (scope /station/): keeps the app shell (HTML, JS, CSS, fonts) so the
 * app reloads offline. It never stores or intercepts /api/ answers: personal data stays out of Cache Storage.
 */
const SHELL_CACHE = 'station-shell-v1';
const SHELL_URL = '/station/';

function assetUrls(text, base) {
  const urls = new Set();
  for (const match of text.matchAll(/(?:src|href)="([^"]+)"/g)) urls.add(new URL(match[1], base).href);
  for (const match of text.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)) {
    if (!match[1].startsWith('data:')) urls.add(new URL(match[1], base).href);
  }
  return [...urls].filter((url) => new URL(url).origin === self.location.origin && url.includes('/assets/'));
}

async function cacheShell() {
  const cache = await caches.open(SHELL_CACHE);
  const response = await fetch(SHELL_URL, { cache: 'no-store', credentials: 'same-origin' });
  if (!response.ok) throw new Error(`the app shell answered ${response.status}`);
  const html = await response.clone().text();
  await cache.put(SHELL_URL, response);
  const queue = assetUrls(html, self.location.origin + SHELL_URL);
  const seen = new Set();
  while (queue.length > 0) {
    const url = queue.shift();
    if (seen.has(url)) continue;
    seen.add(url);
    const asset = await fetch(url, { credentials: 'same-origin' });
    if (!asset.ok) continue;
    if (url.endsWith('.css')) queue.push(...assetUrls(await asset.clone().text(), url));
    await cache.put(url, asset);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('station-shell-') && name !== SHELL_CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;

  if (request.mode === 'navigate') {
    event.respondWith(
      (async () => {
        try {
          const response = await fetch(request);
          const type = response.headers.get('content-type') || '';
          if (response.ok && type.includes('text/html')) {
            const cache = await caches.open(SHELL_CACHE);
            await cache.put(SHELL_URL, response.clone());
          }
          return response;
        } catch (error) {
          const cached = await caches.match(SHELL_URL, { cacheName: SHELL_CACHE });
          if (cached) return cached;
          throw error;
        }
      })(),
    );
    return;
  }

  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      (async () => {
        const cache = await caches.open(SHELL_CACHE);
        const cached = await cache.match(request);
        if (cached) return cached;
        const response = await fetch(request);
        if (response.ok) await cache.put(request, response.clone());
        return response;
      })(),
    );
  }
});
