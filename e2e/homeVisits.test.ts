import jsQR from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf } from '../src/domain/time.ts';
import { upcomingDate } from '../test/support/booking.ts';
import { createStaff, signInAs } from '../test/support/staffSession.ts';
import {
  expectNoAxeViolations,
  expectQuietBrowser,
  forgetLanguage,
  openSecondBrowser,
  startPortal,
  tabToSelector,
  type Portal,
} from './support/browser.ts';
import { createClerk, signInAtStation } from './support/station.ts';
import { signIn } from './support/staff.ts';

let portal: Portal;

beforeAll(async () => {
  portal = await startPortal();
});

afterAll(async () => {
  await portal?.close();
});

const date = upcomingDate(10, 2);
const request = (personName: string, overrides: Record<string, unknown> = {}) => ({
  visitFor: 'self',
  serviceIds: ['personalausweis-beantragen'],
  reason: 'illness',
  reasonDetails: 'Nach einer Operation bettlägerig',
  personName,
  street: 'Berliner Straße 70',
  postcode: '33330',
  city: 'Gütersloh',
  addressNote: '2. Stock',
  phone: '05241 123456',
  districtId: 'guetersloh-kernstadt',
  availability: [{ date, from: '09:00', until: '13:00' }],
  requesterName: personName,
  requesterEmail: 'erika@example.org',
  consent: false,
  locale: 'de',
  ...overrides,
});

describe('home visits', () => {
  it('a coordinator accepts and declines requests, plans a day and sees the route sheet; the citizen checks the staff by the code from the mail; axe-core reports zero violations in German and English', async () => {
    const planner = await signInAs(portal.test.app, 'planner');
    const citizen = (payload: object) =>
      portal.test.app.inject({
        method: 'POST',
        url: '/api/v1/home-visits',
        headers: { host: planner.headers.host },
        payload,
      });
    expect((await citizen(request('Erika Muster'))).statusCode).toBe(201);
    expect((await citizen(request('Otto Beispiel', { requesterEmail: undefined }))).statusCode).toBe(201);
    for (const name of ['Anna Beispiel', 'Bernd Beispiel']) {
      const created = await portal.test.app.inject({
        method: 'POST',
        url: '/api/v1/staff/staff-members',
        headers: planner.headers,
        payload: {
          name,
          qualifications: [],
          sharePercent: 100,
          leave: [],
          mobileWorkingDays: [],
          preferredDistrictIds: [],
          earliestStart: null,
        },
      });
      expect(created.statusCode).toBeLessThan(300);
    }
    const coordinator = await createStaff(portal.test.database.db, 'guetersloh', 'planner');

    const watched = await portal.openGermanPage('/verwaltung');
    const { page } = watched;
    await signIn(page, coordinator.email, coordinator.password);
    await page.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Verwaltung' })
      .getByRole('link', { name: 'Hausbesuche' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Hausbesuche' }).waitFor();
    await page.getByRole('button', { name: 'Entscheiden: Erika Muster' }).waitFor();
    await expectNoAxeViolations(page, 'home visits page');

    // Accept by e-mail, by keyboard from the decision button.
    await page.getByRole('button', { name: 'Entscheiden: Erika Muster' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Wunsch entscheiden: Erika Muster' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('triage-heading');
    await page.getByLabel('Minuten an der Tür (freiwillig)').fill('3');
    await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
    const summary = page.locator('.error-summary').first();
    await expect
      .poll(() => summary.textContent())
      .toContain('Bitte geben Sie eine ganze Zahl zwischen 5 und 240 ein.');
    await expectNoAxeViolations(page, 'triage with an error');
    await page.getByLabel('Minuten an der Tür (freiwillig)').fill('30');
    await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Der Hausbesuch für Erika Muster ist angenommen.' })
      .waitFor();

    // Decline by letter (no e-mail address): the reason is needed, then the letter's text is shown to print.
    await page.getByRole('button', { name: 'Entscheiden: Otto Beispiel' }).click();
    await page.getByLabel('Entscheidung', { exact: true }).selectOption('decline');
    await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
    await expect
      .poll(() => summary.textContent())
      .toContain('Bitte schreiben Sie eine Begründung für die Ablehnung.');
    await page
      .getByLabel('Begründung', { exact: true })
      .fill('Die Leistung braucht einen Termin im Bürgerbüro.');
    await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
    const letter = page.getByTestId('home-visit-letter');
    await expect
      .poll(() => letter.textContent())
      .toContain('Die Leistung braucht einen Termin im Bürgerbüro.');
    await page.getByRole('button', { name: 'Brief drucken' }).waitFor();
    await expectNoAxeViolations(page, 'letter to print');
    await page.getByRole('button', { name: 'Schließen' }).click();

    // Plan the day: one person is not enough; then two.
    await page.getByLabel('Tag', { exact: true }).fill(date);
    await page.getByLabel('Erste Person').selectOption({ label: 'Anna Beispiel' });
    await page.getByRole('checkbox', { name: /Erika Muster/ }).check();
    await page.getByRole('button', { name: 'Tag planen' }).click();
    await expect.poll(() => summary.textContent()).toContain('Bitte wählen Sie eine Person.');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary')))
      .toBe(true);
    await page.getByLabel('Zweite Person').selectOption({ label: 'Bernd Beispiel' });
    await page.getByRole('button', { name: 'Tag planen' }).click();
    await page.getByRole('heading', { level: 2, name: /^Fahrplan für/ }).waitFor();
    const route = page.getByRole('table', { name: 'Reihenfolge der Besuche' });
    await expect.poll(() => route.textContent()).toContain('Erika Muster');
    expect(await route.textContent()).toContain('Berliner Straße 70, 33330 Gütersloh');
    expect(await page.getByTestId('home-visit-explanation').textContent()).toContain('Fahrzeit gesamt');
    await page.getByRole('button', { name: 'Fahrplan drucken' }).waitFor();
    await expectNoAxeViolations(page, 'route sheet');

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Home visits' }).waitFor();
    await page.getByRole('button', { name: 'Show route sheet: Erika Muster' }).click();
    await page.getByRole('table', { name: 'Order of the visits' }).waitFor();
    await expectNoAxeViolations(page, 'home visits page in English');
    expectQuietBrowser(watched);

    // The citizen's mail carries the code; the portal shows the two names for it, and nothing for another.
    const mail = await portal.test.database.db
      .selectFrom('mails')
      .select('text_body')
      .where('purpose', '=', 'home_visit.planned')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const code = /\b[A-Z0-9]{4}-[A-Z0-9]{4}\b/.exec(mail.text_body)![0];

    const citizenPage = await portal.openGermanPage('/');
    const portalPage = citizenPage.page;
    await portalPage
      .getByRole('navigation', { name: 'Service-Links' })
      .getByRole('link', { name: 'Hausbesuch prüfen' })
      .click();
    await portalPage.getByRole('heading', { level: 1, name: 'Besuch prüfen' }).waitFor();
    await portalPage.getByLabel('Prüfcode').focus();
    await portalPage.keyboard.press('Enter');
    await expect
      .poll(() => portalPage.locator('.error-summary').first().textContent())
      .toContain('Bitte geben Sie den Prüfcode ein.');
    await expectNoAxeViolations(portalPage, 'verify page with an error');
    await portalPage.getByLabel('Prüfcode').fill('AAAA-BBBB');
    await portalPage.keyboard.press('Enter');
    await portalPage.getByText('Zu diesem Code gibt es keinen Hausbesuch.', { exact: false }).waitFor();
    await portalPage.getByLabel('Prüfcode').fill(code.toLowerCase());
    await portalPage.keyboard.press('Enter');
    const verified = portalPage.getByTestId('verified-visit');
    await expect.poll(() => verified.textContent()).toContain('Anna Beispiel und Bernd Beispiel');
    expect(await verified.textContent()).toContain('zwischen');
    expect(await verified.textContent()).not.toContain('Berliner');
    await expectNoAxeViolations(portalPage, 'verify page');

    await portalPage.getByRole('button', { name: 'English' }).click();
    await portalPage.getByRole('heading', { level: 1, name: 'Check a visit' }).waitFor();
    await portalPage.getByLabel('Verification code').fill(code);
    await portalPage.getByRole('button', { name: 'Check' }).click();
    await expect.poll(() => verified.textContent()).toContain('Anna Beispiel and Bernd Beispiel');
    await expectNoAxeViolations(portalPage, 'verify page in English');
    await forgetLanguage(portalPage, portal.baseUrl);
    expectQuietBrowser(citizenPage);
  });
  it('a citizen requests a home visit for a relative on the portal: error summary, the consent box, the answer; axe-core reports zero violations in German and English', async () => {
    const db = portal.test.database.db;
    const before = (await db.selectFrom('home_visits').select('id').execute()).length;
    const watched = await portal.openGermanPage('/');
    const { page } = watched;
    await page
      .getByRole('navigation', { name: 'Service-Links' })
      .getByRole('link', { name: 'Hausbesuch anfragen' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Hausbesuch anfragen' }).waitFor();
    await expectNoAxeViolations(page, 'request page');
    await page.getByLabel('Für wen ist der Besuch?').selectOption('relative');
    await page.getByRole('button', { name: 'Hausbesuch anfragen' }).click();
    const summary = page.locator('.error-summary').first();
    await expect
      .poll(() => summary.textContent())
      .toContain('Bitte bestätigen Sie, dass die Person einverstanden ist.');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary')))
      .toBe(true);
    await expectNoAxeViolations(page, 'request page with errors');

    const services = page.getByRole('group', { name: 'Was möchten Sie erledigen?' });
    await services.getByRole('checkbox', { name: 'Personalausweis beantragen', exact: true }).check();
    await services.getByRole('checkbox', { name: 'Reisepass beantragen', exact: true }).check();
    await page.getByLabel('Warum können Sie nicht kommen?').selectOption('care');
    await page.getByLabel('Name der Person, die besucht wird').fill('Helga Muster');
    await page.getByLabel('Straße und Hausnummer').fill('Berliner Straße 70');
    await page.getByLabel('Postleitzahl').fill('33330');
    await page.getByLabel('Ort', { exact: true }).fill('Gütersloh');
    await page.getByLabel('Stadtteil').selectOption('guetersloh-kernstadt');
    const first = page.getByRole('group', { name: 'Zeitraum 1' });
    await first.getByLabel('Passender Tag').fill(date);
    // A second time span, added by keyboard: the focus moves to its day; too short a span is refused.
    await page.getByRole('button', { name: 'Weiteren Zeitraum hinzufügen' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('hv-date-1');
    const second = page.getByRole('group', { name: 'Zeitraum 2' });
    await second.getByLabel('Passender Tag').fill(date);
    await second.getByLabel('Ab wann (Uhrzeit)').fill('14:00');
    await second.getByLabel('Bis wann (Uhrzeit)').fill('14:30');
    await page.getByLabel('Ihr Name').fill('Peter Muster');
    await page.getByLabel(/ist damit einverstanden/).check();
    await page.getByRole('button', { name: 'Hausbesuch anfragen' }).click();
    await expect
      .poll(() => summary.textContent())
      .toContain('Bitte geben Sie eine Uhrzeit mindestens eine Stunde nach dem Beginn ein');
    await expectNoAxeViolations(page, 'request page with two time spans and an error');
    await second.getByLabel('Bis wann (Uhrzeit)').fill('16:00');
    await page.getByRole('button', { name: 'Hausbesuch anfragen' }).click();
    await page.getByText('Ihre Anfrage ist angekommen').waitFor();
    await expectNoAxeViolations(page, 'request sent');
    const rows = await db
      .selectFrom('home_visits')
      .select(['visit_for', 'consent_text', 'service_ids', 'availability'])
      .execute();
    expect(rows).toHaveLength(before + 1);
    const sent = rows.find(
      (row) => row.visit_for === 'relative' && row.consent_text?.includes('einverstanden'),
    );
    expect(sent?.service_ids.sort()).toEqual(['personalausweis-beantragen', 'reisepass-beantragen']);
    const spans = typeof sent?.availability === 'string' ? JSON.parse(sent.availability) : sent?.availability;
    expect(spans).toEqual([
      { date, from: '09:00', until: '12:00' },
      { date, from: '14:00', until: '16:00' },
    ]);

    await page.goto(`${portal.baseUrl}/hausbesuch`);
    await page.getByRole('heading', { level: 1, name: 'Hausbesuch anfragen' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Request a home visit' }).waitFor();
    await page.getByRole('button', { name: 'Request a home visit' }).click();
    await expect.poll(() => summary.textContent()).toContain('Please choose what you need done.');
    await expectNoAxeViolations(page, 'request page in English');
    await forgetLanguage(page, portal.baseUrl);
    expectQuietBrowser(watched);
  });

  it("the clerk's tablet shows a signed QR code for today's visit; the citizen scans it and sees the two names and the hour; axe-core reports zero violations in German and English", async () => {
    const { app, database } = portal.test;
    const db = database.db;
    const planner = await signInAs(app, 'planner');
    const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url, headers: planner.headers, ...(payload ? { payload } : {}) });
    const today = localDateOf(Date.now());
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/home-visits',
      headers: { host: planner.headers.host },
      payload: request('Hilde Heute', {
        availability: [{ date: today, from: '00:00', until: '23:59' }],
        requesterEmail: undefined,
      }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const visitId = created.json<{ homeVisitId: string }>().homeVisitId;
    const triaged = await call('POST', `/api/v1/staff/home-visits/${visitId}/triage`, {
      decision: 'accept',
      channel: 'letter',
      serviceMinutes: 20,
      lat: 51.9069,
      lon: 8.3786,
    });
    expect(triaged.statusCode, triaged.body).toBe(200);
    const clerk = await createClerk(portal);
    const members: string[] = [];
    for (const [name, staffUserId] of [
      ['Clara Tür', clerk.id],
      ['Daniel Tür', null],
    ] as const) {
      const member = await call('POST', '/api/v1/staff/staff-members', {
        name,
        staffUserId,
        qualifications: [],
        sharePercent: 100,
        leave: [],
        mobileWorkingDays: [],
        preferredDistrictIds: [],
        earliestStart: null,
      });
      expect(member.statusCode, member.body).toBeLessThan(300);
      members.push(member.json<{ id: string }>().id);
    }
    const units = await db.selectFrom('units').select('id').orderBy('id').execute();
    const planned = await call('POST', '/api/v1/staff/home-visit-days', {
      date: today,
      unitId: units[units.length - 1]!.id,
      staffMemberIds: members,
      homeVisitIds: [visitId],
      dayStart: '00:00',
      dayEnd: '23:59',
    });
    expect(planned.statusCode, planned.body).toBe(201);
    // The planner's hour depends on the clock: the promised window is moved around now.
    const end = new Date(Math.floor((Date.now() + 3600_000) / 1000) * 1000);
    await db
      .updateTable('home_visits')
      .set({ window_start: new Date(end.getTime() - 3600_000), window_end: end })
      .where('id', '=', visitId)
      .execute();

    // The tablet is a browser of its own: the portal's context holds the coordinator's session.
    const tablet = await openSecondBrowser();
    const page = await tablet.context.newPage();
    await page.goto(`${portal.baseUrl}/station`);
    await signInAtStation(page, clerk);
    await page.getByRole('heading', { level: 1, name: 'Heutige Halte' }).waitFor();
    await tabToSelector(page, 'a[href="/station/hausbesuche"]', 40);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Hausbesuche heute' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Hausbesuche von Clara Tür und Daniel Tür' }).waitFor();
    await expectNoAxeViolations(page, 'home visits on the tablet');
    await tabToSelector(page, 'li.day-list__item button[aria-expanded="false"]', 40);
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { level: 2, name: 'Prüf-Code für Hilde Heute' });
    await heading.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('home-visit-pass-heading');
    const qr = page.getByRole('img', { name: 'QR-Code zum Prüfen der Mitarbeitenden der Stadt' });
    await qr.waitFor();
    await expectNoAxeViolations(page, 'the QR code at the door');
    // What the citizen's phone reads from the screen.
    const pixels = await qr.evaluate((element) => {
      const image = element as HTMLImageElement;
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const data = context.getImageData(0, 0, canvas.width, canvas.height);
      return { width: data.width, height: data.height, data: Array.from(data.data) };
    });
    const decoded = jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height);
    expect(decoded?.data).toMatch(/\/hausbesuch\/pruefen#pass=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(decoded!.data).not.toContain('Hilde');
    const pass = new URL(decoded!.data).hash;
    await page.getByRole('button', { name: 'Prüf-Code schließen' }).click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toContain('Prüf-Code zeigen: Hilde Heute');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: "Today's home visits" }).waitFor();
    await page.getByRole('button', { name: 'Show check code: Hilde Heute' }).click();
    await page.getByRole('img', { name: "QR code to check the city's staff" }).waitFor();
    await expectNoAxeViolations(page, 'the QR code at the door in English');
    await tablet.close();

    // The citizen's phone opens the address in the QR code: the names and the hour, nothing else.
    const citizenPage = await portal.openGermanPage('/');
    const phone = citizenPage.page;
    await phone.goto(`${portal.baseUrl}/hausbesuch/pruefen${pass}`);
    await phone.getByRole('heading', { level: 1, name: 'Besuch prüfen' }).waitFor();
    const verified = phone.getByTestId('verified-visit');
    await expect.poll(() => verified.textContent()).toContain('Clara Tür und Daniel Tür');
    expect(await verified.textContent()).not.toContain('Hilde');
    expect(await phone.locator('main').textContent()).not.toContain('Berliner');
    await expectNoAxeViolations(phone, 'verify page from the QR code');
    await phone.getByRole('button', { name: 'English' }).click();
    await phone.getByRole('heading', { level: 1, name: 'Check a visit' }).waitFor();
    await expect.poll(() => verified.textContent()).toContain('Clara Tür and Daniel Tür');
    await expectNoAxeViolations(phone, 'verify page from the QR code in English');
    // A tampered pass reveals nothing.
    const tampered = pass.slice(0, -3) + (pass.endsWith('AAA') ? 'BBB' : 'AAA');
    // A fresh load: only the fragment changed, which the browser would not load again.
    await phone.goto('about:blank');
    await phone.goto(`${portal.baseUrl}/hausbesuch/pruefen${tampered}`);
    await phone.getByText('QR code not valid').waitFor();
    expect(await phone.locator('main').textContent()).not.toContain('Clara');
    await expectNoAxeViolations(phone, 'verify page with a tampered pass');
    await forgetLanguage(phone, portal.baseUrl);
    expectQuietBrowser(citizenPage);
  }, 240_000);
});
