import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStop, municipalityId, upcomingDate } from '../test/support/booking.ts';
import ar from '../src/web/i18n/ar.json';
import de from '../src/web/i18n/de.json';
import tr from '../src/web/i18n/tr.json';
import { expectNoAxeViolations, expectQuietBrowser, startPortal, type Portal } from './support/browser.ts';

/** Citizen journeys on a phone (390 px wide), in German, Turkish and Arabic (right to left). */

let portal: Portal;
const phone = { width: 390, height: 844 };

beforeAll(async () => {
  portal = await startPortal({ captchaMaxNumber: 1000 });
  const { db } = portal.test.database;
  // Three weeks of stops in Avenwedde and at the library: days to choose from.
  for (const week of [1, 2, 3]) {
    await createTestStop(db, { siteId: 'bahnhof-avenwedde', date: upcomingDate(7 * week, 2) });
    await createTestStop(db, {
      unitId: 'buergerkoffer-1',
      siteId: 'stadtbibliothek',
      date: upcomingDate(7 * week, 4),
      startTime: '10:00',
      endTime: '15:00',
    });
  }
});

afterAll(async () => {
  await portal?.close();
});

const heading = (page: Page) => page.getByRole('heading', { level: 1 });
const headingText = async (page: Page) => ((await heading(page).textContent()) ?? '').trim();

async function waitForContent(page: Page) {
  await heading(page).waitFor();
  await expect.poll(() => page.locator('.loading-status').count(), { timeout: 20_000 }).toBe(0);
}

// --- 1. Public and internal facts apart --------------------------------------------------------------

/** What must never reach a citizen page: research notes, confidence, sources, English field names. */
const forbiddenMarkers = [
  'research',
  'confidence',
  'verify',
  'inferred',
  'EUR/yr',
  'Wie sicher',
  'Quellen',
  'house number',
  'postcode',
  'not found',
  'estimate',
  'coordinateNote',
  'minutesBasis',
  'mobileSuitability',
  'leikaKeyStatus',
  'feeNote',
  'onlineNote',
  'secondVisit',
  'facts',
  'sources',
];
/** Everyday English words that have no place in a German sentence. */
const englishWords = /\b(the|and|with|of|for|is|are|fee|pickup|only|not|site|visit|photo|card)\b/i;

describe('citizen pages show public facts only', () => {
  it('walks every citizen page of the seed and finds no internal field and no English in German pages', async () => {
    const { app } = portal.test;
    const services = (await app.inject({ url: '/api/v1/services' })).json() as {
      items: { id: string; nameDe: string }[];
    };
    const stops = (await app.inject({ url: '/api/v1/stops' })).json() as {
      items: { id: string; date: string }[];
    };
    const availability = (
      await app.inject({ url: '/api/v1/availability?services=personalausweis-beantragen:1' })
    ).json() as { stops: { stop: { id: string; date: string }; slots: { startsAt: string }[] }[] };
    const free = availability.stops.find((entry) => entry.slots.length > 0)!;
    const contactStep =
      `/buchen/angaben?services=personalausweis-beantragen:1&day=${free.stop.date}` +
      `&stopId=${free.stop.id}&startsAt=${encodeURIComponent(free.slots[0]!.startsAt)}`;
    // Each service page is titled by the service's name.
    const titles = new Map(
      services.items.map((service) => [
        `/dienstleistungen/${service.id}`,
        `${service.nameDe} – Mobiles Rathaus`,
      ]),
    );
    const paths = [
      '/',
      '/dienstleistungen',
      ...services.items.map((service) => `/dienstleistungen/${service.id}`),
      '/standorte',
      '/termine',
      ...stops.items.map((stop) => `/termine/${stop.id}`),
      '/buchen',
      '/buchen/tag?services=personalausweis-beantragen:2',
      `/buchen/zeit?services=personalausweis-beantragen:1&day=${stops.items[0]!.date}`,
      contactStep,
      '/buchen/gesendet',
      '/warteliste',
      '/termin/links-senden',
      '/hausbesuch',
      '/hausbesuch/pruefen',
      '/datenschutz',
      '/hilfe',
      '/impressum',
      '/barrierefreiheit',
      '/leichte-sprache',
      '/leichte-sprache/buchen',
    ];
    expect(services.items.length).toBeGreaterThan(15);
    const watched = await portal.openGermanPage('/');
    const { page } = watched;
    const problems: string[] = [];
    for (const path of paths) {
      await page.goto(`${portal.baseUrl}${path}`);
      await waitForContent(page);
      const text = await page.locator('main').innerText();
      for (const marker of forbiddenMarkers)
        if (text.toLowerCase().includes(marker.toLowerCase())) problems.push(`${path}: "${marker}"`);
      const english = englishWords.exec(text);
      if (english)
        problems.push(
          `${path}: English word "${english[0]}" in "${text.slice(Math.max(0, english.index - 40), english.index + 40)}"`,
        );
      const marked = await page.locator('main [lang="en"]').count();
      if (marked > 0) problems.push(`${path}: ${marked} element(s) marked as English`);
      const title = titles.get(path);
      if (title) await expect.poll(() => page.title(), { timeout: 10_000 }).toContain(title);
    }
    expect(problems).toEqual([]);
    expectQuietBrowser(watched);
    await page.close();
  }, 600_000);
});

// --- 2. to 6. The journeys on a phone ----------------------------------------------------------------

const languages = [
  { code: 'de', button: 'Deutsch', messages: de, dir: 'ltr' },
  { code: 'tr', button: 'Türkçe', messages: tr, dir: 'ltr' },
  { code: 'ar', button: 'العربية', messages: ar, dir: 'rtl' },
] as const;

async function mailTo(page: Page, email: string, path: RegExp): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        const response = await page.request.get(`${portal.baseUrl}/api/v1/dev/outbox`);
        const { items } = (await response.json()) as { items: { to: string; text: string }[] };
        link = items
          .filter((item) => item.to === email)
          .flatMap((item) => item.text.match(/https?:\/\/[^\s]+/g) ?? [])
          .find((url) => path.test(url));
        return Boolean(link);
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  const url = new URL(link!);
  return `${portal.baseUrl}${url.pathname}${url.hash}`;
}

describe.each(languages)('the booking journey on a phone in $code', ({ code, button, messages: m, dir }) => {
  it('books a service from its page through the day-first picker, survives Back and Reload, resends the links, confirms, cancels, and reads the privacy page; axe at zero', async () => {
    const watched = await portal.openGermanPage('/');
    const { page } = watched;
    await page.setViewportSize(phone);
    await page.getByRole('button', { name: button }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(code);
    expect(await page.evaluate(() => document.documentElement.dir)).toBe(dir);
    if (code !== 'de') await page.getByText(m.language.unreviewedNote).waitFor();
    const email = `reise-${code}@example.org`;

    // The service page: "Termin buchen" and the next stops that offer it.
    await page.goto(`${portal.baseUrl}/dienstleistungen/personalausweis-beantragen`);
    await waitForContent(page);
    await page.getByRole('heading', { name: m.service.stopsHeading }).waitFor();
    await page.locator('section[aria-labelledby="service-stops"] .stop-list__link').first().waitFor();
    await expectNoAxeViolations(page, `service page (${code})`);
    await page.locator('main').getByRole('link', { name: m.service.book, exact: true }).click();

    // Step 1, with the service chosen.
    await expect.poll(() => headingText(page)).toBe(m.booking.step1);
    expect(await page.locator('#service-personalausweis-beantragen').isChecked()).toBe(true);
    // "Zurück" on every step; from the first, back to the service page the booking started on.
    expect(await page.getByRole('link', { name: m.booking.back, exact: true }).getAttribute('href')).toBe(
      '/dienstleistungen/personalausweis-beantragen',
    );
    await expectNoAxeViolations(page, `step 1 (${code})`);
    await page.getByRole('button', { name: m.booking.next }).click();

    // Step 2: the day first, from the month view.
    await expect.poll(() => headingText(page)).toBe(m.booking.step2);
    expect(new URL(page.url()).pathname).toBe('/buchen/tag');
    const firstDay = page.locator('.free-day-list__link').first();
    await firstDay.waitFor();
    expect(await page.locator('.day-grid__link').count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page, `step 2, month view (${code})`);
    await firstDay.click();

    // Step 3: that day's times, by morning and afternoon; the waitlist right there.
    await expect.poll(() => new URL(page.url()).pathname).toBe('/buchen/zeit');
    const timePrefix = m.booking.step3Time.split('{{')[0]!;
    await expect.poll(async () => (await headingText(page)).startsWith(timePrefix)).toBe(true);
    const timeHeading = await headingText(page);
    await page.locator('.slot-button').first().waitFor();
    expect(await page.getByRole('link', { name: m.booking.waitlistLink }).count()).toBe(1);
    await expectNoAxeViolations(page, `step 3, times (${code})`);
    const timeUrl = page.url();

    // Back and Forward in the browser, Reload, and the "Zurück" link.
    await page.goBack();
    await expect.poll(() => headingText(page)).toBe(m.booking.step2);
    await page.goForward();
    await expect.poll(() => headingText(page)).toBe(timeHeading);
    await page.reload();
    await expect.poll(() => headingText(page)).toBe(timeHeading);
    expect(page.url()).toBe(timeUrl);
    await page.getByRole('link', { name: m.booking.back, exact: true }).click();
    await expect.poll(() => headingText(page)).toBe(m.booking.step2);
    await page.goBack();
    await expect.poll(() => headingText(page)).toBe(timeHeading);

    // Step 4: contact details.
    await page.locator('.slot-button').first().click();
    await expect.poll(() => headingText(page)).toBe(m.booking.step3);
    await page.reload();
    await expect.poll(() => headingText(page)).toBe(m.booking.step3);
    await page.getByLabel(m.contact.name).fill('Deniz Reise');
    await page.getByLabel(m.contact.email).fill(email);
    await page.getByText(m.captcha.ready).waitFor({ timeout: 30_000 });
    await expectNoAxeViolations(page, `step 4, contact (${code})`);
    await page.getByRole('button', { name: m.booking.submit }).click();
    await expect.poll(() => headingText(page), { timeout: 30_000 }).toBe(m.booking.step4);
    await expectNoAxeViolations(page, `step 5, mail sent (${code})`);

    // Resend my links: code + e-mail address; the answer says nothing about existence.
    const { code: bookingCode } = await portal.test.database.db
      .selectFrom('bookings')
      .select('code')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    await page.getByRole('link', { name: m.resend.link }).click();
    await expect.poll(() => headingText(page)).toBe(m.resend.title);
    await page.getByRole('button', { name: m.resend.submit }).click();
    await page.locator('.error-summary').waitFor();
    await expectNoAxeViolations(page, `resend, with errors (${code})`);
    await page.getByLabel(m.resend.code).fill(bookingCode.toLowerCase());
    await page.getByLabel(m.contact.email).fill(email);
    await page.getByRole('button', { name: m.resend.submit }).click();
    await page.getByRole('heading', { name: m.resend.sentTitle }).waitFor({ timeout: 30_000 });
    await expectNoAxeViolations(page, `resend, sent (${code})`);

    // The new link confirms; the confirmed page has date, place, code, QR, calendar file and what happens now.
    await page.goto(await mailTo(page, email, /\/termin\/[0-9a-f-]+\/bestaetigen#/));
    await expect.poll(() => headingText(page)).toBe(m.confirm.title);
    await page.getByRole('button', { name: m.confirm.button }).click();
    await page.getByRole('heading', { name: m.manage.confirmedBanner }).waitFor();
    await expect.poll(() => headingText(page)).toBe(m.manage.title);
    await page.getByRole('heading', { name: m.manage.nextHeading }).waitFor();
    expect((await page.locator('.booking-code').textContent())?.trim()).toBe(bookingCode);
    expect(await page.locator('.booking-qr img').count()).toBe(1);
    expect(await page.getByRole('link', { name: m.manage.calendarLink }).count()).toBe(1);
    await expectNoAxeViolations(page, `confirmed (${code})`);

    // Cancelled: "abgesagt", no QR code, a link to book again.
    await page.getByRole('button', { name: m.manage.cancel, exact: true }).click();
    await page.getByRole('button', { name: m.manage.cancelYes }).click();
    await page.getByRole('heading', { name: m.manage.cancelledTitle }).waitFor();
    await expect.poll(() => page.locator('.booking-qr img').count()).toBe(0);
    expect(await page.getByRole('link', { name: m.manage.calendarLink }).count()).toBe(0);
    expect(await page.getByText(m.manage.statuses.cancelled, { exact: true }).count()).toBe(1);
    expect(await page.getByRole('link', { name: m.manage.bookAgain }).getAttribute('href')).toContain(
      '/buchen?services=personalausweis-beantragen',
    );
    await expectNoAxeViolations(page, `cancelled (${code})`);

    // The privacy page: what, why, how long (RETENTION_DAYS), rights, contact.
    await page.goto(`${portal.baseUrl}/datenschutz`);
    await expect.poll(() => headingText(page)).toBe(m.privacy.title);
    await page.getByRole('heading', { name: m.privacy.rightsHeading }).waitFor();
    expect(await page.locator('main').innerText()).toContain('30');
    await expectNoAxeViolations(page, `privacy (${code})`);

    // No horizontal scrolling on the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    expectQuietBrowser(watched);
    await page.close();
  }, 600_000);
});

// --- Issue 17 item 9: names are text on the maps, never markup ---------------------------------------

describe('map labels', () => {
  it('shows a site name with markup as literal text and creates no element from it', async () => {
    const { db } = portal.test.database;
    const name = '<img src=x onerror=alert(1)><b>X</b>';
    await db
      .insertInto('sites')
      .values({
        municipality_id: await municipalityId(db),
        id: 'markup-test',
        name,
        category: 'library',
        lat: 51.9,
        lon: 8.38,
        confidence: 'low',
        opening_hours: JSON.stringify(null),
        sources: [],
        facts: [],
        placeholder: false,
      })
      .execute();
    try {
      const watched = await portal.openGermanPage('/standorte');
      const { page } = watched;
      const label = page.locator('.site-map .site-map__site-label', { hasText: '<b>X</b>' });
      await label.waitFor();
      expect(await label.textContent()).toBe(name);
      expect(await page.locator('.site-map img, .site-map b').count()).toBe(0);
      expect(await page.locator('main img[src="x"], main b').count()).toBe(0);
      expect(await page.getByText(name, { exact: true }).count()).toBeGreaterThan(0);
      expectQuietBrowser(watched);
      await page.close();
    } finally {
      await db.deleteFrom('sites').where('id', '=', 'markup-test').execute();
    }
  });
});

describe('favicon', () => {
  it('every app links the icons, and the server delivers them', async () => {
    const watched = await portal.openGermanPage('/');
    const { page } = watched;
    for (const path of ['/', '/station', '/planung']) {
      await page.goto(`${portal.baseUrl}${path}`);
      const icons = await page
        .locator('link[rel="icon"]')
        .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
      expect(icons, path).toEqual(['/favicon.ico', '/favicon.svg']);
    }
    for (const [path, type] of [
      ['/favicon.svg', 'image/svg+xml'],
      ['/favicon.ico', 'image/'],
      ['/apple-touch-icon.png', 'image/png'],
    ] as const) {
      const response = await page.request.get(`${portal.baseUrl}${path}`);
      expect(response.status(), path).toBe(200);
      expect(response.headers()['content-type'], path).toContain(type);
    }
    await page.close();
  });
});
