import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoAxeViolations,
  expectQuietBrowser,
  forgetLanguage,
  startPortal,
  type Portal,
} from './support/browser.ts';

interface PageCase {
  path: string;
  heading: { de: string; en: string };
  /** the page's part of the document title, where it is not the heading */
  title?: { de: string; en: string };
  /** text further down that shows the page's content arrived */
  content: { de: string; en: string };
}

const pages: PageCase[] = [
  {
    path: '/',
    heading: { de: 'Mobiles Rathaus', en: 'Mobiles Rathaus – the town hall that comes to you' },
    title: { de: 'Start', en: 'Home' },
    content: { de: 'Wann kommt das Mobile Rathaus?', en: 'When does the mobile town hall come?' },
  },
  {
    path: '/dienstleistungen',
    heading: { de: 'Dienstleistungen', en: 'Services' },
    content: { de: 'Personalausweis beantragen', en: 'Apply for a national identity card' },
  },
  {
    path: '/dienstleistungen/personalausweis-beantragen',
    heading: { de: 'Personalausweis beantragen', en: 'Apply for a national identity card' },
    content: { de: 'Was passiert nach dem Termin?', en: 'What happens after the appointment?' },
  },
  {
    path: '/dienstleistungen/gibt-es-nicht',
    heading: { de: 'Diese Dienstleistung gibt es nicht', en: 'This service does not exist' },
    content: { de: 'Zurück zu allen Dienstleistungen', en: 'Back to all services' },
  },
  {
    path: '/standorte',
    heading: { de: 'Standorte', en: 'Locations' },
    content: { de: 'Ebbesloh: Ort noch offen', en: 'Ebbesloh: Place not decided yet' },
  },
  {
    path: '/impressum',
    heading: { de: 'Impressum', en: 'Legal notice' },
    content: { de: 'Berliner Straße 70', en: 'Berliner Straße 70' },
  },
  {
    path: '/barrierefreiheit',
    heading: { de: 'Erklärung zur Barrierefreiheit', en: 'Accessibility statement' },
    content: { de: 'teilweise vereinbar', en: 'partially compliant' },
  },
  {
    path: '/datenschutz',
    heading: { de: 'Datenschutzerklärung', en: 'Privacy notice' },
    content: { de: '30 Tage nach dem Termin', en: '30 days after the appointment' },
  },
  {
    path: '/hilfe',
    heading: { de: 'Hilfe und Kontakt', en: 'Help and contact' },
    content: { de: 'info@guetersloh.de', en: 'info@guetersloh.de' },
  },
  {
    path: '/leichte-sprache',
    heading: { de: 'Das Mobile Rathaus in Leichter Sprache', en: 'The mobile town hall in easy read' },
    content: { de: 'Es fährt herum.', en: 'it travels around' },
  },
  {
    path: '/leichte-sprache/buchen',
    heading: { de: 'So buchen Sie einen Termin', en: 'How to book an appointment' },
    content: { de: 'Wählen Sie einen Tag im Kalender.', en: 'Choose a day in the calendar.' },
  },
  {
    path: '/termin/links-senden',
    heading: { de: 'Links zum Termin neu schicken', en: 'Send the appointment links again' },
    content: { de: 'Buchungscode', en: 'Booking code' },
  },
  {
    path: '/gibt-es-nicht',
    heading: { de: 'Seite nicht gefunden', en: 'Page not found' },
    content: { de: 'Zur Startseite', en: 'Go to the home page' },
  },
];

let portal: Portal;

beforeAll(async () => {
  portal = await startPortal();
});

afterAll(async () => {
  await portal?.close();
});

describe.each(['de', 'en'] as const)('every page in %s', (language) => {
  it('loads, shows its content, names the document and passes axe (WCAG 2.1 AA)', async () => {
    const watched = await portal.openPage();
    const { page } = watched;
    await forgetLanguage(page, portal.baseUrl);
    await page.goto(`${portal.baseUrl}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    if (language === 'en') {
      await page.getByRole('button', { name: 'English' }).click();
      // English loads on first use; the choice is remembered once it has loaded.
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    }

    for (const pageCase of pages) {
      const response = await page.goto(`${portal.baseUrl}${pageCase.path}`);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      const heading = page.getByRole('heading', { level: 1 });
      await expect.poll(() => heading.textContent(), { timeout: 15_000 }).toBe(pageCase.heading[language]);
      await page.getByText(pageCase.content[language], { exact: false }).first().waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
      const title = (pageCase.title ?? pageCase.heading)[language];
      await expect.poll(() => page.title()).toBe(`${title} – Mobiles Rathaus – Stadt Gütersloh`);
      if (pageCase.path === '/standorte') await page.locator('.site-map.leaflet-container').waitFor();
      await expectNoAxeViolations(page, `${pageCase.path} (${language})`);
    }
    expectQuietBrowser(watched);
    await page.close();
  });
});

describe('the site map', () => {
  it('draws markers without loading any tiles from outside', async () => {
    const watched = await portal.openGermanPage('/');
    const { page } = watched;
    const externalRequests: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(portal.baseUrl)) externalRequests.push(request.url());
    });
    await page.goto(`${portal.baseUrl}/standorte`);
    const map = page.getByRole('region', { name: 'Karte der Standorte und Stadtteile' });
    await map.waitFor();
    // 17 sites and 14 district reference points in the seed
    await expect.poll(() => page.locator('.site-map path.leaflet-interactive').count()).toBe(31);
    expect(await page.locator('.site-map .site-map__district-label').count()).toBe(14);
    // Every site is labelled on the map, and its popup links to the site in the list.
    expect(await page.locator('.site-map .site-map__site-label').count()).toBe(17);
    await page.locator('.site-map .site-map__site-label', { hasText: 'Stadtbibliothek Gütersloh' }).waitFor();
    // Districts without an outline show their area as a circle of the same size (not interactive).
    expect(await page.locator('.site-map path:not(.leaflet-interactive)').count()).toBeGreaterThan(0);
    expect(await page.locator('.leaflet-tile').count()).toBe(0);
    expect(externalRequests).toEqual([]);
    expectQuietBrowser(watched);
    await page.close();
  });
});
