import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlledItemKind } from '../src/server/commands/controlledItemKindCreator.ts';
import { createTestStop, municipalityId, upcomingDate } from '../test/support/booking.ts';
import { createStaff } from '../test/support/staffSession.ts';
import {
  expectNoAxeViolations,
  expectQuietBrowser,
  siteNameOf,
  startPortal,
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

describe('the stock of controlled items', () => {
  it('a planner finds the Bestand page from the units page, books movements by keyboard, is refused a negative stock, sees below-minimum stock, in German and English; axe-core reports zero violations', async () => {
    const db = portal.test.database.db;
    await createControlledItemKind(db, {
      municipalityId: await municipalityId(db),
      actor: 'test',
      id: 'antragsformulare-pass',
      nameDe: 'Antragsformulare mit Sicherheitsmerkmalen',
      nameEn: 'Secure blank application forms',
      countUnit: 'piece',
      minimumStock: 10,
      serialNumbered: true,
    });
    const stopId = await createTestStop(db, { unitId: 'rathausmobil', date: upcomingDate(10) });
    const siteName = await siteNameOf(portal, 'bahnhof-avenwedde');
    const planner = await createStaff(db, 'guetersloh', 'planner');

    const watched = await portal.openGermanPage('/verwaltung');
    const { page } = watched;
    await signIn(page, planner.email, planner.password);
    await page.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Verwaltung' })
      .getByRole('link', { name: 'Einheiten und Ausstattung' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Einheiten und Ausstattung' }).waitFor();
    await page.getByRole('link', { name: 'Bestand kontrollierter Vordrucke und des Wechselgelds' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bestand' }).waitFor();

    const stockTable = page.getByRole('table', { name: 'Bestand je Einheit und Art' });
    const row = stockTable.getByRole('row').filter({ hasText: 'Rathausmobil' });
    await row.first().waitFor();
    expect(await row.first().textContent()).toContain('Unter Mindestbestand');
    await page.getByRole('region', { name: 'Unter Mindestbestand' }).waitFor();
    await expectNoAxeViolations(page, 'stock page');

    // By keyboard: an empty quantity is refused; the error summary takes the focus and links to the field.
    await page.getByLabel('Einheit', { exact: true }).selectOption('rathausmobil');
    await page.getByLabel('Menge').focus();
    await page.keyboard.press('Enter');
    const summary = page.locator('.error-summary').first();
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Geben Sie die Menge als ganze Zahl ab 1 ein.');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary')))
      .toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('stock-quantity');
    await expectNoAxeViolations(page, 'stock page with an error');

    // Received: 12 numbered blanks.
    await page.keyboard.type('12');
    await page.getByLabel('Erste Nummer').fill('1000');
    await page.getByLabel('Letzte Nummer').fill('1011');
    await page.getByLabel('Letzte Nummer').press('Enter');
    await page
      .getByRole('status')
      .filter({
        hasText:
          'Gebucht: Antragsformulare mit Sicherheitsmerkmalen auf Rathausmobil, neuer Bestand 12 Stück.',
      })
      .waitFor();
    await expect.poll(() => row.first().textContent()).toContain('Ausreichend');

    // Issuing more than there is: refused by the database, the stock stays.
    await page.getByLabel('Bewegung', { exact: true }).selectOption('issued');
    await page.getByLabel('Menge').fill('20');
    await page.getByLabel('Erste Nummer').fill('');
    await page.getByLabel('Letzte Nummer').fill('');
    await page.getByRole('button', { name: 'Buchen' }).click();
    await expect
      .poll(() => summary.textContent())
      .toContain('So viel ist nicht im Bestand: Es sind nur 12 Stück vorhanden.');

    // Two issued at a stop of the unit.
    await page.getByLabel('Menge').fill('2');
    await page.getByLabel('Halt', { exact: true }).selectOption(stopId);
    await page.getByRole('button', { name: 'Buchen' }).click();
    await page.getByRole('status').filter({ hasText: 'neuer Bestand 10 Stück.' }).waitFor();
    expect(await page.locator('.error-summary').count()).toBe(0);

    // A write-off needs a reason.
    await page.getByLabel('Bewegung', { exact: true }).selectOption('written_off');
    await page.getByLabel('Menge').fill('3');
    await page.getByRole('button', { name: 'Buchen' }).click();
    await expect.poll(() => summary.textContent()).toContain('Eine Abschreibung braucht einen Grund.');
    await page.getByLabel('Grund', { exact: true }).fill('Wasserschaden');
    await page.getByRole('button', { name: 'Buchen' }).click();
    await page.getByRole('status').filter({ hasText: 'neuer Bestand 7 Stück.' }).waitFor();
    await expect.poll(() => row.first().textContent()).toContain('Unter Mindestbestand');

    const history = page.getByRole('table', { name: 'Bewegungen, die neuesten zuerst' });
    await history.getByRole('row').filter({ hasText: 'Wasserschaden' }).waitFor();
    const lines = await history.getByRole('row').allTextContents();
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('Abschreibung');
    expect(lines[1]).toContain(planner.name);
    expect(lines[2]).toContain('Ausgabe');
    expect(lines[2]).toContain(siteName);
    expect(lines[3]).toContain('1000–1011');
    await expectNoAxeViolations(page, 'stock page with movements');

    // Planners see below-minimum stock on the back office's start page.
    await page.goto(`${portal.baseUrl}/verwaltung`);
    await page.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
    const notice = page.getByRole('region', { name: 'Bestand unter Mindestbestand' });
    await expect
      .poll(() => notice.textContent())
      .toMatch(/^\d+ kontrollierte Bestände liegen unter dem Mindestbestand\./);
    await expectNoAxeViolations(page, 'back office start with low stock');
    await notice.getByRole('link', { name: 'Zum Bestand' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bestand' }).waitFor();
    await page.getByRole('table', { name: 'Bewegungen, die neuesten zuerst' }).waitFor();

    // A lower minimum lifts the flag.
    await page.getByLabel('Mindestbestand für Antragsformulare mit Sicherheitsmerkmalen').fill('5');
    await page
      .getByRole('button', { name: 'Mindestbestand für Antragsformulare mit Sicherheitsmerkmalen speichern' })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Mindestbestand für Antragsformulare mit Sicherheitsmerkmalen ist jetzt 5 Stück.' })
      .waitFor();
    await expect.poll(() => row.first().textContent()).toContain('Ausreichend');
    await expectNoAxeViolations(page, 'stock page after a changed minimum');

    // The same page in English.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Stock' }).waitFor();
    await page.getByRole('table', { name: 'Movements, newest first' }).getByText('Written off').waitFor();
    const englishRow = page
      .getByRole('table', { name: 'Stock per unit and kind' })
      .getByRole('row')
      .filter({ hasText: 'Rathausmobil' })
      .first();
    expect(await englishRow.textContent()).toContain(
      'Secure blank application forms7 pieces5 piecesSufficient',
    );
    await expectNoAxeViolations(page, 'stock page in English');
    expectQuietBrowser(watched);
  });
});
