import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLayeredScenario } from '../test/support/layeredScenario.ts';
import { createStaff, signInAs, type TestStaff } from '../test/support/staffSession.ts';
import {
  expectNoAxeViolations,
  expectQuietBrowser,
  forgetLanguage,
  startPortal,
  type Portal,
} from './support/browser.ts';

let portal: Portal;
let planner: TestStaff;

beforeAll(async () => {
  portal = await startPortal();
  planner = await createStaff(portal.test.database.db, 'guetersloh', 'planner');
});

afterAll(async () => {
  await portal?.close();
});

async function createScenario(page: Page, name: string, objective: string, sites: string) {
  await page.getByRole('link', { name: 'Neues Szenario', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Neues Szenario' }).waitFor();
  await page.getByLabel('Name des Szenarios').fill(name);
  await page.getByLabel('Planungsziel').selectOption(objective);
  await page.getByLabel('Standorte', { exact: true }).fill(sites);
  await page.getByRole('button', { name: 'Szenario anlegen' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.getByRole('button', { name: 'Szenario rechnen' }).click();
  await expect.poll(() => page.getByText('Die Rechnung ist fertig.').count(), { timeout: 60_000 }).toBe(1);
  await page.getByRole('table', { name: 'Kennzahlen' }).waitFor();
}

/**
 * What a German planner page must never show: unit ids, solver ids, objective or status values, and numbers
 * written the English way (0.19): their words and formats come from the message files.
 */
const rawValues =
  /buergerkoffer-\d|\brathausmobil\b|\b(local-search|branch-and-bound|highs|mclp|pmedian|setcover)\b|\b(draft|queued|running|done|failed|approved|active|ended)\b|\b0\.\d/;

async function expectNoRawValues(page: Page, label: string) {
  const text = await page.locator('main').innerText();
  const found = rawValues.exec(text);
  expect(
    found
      ? `${label}: "${found[0]}" in "${text.slice(Math.max(0, found.index - 60), found.index + 60)}"`
      : '',
  ).toBe('');
}

/** Signs the planner in when the page asks for it (the browser context keeps the session between tests). */
async function signInOnce(page: Page, target: ReturnType<Page['getByRole']>) {
  const signIn = page.getByRole('heading', { level: 1, name: 'Anmeldung für die Planung' });
  await signIn.or(target).waitFor();
  if (await signIn.isVisible()) {
    await page.getByLabel('E-Mail-Adresse').fill(planner.email);
    await page.getByLabel('Passwort').fill(planner.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => signIn.count()).toBe(0);
  }
}

describe('the planner', () => {
  it('a planner creates two scenarios for Gütersloh, runs them, compares them, prints the report and approves one; axe-core reports zero violations', async () => {
    const watched = await portal.openPage();
    const { page } = watched;
    await forgetLanguage(page, portal.baseUrl);
    await page.goto(`${portal.baseUrl}/planung`);

    // Sign-in
    await page.getByRole('heading', { level: 1, name: 'Anmeldung für die Planung' }).waitFor();
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText('Bitte korrigieren Sie die folgenden Angaben').waitFor();
    await expectNoAxeViolations(page, 'sign-in with errors');
    await page.getByLabel('E-Mail-Adresse').fill(planner.email);
    await page.getByLabel('Passwort').fill(planner.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();

    // Scenario list
    await page.getByRole('heading', { level: 1, name: 'Szenarien der Bedarfsanalyse' }).waitFor();
    await expectNoAxeViolations(page, 'empty scenario list');

    // The create form with the error summary
    await page.getByRole('link', { name: 'Neues Szenario', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Neues Szenario' }).waitFor();
    await page.getByLabel('Mobile Einheiten').fill('0');
    await page.getByRole('button', { name: 'Szenario anlegen' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Geben Sie einen Namen ein.');
    expect(await summary.textContent()).toContain('Geben Sie die Zahl der Einheiten');
    expect(await page.getByText('Zusatzgewicht für Menschen ab 65').count()).toBe(1);
    await expectNoAxeViolations(page, 'create form with errors');
    // The server's answer names the field too: more sites than there are.
    await page.getByLabel('Mobile Einheiten').fill('1');
    await page.getByLabel('Name des Szenarios').fill('Zu viele Standorte');
    await page.getByLabel('Standorte', { exact: true }).fill('99');
    await page.getByRole('button', { name: 'Szenario anlegen' }).click();
    await expect.poll(() => summary.textContent()).toContain('99 Standorte sind verlangt');
    await page.getByRole('link', { name: 'Szenarien', exact: true }).click();

    // Two scenarios, run
    await createScenario(page, 'A: drei Standorte, möglichst viele erreichen', 'mclp', '3');
    await page
      .getByRole('region', { name: 'Karte der gewählten Standorte mit ihrem Einzugsbereich' })
      .waitFor();
    expect(await page.locator('.planning-map path.leaflet-interactive').count()).toBeGreaterThan(3);
    // Robustness: with the districts alone every variant only scales demand as a whole, and the page says so.
    await page.getByRole('heading', { level: 3, name: 'Wie sicher ist die Auswahl?' }).waitFor();
    expect(
      await page.getByText('Jede Variante hätte die Nachfrage überall im gleichen Verhältnis').count(),
    ).toBe(1);
    await expectNoAxeViolations(page, 'scenario with results and map');
    await expectNoRawValues(page, 'scenario with results');
    const reportHref = await page
      .getByRole('link', { name: 'Bericht für den Rat öffnen' })
      .getAttribute('href');
    await createScenario(page, 'B: zwei Standorte, kürzeste Wege', 'pmedian', '2');

    // Compare
    await page.getByRole('link', { name: 'Szenarien', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Szenarien der Bedarfsanalyse' }).waitFor();
    await page.getByRole('table', { name: 'Alle Szenarien, neueste zuerst' }).waitFor();
    await expectNoAxeViolations(page, 'scenario list');
    await page.getByLabel('A: drei Standorte, möglichst viele erreichen zum Vergleich auswählen').check();
    await page.getByLabel('B: zwei Standorte, kürzeste Wege zum Vergleich auswählen').check();
    await page.getByRole('button', { name: 'Ausgewählte vergleichen' }).click();
    const comparison = page.getByRole('table', { name: 'Vergleich von 2 Szenarien' });
    await comparison.waitFor();
    const headers = await comparison.getByRole('columnheader').allTextContents();
    expect(headers).toEqual([
      'Kennzahl',
      'A: drei Standorte, möglichst viele erreichen',
      'B: zwei Standorte, kürzeste Wege',
    ]);
    const rowHeaders = await comparison.getByRole('rowheader').allTextContents();
    expect(rowHeaders).toEqual(
      expect.arrayContaining([
        'Versorgte Nachfrage (gewichtet)',
        'Menschen ab 65 versorgt',
        'Mittlere Anfahrt',
        'Längste Anfahrt',
        'Personalstunden je Monat',
        'Kosten je Monat',
        'Lösungsverfahren',
        'Abstand zur Schranke (Gap)',
      ]),
    );
    await expectNoAxeViolations(page, 'comparison');
    await expectNoRawValues(page, 'comparison');

    // The council report, printed
    await page.goto(`${portal.baseUrl}${reportHref}`);
    await page.getByRole('heading', { level: 1, name: /^Bericht: A: drei Standorte/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Annahmen und Datenqualität' }).waitFor();
    expect(await page.getByText('angenommen ist der Kreisanteil von 19 %.', { exact: false }).count()).toBe(
      1,
    );
    await expectNoRawValues(page, 'report');
    await expectNoAxeViolations(page, 'report');
    await page.evaluate(() => {
      const counter = window as unknown as { printed: number };
      counter.printed = 0;
      window.print = () => {
        counter.printed += 1;
      };
    });
    await page.getByRole('button', { name: 'Drucken' }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.planning-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Drucken' }).isVisible()).toBe(false);
    expect(await page.getByRole('table', { name: 'Vorgeschlagener Fahrplan' }).isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    // Approve A into draft schedules, activate one
    await page.getByRole('link', { name: 'Zurück zur Übersicht' }).click();
    await page.getByRole('button', { name: 'Als Fahrplanentwurf beschließen' }).click();
    // A consequential action asks first.
    await page.getByRole('group', { name: 'Dieses Szenario als Fahrplanentwurf beschließen?' }).waitFor();
    await expectNoAxeViolations(page, 'approve question');
    await page.getByRole('button', { name: 'Ja, beschließen' }).click();
    await page
      .getByText('Beschlossen. Die Fahrplanentwürfe erzeugen erst nach dem Aktivieren Halte.')
      .waitFor();
    const drafts = page.getByRole('table', { name: 'Fahrplanentwürfe' });
    await drafts.waitFor();
    await expectNoAxeViolations(page, 'approved scenario with draft schedules');
    await expectNoRawValues(page, 'approved scenario with draft schedules');
    await drafts
      .getByRole('button', { name: /^Fahrplan .* aktivieren$/ })
      .first()
      .click();
    await drafts.getByRole('button', { name: 'Ja, aktivieren' }).click();
    await expect.poll(() => page.getByText(/^Aktiviert: \d+ Halte angelegt\.$/).count()).toBe(1);
    // The table reloads after the confirmation; wait for the new status rather than reading the old rows.
    await expect.poll(() => drafts.getByText('Aktiv', { exact: true }).count()).toBe(1);
    await expectNoAxeViolations(page, 'after activation');
    await expectNoRawValues(page, 'after activation');

    const approvedRows = await portal.test.database.db
      .selectFrom('schedules')
      .select(['status', 'source'])
      .where('source', 'like', 'scenario:%')
      .execute();
    expect(approvedRows.length).toBeGreaterThan(0);
    expect(approvedRows.filter((row) => row.status === 'active')).toHaveLength(1);
    expectQuietBrowser(watched);
    await page.close();
  });

  it('a scenario on districts and demand points shows which sites are chosen in every variant and which only in some', async () => {
    // Prepared through the API: a points layer (care home, school, housing) and a scenario weighting both layers.
    const api = await signInAs(portal.test.app, 'planner');
    const name = 'C: Stadtteile und Bedarfspunkte';
    const id = await createLayeredScenario(portal.test.app, api.headers, name);

    const watched = await portal.openPage();
    const { page } = watched;
    await page.goto(`${portal.baseUrl}/planung/szenario/${id}`);
    const heading = page.getByRole('heading', { level: 1, name });
    await signInOnce(page, heading);
    await page.goto(`${portal.baseUrl}/planung/szenario/${id}`);
    await heading.waitFor();
    await page.getByRole('button', { name: 'Szenario rechnen' }).click();
    await expect.poll(() => page.getByText('Die Rechnung ist fertig.').count(), { timeout: 60_000 }).toBe(1);

    const section = page.getByRole('region', { name: 'Wie sicher ist die Auswahl?' });
    await section.waitFor();
    const table = section.getByRole('table', { name: 'Standorte in den Varianten' });
    await table.waitFor();
    expect(
      await section
        .getByText(/^Wir haben das Szenario \d+-mal mit veränderten Annahmen neu gerechnet/)
        .count(),
    ).toBe(1);
    const counts = await table.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(counts.length).toBeGreaterThan(0);
    for (const count of counts)
      expect(count).toMatch(/^(jeder Variante \(\d+ von \d+\)|\d+ von \d+ Varianten|keiner Variante)$/);
    await section.getByRole('heading', { name: 'Was wurde verändert?' }).waitFor();
    expect(await section.getByText(/^Ebene „Bedarfspunkte“ mit 20 % mehr Nachfrage: gewählt /).count()).toBe(
      1,
    );
    await expectNoAxeViolations(page, 'scenario with robustness');
    await expectNoRawValues(page, 'scenario with robustness');

    // The council report states it too.
    await page.getByRole('link', { name: 'Bericht für den Rat öffnen' }).click();
    await page.getByRole('heading', { level: 2, name: 'Wie sicher ist die Auswahl?' }).waitFor();
    await page.getByRole('table', { name: 'Standorte in den Varianten' }).waitFor();
    await expectNoAxeViolations(page, 'report with robustness');
    await expectNoRawValues(page, 'report with robustness');
    expectQuietBrowser(watched);
    await page.close();
  });

  it('the create form asks for the public transport day, time window and walking share and checks them; axe at zero', async () => {
    const watched = await portal.openPage();
    const { page } = watched;
    await page.goto(`${portal.baseUrl}/planung/neu`);
    const formHeading = page.getByRole('heading', { level: 1, name: 'Neues Szenario' });
    await signInOnce(page, formHeading);
    await page.goto(`${portal.baseUrl}/planung/neu`);
    await formHeading.waitFor();
    await page.getByLabel('Name des Szenarios').fill('Mit Bus und Bahn');
    const summary = page.locator('.error-summary');
    // Public transport: the day, the time window and the walking share appear and are checked before sending.
    await page.getByLabel('Standorte', { exact: true }).fill('3');
    await page.getByLabel('Verkehrsmittel für die Anfahrt').selectOption('transit');
    await page.getByRole('group', { name: 'Bus und Bahn' }).waitFor();
    await page.getByLabel('Tag (freiwillig)').fill('2027-02-30');
    await page.getByLabel('Abfahrt frühestens um').fill('10:00');
    await page.getByLabel('Abfahrt spätestens um').fill('09:00');
    await page.getByRole('button', { name: 'Szenario anlegen' }).click();
    await expect
      .poll(() => summary.textContent())
      .toContain('Die späteste Abfahrt darf nicht vor der frühesten liegen.');
    expect(await summary.textContent()).toContain('Geben Sie den Tag als Datum an');
    await expectNoAxeViolations(page, 'create form with public transport errors');
    // Without an uploaded timetable the server refuses, naming the travel mode.
    await page.getByLabel('Tag (freiwillig)').fill('');
    await page.getByLabel('Abfahrt spätestens um').fill('11:00');
    await page.getByRole('button', { name: 'Szenario anlegen' }).click();
    await expect.poll(() => summary.textContent()).toContain('Für Bus und Bahn fehlt ein Fahrplan.');
    expectQuietBrowser(watched);
    await page.close();
  });
});
