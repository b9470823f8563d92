/** Wiping what the browser keeps besides IndexedDB: Cache Storage entries other than the app shell, and localStorage. */

export const SHELL_CACHE_PREFIX = 'station-shell-';

export async function wipeBrowserStorage(options: { keepShell: boolean }): Promise<void> {
  try {
    globalThis.localStorage?.clear();
  } catch {
    // Storage blocked: nothing was kept there either.
  }
  if (typeof caches === 'undefined') return;
  for (const name of await caches.keys()) {
    if (options.keepShell && name.startsWith(SHELL_CACHE_PREFIX)) continue;
    await caches.delete(name);
  }
}

/** Registers the station's service worker (app shell for offline reloads); it never caches /api/. */
export function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/station/sw.js', { scope: '/station/' }).catch(() => {
    // Without a service worker the app works online; a reload offline then fails.
  });
}
