/**
 * The citizen portal as a first-time visitor gets it: Chromium loads the start page and /buchen cold (a fresh
 * browser context, empty cache) at 4× CPU throttling, five times each, from the compiled server
 * (dist/server, compression on). Per page: JavaScript of the first load (bytes transferred, i.e. as the server
 * sent them, and gzip size), fonts preloaded and fetched, and Largest Contentful Paint (median of 5) with the
 * element it was (tag and first class, from the last `largest-contentful-paint` entry of each run), First
 * Contentful Paint and how long after it the largest element came (medians; on a busy machine the gap says more
 * than either time).
 * Usage: npm run bench:web (builds dist/web and dist/server when missing). The last line printed is one JSON object.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
// @ts-expect-error: a plain JavaScript build script without type declarations
import { buildServer } from '../scripts/build-server.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const RUNS = 5;
const CPU_THROTTLE = 4;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

if (!existsSync(join(root, 'dist/web/index.html')) || process.env.BENCH_BUILD === '1') {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
await buildServer({ quiet: true });

const dataDir = mkdtempSync(join(tmpdir(), 'mr-bench-web-'));
const port = 3990 + Math.floor(Math.random() * 9);
const server = spawn(process.execPath, [join(root, 'dist/server/start.js')], {
  cwd: root,
  env: {
    ...process.env,
    NODE_OPTIONS: '',
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  },
  stdio: 'ignore',
});
const baseUrl = `http://127.0.0.1:${port}`;

interface Run {
  lcpMs: number;
  /** First Contentful Paint: LCP minus this is how long the largest element came after the first paint. */
  fcpMs: number;
  /** The element of the last LCP entry: tag and first class. */
  lcpElement: string;
  jsTransferred: number;
  jsGzip: number;
  jsFiles: number;
  fontsPreloaded: number;
  fontsFetched: number;
  fontBytes: number;
}

async function loadCold(browser: Browser, path: string): Promise<Run> {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
  await page.addInitScript(() => {
    const win = window as unknown as { __lcp: number; __lcpElement: string };
    win.__lcp = 0;
    win.__lcpElement = '';
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { element?: Element | null })[]) {
        win.__lcp = entry.startTime;
        const element = entry.element;
        win.__lcpElement = element
          ? `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).split(' ')[0]}` : ''}`
          : '(removed)';
      }
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  const scripts: Promise<{ transferred: number; gzip: number }>[] = [];
  const fonts: Promise<number>[] = [];
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if (type === 'script') {
      scripts.push(
        (async () => ({
          transferred: (await response.request().sizes()).responseBodySize,
          gzip: gzipSync(await response.body(), { level: 9 }).length,
        }))(),
      );
    } else if (type === 'font') {
      fonts.push(
        response
          .request()
          .sizes()
          .then((sizes) => sizes.responseBodySize),
      );
    }
  });
  await page.goto(baseUrl + path, { waitUntil: 'load' });
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.waitForLoadState('networkidle');
  const { lcpMs, lcpElement, fcpMs } = await page.evaluate(() => {
    const win = window as unknown as { __lcp: number; __lcpElement: string };
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
    return { lcpMs: win.__lcp, lcpElement: win.__lcpElement, fcpMs: fcp };
  });
  const fontsPreloaded = await page.locator('link[rel="preload"][as="font"]').count();
  const js = await Promise.all(scripts);
  const fontSizes = await Promise.all(fonts);
  await context.close();
  return {
    lcpMs: Math.round(lcpMs),
    fcpMs: Math.round(fcpMs),
    lcpElement,
    jsTransferred: js.reduce((sum, each) => sum + each.transferred, 0),
    jsGzip: js.reduce((sum, each) => sum + each.gzip, 0),
    jsFiles: js.length,
    fontsPreloaded,
    fontsFetched: fontSizes.length,
    fontBytes: fontSizes.reduce((sum, each) => sum + each, 0),
  };
}

let browser: Browser | undefined;
try {
  while ((await fetch(`${baseUrl}/ready`).catch(() => undefined))?.status !== 200) {
    if (server.exitCode !== null) throw new Error('the server stopped');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  const summary: Record<string, number> = {};
  for (const [key, path] of [
    ['start', '/'],
    ['booking', '/buchen'],
  ] as const) {
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await loadCold(browser, path));
    const last = runs[runs.length - 1]!;
    const lcp = median(runs.map((run) => run.lcpMs));
    const fcp = median(runs.map((run) => run.fcpMs));
    const afterFcp = median(runs.map((run) => run.lcpMs - run.fcpMs));
    console.log(
      `${path.padEnd(8)} LCP ${lcp} ms (median of ${RUNS}: ${runs.map((run) => run.lcpMs).join(', ')}), ` +
        `FCP ${fcp} ms, LCP after FCP ${afterFcp} ms (medians), ` +
        `JS ${last.jsFiles} files ${kb(last.jsTransferred)} KB transferred / ${kb(last.jsGzip)} KB gzip, ` +
        `fonts ${last.fontsPreloaded} preloaded, ${last.fontsFetched} fetched (${kb(last.fontBytes)} KB), ` +
        `LCP element ${[...new Set(runs.map((run) => run.lcpElement))].join(' / ')}`,
    );
    Object.assign(summary, {
      [`${key}LcpMs`]: lcp,
      [`${key}FcpMs`]: fcp,
      [`${key}LcpAfterFcpMs`]: afterFcp,
      [`${key}JsTransferredKb`]: kb(last.jsTransferred),
      [`${key}JsGzipKb`]: kb(last.jsGzip),
      [`${key}FontsPreloaded`]: last.fontsPreloaded,
      [`${key}FontsFetched`]: last.fontsFetched,
      [`${key}FontKb`]: kb(last.fontBytes),
    });
  }
  console.log(JSON.stringify({ cpuThrottle: CPU_THROTTLE, runs: RUNS, ...summary }));
} finally {
  await browser?.close();
  server.kill('SIGTERM');
  await new Promise((resolve) => server.on('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
