import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../test/support/pdfText.ts';
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

/** Signs the planner in when the page asks for it. */
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

/** Ids and codes a report page must never show, and numbers written the English way. */
const rawValues =
  /\b(mclp|pmedian|setcover|local-search|branch-and-bound|highs|robust|sometimes|undefined|NaN)\b|\{\{|\b\d+\.\d{1,2}\b/;

describe('the council report of a scenario', () => {
  it('shows the map of sites, catchments and uncovered demand with its legend and table, prints it, and gives the PDF; axe at zero in German and English', async () => {
    // A finished scenario on two layers (districts and three demand points), prepared through the API.
    const api = await signInAs(portal.test.app, 'planner');
    const name = 'Bericht mit Karte';
    const id = await createLayeredScenario(portal.test.app, api.headers, name);
    const run = await portal.test.app.inject({
      method: 'POST',
      url: `/api/v1/staff/planning/scenarios/${id}/run`,
      headers: api.headers,
      payload: {},
    });
    expect(run.statusCode, run.body).toBe(202);
    const status = async () =>
      (
        await portal.test.app.inject({
          method: 'GET',
          url: `/api/v1/staff/planning/scenarios/${id}`,
          headers: api.headers,
        })
      ).json<{ status: string }>().status;
    await expect.poll(status, { timeout: 90_000, interval: 250 }).toBe('done');

    const watched = await portal.openPage();
    const { page } = watched;
    await forgetLanguage(page, portal.baseUrl);
    const heading = page.getByRole('heading', { level: 1, name: `Bericht: ${name}` });
    await page.goto(`${portal.baseUrl}/planung/bericht/${id}`);
    await signInOnce(page, heading);
    await page.goto(`${portal.baseUrl}/planung/bericht/${id}`);
    await heading.waitFor();

    // The map: an image with its name and description, the legend, and the table with the same facts.
    const section = page.getByRole('region', {
      name: 'Karte: Standorte, Einzugsbereiche und nicht erreichte Nachfrage',
    });
    const map = section.getByRole('img', {
      name: 'Karte der empfohlenen Standorte, ihrer Einzugsbereiche und der Nachfrage außerhalb der Reichweite',
    });
    await map.waitFor();
    const description = await map.evaluate((svg) =>
      (svg.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((ref) => document.getElementById(ref)?.textContent ?? '')
        .join(' '),
    );
    expect(description).toMatch(
      /^Empfohlene Standorte: 2\. Bedarfspunkte: \d+\. Davon außerhalb von 15 Minuten: \d+, mit zusammen [\d.]+ Menschen\. Die Tabelle „Standorte und ihr Einzugsbereich“/,
    );
    // Two numbered site markers, a catchment per site, dots within reach and crosses beyond it.
    expect(await map.locator('text').allTextContents()).toEqual(expect.arrayContaining(['1', '2']));
    expect(await map.locator('polygon').count()).toBeGreaterThanOrEqual(1);
    expect(await map.locator('circle').count()).toBeGreaterThan(2);
    expect(await map.locator('path[stroke="#b3261e"]').count()).toBeGreaterThan(0);
    await section.getByRole('heading', { level: 3, name: 'Legende' }).waitFor();
    const legend = await section.locator('figcaption li').allTextContents();
    expect(legend).toEqual(
      expect.arrayContaining([
        'Empfohlener Standort mit seiner Nummer aus der Tabelle',
        'Standort, der in jeder Variante gewählt wird (dicker Rand)',
        'Bedarf außerhalb der Reichweite (rotes Kreuz)',
      ]),
    );
    await section.getByText(/^Maßstab: \d+ k?m Flächentreue Darstellung/).waitFor();
    const table = section.getByRole('table', { name: 'Standorte und ihr Einzugsbereich' });
    await table.waitFor();
    expect(await table.getByRole('columnheader').allTextContents()).toEqual([
      'Nr.',
      'Standort',
      'Einschätzung',
      'Bedarfspunkte',
      'Menschen in Reichweite',
      'Menschen außerhalb',
      'Mittlere Anfahrt',
    ]);
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/in jeder Variante gewählt|nur in manchen Varianten/);
    await section.getByText(/^Nicht erreicht: (Ein Bedarfspunkt|\d+ Bedarfspunkte) mit/).waitFor();
    const main = await page.locator('main').innerText();
    const found = rawValues.exec(main);
    expect(found ? main.slice(Math.max(0, found.index - 60), found.index + 60) : '').toBe('');
    await expectNoAxeViolations(page, 'scenario report with map (de)');

    // On paper the map and its legend are there; the buttons and the download link are not.
    await page.emulateMedia({ media: 'print' });
    expect(await map.isVisible()).toBe(true);
    expect(await table.isVisible()).toBe(true);
    const download = page.getByRole('link', { name: 'Bericht als PDF herunterladen' });
    expect(await download.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    // The PDF from the server.
    const href = await download.getAttribute('href');
    expect(href).toBe(`/api/v1/staff/planning/scenarios/${id}/report?format=pdf&lang=de`);
    const pdf = await page.request.get(`${portal.baseUrl}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const { text } = await pdfText(await pdf.body());
    expect(text).toContain(`Bedarfsanalyse: ${name}`);
    expect(text).toContain('Karte: Standorte, Einzugsbereiche und nicht erreichte Nachfrage');

    // English: the same map, legend and table, the PDF in English, axe again.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: `Report: ${name}` }).waitFor();
    const englishSection = page.getByRole('region', {
      name: 'Map: sites, catchments and demand not reached',
    });
    await englishSection
      .getByRole('img', {
        name: 'Map of the recommended sites, their catchments and the demand beyond reach',
      })
      .waitFor();
    await englishSection.getByRole('heading', { level: 3, name: 'Legend' }).waitFor();
    await englishSection.getByRole('table', { name: 'Sites and their catchment' }).waitFor();
    await expectNoAxeViolations(page, 'scenario report with map (en)');
    const englishHref = await page
      .getByRole('link', { name: 'Download the report as a PDF' })
      .getAttribute('href');
    expect(englishHref).toBe(`/api/v1/staff/planning/scenarios/${id}/report?format=pdf&lang=en`);
    const englishPdf = await page.request.get(`${portal.baseUrl}${englishHref}`);
    expect(englishPdf.status()).toBe(200);
    expect(englishPdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdfText(await englishPdf.body())).text).toContain(`Needs analysis: ${name}`);

    await forgetLanguage(page, portal.baseUrl);
    expectQuietBrowser(watched);
    await page.close();
  }, 180_000);
});
