import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * Writes `.br` and `.gz` beside every compressible file of the build, at the highest levels, once: the server
 * sends them as they are (no compression work per request).
 */
function precompress(): Plugin {
  return {
    name: 'mobiles-rathaus:precompress',
    apply: 'build',
    enforce: 'post',
    async writeBundle(output, bundle) {
      const dir = output.dir ?? `${repoRoot}dist/web`;
      const files = Object.keys(bundle).filter(
        (file) => /\.(js|mjs|css|html|svg|json)$/.test(file) && !file.startsWith('.vite/'),
      );
      await Promise.all(
        files.map(async (file) => {
          const content = await readFile(join(dir, file));
          if (content.length < 1024) return;
          const params = {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
          };
          await writeFile(join(dir, `${file}.br`), await brotli(content, { params }));
          await writeFile(join(dir, `${file}.gz`), await gzipped(content, { level: 9 }));
        }),
      );
    },
  };
}

/** Preloads the two font weights a first page paints with (400 text, 600 headings; src/web/styles/fonts.css). */
function preloadFonts(): Plugin {
  const preloaded = [/\/FiraSans-Regular-latin-[\w-]+\.woff2$/, /\/FiraSans-SemiBold-latin-[\w-]+\.woff2$/];
  return {
    name: 'mobiles-rathaus:preload-fonts',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (_html, context) =>
        Object.keys(context.bundle ?? {})
          .filter((file) => preloaded.some((pattern) => pattern.test(`/${file}`)))
          .map((file) => ({
            tag: 'link',
            attrs: { rel: 'preload', as: 'font', type: 'font/woff2', href: `/${file}`, crossorigin: '' },
            injectTo: 'head' as const,
          })),
    },
  };
}

export default defineConfig({
  root: `${repoRoot}src/web`,
  plugins: [react(), preloadFonts(), precompress()],
  build: {
    outDir: `${repoRoot}dist/web`,
    emptyOutDir: true,
    // The server's Content-Security-Policy forbids inline scripts; the polyfill would be one.
    modulePreload: { polyfill: false },
    // Inlined assets would become data: URLs; keep fonts and images as files served from 'self'.
    assetsInlineLimit: 0,
    // dist/web/.vite/manifest.json: which chunks each app loads (checked by e2e/bundles.test.ts and bench/web.ts).
    manifest: true,
    // Three single-page apps: the citizen portal, the station app (/station) and the planner (/planung).
    rollupOptions: {
      input: {
        index: `${repoRoot}src/web/index.html`,
        station: `${repoRoot}src/web/station.html`,
        planning: `${repoRoot}src/web/planning.html`,
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
    },
  },
});
