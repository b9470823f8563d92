import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { build, defineConfig, type Plugin } from 'vite';
import { messagePart, type MessagePart } from './src/web/i18n/messageGroups.ts';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Writes `.br` and `.gz` beside a file, at the highest levels (skipped below 1 KB). */
async function compressBeside(file: string): Promise<void> {
  const content = await readFile(file);
  if (content.length < 1024) return;
  const params = {
    [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
    [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
  };
  await writeFile(`${file}.br`, await brotli(content, { params }));
  await writeFile(`${file}.gz`, await gzipped(content, { level: 9 }));
}

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
      await Promise.all(files.map((file) => compressBeside(join(dir, file))));
    },
  };
}

/**
 * The portal pages written into the HTML at build time (src/web/prerender.tsx): German, as a first visit sees
 * them before any data; main.tsx hydrates them. Their HTML files are sent for exactly these paths
 * (src/server/app.ts); every other portal path gets the empty shell `app.html`.
 */
export const prerenderedPages: Record<string, string> = { '/': 'index.html', '/buchen': 'buchen.html' };
/** What a prerendered page needs besides the entry (manifest keys): preloaded while the entry loads. */
const pageChunks: Record<string, (key: string) => boolean> = {
  '/buchen': (key) => key === 'pages/BookingPage.tsx' || key.endsWith('/de.json.booking.js'),
};

/**
 * The API answers a prerendered page asks for as soon as it runs: fetched while its scripts load
 * (`<link rel="preload" as="fetch">`, taken by the page's own `fetch`), not after they ran. `/buchen`'s first step
 * lists the services that upcoming stops offer; the header names the municipality.
 */
export const pageData: Record<string, string[]> = {
  '/buchen': ['/api/v1/municipality', '/api/v1/services', '/api/v1/stops'],
};

interface ManifestChunk {
  file: string;
  imports?: string[];
}

/** `<link rel="modulepreload">` for the chunks of `keys` and their static imports that `html` does not load. */
function modulePreloads(manifest: Record<string, ManifestChunk>, keys: string[], html: string): string {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file) || html.includes(`/${chunk.file}"`)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  keys.forEach(visit);
  return [...files].map((file) => `    <link rel="modulepreload" crossorigin href="/${file}">\n`).join('');
}

function prerenderPortal(): Plugin {
  let outDir = `${repoRoot}dist/web`;
  return {
    name: 'mobiles-rathaus:prerender',
    // The browser build only: not the dev server, not the server-side build it starts itself.
    apply: (config, { command }) => command === 'build' && !config.build?.ssr,
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async closeBundle() {
      // A folder of its own per build, imported without a query: the page chunks import the entry by its plain
      // name, and one module instance keeps one translator context (src/web/i18n/react.tsx).
      const ssrDir = `${repoRoot}node_modules/.cache/mobiles-rathaus-prerender-${process.pid}-${Date.now()}`;
      await build({
        configFile: false,
        root: `${repoRoot}src/web`,
        logLevel: 'warn',
        plugins: [react(), messageGroups()],
        build: { ssr: `${repoRoot}src/web/prerender.tsx`, outDir: ssrDir, emptyOutDir: true },
      });
      const { renderPage } = (await import(`${ssrDir}/prerender.js`)) as {
        renderPage: (path: string) => Promise<string>;
      };
      const shell = await readFile(join(outDir, 'index.html'), 'utf8');
      if (!shell.includes('<div id="root"></div>')) throw new Error('index.html has no empty #root');
      await writeFile(join(outDir, 'app.html'), shell);
      await compressBeside(join(outDir, 'app.html'));
      const manifest = JSON.parse(await readFile(join(outDir, '.vite/manifest.json'), 'utf8')) as Record<
        string,
        ManifestChunk
      >;
      for (const [path, file] of Object.entries(prerenderedPages)) {
        const needed = Object.keys(manifest).filter((key) => pageChunks[path]?.(key));
        const dataPreloads = (pageData[path] ?? [])
          .map((url) => `    <link rel="preload" as="fetch" crossorigin href="${url}">\n`)
          .join('');
        const html = shell
          .replace('  </head>', `${dataPreloads}${modulePreloads(manifest, needed, shell)}  </head>`)
          .replace(
            '<div id="root"></div>',
            `<div id="root" data-prerendered="${path}">${await renderPage(path)}</div>`,
          );
        await writeFile(join(outDir, file), html);
        await compressBeside(join(outDir, file));
      }
      await rm(ssrDir, { recursive: true, force: true });
    },
  };
}

const MESSAGE_PART = /^(.+\.json)\?(first-paint|booking|later)$/;
/** The resolved id of a message part: not ending in .json, so Vite's JSON plugin leaves it to this one. */
const RESOLVED_MESSAGE_PART = /^\0(.+\.json)\.(first-paint|booking|later)\.js$/;

/**
 * `import messages from './de.json?first-paint'` (or `?booking`, `?later`): one part of a message file as a module of its
 * own, so each part lands in a chunk of its own (src/web/i18n/messageGroups.ts says which groups go where).
 * Also used by the unit tests (vitest.config.ts).
 */
export function messageGroups(): Plugin {
  return {
    name: 'mobiles-rathaus:message-groups',
    enforce: 'pre',
    async resolveId(source, importer) {
      const match = MESSAGE_PART.exec(source);
      if (!match) return null;
      const file = await this.resolve(match[1]!, importer, { skipSelf: true });
      return file ? `\0${file.id}.${match[2]}.js` : null;
    },
    async load(id) {
      const match = RESOLVED_MESSAGE_PART.exec(id);
      if (!match) return null;
      this.addWatchFile(match[1]!);
      const messages = JSON.parse(await readFile(match[1]!, 'utf8')) as Record<string, unknown>;
      const part = messagePart(messages, match[2] as MessagePart);
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(part))});`;
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
  plugins: [react(), messageGroups(), preloadFonts(), precompress(), prerenderPortal()],
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
