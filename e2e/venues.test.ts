import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../test/support/staffSession.ts';
import {
  expectNoAxeViolations,
  expectQuietBrowser,
  startPortal,
  tabToText,
  type Portal,
} from './support/browser.ts';

let portal: Portal;

beforeAll(async () => {
  portal = await startPortal();
});

afterAll(async () => {
  await portal?.close();
});

describe('venues: a planner keeps the facts about sites and marks which ones scenarios may propose', () => {
  it('edits a venue by keyboard, with the error summary, in German and English without axe violations', async () => {
    const db = portal.test.database.db;
    const planner = await createStaff(db, 'guetersloh', 'planner');
    const watched = await portal.openGermanPage('/verwaltung/standorte');
    const { page } = watched;
    await page.getByRole('heading', { level: 1, name: 'Anmeldung für die Verwaltung' }).waitFor();
    await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(planner.email);
    await page.getByLabel('Passwort', { exact: true }).fill(planner.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Standorte' }).waitFor();
    const library = page.getByRole('row').filter({ hasText: 'Stadtbibliothek Gütersloh' });
    await library.getByRole('cell', { name: 'nutzbar', exact: true }).waitFor();
    const ebbesloh = page.getByRole('row').filter({ hasText: 'Ebbesloh (Bezugspunkt)' });
    await ebbesloh.getByRole('cell', { name: 'nicht nutzbar' }).waitFor();
    await expectNoAxeViolations(page, 'venues page');

    // By keyboard: to the library's edit button; the focus moves to the form's heading.
    await tabToText(page, 'Bearbeiten: Stadtbibliothek Gütersloh', 80);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('venue-edit-heading');

    // Wrong input: the error summary names each field and links to it.
    await page.keyboard.press('Tab');
    await page.getByLabel('Kosten je Einsatztag in Euro').fill('viel');
    await page.getByLabel('Dienstag').check();
    await page.getByLabel('Öffnet um').fill('18:00');
    await page.getByLabel('Schließt um').fill('10:00');
    await page.getByLabel('Schließt um').press('Enter');
    const summary = page.locator('.error-summary');
    await summary.getByText('Geben Sie die Kosten als Zahl ab 0 ein, zum Beispiel 25 oder 12,50.').waitFor();
    await summary.getByText('Die Schließzeit muss nach der Öffnungszeit liegen.').waitFor();
    await expectNoAxeViolations(page, 'venues page with errors');
    await summary.getByRole('link', { name: /Kosten als Zahl/ }).press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('venue-cost');

    // Corrected, saved: the table shows the facts.
    await page.getByLabel('Kosten je Einsatztag in Euro').fill('12,50');
    await page.getByLabel('Öffnet um').fill('10:00');
    await page.getByLabel('Schließt um').fill('18:00');
    await page.getByLabel('Stufenlos erreichbar').selectOption('yes');
    await page.getByRole('button', { name: 'Speichern' }).press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: 'Die Angaben zu „Stadtbibliothek Gütersloh“ sind gespeichert.' })
      .waitFor();
    await library.getByRole('cell', { name: 'Di 10:00–18:00' }).waitFor();
    await library
      .getByRole('cell', { name: '12.5 €' })
      .or(library.getByRole('cell', { name: '12,5 €' }))
      .waitFor();
    const row = await db
      .selectFrom('sites')
      .select(['usable', 'step_free', 'cost_per_day_eur', 'opening_hours'])
      .where('id', '=', 'stadtbibliothek')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      usable: true,
      step_free: true,
      cost_per_day_eur: 12.5,
      opening_hours: [{ days: ['tu'], opens: '10:00', closes: '18:00' }],
    });

    // A reference point cannot be made a venue: said in the summary, in English too.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sites' }).waitFor();
    await page.getByRole('button', { name: 'Edit: Ebbesloh' }).click();
    await page.getByRole('heading', { level: 2, name: 'Edit site: Ebbesloh' }).waitFor();
    await page.getByLabel('Usable as a site in scenarios').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .locator('.error-summary')
      .getByText('A reference point cannot be marked usable. Untick the box.')
      .waitFor();
    await expectNoAxeViolations(page, 'venues page in English with an error');
    expectQuietBrowser(watched);
  });
});
