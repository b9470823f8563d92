import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, expectQuietBrowser, tabToSelector, type Portal } from './support/browser.ts';
import { createClerk, signInAtStation, startStationDay, stationDayHookTimeout } from './support/station.ts';

let portal: Portal;
let stopId: string;
let siteName: string;

beforeAll(async () => {
  ({ portal, stopId, siteName } = await startStationDay(
    { unitId: 'rathausmobil', siteId: 'bahnhof-avenwedde' },
    { name: 'Bea Bucht', email: 'bea@example.org' },
  ));
}, stationDayHookTimeout);

afterAll(async () => {
  await portal?.close();
});

describe('station app: a clerk books for a citizen without e-mail', () => {
  it('books by keyboard with the error summary, and prints the confirmation instead of a mail', async () => {
    const clerk = await createClerk(portal);
    const watched = await portal.openPage();
    const { page } = watched;
    await page.goto(`${portal.baseUrl}/station/`);
    await signInAtStation(page, clerk);
    await page.getByRole('link', { name: siteName }).click();
    await page.getByRole('heading', { level: 1, name: siteName }).waitFor();

    // From the day page to the booking form, by keyboard.
    await tabToSelector(page, `a[href="/station/tag/${stopId}/termin"]`, 60);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Termin ohne E-Mail buchen' }).waitFor();
    await page.getByRole('group', { name: 'Anliegen' }).getByRole('checkbox').first().waitFor();
    await expectNoAxeViolations(page, 'staff booking form');

    // Sent empty: the error summary lists every missing field and takes the focus.
    await page.getByRole('button', { name: 'Termin buchen' }).focus();
    await page.keyboard.press('Enter');
    const summary = page.getByRole('alert').filter({ hasText: 'Es gibt ein Problem' });
    await summary.waitFor();
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      'Wählen Sie mindestens ein Anliegen.',
      'Wählen Sie eine Uhrzeit.',
      'Geben Sie den Namen ein (mindestens 2 Zeichen).',
    ]);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await expectNoAxeViolations(page, 'staff booking form with errors');

    // The summary's link leads to the field; Space ticks the service, and the free times appear.
    await summary.getByRole('link', { name: 'Wählen Sie mindestens ein Anliegen.' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('checkbox');
    await page.keyboard.press('Space');
    const time = page.getByLabel('Uhrzeit');
    await expect.poll(() => time.locator('option').count(), { timeout: 30_000 }).toBeGreaterThan(1);
    await time.focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => time.inputValue()).not.toBe('');
    const chosenStart = await time.inputValue();
    await page.getByLabel('Name', { exact: true }).focus();
    await page.keyboard.type('Paul Telefon');
    await page.getByLabel(/^Telefonnummer/).focus();
    await page.keyboard.type('bitte zurückrufen');
    await page.keyboard.press('Enter');
    await summary.getByRole('link', { name: /Geben Sie die Telefonnummer nur mit Ziffern/ }).waitFor();
    expect(await summary.getByRole('link').count()).toBe(1);
    await expectNoAxeViolations(page, 'staff booking form with a wrong phone number');
    await page.getByLabel(/^Telefonnummer/).fill('');
    await page.getByLabel(/^Telefonnummer/).focus();
    await page.keyboard.type('05241 82-2000');
    await page.keyboard.press('Enter');

    // Confirmed at once: the printable confirmation with date, place, code, QR, documents and phone cancel.
    await page.getByRole('heading', { level: 1, name: 'Terminbestätigung' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Der Termin ist gebucht und gilt sofort.' }).waitFor();
    const bookingId = page.url().split('/').pop()!;
    const { db } = portal.test.database;
    const row = await db
      .selectFrom('bookings')
      .select(['code', 'status', 'origin', 'email', 'phone', 'name', 'starts_at'])
      .where('id', '=', bookingId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'confirmed',
      origin: 'staff',
      email: null,
      phone: '05241 82-2000',
      name: 'Paul Telefon',
    });
    expect(new Date(row.starts_at).toISOString()).toBe(new Date(chosenStart).toISOString());
    await page.locator('.booking-print__code').filter({ hasText: row.code }).waitFor();
    await page.getByRole('img', { name: `QR-Code mit dem Buchungscode ${row.code}` }).waitFor();
    await page.getByText(siteName).first().waitFor();
    await page.getByRole('heading', { level: 2, name: 'Bitte mitbringen' }).waitFor();
    await page.getByText(/sagen Sie bitte telefonisch ab/).waitFor();
    await expectNoAxeViolations(page, 'staff booking confirmation');

    // On paper: the confirmation without the app around it.
    await page.emulateMedia({ media: 'print' });
    await expect.poll(() => page.locator('.station-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Bestätigung drucken' }).isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: 'Zurück zur Tagesansicht' }).isVisible()).toBe(false);
    expect(await page.locator('.booking-print__code').isVisible()).toBe(true);
    expect(await page.getByRole('img', { name: /QR-Code/ }).isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('button', { name: 'Bestätigung drucken' }).waitFor();

    // No mail went out for it.
    const mails = await db.selectFrom('mails').select(['subject', 'text_body']).execute();
    expect(mails.map((mail) => `${mail.subject} ${mail.text_body}`).join('\n')).not.toContain(row.code);

    // The same confirmation in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('html[lang="en"]').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Appointment confirmation' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Please bring' }).waitFor();
    await expectNoAxeViolations(page, 'staff booking confirmation in English');
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.locator('html[lang="de"]').waitFor();
    expectQuietBrowser(watched);
  });
});
