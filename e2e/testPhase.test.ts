import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStop, municipalityId, upcomingDate } from '../test/support/booking.ts';
import { FIXTURE_PERSON, insertVisitBooking, insertVisitTicket } from '../test/support/evaluationFixture.ts';
import { pdfText } from '../test/support/pdfText.ts';
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
const lastDay = upcomingDate(28);
const MINUTE = 60_000;

beforeAll(async () => {
  portal = await startPortal();
  const db = portal.test.database.db;
  const mid = await municipalityId(db);
  // One counter 09–12 (set-up and tear-down 30 minutes each): 180 open minutes, 405 € under the default
  // assumptions (4 staff hours × 60 € + a unit day 150 € + travel 15 €).
  const stopId = await createTestStop(db, {
    date: day,
    siteId: 'bahnhof-avenwedde',
    unitId: 'rathausmobil',
    counters: 1,
  });
  const start = Date.parse(`${day}T08:00:00Z`);
  // Six booked ID cards and a no-show (140 booked minutes: 77.8 %), five walk-ins from Avenwedde.
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
  for (let i = 0; i < 5; i++) {
    await insertVisitTicket(db, mid, {
      stopId,
      serviceId: 'personalausweis-beantragen',
      at: start + i * 10 * MINUTE,
      wait: 3,
      handling: 8,
      districtId: 'avenwedde',
    });
  }
});

afterAll(async () => {
  await portal?.close();
});

const cellOf = (page: Page, table: string, row: string, column: number) =>
  page
    .getByRole('table', { name: table })
    .getByRole('row', { name: row })
    .getByRole('cell')
    .nth(column)
    .textContent();

describe('test phases', () => {
  // The two parts share the planner's page: the second reads the report the first created in English.
  let watched: Awaited<ReturnType<Portal['openGermanPage']>>;

  it('a planner defines a test phase, opens its report with the recommendation, its charts and map, prints it and downloads the PDF; axe-core reports zero violations', async () => {
    const planner = await createStaff(portal.test.database.db, 'guetersloh', 'planner');
    watched = await portal.openGermanPage('/verwaltung');
    const { page } = watched;
    await signIn(page, planner.email, planner.password);
    await page.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Verwaltung' })
      .getByRole('link', { name: 'Erprobungsphasen' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Erprobungsphasen' }).waitFor();
    await page.getByText('Es gibt noch keine Erprobungsphase.').waitFor();

    // An empty form: the error summary takes the focus and names each field.
    await page.getByRole('button', { name: 'Erprobungsphase anlegen' }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toContain('Bitte');
    for (const message of [
      'Geben Sie einen Namen für die Erprobungsphase ein.',
      'Wählen Sie mindestens einen Standort.',
      'Wählen Sie mindestens eine Einheit.',
      'Setzen Sie mindestens ein Ziel.',
    ]) {
      expect(await summary.textContent()).toContain(message);
    }
    await expectNoAxeViolations(page, 'test phases with an error summary');

    await page.getByLabel('Name der Erprobungsphase', { exact: true }).fill('Erprobung Avenwedde');
    await page.getByLabel('Erster Tag', { exact: true }).fill(day);
    await page.getByLabel('Letzter Tag', { exact: true }).fill(lastDay);
    await page.getByLabel('Bürgerhaus „Der Bahnhof“, Avenwedde', { exact: true }).check();
    await page.getByLabel('Rathausmobil', { exact: true }).check();
    await page.getByLabel('Ziel setzen: Auslastung', { exact: true }).check();
    expect(await page.getByLabel('Zielwert: Auslastung (in Prozent)', { exact: true }).inputValue()).toBe(
      '60',
    );
    await page.getByLabel('Ziel setzen: Kosten je Kontakt', { exact: true }).check();
    await page.getByLabel('Zielwert: Kosten je Kontakt (in Euro)', { exact: true }).fill('viel');
    await page.getByLabel('Ziel setzen: Kontakte von außerhalb eines Stadtteils', { exact: true }).check();
    await page.getByRole('button', { name: 'Erprobungsphase anlegen' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Geben Sie für „Kosten je Kontakt“ einen Zielwert von 0 bis 100.000 ein.');
    expect(await page.getByRole('alert').textContent()).toContain(
      'Wählen Sie den Bezugsstadtteil für „Kontakte von außerhalb eines Stadtteils“.',
    );
    await page.getByLabel('Zielwert: Kosten je Kontakt (in Euro)', { exact: true }).fill('80');
    await page
      .getByLabel('Bezugsstadtteil: Kontakte von außerhalb eines Stadtteils', { exact: true })
      .selectOption({ label: 'Innenstadt' });
    await page.getByRole('button', { name: 'Erprobungsphase anlegen' }).click();
    await page.getByText('Die Erprobungsphase „Erprobung Avenwedde“ wurde angelegt.').waitFor();
    const list = page.getByRole('table', { name: 'Erprobungsphasen, die neueste zuerst' });
    await list.getByRole('link', { name: 'Erprobung Avenwedde' }).waitFor();
    expect(await list.textContent()).toContain('Auslastung: mindestens 60,0 %');
    await expectNoAxeViolations(page, 'test phases (de)');

    // The report: every target met, so the recommendation is to continue.
    await list.getByRole('link', { name: 'Erprobung Avenwedde' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Bericht zur Erprobungsphase „Erprobung Avenwedde“' })
      .waitFor();
    await page.getByRole('heading', { level: 2, name: 'Empfehlung: Fortführen' }).waitFor();
    const overall = 'Ziel und Ergebnis je Kennzahl, ganze Erprobung';
    expect(await cellOf(page, overall, 'Auslastung', 1)).toMatch(/^77,8\s?%$/);
    expect(await cellOf(page, overall, 'Auslastung', 2)).toBe('erreicht');
    // 405 € over 11 contacts
    expect(await cellOf(page, overall, 'Kosten je Kontakt', 1)).toMatch(/^36,82\s?€$/);
    expect(await cellOf(page, overall, 'Kontakte von außerhalb: Innenstadt', 1)).toMatch(/^100,0\s?%$/);
    await page
      .getByRole('heading', { level: 3, name: 'Bürgerhaus „Der Bahnhof“, Avenwedde: Fortführen' })
      .waitFor();
    await page
      .getByRole('table', {
        name: 'Kontakte nach Stadtteil der Herkunft, je 1.000 Einwohnerinnen und Einwohner',
      })
      .waitFor();
    await page.getByText('Kostenannahmen: Personalstunde 60,00 €').first().waitFor();
    expect(await page.textContent('main')).not.toContain(FIXTURE_PERSON.name);

    // A bar chart per KPI: target and result for the whole phase and the site, its values as a table the
    // keyboard opens.
    for (const kpi of ['Auslastung', 'Kosten je Kontakt', 'Kontakte von außerhalb: Innenstadt']) {
      await page.getByRole('img', { name: new RegExp(`^${kpi}: Ziel und Ergebnis`) }).waitFor();
    }
    await page.getByText('Je Kennzahl ein Diagramm', { exact: false }).click();
    await tabToText(page, 'Als Tabelle anzeigen');
    await page.keyboard.press('Enter');
    const chartValues = page.getByRole('table', { name: 'Auslastung: Ziel und Ergebnis: die Werte' });
    await chartValues.waitFor();
    expect(await chartValues.getByRole('columnheader').allTextContents()).toEqual([
      'Erprobung oder Standort',
      'Ziel',
      'Ergebnis',
    ]);
    const wholePhase = await chartValues
      .getByRole('row', { name: /^Ganze Erprobung/ })
      .getByRole('cell')
      .allTextContents();
    expect(wholePhase[0]).toMatch(/^mindestens 60,0\s?%$/);
    expect(wholePhase[1]).toMatch(/^77,8\s?% \(erreicht\)$/);
    await chartValues.getByRole('row', { name: /^Bürgerhaus „Der Bahnhof“, Avenwedde/ }).waitFor();

    // The catchment map beside its table: Avenwedde with its walk-ins per 1,000 residents.
    const map = page.getByRole('region', {
      name: 'Karte: Kontakte je 1.000 Einwohnerinnen und Einwohner nach Stadtteil',
    });
    await map.getByRole('button', { name: /^Avenwedde \d+,\d\d$/ }).waitFor();
    await expectNoAxeViolations(page, 'test phase report (de)');

    // Printing leaves out the navigation and the buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: 'Drucken' }).isVisible()).toBe(false);
    expect(await page.locator('.planning-subnav').isVisible()).toBe(false);
    expect(await page.locator('.planning-header').isVisible()).toBe(false);
    expect(await page.getByRole('heading', { level: 2, name: 'Empfehlung: Fortführen' }).isVisible()).toBe(
      true,
    );
    // The charts and the map print; the charts' table disclosures do not.
    expect(await page.getByRole('img', { name: /^Auslastung: Ziel und Ergebnis/ }).isVisible()).toBe(true);
    expect(await map.isVisible()).toBe(true);
    expect(await page.locator('.evaluation-chart__details').first().isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    // The same report as a PDF from the server.
    const pdfHref = await page
      .getByRole('link', { name: 'Bericht als PDF herunterladen' })
      .getAttribute('href');
    const pdf = await page.request.get(`${portal.baseUrl}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const { text } = await pdfText(await pdf.body());
    expect(text).toContain('Empfehlung: Fortführen');
    expect(text).toContain('Auslastung: 77,8 %, Ziel mindestens 60,0 %: erreicht.');
  });

  it('shows the report and the list in English, and the test phase as the dashboard’s period; axe-core reports zero violations', async () => {
    const { page } = watched;
    // English: the report and the list, and axe again.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Report on the test phase “Erprobung Avenwedde”' })
      .waitFor();
    await page.getByRole('heading', { level: 2, name: 'Recommendation: Continue' }).waitFor();
    expect(await cellOf(page, 'Target and result per key figure, whole test phase', 'Utilisation', 2)).toBe(
      'met',
    );
    for (const kpi of ['Utilisation', 'Cost per contact']) {
      await page.getByRole('img', { name: new RegExp(`^${kpi}: target and result`) }).waitFor();
    }
    expect(await page.getByText('Show as a table', { exact: true }).count()).toBe(3);
    await page
      .getByRole('region', { name: 'Map: contacts per 1,000 residents by district' })
      .getByRole('button', { name: /^Avenwedde \d+\.\d\d$/ })
      .waitFor();
    await expectNoAxeViolations(page, 'test phase report (en)');
    expect(
      await page.getByRole('link', { name: 'Download the report as a PDF' }).getAttribute('href'),
    ).toContain('lang=en');
    await page.getByRole('link', { name: 'Back to the test phases' }).click();
    await page.getByRole('heading', { level: 1, name: 'Test phases' }).waitFor();
    await page.getByRole('table', { name: 'Test phases, the latest first' }).waitFor();
    await expectNoAxeViolations(page, 'test phases (en)');

    // The dashboard's period: the test phase brings its period, sites and units.
    await page.getByRole('button', { name: 'Auf Deutsch umschalten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Erprobungsphasen' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Verwaltung' })
      .getByRole('link', { name: 'Auswertung' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Auswertung der Erprobung' }).waitFor();
    await page.getByLabel('Erprobungsphase', { exact: true }).selectOption({ label: 'Erprobung Avenwedde' });
    expect(await page.getByLabel('Von', { exact: true }).inputValue()).toBe(day);
    expect(await page.getByLabel('Bis', { exact: true }).inputValue()).toBe(lastDay);
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await expect.poll(() => cellOf(page, 'Kennzahlen der Auswahl', 'Kontakte', 0)).toBe('11');
    await page
      .getByText('Erprobungsphase „Erprobung Avenwedde“: nur ihre Standorte und Einheiten.')
      .waitFor();
    await expectNoAxeViolations(page, 'evaluation by test phase (de)');
    expectQuietBrowser(watched);
    await page.close();
  });
});
