import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStop } from '../src/server/commands/stopCreator.ts';
import { municipalityId } from '../test/support/booking.ts';
import { insertVisitBooking } from '../test/support/evaluationFixture.ts';
import { createStaff } from '../test/support/staffSession.ts';
import { expectNoAxeViolations, expectQuietBrowser, startPortal, type Portal } from './support/browser.ts';
import { signIn } from './support/staff.ts';

let portal: Portal;
const MINUTE = 60_000;

beforeAll(async () => {
  portal = await startPortal();
  const db = portal.test.database.db;
  const mid = await municipalityId(db);
  // A stop in the past (created as if on 1 September 2026) with six ID cards delivered.
  const stopId = await createStop(db, {
    municipalityId: mid,
    unitId: 'rathausmobil',
    siteId: 'bahnhof-avenwedde',
    date: '2026-09-15',
    startTime: '09:00',
    endTime: '12:00',
    setupMinutes: 30,
    teardownMinutes: 30,
    actor: 'test',
    today: '2026-09-01',
  });
  for (let i = 0; i < 6; i++) {
    await insertVisitBooking(db, mid, {
      stopId,
      status: 'finished',
      origin: 'citizen',
      serviceId: 'personalausweis-beantragen',
      minutes: 20,
      startsAt: Date.parse('2026-09-15T07:00:00Z') + i * 20 * MINUTE,
    });
  }
});

afterAll(async () => {
  await portal?.close();
});

const csv = (name: string, lines: string[]) => ({
  name,
  mimeType: 'text/csv',
  // As German Excel saves "CSV UTF-8": a byte-order mark, semicolons, CRLF.
  buffer: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8'),
});

const cellsOf = async (page: Page, table: string, row: string) =>
  page
    .getByRole('table', { name: table })
    .getByRole('row', { name: row })
    .getByRole('cell')
    .allTextContents();

describe('the town hall counts', () => {
  it('a planner uploads a wrong file and sees each error by row and column, then a good one, and sees the comparison on the dashboard, in German and English; axe-core reports zero violations', async () => {
    const planner = await createStaff(portal.test.database.db, 'guetersloh', 'planner');
    const watched = await portal.openGermanPage('/verwaltung');
    const { page } = watched;
    await signIn(page, planner.email, planner.password);
    await page.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Verwaltung' })
      .getByRole('link', { name: 'Rathauszahlen' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Rathauszahlen importieren' }).waitFor();
    await page.getByText('Es liegen noch keine Rathauszahlen vor.').waitFor();
    await expectNoAxeViolations(page, 'town hall counts (de)');

    // Nothing chosen: the summary names the file field.
    await page.getByRole('button', { name: 'Datei importieren' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Bitte wählen Sie eine CSV-Datei aus.');

    // A wrong file: every error with file:row:column, linked from the summary, and nothing imported.
    const fileInput = page.getByLabel('CSV-Datei mit den Rathauszahlen', { exact: true });
    await fileInput.setInputFiles(
      csv('rathaus.csv', [
        'datum;leistung;anzahl',
        '01.09.2026;personalausweis-beantragen;40',
        '02.09.2026;personalausweis-beantragen;-3',
        '31.09.2026;reisepass-beantragen;12',
      ]),
    );
    await page.getByRole('button', { name: 'Datei importieren' }).click();
    const summary = page.getByRole('alert');
    await expect
      .poll(() => summary.textContent())
      .toContain('„rathaus.csv“ wurde nicht übernommen: 2 Fehler');
    const summaryText = await summary.textContent();
    expect(summaryText).toContain('rathaus.csv:3:anzahl: Die Anzahl darf nicht negativ sein.');
    expect(summaryText).toContain('rathaus.csv:4:datum: Kein gültiges Datum.');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toContain('rathaus.csv:3:anzahl');
    const issues = page.getByRole('table', {
      name: 'Fehler in „rathaus.csv“, nach Zeile (Datei:Zeile:Spalte)',
    });
    await issues.waitFor();
    expect(
      await issues
        .getByRole('row', { name: /rathaus\.csv:4:datum/ })
        .getByRole('cell')
        .allTextContents(),
    ).toEqual(['Kein gültiges Datum. Schreiben Sie zum Beispiel 02.03.2026 oder 2026-03-02.', '31.09.2026']);
    // The summary's link leads to the error's row in the table.
    await summary.getByRole('link', { name: /rathaus\.csv:4:datum/ }).click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toBe('rathaus.csv:4:datum');
    await expectNoAxeViolations(page, 'town hall counts with errors (de)');
    await page.getByText('Es liegen noch keine Rathauszahlen vor.').waitFor();

    // A good file: the result, and the import in the list.
    await fileInput.setInputFiles(
      csv('rathaus.csv', [
        'datum;leistung;anzahl',
        '01.09.2026;personalausweis-beantragen;40',
        '2026-09-02;Personalausweis beantragen;38',
        '20.08.2026;personalausweis-beantragen;90',
      ]),
    );
    await page.getByRole('button', { name: 'Datei importieren' }).click();
    await page.getByText('„rathaus.csv“ wurde übernommen.').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.getByText('Kontakte zusammen: 168').waitFor();
    const imports = page.getByRole('table', { name: 'Die letzten Importe, der neueste zuerst' });
    expect(
      await imports
        .getByRole('row', { name: /rathaus\.csv/ })
        .getByRole('cell')
        .first()
        .textContent(),
    ).toBeTruthy();
    await page.getByText('Rathauszahlen liegen für 3 Tage vor').waitFor();
    await expectNoAxeViolations(page, 'town hall counts imported (de)');

    // The comparison on the dashboard: September 2026 against the 30 days before.
    await page.getByRole('link', { name: 'Zur Auswertung mit dem Vergleich' }).click();
    await page.getByRole('heading', { level: 1, name: 'Auswertung der Erprobung' }).waitFor();
    await page.getByLabel('Von', { exact: true }).fill('2026-09-01');
    await page.getByLabel('Bis', { exact: true }).fill('2026-09-30');
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    const services = 'Rathaus und Mobiles Rathaus je Leistung im gewählten Zeitraum';
    await page.getByRole('heading', { level: 2, name: 'Vergleich mit dem Rathaus' }).waitFor();
    // 40 + 38 at the town hall against 90 on 20 August; six ID cards at the stop (6 of 84: 7.1 %)
    await expect
      .poll(() => cellsOf(page, services, 'Personalausweis beantragen'))
      .toEqual([
        '78',
        '6',
        expect.stringMatching(/^7,1\s?%$/),
        '90',
        expect.stringMatching(/^[-−]12$/),
        expect.stringMatching(/^[-−]13,3\s?%$/),
      ]);
    expect(
      (await cellsOf(page, 'Rathaus und Mobiles Rathaus je Monat', 'September 2026')).slice(0, 2),
    ).toEqual(['78', '6']);
    const csvHref = await page
      .getByRole('link', { name: 'Vergleich mit dem Rathaus als CSV herunterladen' })
      .getAttribute('href');
    const exported = await page.request.get(`${portal.baseUrl}${csvHref}`);
    expect(exported.status()).toBe(200);
    expect(await exported.text()).toContain('Kontakte im Mobilen Rathaus');
    await expectNoAxeViolations(page, 'evaluation with the town hall comparison (de)');

    // English: the dashboard and the import page, and axe again.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Comparison with the town hall' }).waitFor();
    await expect
      .poll(() =>
        cellsOf(page, 'Town hall and Mobiles Rathaus per service in the selected period', 'All services'),
      )
      .toEqual([
        '78',
        '6',
        expect.stringMatching(/^7\.1\s?%$/),
        '90',
        expect.stringMatching(/^[-−]12$/),
        expect.stringMatching(/^[-−]13\.3\s?%$/),
      ]);
    await expectNoAxeViolations(page, 'evaluation with the town hall comparison (en)');
    await page
      .getByRole('navigation', { name: 'Back office' })
      .getByRole('link', { name: 'Town hall counts' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Import town hall counts' }).waitFor();
    await page.getByRole('table', { name: 'The latest imports, newest first' }).waitFor();
    await page.getByRole('button', { name: 'Import file' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Please choose a CSV file.');
    await expectNoAxeViolations(page, 'town hall counts (en)');
    expectQuietBrowser(watched);
    await page.close();
  });
});
