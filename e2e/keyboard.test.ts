import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStop, solvedCaptcha, tokenFromLatestMail, upcomingDate } from '../test/support/booking.ts';
import {
  expectNoAxeViolations,
  expectQuietBrowser,
  focusedElementSummary,
  startPortal,
  tabToSelector,
  tabToText,
  type Portal,
} from './support/browser.ts';

let portal: Portal;

beforeAll(async () => {
  // A small proof of work, so a test can hold an appointment through the API.
  portal = await startPortal({ captchaMaxNumber: 1000 });
});

afterAll(async () => {
  await portal?.close();
});

const headingFocused = (page: Page, text: string) =>
  expect
    .poll(() => focusedElementSummary(page), { timeout: 15_000 })
    .toEqual({ tag: 'h1', id: '', text, insideMap: false });

describe('keyboard use', () => {
  it('reaches the skip link first; Enter moves the focus to main', async () => {
    const watched = await portal.openGermanPage('/');
    const { page } = watched;
    await page.keyboard.press('Tab');
    expect((await focusedElementSummary(page)).text).toBe('Zum Inhalt springen');
    expect(await page.locator('.skip-link').isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect((await focusedElementSummary(page)).id).toBe('main');
    expectQuietBrowser(watched);
    await page.close();
  });

  it('goes to the services, searches and opens a service with the keyboard only', async () => {
    const watched = await portal.openGermanPage('/');
    const { page } = watched;

    await tabToText(page, 'Dienstleistungen');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/dienstleistungen');
    await headingFocused(page, 'Dienstleistungen');

    await tabToSelector(page, '#service-search-query');
    await page.keyboard.type('Ausweis');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('Ausweis');
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Dienstleistungen? gefunden/);
    const results = page.locator('.service-list');
    await expect.poll(() => results.textContent()).toContain('Personalausweis beantragen');
    expect(await results.textContent()).not.toContain('Hundesteuer');

    await tabToText(page, 'Personalausweis beantragen');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => new URL(page.url()).pathname)
      .toBe('/dienstleistungen/personalausweis-beantragen');
    await headingFocused(page, 'Personalausweis beantragen');
    await page.getByRole('heading', { name: 'Das bringen Sie mit' }).waitFor();
    expect(await page.getByText('46,00 €').count()).toBe(1);

    // "Termin buchen" opens the booking with this service chosen.
    await tabToText(page, 'Termin buchen', 60);
    await page.keyboard.press('Enter');
    await headingFocused(page, 'Was möchten Sie erledigen?');
    expect(await page.locator('#service-personalausweis-beantragen').isChecked()).toBe(true);
    expectQuietBrowser(watched);
    await page.close();
  });

  it('filters by channel with the radio buttons', async () => {
    const watched = await portal.openGermanPage('/dienstleistungen');
    const { page } = watched;
    await tabToSelector(page, 'input[name="channel"]');
    // Arrow keys move within a radio group and select the option.
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('online');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('channel')).toBe('online');
    const results = page.locator('.service-list');
    await expect.poll(() => results.textContent()).not.toContain('Reisepass beantragen');
    expect(await results.textContent()).toContain('Briefwahl');
    expectQuietBrowser(watched);
    await page.close();
  });

  it('shows an error summary for an over-long search term and focuses it; its link leads to the field', async () => {
    const watched = await portal.openGermanPage('/dienstleistungen');
    const { page } = watched;
    await tabToSelector(page, '#service-search-query');
    await page.keyboard.type('a'.repeat(101));
    await page.keyboard.press('Enter');

    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Es gibt ein Problem');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    expect(await page.locator('#service-search-query').getAttribute('aria-describedby')).toContain(
      'service-search-query-error',
    );
    expect(new URL(page.url()).searchParams.get('q')).toBeNull();

    await page.keyboard.press('Tab');
    expect((await focusedElementSummary(page)).text).toBe(
      'Der Suchbegriff ist zu lang. Bitte schreiben Sie höchstens 100 Zeichen.',
    );
    await page.keyboard.press('Enter');
    expect((await focusedElementSummary(page)).id).toBe('service-search-query');
    expectQuietBrowser(watched);
    await page.close();
  });

  it('shows the error the API reports for an over-long term in the address', async () => {
    const watched = await portal.openPage();
    const { page } = watched;
    await page.goto(`${portal.baseUrl}/dienstleistungen?q=${'x'.repeat(101)}`);
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('höchstens 100 Zeichen');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    expectQuietBrowser(watched);
    await page.close();
  });

  it('can tab into the map and out of it again', async () => {
    const watched = await portal.openGermanPage('/standorte');
    const { page } = watched;
    await page.locator('.site-map.leaflet-container').waitFor();
    await tabToSelector(page, '.site-map', 60);
    expect((await focusedElementSummary(page)).insideMap).toBe(true);
    let left = false;
    for (let presses = 0; presses < 5 && !left; presses += 1) {
      await page.keyboard.press('Tab');
      left = !(await focusedElementSummary(page)).insideMap;
    }
    expect(left).toBe(true);
    expectQuietBrowser(watched);
    await page.close();
  });
});

describe('resend my links with the keyboard only', () => {
  it('goes from the help page to the form, corrects the errors from the summary and sends the links', async () => {
    const { app, database } = portal.test;
    const email = 'tastatur-links@example.org';
    const stopId = await createTestStop(database.db, { siteId: 'stadtbibliothek', date: upcomingDate(9, 2) });
    const availability = (
      await app.inject({
        url: '/api/v1/availability?services=personalausweis-beantragen:1&siteId=stadtbibliothek',
      })
    ).json() as { stops: { stop: { id: string }; slots: { startsAt: string }[] }[] };
    const slot = availability.stops.find((entry) => entry.stop.id === stopId)!.slots[0]!;
    const held = await app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      payload: {
        stopId,
        startsAt: slot.startsAt,
        services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
        name: 'Tara Tastatur',
        email,
        locale: 'de',
        captcha: await solvedCaptcha(app),
      },
    });
    expect(held.statusCode, held.body).toBe(201);
    const { bookingId } = held.json() as { bookingId: string };
    const { code } = await database.db
      .selectFrom('bookings')
      .select('code')
      .where('id', '=', bookingId)
      .executeTakeFirstOrThrow();

    const watched = await portal.openGermanPage('/hilfe');
    const { page } = watched;
    await page.locator('main a[href="/termin/links-senden"]').waitFor();
    await tabToText(page, 'Ich habe keine E-Mail bekommen oder den Link verloren', 60);
    await page.keyboard.press('Enter');
    await headingFocused(page, 'Links zum Termin neu schicken');

    // Sent empty: the summary takes the focus, its links lead to the fields.
    await tabToText(page, 'Links schicken', 20);
    await page.keyboard.press('Enter');
    await page.locator('.error-summary').waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await expectNoAxeViolations(page, 'resend links with errors');
    await page.keyboard.press('Tab');
    expect((await focusedElementSummary(page)).text).toBe('Bitte geben Sie den Buchungscode ein.');
    await page.keyboard.press('Enter');
    expect((await focusedElementSummary(page)).id).toBe('resend-code');
    await page.keyboard.type(code.toLowerCase());
    await page.keyboard.press('Tab');
    expect((await focusedElementSummary(page)).id).toBe('contact-email');
    await page.keyboard.type(email);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Anfrage erhalten' }).waitFor({ timeout: 30_000 });

    // The new links are in the mail.
    await expect
      .poll(
        async () =>
          (await tokenFromLatestMail(database.db, email, 'booking.links_resent').catch(() => null))?.text ??
          '',
        { timeout: 20_000 },
      )
      .toContain(`/termin/${bookingId}/bestaetigen#`);
    expectQuietBrowser(watched);
    await page.close();
  });
});

describe('language switch', () => {
  it('changes the texts and <html lang>, and remembers the choice', async () => {
    const watched = await portal.openGermanPage('/dienstleistungen');
    const { page } = watched;
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    const navigation = page.getByRole('navigation', { name: 'Hauptmenü' });
    expect(await navigation.textContent()).toContain('Standorte');

    await tabToText(page, 'English');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByRole('navigation', { name: 'Main menu' }).textContent()).toContain('Locations');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Services');
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.title()).toBe('Services – Mobiles Rathaus – Stadt Gütersloh');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Services' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dienstleistungen' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    expectQuietBrowser(watched);
    await page.close();
  });
});
