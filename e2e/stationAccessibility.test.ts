import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoAxeViolations,
  expectQuietBrowser,
  tabToSelector,
  tabToText,
  type Portal,
} from './support/browser.ts';
import {
  createClerk,
  signInAtStation,
  startStationDay,
  stationDayHookTimeout,
  waitUntilSynced,
} from './support/station.ts';

let portal: Portal;
let stopId: string;
let siteName: string;
let booking: { bookingId: string; code: string };

beforeAll(async () => {
  ({ portal, stopId, booking, siteName } = await startStationDay(
    { unitId: 'rathausmobil', siteId: 'bahnhof-avenwedde' },
    { name: 'Clara Zugang', email: 'clara@example.org' },
  ));
}, stationDayHookTimeout);

afterAll(async () => {
  await portal?.close();
});

describe('station app: accessibility (WCAG 2.1 A/AA) and keyboard', () => {
  it('has no axe violations on any station page, and works by keyboard', async () => {
    const clerk = await createClerk(portal);
    const watched = await portal.openPage();
    const { page } = watched;

    // Sign-in, empty and with the error summary; no SSO link without OIDC.
    await page.goto(`${portal.baseUrl}/station/`);
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    expect(await page.getByRole('link', { name: 'Mit Dienstkonto anmelden (SSO)' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'station sign-in');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Es gibt ein Problem' });
    await summary.waitFor();
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      'Geben Sie Ihre E-Mail-Adresse ein.',
      'Geben Sie Ihr Passwort ein.',
    ]);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await expectNoAxeViolations(page, 'station sign-in with errors');
    await page.getByLabel('Passwort').fill('falsch-falsch-falsch');
    await page.getByLabel('E-Mail-Adresse').fill(clerk.email);
    await page.getByLabel('Passwort').press('Enter');
    await summary.filter({ hasText: 'E-Mail-Adresse oder Passwort stimmen nicht.' }).waitFor();

    await signInAtStation(page, clerk);
    await page.getByRole('heading', { level: 1, name: 'Heutige Halte' }).waitFor();
    await page.getByRole('link', { name: siteName }).waitFor();
    await expectNoAxeViolations(page, 'today’s stops');

    // The day view, driven by keyboard: open the stop, check in, issue a ticket, call, start.
    await tabToSelector(page, `a[href="/station/tag/${stopId}"]`, 40);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: siteName }).waitFor();
    await expectNoAxeViolations(page, 'day view before opening');
    // The readiness checklist first: sent unanswered, the error summary lists the items; then each is ok.
    await tabToText(page, 'Checkliste abzeichnen', 80);
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Wählen Sie für' }).first().waitFor();
    await expectNoAxeViolations(page, 'checklist with errors');
    const items = await page.locator('form.readiness-form fieldset').count();
    for (let index = 0; index < items; index += 1) {
      await tabToSelector(page, `#check-${index}-ok`, 30);
      await page.keyboard.press('Space');
    }
    await tabToText(page, 'Checkliste abzeichnen', 30);
    await page.keyboard.press('Enter');
    await page.getByText('Die Checkliste ist abgezeichnet.').waitFor();
    await tabToText(page, 'Halt öffnen', 80);
    await page.keyboard.press('Enter');
    await page.getByLabel('Buchungscode').waitFor();
    await page.getByLabel('Buchungscode').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Geben Sie den Buchungscode ein.' }).waitFor();
    await expectNoAxeViolations(page, 'check-in with an error');
    await page.getByLabel('Buchungscode').focus();
    await page.keyboard.type(booking.code);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'ist eingecheckt' }).waitFor();
    // The walk-in form is a dialog: opened by keyboard, the focus inside, errors summarised in it.
    await tabToSelector(page, 'button[aria-haspopup="dialog"]', 60);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Wartenummer ausgeben' });
    await dialog.waitFor();
    await tabToSelector(page, '#walkin-name', 20);
    await page.keyboard.press('Enter');
    await dialog.getByRole('alert').filter({ hasText: 'Wählen Sie mindestens ein Anliegen.' }).waitFor();
    await expectNoAxeViolations(page, 'walk-in dialog with an error');
    await dialog.getByRole('group', { name: 'Anliegen' }).getByRole('checkbox').first().focus();
    await page.keyboard.press('Space');
    await tabToSelector(page, '#walkin-name');
    await page.keyboard.type('Karl Tastatur');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('status').filter({ hasText: 'Ausgegebene Wartenummer: W-101' }).waitFor();
    await page.getByRole('button', { name: 'Nächste Person aufrufen' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Bedienung beginnen' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Abschließen', exact: true }).waitFor();
    await waitUntilSynced(page);
    await expectNoAxeViolations(page, 'day view with an entry in service');

    // Poster with the QR code.
    await page.getByRole('link', { name: 'Aushang mit QR-Code drucken' }).click();
    await page.getByRole('img', { name: 'QR-Code zum Ziehen einer Wartenummer an diesem Halt' }).waitFor();
    // The poster prints the ticket page's address under PUBLIC_BASE_URL.
    expect(await page.locator('.poster__link').textContent()).toMatch(
      new RegExp(`^${portal.test.config.publicBaseUrl}/station/warteschlange/[0-9a-f-]+#[\\w-]+$`),
    );
    await expectNoAxeViolations(page, 'poster');

    // Unlock after a reload, with a wrong password first.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Entsperren' }).waitFor();
    await expectNoAxeViolations(page, 'unlock');
    await page.getByLabel('Passwort').fill('nicht-das-Passwort');
    await page.getByLabel('Passwort').press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Das Passwort ist falsch' }).waitFor();
    await expectNoAxeViolations(page, 'unlock with an error');
    await page.getByLabel('Passwort').fill(clerk.password);
    await page.getByLabel('Passwort').press('Enter');
    await page.getByRole('img', { name: 'QR-Code zum Ziehen einer Wartenummer an diesem Halt' }).waitFor();

    // Public pages: call display, walk-in by phone.
    const day = await page.evaluate(async (id) => {
      const response = await fetch(`/api/v1/staff/station/stops/${id}/day`);
      return (await response.json()) as { posterUrl: string };
    }, stopId);
    const poster = new URL(day.posterUrl, portal.baseUrl);
    const display = await portal.openPage();
    await display.page.goto(`${portal.baseUrl}/station/anzeige/${stopId}`);
    // Only who is called right now shows (the one at counter 1 is already being served).
    await display.page
      .getByText(/Noch niemand aufgerufen|Schalter \d/)
      .first()
      .waitFor();
    await display.page.locator('.call-display__waiting').waitFor();
    await expectNoAxeViolations(display.page, 'call display');

    const phone = await portal.openPage();
    await phone.page.goto(`${portal.baseUrl}${poster.pathname}${poster.hash}`);
    await phone.page.getByRole('heading', { level: 1, name: 'Wartenummer ziehen' }).waitFor();
    await expectNoAxeViolations(phone.page, 'walk-in join');
    await phone.page.getByRole('button', { name: 'Nummer ziehen' }).click();
    await phone.page.getByRole('heading', { level: 1, name: 'Ihre Wartenummer' }).waitFor();
    await phone.page.getByText(/Sie sind auf Platz \d+/).waitFor();
    expect(phone.page.url()).toMatch(/\/station\/warteschlange\/ticket\/[0-9a-f-]{36}#/);
    await expectNoAxeViolations(phone.page, 'walk-in ticket');

    // One ticket per phone: drawing again names the ticket the phone holds.
    await phone.page.goto(`${portal.baseUrl}${poster.pathname}${poster.hash}`);
    await phone.page.getByRole('heading', { level: 1, name: 'Wartenummer ziehen' }).waitFor();
    await phone.page.getByRole('button', { name: 'Nummer ziehen' }).click();
    await phone.page
      .getByText(/Sie haben schon die Wartenummer W-0\d+/)
      .first()
      .waitFor();
    await expectNoAxeViolations(phone.page, 'walk-in join refused: one ticket per phone');

    // Staff remove walk-in tickets in bulk from the day view, by keyboard.
    await page.getByRole('link', { name: 'Zurück zur Tagesansicht' }).click();
    const choose = page.getByRole('checkbox', { name: /^Wartenummer W-0\d+ auswählen$/ }).first();
    await choose.waitFor();
    await choose.focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Ausgewählte Nummern entfernen (1)' }).focus();
    await page.keyboard.press('Enter');
    // The numbers lapse: the question comes first, with the focus on "yes".
    await page.getByRole('group', { name: '1 Wartenummer entfernen?' }).waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe('Ja, entfernen');
    await expectNoAxeViolations(page, 'day view asking before removing walk-in tickets');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Wartenummern entfernt: 1' }).waitFor();
    await expect
      .poll(() => page.getByRole('checkbox', { name: /^Wartenummer W-0\d+ auswählen$/ }).count())
      .toBe(0);
    await expectNoAxeViolations(page, 'day view after removing walk-in tickets');

    for (const each of [watched, display, phone]) expectQuietBrowser(each);
  }, 300_000);
});
