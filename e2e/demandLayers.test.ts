import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latLonToLaea } from '../src/planning/laea.ts';
import { fixtureGtfsFiles, zipGtfs } from '../src/planning/testing/gtfsFixture.ts';
import { createStaff } from '../test/support/staffSession.ts';
import {
  expectNoAxeViolations,
  expectQuietBrowser,
  startPortal,
  tabToSelector,
  type Portal,
} from './support/browser.ts';
import { signIn } from './support/staff.ts';

let portal: Portal;

beforeAll(async () => {
  portal = await startPortal();
});

afterAll(async () => {
  await portal?.close();
});

/** A Zensus-style 100 m grid: 4 × 4 cells around Gütersloh's centre (EPSG:3035); `bad` adds a wrong row. */
function grid(bad = false): string {
  const centre = latLonToLaea({ lat: 51.90607, lon: 8.37855 });
  const x0 = Math.floor(centre.x / 100) * 100 - 200;
  const y0 = Math.floor(centre.y / 100) * 100 - 200;
  const lines = ['GITTER_ID_100m;x_mp_100m;y_mp_100m;Einwohner'];
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const x = x0 + i * 100;
      const y = y0 + j * 100;
      lines.push(`CRS3035RES100mN${y}E${x};${x + 50};${y + 50};${10 + i + j}`);
    }
  }
  if (bad) lines.push(`CRS3035RES100mN${y0}E${x0};${x0 + 50};${y0 + 50};viele`);
  return `${lines.join('\r\n')}\r\n`;
}

const csvFile = (name: string, text: string) => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(text, 'utf8'),
});

describe('demand layers and GTFS feeds', () => {
  it('a planner uploads a grid with its licence, a broken grid (file:row:field errors) and a GTFS feed, by keyboard, in German and English; axe-core reports zero violations', async () => {
    const planner = await createStaff(portal.test.database.db, 'guetersloh', 'planner');
    const watched = await portal.openGermanPage('/verwaltung');
    const { page } = watched;
    await signIn(page, planner.email, planner.password);
    await page.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Verwaltung' })
      .getByRole('link', { name: 'Bedarfsebenen und Fahrplan' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Bedarfsebenen und ÖPNV-Fahrplan' }).waitFor();
    await page.getByText('Es gibt noch keine Bedarfsebenen.').waitFor();
    await page.getByText('Es gibt noch keinen Fahrplan.').waitFor();
    await expectNoAxeViolations(page, 'demand layers (de)');

    // A valid grid, with its own licence: the form used by keyboard.
    await page.getByLabel('Datei', { exact: true }).setInputFiles(csvFile('zensus.csv', grid()));
    await page.getByLabel('Name (freiwillig)').fill('Einwohner Innenstadt');
    await page.getByLabel('Lizenz (freiwillig)').fill('dl-de/by-2-0');
    await page.getByLabel('Lizenz (freiwillig)').focus();
    await tabToSelector(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('main').textContent())
      .toContain('„zensus.csv“ wurde übernommen: 16 Zellen oder Punkte.');
    const layers = page.getByRole('table', { name: 'Bedarfsebenen' });
    const row = layers.getByRole('row', { name: /Einwohner Innenstadt/ });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells[0]).toBe('Zensus-Raster');
    expect(cells[1]).toContain('Zensus 2022');
    expect(cells[3]).toBe('dl-de/by-2-0');
    expect(cells[4]).toContain('16 Zellen');

    // A broken grid: refused whole, each problem as file:row:field, focus on the summary.
    await page.getByLabel('Datei', { exact: true }).setInputFiles(csvFile('kaputt.csv', grid(true)));
    await page.getByRole('button', { name: 'Hochladen' }).click();
    const summary = page.getByRole('alert');
    await expect.poll(() => summary.textContent()).toContain('„kaputt.csv“ wurde nicht übernommen: 1 Fehler');
    expect(await summary.textContent()).toContain('kaputt.csv:18:Einwohner: Hier steht keine Zahl.');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary') ?? false))
      .toBe(true);
    // The summary's link leads to the error's row in the table of errors.
    await summary.getByRole('link', { name: /kaputt\.csv:18:Einwohner/ }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('layer-issue-0');
    expect(await layers.getByRole('row').count()).toBe(2);
    await expectNoAxeViolations(page, 'demand layers with errors (de)');

    // A GTFS feed.
    await page.getByLabel('Art der Daten').selectOption('gtfs');
    await page.getByLabel('Datei', { exact: true }).setInputFiles({
      name: 'fahrplan.zip',
      mimeType: 'application/zip',
      buffer: Buffer.from(zipGtfs(fixtureGtfsFiles())),
    });
    await page.getByLabel('Name', { exact: true }).fill('Fahrplan 2027');
    await page.getByRole('button', { name: 'Hochladen' }).click();
    await page.getByText('Der Fahrplan „Fahrplan 2027“ wurde übernommen: 6 Haltestellen.').waitFor();
    const feedCells = await page
      .getByRole('table', { name: 'ÖPNV-Fahrpläne (GTFS), neueste zuerst' })
      .getByRole('row', { name: /Fahrplan 2027/ })
      .getByRole('cell')
      .allTextContents();
    expect(feedCells[0]).toBe('fahrplan.zip');
    expect(feedCells[1]).toMatch(/2027.*bis.*2027/);
    expect(feedCells[2]).toContain('6 Haltestellen');
    await expectNoAxeViolations(page, 'demand layers with a feed (de)');

    // Delete the layer, with confirmation.
    await row.getByRole('button', { name: '„Einwohner Innenstadt“ löschen' }).click();
    await page.getByRole('button', { name: 'Ja, löschen' }).click();
    await page.getByText('Es gibt noch keine Bedarfsebenen.').waitFor();

    // English.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Demand layers and public transport timetable' })
      .waitFor();
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Please choose a file.');
    await expectNoAxeViolations(page, 'demand layers (en)');
    expectQuietBrowser(watched);
    await page.close();
  });
});
