import { sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Long-lived and never revalidated: the file name carries a hash of the content (Vite's `assets/`). */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (HTML shells, favicon, service worker): cached, but revalidated by ETag every time. */
export const REVALIDATE = 'no-cache';

/**
 * Serves the built web app from `webDir`: hashed assets under /assets/ are immutable, the rest revalidates
 * by ETag (304 when unchanged). Precompressed `.br`/`.gz` siblings written by the build are sent to
 * browsers that accept them.
 */
export async function registerStaticAssets(app: FastifyInstance, webDir: string): Promise<void> {
  const assetsDir = `${webDir.replace(/[\\/]$/, '')}${sep}assets${sep}`;
  await app.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    etag: true,
    lastModified: true,
    cacheControl: false,
    setHeaders: (response, path) => {
      response.setHeader('cache-control', path.startsWith(assetsDir) ? IMMUTABLE : REVALIDATE);
      response.setHeader('vary', 'Accept-Encoding');
    },
  });
}
