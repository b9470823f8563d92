import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCatalogue } from '../src/server/commands/catalogueImporter.ts';
import ar from '../src/web/i18n/ar.json';
import tr from '../src/web/i18n/tr.json';
import uk from '../src/web/i18n/uk.json';
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
      // Amounts as the page's language writes them: never "46,00 €" on an English page.
      if (language === 'en') expect(await page.locator('main').innerText()).not.toMatch(/\d,\d\d\s?€/);
    }
    if (language === 'en') {
      await page.goto(`${portal.baseUrl}/dienstleistungen/personalausweis-beantragen`);
      await page.getByRole('rowheader', { name: 'age 24 and over' }).waitFor();
      expect(await page.getByRole('row', { name: /age 24 and over/ }).innerText()).toContain('€46.00');
      await page.goto(`${portal.baseUrl}/standorte`);
      await page.locator('#site-bahnhof-avenwedde').getByText('Step-free access by lift.').waitFor();
    }
    expectQuietBrowser(watched);
    await page.close();
  });
});

describe('the site map', () => {
  it('draws markers without loading any tiles from outside', async () => {
    // One district with its outline from the data; the others show their area as a circle.
    const { db } = portal.test.database;
    const outline = {
      type: 'Polygon',
      coordinates: [
        [
          [8.4, 51.9],
          [8.43, 51.9],
          [8.43, 51.93],
          [8.4, 51.93],
          [8.4, 51.9],
        ],
      ],
    };
    await db
      .updateTable('districts')
      .set({ outline: JSON.stringify(outline) })
      .where('id', '=', 'isselhorst')
      .execute();
    const { items: districts } = (await portal.test.app.inject({ url: '/api/v1/districts' })).json() as {
      items: { outline: unknown; areaKm2: number | null }[];
    };
    const circles = districts.filter((district) => !district.outline && district.areaKm2).length;
    expect(circles).toBeGreaterThan(0);
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
    // A district with an outline shows it; those without show their area as a circle of the same size.
    expect(await page.locator('.site-map path.site-map__district-outline').count()).toBe(1);
    expect(await page.locator('.site-map path.site-map__district-area').count()).toBe(circles);
    expect(await page.locator('.site-map path:not(.leaflet-interactive)').count()).toBe(circles + 1);
    await page.getByText('Grenze eines Stadtteils').waitFor({ state: 'attached' });
    await page.getByText('Fläche eines Stadtteils (ungefähr, als Kreis)').waitFor({ state: 'attached' });
    await db.updateTable('districts').set({ outline: null }).where('id', '=', 'isselhorst').execute();
    expect(await page.locator('.leaflet-tile').count()).toBe(0);
    expect(externalRequests).toEqual([]);
    expectQuietBrowser(watched);
    await page.close();
  });
});

// --- Turkish, Ukrainian and Arabic (right to left) -----------------------------------------------------

const furtherLanguages = [
  { code: 'tr', button: 'Türkçe', m: tr, dir: 'ltr', access: 'Asansörle erişilebilir.' },
  { code: 'uk', button: 'Українська', m: uk, dir: 'ltr', access: 'Можна дістатися ліфтом.' },
  { code: 'ar', button: 'العربية', m: ar, dir: 'rtl', access: 'يمكن الوصول إليه بالمصعد.' },
] as const;

describe.each(furtherLanguages)('every page in $code', ({ code, button, m, dir, access }) => {
  it('shows each page in that language with the review note, names the document and passes axe', async () => {
    const watched = await portal.openGermanPage('/');
    const { page } = watched;
    await page.getByRole('button', { name: button }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(code);

    // path, heading, the page's part of the document title (null: a booking step, titled by its step)
    const cases: [string, string, string | null][] = [
      ['/', m.home.title, m.nav.home],
      ['/dienstleistungen', m.services.title, m.services.title],
      [
        '/dienstleistungen/personalausweis-beantragen',
        'Personalausweis beantragen',
        'Personalausweis beantragen',
      ],
      ['/dienstleistungen/gibt-es-nicht', m.service.notFoundTitle, m.service.notFoundTitle],
      ['/standorte', m.sites.title, m.sites.title],
      ['/termine', m.schedule.title, m.schedule.title],
      ['/buchen', m.booking.step1, null],
      ['/warteliste', m.waitlist.title, m.waitlist.title],
      ['/termin/links-senden', m.resend.title, m.resend.title],
      ['/impressum', m.imprint.title, m.imprint.title],
      ['/barrierefreiheit', m.accessibility.title, m.accessibility.title],
      ['/datenschutz', m.privacy.title, m.privacy.title],
      ['/hilfe', m.help.title, m.help.title],
      ['/leichte-sprache', m.easy.aboutTitle, m.easy.aboutTitle],
      ['/leichte-sprache/buchen', m.easy.bookingTitle, m.easy.bookingTitle],
      ['/gibt-es-nicht', m.notFound.title, m.notFound.title],
    ];
    for (const [path, heading, title] of cases) {
      await page.goto(`${portal.baseUrl}${path}`);
      const h1 = page.getByRole('heading', { level: 1 });
      await expect.poll(() => h1.textContent(), { timeout: 15_000 }).toBe(heading);
      await expect.poll(() => page.locator('.loading-status').count(), { timeout: 20_000 }).toBe(0);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(code);
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(dir);
      await page.getByText(m.language.unreviewedNote).waitFor();
      if (title !== null)
        await expect.poll(() => page.title()).toBe(`${title} – ${m.app.productName} – Stadt Gütersloh`);
      if (path === '/standorte') {
        await page.locator('.site-map.leaflet-container').waitFor();
        // Access information in the page's language where the city wrote it.
        await page.locator('#site-bahnhof-avenwedde').getByText(access, { exact: true }).waitFor();
      }
      if (path === '/dienstleistungen/personalausweis-beantragen') {
        // The German name is marked as German; the fee cases are in the page's language.
        expect(await h1.getAttribute('lang')).toBe('de');
        await page.getByRole('rowheader', { name: m.feeVariants.age_24_plus }).waitFor();
      }
      await expectNoAxeViolations(page, `${path} (${code})`);
    }
    expectQuietBrowser(watched);
    await page.close();
  }, 600_000);
});

// --- A second municipality shows its own legal texts and contact ---------------------------------------

describe('a second municipality', () => {
  it('shows its own imprint, accessibility statement, privacy contact and help numbers', async () => {
    const host = `localhost:${new URL(portal.baseUrl).port}`;
    const section = (heading: string, paragraph: string) => ({
      heading: { de: heading },
      paragraphs: [{ de: paragraph }],
    });
    await importCatalogue(portal.test.database.db, {
      kind: 'municipality',
      file: 'musterstadt.json',
      format: 'json',
      text: JSON.stringify({
        slug: 'musterstadt',
        name: 'Stadt Musterstadt',
        hostnames: [host],
        contact: { phone: '01234 56-0', email: 'rathaus@musterstadt.example', serviceNumber115: true },
        legal: {
          imprint: [section('Anbieterin', 'Die Stadt Musterstadt, Marktplatz 1, 12345 Musterstadt.')],
          accessibility: [section('Stand der Vereinbarkeit', 'Musterstadt prüft diese Seite jedes Jahr.')],
          privacy: [section('Verantwortlich', 'Datenschutz der Stadt Musterstadt, Marktplatz 1.')],
        },
      }),
      municipality: 'musterstadt',
      actor: 'test',
    });
    const watched = await portal.openPage();
    const { page } = watched;
    const base = `http://${host}`;
    await forgetLanguage(page, base);
    const expectPage = async (path: string, own: string, gueterslohText: string) => {
      await page.goto(`${base}${path}`);
      await page.getByText(own).waitFor();
      expect(await page.locator('main').innerText()).not.toContain(gueterslohText);
      await expect.poll(() => page.title()).toMatch(/ – Stadt Musterstadt$/);
      await expectNoAxeViolations(page, `${path} (Musterstadt)`);
    };
    await expectPage('/impressum', 'Die Stadt Musterstadt, Marktplatz 1, 12345 Musterstadt.', 'Gütersloh');
    await expectPage('/barrierefreiheit', 'Musterstadt prüft diese Seite jedes Jahr.', 'Gütersloh');
    await expectPage('/datenschutz', 'Datenschutz der Stadt Musterstadt, Marktplatz 1.', 'Gütersloh');
    await expectPage('/hilfe', 'rathaus@musterstadt.example', 'guetersloh.de');
    expect(await page.getByRole('link', { name: '01234 56-0' }).getAttribute('href')).toBe('tel:01234560');
    expect(await page.getByRole('link', { name: '115', exact: true }).getAttribute('href')).toBe('tel:115');
    // Gütersloh's own address still shows Gütersloh's texts.
    await page.goto(`${portal.baseUrl}/impressum`);
    await page.getByText('Berliner Straße 70', { exact: false }).first().waitFor();
    expectQuietBrowser(watched);
    await page.close();
  });
});
