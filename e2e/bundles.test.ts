// Checks the web build (run `vite build` first, as `npm test` does): the portal's chunks hold no station or
// planner code, and its first load carries only the start page (other pages, maps and English load later); the
// planner loads the evaluation's charts (visx) and catchment map only when the dashboard shows them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const webDir = fileURLToPath(new URL('../dist/web/', import.meta.url));

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
const manifest = JSON.parse(readFileSync(`${webDir}.vite/manifest.json`, 'utf8')) as Record<
  string,
  ManifestChunk
>;

/** The manifest keys reachable from `entry`, through static imports only or through dynamic ones too. */
function reachable(entry: string, withDynamic: boolean): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const key = queue.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the manifest has no ${key}`);
    queue.push(...(chunk.imports ?? []), ...(withDynamic ? (chunk.dynamicImports ?? []) : []));
  }
  return seen;
}

const otherApps = /^(station|planning)(\/|\.html$)/;

describe('the web build', () => {
  it('builds three apps', () => {
    for (const entry of ['index.html', 'station.html', 'planning.html'])
      expect(manifest[entry]?.isEntry).toBe(true);
  });

  it('lets the portal load no station or planner code, not even later', () => {
    const portal = reachable('index.html', true);
    expect([...portal].filter((key) => otherApps.test(key))).toEqual([]);
    for (const key of portal) {
      const file = manifest[key]!.file;
      if (!file.endsWith('.js')) continue;
      const code = readFileSync(webDir + file, 'utf8');
      expect(code, file).not.toContain('mobiles-rathaus.station.language');
      expect(code, file).not.toContain('mobiles-rathaus.planning.language');
    }
    // The apps share only libraries and common components, never one another's entry.
    expect(reachable('station.html', true).has('planning.html')).toBe(false);
    expect(reachable('planning.html', true).has('station.html')).toBe(false);
  });

  it("keeps the portal's first load to the start page", () => {
    const firstLoad = [...reachable('index.html', false)];
    const lazy = ['pages/BookingPage.tsx', 'pages/SitesPage.tsx', 'pages/SchedulePage.tsx', 'i18n/en.json'];
    for (const key of lazy) {
      expect(manifest[key], key).toBeDefined();
      expect(firstLoad).not.toContain(key);
    }
    expect(firstLoad.some((key) => key.includes('leaflet'))).toBe(false);
    expect(firstLoad.some((key) => key.includes('altcha'))).toBe(false);
  });

  it('brings the start page only its own German messages; the others come with the other pages', () => {
    const firstLoad = [...reachable('index.html', false)];
    const later = Object.keys(manifest).filter((key) => key.endsWith('/i18n/de.json.later.js'));
    expect(later).toHaveLength(1);
    expect(firstLoad).not.toContain(later[0]);
    const entry = readFileSync(webDir + manifest['index.html']!.file, 'utf8');
    expect(entry).toContain('Das Rathaus kommt zu Ihnen.'); // home.intro
    expect(entry).not.toContain('Was möchten Sie erledigen?'); // booking
  });

  it("keeps the booking page's first load to its first step and the booking flow's German messages", () => {
    const booking = readFileSync(`${webDir}buchen.html`, 'utf8');
    const preloaded = [...booking.matchAll(/<link rel="modulepreload" crossorigin href="\/([^"]+)">/g)].map(
      (match) => match[1],
    );
    const fileOf = (suffix: string) =>
      Object.entries(manifest).find(([key]) => key.endsWith(suffix))?.[1].file;
    expect(preloaded).toContain(fileOf('/i18n/de.json.booking.js'));
    expect(preloaded).not.toContain(fileOf('/i18n/de.json.later.js'));
    // The later steps, and the captcha with them, come when they are first shown.
    const firstView = reachable('pages/BookingPage.tsx', false);
    for (const step of ['DayStep', 'TimeStep', 'ContactStep', 'SentStep']) {
      const key = `pages/booking/${step}.tsx`;
      expect(manifest[key], key).toBeDefined();
      expect(firstView.has(key), key).toBe(false);
      expect(preloaded).not.toContain(manifest[key]!.file);
    }
    expect([...firstView].some((key) => key.includes('captcha') || key.includes('CaptchaStatus'))).toBe(
      false,
    );
  });

  it('writes the start page and /buchen into their HTML in German, and leaves the shell for other pages empty', () => {
    const start = readFileSync(`${webDir}index.html`, 'utf8');
    expect(start).toContain('<div id="root" data-prerendered="/">');
    expect(start).toMatch(/<h1[^>]*>Mobiles Rathaus<\/h1>/);
    const booking = readFileSync(`${webDir}buchen.html`, 'utf8');
    expect(booking).toContain('<div id="root" data-prerendered="/buchen">');
    // The first step's heading and introduction are in the HTML; its list loads (its answers are preloaded).
    expect(booking).toMatch(/<h1[^>]*>Was möchten Sie erledigen\?<\/h1>/);
    expect(booking).toContain('Wählen Sie eine oder mehrere Dienstleistungen.');
    expect(booking).toContain('Die Daten werden geladen.');
    for (const path of ['/api/v1/municipality', '/api/v1/services', '/api/v1/stops'])
      expect(booking).toContain(`<link rel="preload" as="fetch" crossorigin href="${path}">`);
    expect(start).not.toContain('as="fetch"');
    // The booking page's chunk is preloaded with the entry, not discovered after it ran.
    expect(booking).toContain(
      `<link rel="modulepreload" crossorigin href="/${manifest['pages/BookingPage.tsx']!.file}">`,
    );
    expect(readFileSync(`${webDir}app.html`, 'utf8')).toContain('<div id="root"></div>');
  });

  it("keeps the evaluation's charts and map out of the planner's first load", () => {
    const firstLoad = reachable('planning.html', false);
    const later = reachable('planning.html', true);
    const lazy = ['BarChart', 'TimeSeriesChart', 'CatchmentMap'].map(
      (name) => `planning/components/evaluation/${name}.tsx`,
    );
    for (const key of lazy) {
      expect(later.has(key), key).toBe(true);
      expect(firstLoad.has(key), key).toBe(false);
    }
    // The chart library itself (its SVG class names) lies only in the chunks loaded later.
    const withChartLibrary = (keys: Set<string>) =>
      [...keys].filter((key) => {
        const file = manifest[key]!.file;
        return file.endsWith('.js') && readFileSync(webDir + file, 'utf8').includes('visx-axis');
      });
    expect(withChartLibrary(firstLoad)).toEqual([]);
    expect(withChartLibrary(later).length).toBeGreaterThan(0);
  });
});
