import ICAL from 'ical.js';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStop, solvedCaptcha, tokenFromLatestMail, upcomingDate } from '../test/support/booking.ts';
import {
  expectNoAxeViolations,
  expectQuietBrowser,
  focusedElementSummary,
  forgetLanguage,
  siteNameOf,
  startPortal,
  tabToSelector,
  tabToText,
  type Portal,
} from './support/browser.ts';

let portal: Portal;
let avenweddeDate: string;
let libraryDate: string;
let avenweddeStopId: string;
let libraryStopId: string;
let avenweddeName: string;
let libraryName: string;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const weekdays = 'Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag';
const months = 'Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember';
const slotNamePattern = (site: string) =>
  new RegExp(`^(${weekdays}), \\d{1,2}\\. (${months}) \\d{4}, \\d{2}:\\d{2} Uhr, ${escape(site)}$`);
const englishSlotNamePattern = (site: string) =>
  new RegExp(
    `^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? \\d{1,2} [A-Z][a-z]+ \\d{4}, \\d{2}:\\d{2}, ${escape(site)}$`,
  );

beforeAll(async () => {
  // A small proof of work: the browser solves it in a moment.
  portal = await startPortal({ captchaMaxNumber: 1000 });
  const { db } = portal.test.database;
  avenweddeDate = upcomingDate(8, 3);
  libraryDate = upcomingDate(8, 4);
  avenweddeStopId = await createTestStop(db, {
    unitId: 'rathausmobil',
    siteId: 'bahnhof-avenwedde',
    date: avenweddeDate,
    startTime: '09:00',
    endTime: '12:00',
  });
  libraryStopId = await createTestStop(db, {
    unitId: 'buergerkoffer-1',
    siteId: 'stadtbibliothek',
    date: libraryDate,
    startTime: '14:00',
    endTime: '16:00',
  });
  avenweddeName = await siteNameOf(portal, 'bahnhof-avenwedde');
  libraryName = await siteNameOf(portal, 'stadtbibliothek');
});

afterAll(async () => {
  await portal?.close();
});

const heading = (page: Page) => page.getByRole('heading', { level: 1 });
const headingText = (page: Page) => heading(page).textContent();

/** The link from the newest mail to `email` whose path matches, moved to the test server's address. */
async function linkFromMail(page: Page, email: string, path: RegExp): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(
      async () => {
        const response = await page.request.get(`${portal.baseUrl}/api/v1/dev/outbox`);
        const { items } = (await response.json()) as { items: { to: string; text: string }[] };
        const mail = items.find((item) => item.to === email && path.test(item.text));
        const link = mail?.text.match(/https?:\/\/[^\s]+/g)?.find((url) => path.test(url));
        found = link;
        return Boolean(link);
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  const url = new URL(found!);
  return `${portal.baseUrl}${url.pathname}${url.hash}`;
}

/** Reads the downloaded calendar file and returns the appointment's start as Berlin wall time. */
async function startOfDownloadedCalendar(
  download: Download,
): Promise<{ local: string; tzid: string | null }> {
  // Read through a stream: the browser is the run's shared one, reached remotely, so the file has no local path.
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
  const tzid = event.component.getFirstProperty('dtstart')?.getParameter('tzid') ?? null;
  const start = event.startDate.toJSDate();
  const local = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(start);
  return { local, tzid: typeof tzid === 'string' ? tzid : null };
}

/** Step 2 and 3 of the booking: the first day with free times, then that day's times. */
async function openFirstDay(page: Page) {
  await expect.poll(() => headingText(page)).toBe('Tag wählen');
  const day = page.locator('.free-day-list__link').first();
  await day.waitFor();
  await day.click();
  await expect.poll(() => headingText(page)).toMatch(/^Uhrzeit wählen: /);
}

/** "Mittwoch, 13. Januar 2027, 09:00 Uhr, Bahnhof Avenwedde" → "09:00" */
const timeOf = (slotName: string) => /(\d{2}:\d{2}) Uhr/.exec(slotName)?.[1] ?? '';

describe('booking journey: find a stop in Avenwedde, book two services, confirm, download, cancel', () => {
  it('works with the mouse, and every page passes axe', async () => {
    const watched = await portal.openGermanPage('/termine');
    const { page } = watched;
    const email = 'maus@example.org';
    const scripts: string[] = [];
    page.on('request', (request) => scripts.push(new URL(request.url()).pathname));

    // Find the stop in Avenwedde.
    await page.getByLabel('Stadtteil').selectOption('avenwedde');
    await expect.poll(() => new URL(page.url()).searchParams.get('districtId')).toBe('avenwedde');
    const stopLink = page.locator('.stop-list__link', { hasText: avenweddeName });
    await stopLink.first().waitFor();
    expect(await page.locator('.stop-list__link', { hasText: 'Stadtbibliothek' }).count()).toBe(0);
    await page.locator('.site-map.leaflet-container').waitFor();
    await expectNoAxeViolations(page, '/termine (filtered)');

    await stopLink.first().click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/termine/${avenweddeStopId}`);
    await expect.poll(() => headingText(page)).toContain(avenweddeName);
    await page.getByRole('heading', { name: 'Das können Sie hier erledigen' }).waitFor();
    expect(
      await page
        .getByRole('link', { name: `Alle Termine am Standort ${avenweddeName} abonnieren (Kalenderdatei)` })
        .getAttribute('href'),
    ).toBe('/api/v1/sites/bahnhof-avenwedde/stops.ics');
    await expectNoAxeViolations(page, '/termine/:stopId');

    // Book: two ID cards and a registration.
    await page.locator('main').getByRole('link', { name: 'Termin buchen' }).click();
    await expect.poll(() => headingText(page), { timeout: 15_000 }).toBe('Was möchten Sie erledigen?');
    expect(await page.getByText('Schritt 1 von 5').count()).toBe(1);
    await page.locator('#service-personalausweis-beantragen').check();
    await page.getByLabel('Anzahl für: Personalausweis beantragen').fill('2');
    await page.locator('#service-wohnsitz-anmelden').check();
    await page.getByText('Dauer etwa 40 Minuten').waitFor();
    await expectNoAxeViolations(page, '/buchen step 1');
    await page.getByRole('button', { name: 'Weiter' }).click();

    // The step changes after the click; wait for it rather than counting at once.
    await page.getByText('Schritt 2 von 5').waitFor();
    expect(await page.getByText('Schritt 2 von 5').count()).toBe(1);
    await expectNoAxeViolations(page, '/buchen step 2');
    await openFirstDay(page);
    const firstSlot = page.locator('.slot-button').first();
    await firstSlot.waitFor();
    const slotName = (await firstSlot.getAttribute('aria-label')) ?? '';
    expect(slotName).toMatch(slotNamePattern(avenweddeName));
    expect(await page.getByRole('link', { name: slotName }).count()).toBe(1);
    await expectNoAxeViolations(page, '/buchen step 3');
    await firstSlot.click();

    await expect.poll(() => headingText(page)).toBe('Ihre Angaben');
    await page.getByText(slotName).waitFor();
    await page.getByLabel('Ihr Name').fill('Erika Maus');
    await page.getByLabel('Ihre E-Mail-Adresse').fill(email);
    await page.getByLabel(/Ihre Telefonnummer/).fill('05241 82-0');
    // Where the citizen comes from: optional, chosen from the districts (kept for the evaluation).
    await page.getByLabel(/Aus welchem Stadtteil kommen Sie\?/).selectOption('avenwedde');
    // The proof of work runs in a Web Worker, allowed by the CSP (worker-src 'self').
    await page.getByText('Sicherheitsprüfung abgeschlossen.').waitFor();
    expect(scripts.some((path) => /\/assets\/captchaWorker-[\w-]+\.js$/.test(path))).toBe(true);
    expect(await page.getByText(/30 Tage nach dem Termin/).count()).toBe(1);
    await expectNoAxeViolations(page, '/buchen step 4');
    await page.getByRole('button', { name: 'Termin reservieren' }).click();

    await expect
      .poll(() => headingText(page), { timeout: 30_000 })
      .toBe('Bitte bestätigen Sie Ihren Termin per E-Mail');
    expect(await page.getByText(/Wir halten den Termin bis \d{2}:\d{2} Uhr/).count()).toBe(1);
    await expectNoAxeViolations(page, '/buchen step 5');

    // The development outbox shows the mail; its link confirms.
    await page.goto(`${portal.baseUrl}/dev/postausgang`);
    await page.getByRole('heading', { level: 1, name: 'Postausgang' }).waitFor();
    await page.locator('.outbox-mail a[href*="/bestaetigen#"]').first().waitFor();
    await expectNoAxeViolations(page, '/dev/postausgang');
    const confirmUrl = await linkFromMail(page, email, /\/termin\/[0-9a-f-]+\/bestaetigen#/);
    await page.goto(confirmUrl);
    await expect.poll(() => headingText(page)).toBe('Termin bestätigen');
    await expectNoAxeViolations(page, 'confirm page');
    await page.getByRole('button', { name: 'Termin bestätigen' }).click();
    // Confirmed: the appointment's own page, with what happens now.
    await page.getByRole('heading', { name: 'Ihr Termin ist bestätigt' }).waitFor();
    await expect.poll(() => headingText(page)).toBe('Ihr Termin');
    await page.getByRole('heading', { name: 'Was passiert jetzt?' }).waitFor();
    await expectNoAxeViolations(page, 'confirm page, confirmed');
    await page.getByText('Bestätigt', { exact: true }).waitFor();
    const code = ((await page.locator('.booking-code').textContent()) ?? '').trim();
    expect(code.length).toBeGreaterThan(3);
    expect(await page.getByRole('img', { name: `QR-Code mit Ihrem Buchungscode ${code}` }).count()).toBe(1);
    expect(await page.getByText('Personalausweis beantragen (2-mal)').count()).toBe(1);
    const origin = await portal.test.database.db
      .selectFrom('bookings')
      .select('district_id')
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    expect(origin.district_id).toBe('avenwedde');
    await expectNoAxeViolations(page, 'manage page');

    // The calendar file, with the appointment at its Berlin time.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Kalenderdatei herunterladen' }).click(),
    ]);
    const calendar = await startOfDownloadedCalendar(download);
    expect(calendar.local).toBe(`${avenweddeDate} ${timeOf(slotName)}`);
    if (calendar.tzid) expect(calendar.tzid).toBe('Europe/Berlin');

    // Cancel, with a question first.
    await page.getByRole('button', { name: 'Termin absagen' }).click();
    await page.getByRole('heading', { name: 'Wollen Sie den Termin wirklich absagen?' }).waitFor();
    await expectNoAxeViolations(page, 'manage page, cancel question');
    await page.getByRole('button', { name: 'Ja, Termin absagen' }).click();
    await page.getByRole('heading', { name: 'Ihr Termin ist abgesagt' }).waitFor();
    await page.getByText('Abgesagt', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Termin absagen' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'manage page, cancelled');
    expectQuietBrowser(watched);
    await page.close();
  });

  it('works with the keyboard only', async () => {
    const watched = await portal.openGermanPage('/termine');
    const { page } = watched;
    const email = 'tastatur@example.org';

    // The filters render once the schedule has loaded; tabbing starts only then (under load that takes a while).
    await page.locator('#schedule-filter-district').waitFor();
    await tabToSelector(page, '#schedule-filter-district');
    await page.keyboard.type('Avenwedde');
    await expect.poll(() => new URL(page.url()).searchParams.get('districtId')).toBe('avenwedde');
    await page.locator('.stop-list__link', { hasText: avenweddeName }).first().waitFor();
    await tabToSelector(page, '.stop-list__link', 40);
    expect((await focusedElementSummary(page)).text).toContain(avenweddeName);
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/termine/${avenweddeStopId}`);
    await expect.poll(() => focusedElementSummary(page)).toMatchObject({ tag: 'h1' });

    await tabToSelector(page, 'main a.kern-btn[href^="/buchen"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => headingText(page), { timeout: 15_000 }).toBe('Was möchten Sie erledigen?');
    await expect.poll(() => focusedElementSummary(page)).toMatchObject({ tag: 'h1' });

    // Continuing without a choice shows the error summary, which has the focus.
    await tabToText(page, 'Weiter', 80);
    await page.keyboard.press('Enter');
    await page.locator('.error-summary').waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    expect(await page.locator('.error-summary').textContent()).toContain(
      'Bitte wählen Sie mindestens eine Dienstleistung.',
    );

    await tabToSelector(page, '#service-personalausweis-beantragen');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect((await focusedElementSummary(page)).id).toBe('quantity-personalausweis-beantragen');
    await page.keyboard.press('ArrowUp');
    expect(await page.locator('#quantity-personalausweis-beantragen').inputValue()).toBe('2');
    await tabToSelector(page, '#service-wohnsitz-anmelden');
    await page.keyboard.press('Space');
    await page.getByText('Dauer etwa 40 Minuten').waitFor();
    await tabToText(page, 'Weiter', 80);
    await page.keyboard.press('Enter');

    await expect.poll(() => headingText(page)).toBe('Tag wählen');
    await expect.poll(() => focusedElementSummary(page)).toMatchObject({ tag: 'h1', text: 'Tag wählen' });
    await page.locator('.free-day-list__link').first().waitFor();
    await tabToSelector(page, '.free-day-list__link', 120);
    await page.keyboard.press('Enter');
    await expect.poll(() => headingText(page)).toMatch(/^Uhrzeit wählen: /);
    await expect.poll(() => focusedElementSummary(page).then((f) => f.tag)).toBe('h1');
    await page.locator('.slot-button').first().waitFor();
    await tabToSelector(page, '.slot-button', 60);
    const slotName = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    expect(slotName).toMatch(slotNamePattern(avenweddeName));
    await page.keyboard.press('Enter');

    await expect.poll(() => headingText(page)).toBe('Ihre Angaben');
    // Sending the empty form: the summary takes the focus; its first link leads to the name field.
    await tabToText(page, 'Termin reservieren', 40);
    await page.keyboard.press('Enter');
    await page.locator('.error-summary').waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await expectNoAxeViolations(page, '/buchen step 3 with errors');
    await page.keyboard.press('Tab');
    expect((await focusedElementSummary(page)).text).toBe('Bitte geben Sie Ihren Namen ein.');
    await page.keyboard.press('Enter');
    expect((await focusedElementSummary(page)).id).toBe('contact-name');
    await page.keyboard.type('Tim Tastatur');
    await page.keyboard.press('Tab');
    expect((await focusedElementSummary(page)).id).toBe('contact-email');
    await page.keyboard.type(email);
    await tabToText(page, 'Termin reservieren', 20);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => headingText(page), { timeout: 30_000 })
      .toBe('Bitte bestätigen Sie Ihren Termin per E-Mail');
    await expect.poll(() => focusedElementSummary(page)).toMatchObject({ tag: 'h1' });

    const confirmUrl = await linkFromMail(page, email, /\/termin\/[0-9a-f-]+\/bestaetigen#/);
    await page.goto(confirmUrl);
    await expect.poll(() => headingText(page)).toBe('Termin bestätigen');
    await tabToText(page, 'Termin bestätigen', 40);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Ihr Termin ist bestätigt' }).waitFor();
    await expect.poll(() => headingText(page)).toBe('Ihr Termin');
    await page.getByText('Bestätigt', { exact: true }).waitFor();

    await tabToText(page, 'Kalenderdatei herunterladen', 40);
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const calendar = await startOfDownloadedCalendar(download);
    expect(calendar.local).toBe(`${avenweddeDate} ${timeOf(slotName)}`);

    await tabToText(page, 'Termin absagen', 40);
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedElementSummary(page).then((f) => f.text)).toBe('Ja, Termin absagen');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Ihr Termin ist abgesagt' }).waitFor();
    await page.getByText('Abgesagt', { exact: true }).waitFor();
    expectQuietBrowser(watched);
    await page.close();
  });
});

describe("/buchen's first load", () => {
  it('keeps the prerendered first step, takes the preloaded answers and fills in the list', async () => {
    const watched = await portal.openPage();
    const { page } = watched;
    await forgetLanguage(page, portal.baseUrl);
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.text().includes('preload'))
        consoleErrors.push(message.text());
    });
    const apiRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/')) apiRequests.push(new URL(request.url()).pathname);
    });
    // Marks the prerendered heading before any script runs: hydration keeps this very element.
    await page.addInitScript(() => {
      document.addEventListener('readystatechange', () => {
        if (document.readyState === 'interactive')
          document.querySelector('h1')?.setAttribute('data-seen', '');
      });
    });
    await page.goto(`${portal.baseUrl}/buchen`);
    await page.locator('#service-personalausweis-beantragen').waitFor();
    expect(await page.locator('h1[data-seen]').textContent()).toBe('Was möchten Sie erledigen?');
    expect(await page.getByText('Schritt 1 von 5').count()).toBe(1);
    expect(await page.locator('.loading-status').count()).toBe(0);
    // Each preloaded answer was fetched once: the page's own fetch took the preload.
    await page.waitForLoadState('networkidle');
    for (const path of ['/api/v1/municipality', '/api/v1/services', '/api/v1/stops'])
      expect(
        apiRequests.filter((each) => each === path),
        path,
      ).toHaveLength(1);
    expect(consoleErrors).toEqual([]);
    await expectNoAxeViolations(page, '/buchen first load');

    // With a query the page is rendered afresh: "Zurück" leads to where the booking started.
    await page.goto(`${portal.baseUrl}/buchen?services=personalausweis-beantragen:1`);
    await expect.poll(() => page.locator('#service-personalausweis-beantragen').isChecked()).toBe(true);
    expect(await page.getByRole('link', { name: 'Zurück' }).getAttribute('href')).toBe(
      '/dienstleistungen/personalausweis-beantragen',
    );
    expect(consoleErrors).toEqual([]);
    expectQuietBrowser(watched);
    await page.close();
  });
});

describe('booking conflicts', () => {
  it('sends the person back to the slot step when someone else took the slot meanwhile', async () => {
    const watched = await portal.openGermanPage(`/buchen?siteId=stadtbibliothek&from=${libraryDate}`);
    const { page } = watched;
    await page.locator('#service-personalausweis-beantragen').check();
    await page.getByRole('button', { name: 'Weiter' }).click();
    await openFirstDay(page);
    const firstSlot = page.locator('.slot-button').first();
    await firstSlot.waitFor();
    const slotName = (await firstSlot.getAttribute('aria-label')) ?? '';
    expect(slotName).toMatch(slotNamePattern(libraryName));
    await firstSlot.click();
    await expect.poll(() => headingText(page)).toBe('Ihre Angaben');

    // Someone else books the same time at the kit's only counter.
    const availability = await page.request.get(
      `${portal.baseUrl}/api/v1/availability?services=personalausweis-beantragen:1&siteId=stadtbibliothek&from=${libraryDate}&to=${libraryDate}`,
    );
    const slot = ((await availability.json()) as { stops: { slots: { startsAt: string }[] }[] }).stops[0]!
      .slots[0]!;
    const taken = await portal.test.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      payload: {
        stopId: libraryStopId,
        startsAt: slot.startsAt,
        services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
        name: 'Jemand Anderes',
        email: 'schneller@example.org',
        locale: 'de',
        captcha: await solvedCaptcha(portal.test.app),
      },
    });
    expect(taken.statusCode).toBe(201);

    await page.getByLabel('Ihr Name').fill('Zu Langsam');
    await page.getByLabel('Ihre E-Mail-Adresse').fill('langsam@example.org');
    await page.getByRole('button', { name: 'Termin reservieren' }).click();
    await expect.poll(() => headingText(page), { timeout: 30_000 }).toMatch(/^Uhrzeit wählen: /);
    await page
      .getByRole('alert')
      .getByText('Diese Zeit hat gerade jemand anderes gebucht.', { exact: false })
      .waitFor();
    await page.locator('.slot-button').first().waitFor();
    expect(await page.getByRole('link', { name: slotName }).count()).toBe(0);
    await expectNoAxeViolations(page, '/buchen step 3 after a conflict');
    expectQuietBrowser(watched);
    await page.close();
  });
});

describe('waiting list, notifications and moving an appointment', () => {
  it('joins the waiting list from the slot step, confirms it and leaves it with the links from the mail', async () => {
    const watched = await portal.openGermanPage('/buchen?services=personalausweis-beantragen:1');
    const { page } = watched;
    await page.getByRole('button', { name: 'Weiter' }).click();
    await expect.poll(() => headingText(page)).toBe('Tag wählen');
    await page.getByRole('link', { name: 'Auf die Warteliste' }).click();
    await expect.poll(() => headingText(page)).toBe('Warteliste');
    expect(await page.locator('#service-personalausweis-beantragen').isChecked()).toBe(true);
    await page.getByLabel('Avenwedde').check();
    await page.getByLabel('Ihr Name').fill('Wanda Warteliste');
    await page.getByLabel('Ihre E-Mail-Adresse').fill('warte@example.org');
    await page.getByRole('button', { name: 'Auf die Warteliste' }).click();
    // Double opt-in: the page asks to confirm by the link in the mail.
    await page
      .getByRole('heading', { name: 'Bitte bestätigen Sie Ihren Eintrag' })
      .waitFor({ timeout: 30_000 });
    await expectNoAxeViolations(page, '/warteliste, joined');

    const confirmUrl = await linkFromMail(
      page,
      'warte@example.org',
      /\/warteliste\/[0-9a-f-]+\/bestaetigen#/,
    );
    await page.goto(confirmUrl);
    await expect.poll(() => headingText(page)).toBe('Eintrag auf der Warteliste bestätigen');
    await expectNoAxeViolations(page, 'confirm the waiting-list request');
    await page.getByRole('button', { name: 'Eintrag bestätigen' }).click();
    await page.getByRole('heading', { name: 'Sie stehen auf der Warteliste' }).waitFor();
    await expectNoAxeViolations(page, 'waiting-list request confirmed');

    const leaveUrl = await linkFromMail(page, 'warte@example.org', /\/warteliste\/[0-9a-f-]+\/verlassen#/);
    await page.goto(leaveUrl);
    await expect.poll(() => headingText(page)).toBe('Von der Warteliste abmelden');
    await expectNoAxeViolations(page, 'leave the waiting list');
    await page.getByRole('button', { name: 'Von der Warteliste abmelden' }).click();
    await page.getByRole('heading', { name: 'Sie sind abgemeldet' }).waitFor();
    expectQuietBrowser(watched);
    await page.close();
  });

  it('orders a notice for a site and confirms it with the link from the mail', async () => {
    const watched = await portal.openGermanPage(`/termine/${libraryStopId}`);
    const { page } = watched;
    await page.getByRole('heading', { name: 'Benachrichtigen, wenn dieser Termin ausfällt' }).waitFor();
    const form = page.locator('form', {
      has: page.getByRole('button', { name: 'Benachrichtigung bestellen' }),
    });
    await form.getByLabel('Ihre E-Mail-Adresse').fill('abo@example.org');
    await page.getByRole('button', { name: 'Benachrichtigung bestellen' }).click();
    await page.getByRole('heading', { name: 'Bitte bestätigen Sie per E-Mail' }).waitFor({ timeout: 30_000 });

    const confirmUrl = await linkFromMail(
      page,
      'abo@example.org',
      /\/benachrichtigung\/[0-9a-f-]+\/bestaetigen#/,
    );
    await page.goto(confirmUrl);
    await expect.poll(() => headingText(page)).toBe('Benachrichtigung bestätigen');
    await page.getByRole('button', { name: 'Benachrichtigung bestätigen' }).click();
    await page.getByRole('heading', { name: 'Die Benachrichtigung ist bestellt' }).waitFor();
    await expectNoAxeViolations(page, 'subscription confirmed');
    expectQuietBrowser(watched);
    await page.close();
  });

  it('moves a confirmed appointment to another time', async () => {
    const { app, database } = portal.test;
    const email = 'verschieben@example.org';
    const availability = (
      await app.inject({
        url: `/api/v1/availability?services=personalausweis-beantragen:1&siteId=bahnhof-avenwedde&from=${avenweddeDate}&to=${avenweddeDate}`,
      })
    ).json() as { stops: { slots: { startsAt: string }[] }[] };
    const slots = availability.stops[0]!.slots;
    const held = await app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      payload: {
        stopId: avenweddeStopId,
        startsAt: slots.at(-1)!.startsAt,
        services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
        name: 'Vera Verschieben',
        email,
        locale: 'de',
        captcha: await solvedCaptcha(app),
      },
    });
    expect(held.statusCode).toBe(201);
    const { bookingId } = held.json() as { bookingId: string };
    const { token } = await tokenFromLatestMail(database.db, email);
    const confirmed = await app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${bookingId}/confirm`,
      payload: { token },
    });
    expect(confirmed.statusCode).toBe(200);

    const watched = await portal.openGermanPage(`/termin/${bookingId}#${token}`);
    const { page } = watched;
    await page.getByText('Bestätigt', { exact: true }).waitFor();
    const before = await page.locator('.booking-details').textContent();
    await page.getByRole('button', { name: 'Termin verschieben' }).click();
    const slot = page.locator('.slot-button').first();
    await slot.waitFor();
    const slotName = (await slot.getAttribute('aria-label')) ?? '';
    await expectNoAxeViolations(page, 'manage page, choosing a new time');
    await slot.click();
    await page.getByRole('heading', { name: 'Wollen Sie den Termin auf diese Zeit verschieben?' }).waitFor();
    await page.getByRole('button', { name: 'Ja, verschieben' }).click();
    await page.getByRole('heading', { name: 'Ihr Termin ist verschoben' }).waitFor();
    await expect.poll(() => page.locator('.booking-details').textContent()).toContain(slotName);
    expect(await page.locator('.booking-details').textContent()).not.toBe(before);
    expectQuietBrowser(watched);
    await page.close();
  });
});

describe('the other new pages', () => {
  it('pass axe in German and English', async () => {
    const watched = await portal.openGermanPage('/');
    const { page } = watched;
    const cases = [
      { path: '/termine', de: 'Wann kommt das Mobile Rathaus?', en: 'When does the mobile town hall come?' },
      { path: `/termine/${libraryStopId}`, de: / am .*\d{4}$/, en: / on .*\d{4}$/ },
      { path: '/buchen', de: 'Was möchten Sie erledigen?', en: 'What do you need to do?' },
      { path: '/warteliste', de: 'Warteliste', en: 'Waiting list' },
      { path: '/dev/postausgang', de: 'Postausgang', en: 'Outbox' },
      {
        path: '/einbettung/termine',
        de: 'Nächste Termine des Mobilen Rathauses',
        en: 'Next dates of the mobile town hall',
      },
    ];
    for (const language of ['de', 'en'] as const) {
      if (language === 'en') {
        await page.getByRole('button', { name: 'English' }).click();
        // English loads on first use; the choice is remembered once it has loaded.
        await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
      }
      for (const pageCase of cases) {
        await page.goto(`${portal.baseUrl}${pageCase.path}`);
        const expected = pageCase[language];
        await expect
          .poll(() => headingText(page), { timeout: 15_000 })
          .toMatch(
            typeof expected === 'string' ? new RegExp(`^${expected.replace(/[?]/g, '\\?')}$`) : expected,
          );
        if (pageCase.path === '/termine') await page.locator('.site-map.leaflet-container').waitFor();
        if (pageCase.path.startsWith('/termine/'))
          await page.locator('.unavailable-list, #stop-offered').first().waitFor();
        await expectNoAxeViolations(page, `${pageCase.path} (${language})`);
      }
      // Step 2 in this language: slot names follow the language.
      await page.goto(
        `${portal.baseUrl}/buchen?services=personalausweis-beantragen:1&siteId=stadtbibliothek`,
      );
      await page.getByRole('button', { name: language === 'de' ? 'Weiter' : 'Continue' }).click();
      await page.locator('.free-day-list__link').first().click();
      await page.locator('.slot-button').first().waitFor();
      const name = (await page.locator('.slot-button').first().getAttribute('aria-label')) ?? '';
      expect(name).toMatch(
        language === 'de' ? slotNamePattern(libraryName) : englishSlotNamePattern(libraryName),
      );
      await expectNoAxeViolations(page, `/buchen step 3 (${language})`);
    }
    await page.getByRole('button', { name: 'Deutsch' }).click();
    expectQuietBrowser(watched);
    await page.close();
  });

  it('explains on a stop page what the unit cannot do, and why', async () => {
    const watched = await portal.openGermanPage(`/termine/${libraryStopId}`);
    const { page } = watched;
    // The kit has no secure forms or seal: a provisional ID card cannot be issued from it.
    const unavailable = page.locator('.unavailable-list');
    await unavailable.waitFor();
    expect(await unavailable.textContent()).toMatch(/Dafür (fehlt|fehlen) hier/);
    expectQuietBrowser(watched);
    await page.close();
  });

  it('the embeddable list has no header or footer and opens the portal in a new tab', async () => {
    const watched = await portal.openGermanPage('/einbettung/termine?siteId=stadtbibliothek');
    const { page } = watched;
    const response = await page.request.get(`${portal.baseUrl}/einbettung/termine?siteId=stadtbibliothek`);
    expect(response.headers()['content-security-policy']).not.toContain("frame-ancestors 'none'");
    expect(await page.locator('header, footer, nav').count()).toBe(0);
    const book = page.getByRole('link', { name: /^Termin buchen/ }).first();
    await book.waitFor();
    expect(await book.getAttribute('target')).toBe('_blank');
    expect(await book.getAttribute('href')).toContain('/buchen?siteId=stadtbibliothek');
    expect(await page.locator('.embed-list__item').count()).toBe(1);
    expectQuietBrowser(watched);
    await page.close();
  });

  it('links the development outbox from the footer only when the API has one', async () => {
    const watched = await portal.openGermanPage('/');
    const { page } = watched;
    const footer = page.getByRole('navigation', { name: 'Service-Links' });
    await footer.getByRole('link', { name: 'Postausgang (Entwicklung)' }).waitFor();
    expect(
      await page
        .getByRole('navigation', { name: 'Hauptmenü' })
        .getByRole('link', { name: /Postausgang/ })
        .count(),
    ).toBe(0);
    expectQuietBrowser(watched);
    await page.close();
  });
});

describe('with a mail server', () => {
  it('says the outbox is not available and does not link it', async () => {
    // The outbox exists only without SMTP and outside production; a mail server is the easier case to start.
    const production = await startPortal({ smtpUrl: 'smtp://127.0.0.1:9' });
    try {
      const watched = await production.openGermanPage('/dev/postausgang');
      const { page } = watched;
      await page.getByText('Der Postausgang ist hier nicht verfügbar.').waitFor();
      expect(await page.getByRole('link', { name: 'Postausgang (Entwicklung)' }).count()).toBe(0);
      await page.close();
    } finally {
      await production.close();
    }
  });
});
