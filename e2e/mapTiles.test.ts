import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, expectQuietBrowser, startPortal, type Portal } from './support/browser.ts';

// Nothing listens on port 9: the tiles fail to load, but the requests show the tile layer is there.
const tileUrl = 'http://127.0.0.1:9/tiles/{z}/{x}/{y}.png';

let portal: Portal;

beforeAll(async () => {
  portal = await startPortal({ mapTileUrl: tileUrl, mapTileAttribution: 'Kartendaten: Testkarte' });
});

afterAll(async () => {
  await portal?.close();
});

describe('the site map with a tile server configured', () => {
  it('draws tiles from that server only, shows its attribution and stays accessible', async () => {
    const watched = await portal.openGermanPage('/standorte');
    const { page } = watched;
    await page.locator('.site-map.leaflet-container').waitFor();
    await expect.poll(() => page.locator('.site-map img.leaflet-tile').count()).toBeGreaterThan(0);
    const tileSources = await page
      .locator('.site-map img.leaflet-tile')
      .evaluateAll((tiles) => tiles.map((tile) => (tile as HTMLImageElement).src));
    expect(tileSources.every((source) => source.startsWith('http://127.0.0.1:9/tiles/'))).toBe(true);
    expect(await page.locator('.leaflet-control-attribution').textContent()).toContain(
      'Kartendaten: Testkarte',
    );
    await expectNoAxeViolations(page, '/standorte with tiles');
    expectQuietBrowser(watched);
    await page.close();
  });
});
