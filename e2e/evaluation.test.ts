import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStop, municipalityId, upcomingDate } from '../test/support/booking.ts';
import { FIXTURE_PERSON, insertVisitBooking, insertVisitTicket } from '../test/support/evaluationFixture.ts';
import { createStaff } from '../test/support/staffSession.ts';
import { expectNoAxeViolations, expectQuietBrowser, startPortal, type Portal } from './support/browser.ts';

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
  const districtId = (
    await db.selectFrom('districts').select('id').where('municipality_id', '=', mid).executeTakeFirstOrThrow()
  ).id;
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

async function signIn(page: Page, email: string, password: string) {
  await page.getByRole('heading', { level: 1, name: 'Anmeldung für die Verwaltung' }).waitFor();
  await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
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
    await expectNoAxeViolations(page, 'evaluation (en)');
    expectQuietBrowser(watched);
    await page.close();
  });
});
