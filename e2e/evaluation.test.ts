import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStop, municipalityId, upcomingDate } from '../test/support/booking.ts';
import { FIXTURE_PERSON, insertVisitBooking, insertVisitTicket } from '../test/support/evaluationFixture.ts';
import { createStaff } from '../test/support/staffSession.ts';
import {
  expectNoAxeViolations,
  expectQuietBrowser,
  startPortal,
  tabToText,
  type Portal,
} from './support/browser.ts';
import { signIn } from './support/staff.ts';

let portal: Portal;
const day = upcomingDate(7);
const MINUTE = 60_000;

beforeAll(async () => {
  portal = await startPortal();
  const db = portal.test.database.db;
  const mid = await municipalityId(db);
  const stopId = await createTestStop(db, { date: day, siteId: 'bahnhof-avenwedde', unitId: 'rathausmobil' });
  const start = Date.parse(`${day}T08:00:00Z`);
  // Six booked ID cards and five walk-ins: enough to show every figure; one no-show stays hidden (under 5).
  // Two of the booked come from Avenwedde (hidden on the catchment map), the walk-ins from Spexard.
  for (let i = 0; i < 6; i++) {
    await insertVisitBooking(db, mid, {
      stopId,
      status: 'finished',
      origin: 'citizen',
      serviceId: 'personalausweis-beantragen',
      minutes: 20,
      startsAt: start + i * 20 * MINUTE,
      wait: i,
      handling: 12,
      ...(i < 2 ? { districtId: 'avenwedde' } : {}),
    });
  }
  await insertVisitBooking(db, mid, {
    stopId,
    status: 'no_show',
    origin: 'citizen',
    serviceId: 'personalausweis-beantragen',
    minutes: 20,
    startsAt: start + 140 * MINUTE,
  });
  const districtId = 'spexard';
  for (let i = 0; i < 5; i++) {
    await insertVisitTicket(db, mid, {
      stopId,
      serviceId: 'personalausweis-beantragen',
      at: start + i * 10 * MINUTE,
      wait: 3,
      handling: 8,
      districtId,
    });
  }
});

afterAll(async () => {
  await portal?.close();
});

/** The accessible name of the element that has the focus (its label, or its text). */
const focusedName = (page: Page) =>
  page.evaluate(
    () =>
      document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim() ?? '',
  );

const chartNames = {
  de: [
    'Kontakte je Zeitabschnitt nach Zugangsweg',
    'Auslastung je Standort',
    'Wartezeit je Standort',
    'Zufriedenheit: Antworten je Bewertung',
  ],
  en: [
    'Contacts per period by channel',
    'Utilisation per site',
    'Waiting time per site',
    'Satisfaction: answers per rating',
  ],
};

/** Every chart is a graphic named by its caption (and summary). */
async function waitForCharts(page: Page, language: 'de' | 'en') {
  for (const name of chartNames[language]) {
    await page.getByRole('img', { name: new RegExp(`^${name}`) }).waitFor();
  }
}

const valueOf = (page: Page, table: string, row: string) =>
  page
    .getByRole('table', { name: table })
    .getByRole('row', { name: row })
    .getByRole('cell')
    .first()
    .textContent();

describe('the evaluation dashboard', () => {
  it('a planner filters the figures by keyboard, sees small counts hidden, exports CSV and XLSX and sets the cost assumptions, in German and English; axe-core reports zero violations', async () => {
    const planner = await createStaff(portal.test.database.db, 'guetersloh', 'planner');
    const watched = await portal.openGermanPage('/verwaltung');
    const { page } = watched;
    await signIn(page, planner.email, planner.password);
    await page.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Verwaltung' })
      .getByRole('link', { name: 'Auswertung' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Auswertung der Erprobung' }).waitFor();
    await page.getByRole('table', { name: 'Kennzahlen der Auswahl' }).waitFor();

    // The stop lies ahead: the default period (the last 90 days) holds nothing yet.
    expect(await valueOf(page, 'Kennzahlen der Auswahl', 'Kontakte')).toBe('0');

    // A period that ends before it starts: the error summary takes the focus and names the field.
    await page.getByLabel('Von', { exact: true }).fill(day);
    await page.getByLabel('Bis', { exact: true }).fill('2020-01-01');
    await page.getByLabel('Bis', { exact: true }).press('Enter');
    const summary = page.getByRole('alert');
    await summary.waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toContain('Bitte');
    expect(await summary.textContent()).toContain('„Bis“ darf nicht vor dem Datum bei „Von“');
    await expectNoAxeViolations(page, 'evaluation with an error summary');

    await page.getByLabel('Bis', { exact: true }).fill(day);
    await page.getByLabel('Zugangsweg', { exact: true }).selectOption({ label: 'Alle' });
    await page.getByLabel('Bis', { exact: true }).press('Enter');
    await expect.poll(() => valueOf(page, 'Kennzahlen der Auswahl', 'Kontakte')).toBe('11');
    expect(await valueOf(page, 'Kennzahlen der Auswahl', 'Besuche')).toBe('12');
    expect(await valueOf(page, 'Kennzahlen der Auswahl', 'Nicht erschienen')).toBe('weniger als 5');
    expect(await valueOf(page, 'Kennzahlen der Auswahl', 'Anteil ohne Termin')).toMatch(/^45,5\s?%$/);
    await page.getByRole('table', { name: 'Kennzahlen je Standort' }).waitFor();
    await page
      .getByRole('table', {
        name: 'Kontakte nach Stadtteil der Herkunft, je 1.000 Einwohnerinnen und Einwohner',
      })
      .waitFor();
    // What goes online next: the ID card with its eleven in-person contacts.
    const online = page.getByRole('table', { name: 'Online-Kandidaten, der größte Gewinn zuerst' });
    await online.waitFor();
    expect(
      await online
        .getByRole('row', { name: /Personalausweis beantragen/ })
        .getByRole('cell')
        .nth(1)
        .textContent(),
    ).toBe('11');
    expect(await page.textContent('main')).not.toContain(FIXTURE_PERSON.name);
    await waitForCharts(page, 'de');
    await expectNoAxeViolations(page, 'evaluation (de)');

    // Walk-ins only: the channel filter, and no costs for a part of the stops' visits.
    await page.getByLabel('Zugangsweg', { exact: true }).selectOption({ label: 'Ohne Termin' });
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await expect.poll(() => valueOf(page, 'Kennzahlen der Auswahl', 'Kontakte')).toBe('5');
    expect(await valueOf(page, 'Kennzahlen der Auswahl', 'Kosten je Kontakt')).toBe('–');

    // Exports as the links offer them: a CSV table and the workbook.
    const csvHref = await page
      .getByRole('link', { name: 'Nach Standort als CSV herunterladen' })
      .getAttribute('href');
    const csv = await page.request.get(`${portal.baseUrl}${csvHref}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('Kosten je Kontakt (Euro)');
    const xlsxHref = await page
      .getByRole('link', { name: 'Alle Tabellen als Excel-Datei (XLSX) herunterladen' })
      .getAttribute('href');
    const xlsx = await page.request.get(`${portal.baseUrl}${xlsxHref}`);
    expect(xlsx.status()).toBe(200);
    expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');

    // The cost assumptions: a wrong amount is named, a right one recomputes the figures.
    await page.getByLabel('Zugangsweg', { exact: true }).selectOption({ label: 'Alle' });
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await expect.poll(() => valueOf(page, 'Kennzahlen der Auswahl', 'Kontakte')).toBe('11');
    await page.getByLabel('Personalstunde in Euro', { exact: true }).fill('viel');
    await page.getByRole('button', { name: 'Annahmen speichern' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Personalstunde einen Betrag in Euro');
    await page.getByLabel('Personalstunde in Euro', { exact: true }).fill('50');
    await page
      .getByLabel('Einsatztag einer Einheit (Mobil oder Koffer) in Euro', { exact: true })
      .fill('120');
    await page.getByLabel('Fahrt zu einem Halt in Euro', { exact: true }).fill('10');
    await page.getByRole('button', { name: 'Annahmen speichern' }).click();
    await page.getByText('Die Kostenannahmen wurden gespeichert').waitFor();
    await expect.poll(() => page.getByText('Von der Planung eingetragen.').count()).toBe(1);

    // English: the same page, and axe again.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Evaluation of the test phase' }).waitFor();
    await page.getByRole('table', { name: 'Key figures of the selection' }).waitFor();
    expect(await valueOf(page, 'Key figures of the selection', 'No-shows')).toBe('fewer than 5');
    await waitForCharts(page, 'en');
    await expectNoAxeViolations(page, 'evaluation (en)');
    expectQuietBrowser(watched);
    await page.close();
  });

  it('shows the charts and the catchment map, each with its figures as a table reached by keyboard, prints them, in German and English; axe-core reports zero violations', async () => {
    const planner = await createStaff(portal.test.database.db, 'guetersloh', 'planner');
    await portal.context.clearCookies();
    const watched = await portal.openGermanPage('/verwaltung');
    const { page } = watched;
    await signIn(page, planner.email, planner.password);
    await page
      .getByRole('navigation', { name: 'Verwaltung' })
      .getByRole('link', { name: 'Auswertung' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Auswertung der Erprobung' }).waitFor();
    await page.getByLabel('Von', { exact: true }).fill(day);
    await page.getByLabel('Bis', { exact: true }).fill(day);
    await page.getByLabel('Bis', { exact: true }).press('Enter');
    await expect.poll(() => valueOf(page, 'Kennzahlen der Auswahl', 'Kontakte')).toBe('11');

    // The charts, each with its values as a table behind a disclosure the keyboard reaches.
    await waitForCharts(page, 'de');
    await page
      .getByText('Die Diagramme zeigen Zahlen aus den Tabellen weiter unten.', { exact: false })
      .click();
    await tabToText(page, 'Als Tabelle anzeigen');
    await page.keyboard.press('Enter');
    const contactValues = page.getByRole('table', {
      name: 'Kontakte je Zeitabschnitt nach Zugangsweg: die Werte',
    });
    await contactValues.waitFor();
    expect(await contactValues.getByRole('columnheader').allTextContents()).toEqual([
      'Zeitabschnitt',
      'Online gebucht',
      'Über die Warteliste',
      'Vom Personal gebucht',
      'Ohne Termin',
    ]);
    expect(await contactValues.getByRole('row').nth(1).getByRole('cell').allTextContents()).toEqual([
      '6',
      '0',
      '0',
      '5',
    ]);
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Kontakte je Zeitabschnitt nach Zugangsweg: die Werte');
    // Waits per site: median and 90 % as the site table shows them (the chart's table, still closed).
    const siteCells = await page
      .getByRole('table', { name: 'Kennzahlen je Standort' })
      .getByRole('row', { name: /Der Bahnhof/ })
      .getByRole('cell')
      .allTextContents();
    const waitCells = await page
      .locator('figure', { has: page.getByRole('img', { name: /^Wartezeit je Standort/ }) })
      .locator('tr', { hasText: 'Der Bahnhof' })
      .locator('td')
      .allTextContents();
    expect(waitCells).toEqual([siteCells[5], siteCells[6]]);
    expect(waitCells[0]).toBe('3,0 min');

    // The catchment map: districts labelled with contacts per 1,000 residents, a hidden count never as a number.
    const map = page.getByRole('region', {
      name: 'Karte: Kontakte je 1.000 Einwohnerinnen und Einwohner nach Stadtteil',
    });
    await map.waitFor();
    await map.getByRole('button', { name: 'Spexard 0,53' }).waitFor();
    await map.getByRole('button', { name: 'Avenwedde weniger als 5' }).waitFor();
    expect(await page.locator('.catchment-map__legend').textContent()).toContain('kein Wert');
    await map.focus();
    await tabToText(page, 'Spexard 0,53');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.leaflet-popup-content').textContent()).toContain('Kontakte: 5');
    expect(await page.locator('.leaflet-popup-content').textContent()).toContain('Je 1.000: 0,53');
    await expectNoAxeViolations(page, 'evaluation charts and map (de)');

    // Printed: the charts and the map stay, the forms, links and disclosures go.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('img', { name: /^Auslastung je Standort/ }).isVisible()).toBe(true);
    expect(await map.isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Annahmen speichern' }).isVisible()).toBe(false);
    expect(await page.locator('.evaluation-chart__details').first().isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    // English: the same charts and map, and axe again.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Evaluation of the test phase' }).waitFor();
    await waitForCharts(page, 'en');
    const englishMap = page.getByRole('region', { name: 'Map: contacts per 1,000 residents by district' });
    await englishMap.getByRole('button', { name: 'Spexard 0.53' }).waitFor();
    await englishMap.getByRole('button', { name: 'Avenwedde fewer than 5' }).waitFor();
    expect(await page.getByText('Show as a table', { exact: true }).count()).toBe(4);
    await expectNoAxeViolations(page, 'evaluation charts and map (en)');
    expectQuietBrowser(watched);
    await page.close();
  });
});
