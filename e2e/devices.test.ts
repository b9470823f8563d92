import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withStaffTables } from '../src/db/staffSchema.ts';
import { createStaff } from '../test/support/staffSession.ts';
import {
  expectNoAxeViolations,
  expectQuietBrowser,
  openSecondBrowser,
  tabToSelector,
  type Portal,
} from './support/browser.ts';
import {
  cachedUrls,
  createClerk,
  deviceStorageDump,
  issueWalkInTicket,
  signInAtStation,
  signOffChecklist,
  startStationDay,
  stationDayHookTimeout,
  waitForOfflineShell,
  waitUntilSynced,
} from './support/station.ts';

let portal: Portal;
let stopId: string;
let booking: { bookingId: string; code: string };
const citizen = { name: 'Dora Diebstahl', email: 'dora.diebstahl@example.org' };
const walkInName = 'Gustav Geklaut';

beforeAll(async () => {
  ({ portal, stopId, booking } = await startStationDay(
    { unitId: 'rathausmobil', siteId: 'bahnhof-avenwedde' },
    citizen,
  ));
}, stationDayHookTimeout);

afterAll(async () => {
  await portal?.close();
});

describe('devices: a tablet reported lost', () => {
  it('an admin reports the tablet lost on the Geräte page; the station app wipes its data at its next contact and stays refused until reinstated', async () => {
    const db = portal.test.database.db;
    const clerk = await createClerk(portal);

    // The tablet: a day with an appointment and a walk-in on the device, the offline shell, a stored choice.
    const tablet = await portal.openPage();
    const station = tablet.page;
    await station.goto(`${portal.baseUrl}/station/tag/${stopId}`);
    await signInAtStation(station, clerk);
    await station.getByRole('cell', { name: citizen.name }).first().waitFor();
    await signOffChecklist(station);
    await station.getByRole('button', { name: 'Halt öffnen' }).click();
    await station.getByLabel('Buchungscode').fill(booking.code);
    await station.getByRole('button', { name: 'Einchecken', exact: true }).click();
    await issueWalkInTicket(station, walkInName);
    await waitUntilSynced(station);
    await waitForOfflineShell(station);
    await station.evaluate(() => localStorage.setItem('station-probe', 'kept until the wipe'));
    const before = await deviceStorageDump(station);
    expect(before).toMatch(/idb:mobiles-rathaus-station\/days:\[\{/);
    expect(before).toContain('localStorage:station-probe');

    // The admin's desk: another browser.
    const desk = await openSecondBrowser();
    try {
      const admin = await createStaff(db, 'guetersloh', 'admin');
      const page = await desk.context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${portal.baseUrl}/verwaltung/geraete`);
      await page.getByRole('heading', { level: 1, name: 'Anmeldung für die Verwaltung' }).waitFor();
      await page.getByLabel('E-Mail-Adresse').fill(admin.email);
      await page.getByLabel('Passwort').fill(admin.password);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.getByRole('heading', { level: 1, name: 'Geräte' }).waitFor();
      const row = page.getByRole('row').filter({ hasText: clerk.name });
      await row.getByText('In Betrieb, 1 offene Anmeldung').waitFor();
      await expectNoAxeViolations(page, 'devices page');

      // By keyboard: open the device, and report it lost without a reason first.
      await tabToSelector(page, 'table button[aria-expanded="false"]');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('device-edit-heading');
      await page.getByRole('button', { name: 'Gerät als verloren melden' }).click();
      const summary = page.locator('.error-summary');
      await summary
        .getByText('Geben Sie einen Grund an, warum das Gerät als verloren gemeldet wird.')
        .waitFor();
      await expectNoAxeViolations(page, 'devices page with an error');
      await page.getByLabel('Name des Geräts').fill('Tablet 2, Rathausmobil');
      await page.getByRole('button', { name: 'Namen speichern' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Der Name „Tablet 2, Rathausmobil“ wurde gespeichert.' })
        .waitFor();
      await page.getByLabel('Grund').fill('Am Bahnhof liegen gelassen, Anzeige erstattet');
      await page.getByRole('button', { name: 'Gerät als verloren melden' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: '„Tablet 2, Rathausmobil“ ist als verloren gemeldet; 1 Anmeldung wurde beendet.' })
        .waitFor();
      await row.getByText(/^Verloren gemeldet am/).waitFor();
      await expectNoAxeViolations(page, 'devices page with a lost device');

      // Next contact of the tablet (it calls the next person): the server says device_lost, the app wipes.
      await station.getByRole('button', { name: 'Nächste Person aufrufen' }).click();
      await station.getByRole('heading', { level: 1, name: 'Gerät als verloren gemeldet' }).waitFor();
      await station
        .getByRole('status')
        .filter({ hasText: 'Alle Daten der Station wurden von diesem Gerät gelöscht' })
        .waitFor();
      const secrets = [citizen.name, citizen.email, booking.code, walkInName, 'Dora', 'Gustav', clerk.email];
      const wiped = await deviceStorageDump(station);
      expect(secrets.filter((secret) => wiped.includes(secret))).toEqual([]);
      expect(wiped.match(/idb:mobiles-rathaus-station\/\w+:\[[^\]].{0,80}/)).toBeNull();
      expect(wiped.match(/localStorage:.*/)).toBeNull();
      expect(await cachedUrls(station)).toEqual([]);
      // Only the random device id is left, so the tablet stays known (and refused).
      expect(wiped).toMatch(/idb:mobiles-rathaus-device\/device:\["[0-9a-f-]{36}"\]/);

      // A reload asks the server again: still lost, nobody can sign in on it.
      await station.reload();
      await station.getByRole('heading', { level: 1, name: 'Gerät als verloren gemeldet' }).waitFor();
      const device = await withStaffTables(db)
        .selectFrom('devices')
        .select(['status', 'lost_reason'])
        .where('label', '=', 'Tablet 2, Rathausmobil')
        .executeTakeFirstOrThrow();
      expect(device).toEqual({
        status: 'lost',
        lost_reason: 'Am Bahnhof liegen gelassen, Anzeige erstattet',
      });

      // The admin reinstates it, in English.
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('heading', { level: 1, name: 'Devices' }).waitFor();
      await page.getByRole('button', { name: 'Edit “Tablet 2, Rathausmobil”' }).click();
      await page.getByRole('heading', { level: 2, name: 'Device “Tablet 2, Rathausmobil”' }).waitFor();
      await expectNoAxeViolations(page, 'devices page in English');
      await page.getByRole('button', { name: 'Reinstate device' }).click();
      await page.getByRole('group', { name: 'Reinstate “Tablet 2, Rathausmobil”?' }).waitFor();
      await expectNoAxeViolations(page, 'devices page asking before reinstating');
      await page.getByRole('button', { name: 'Yes, reinstate' }).click();
      await page.getByRole('status').filter({ hasText: '“Tablet 2, Rathausmobil” is reinstated.' }).waitFor();
      await row.getByText('In use, 0 open sign-ins').waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await desk.close();
    }

    // Reinstated, the tablet signs in again: the wiped day comes fresh from the server.
    await station.reload();
    await signInAtStation(station, clerk);
    await station.getByRole('cell', { name: citizen.name }).first().waitFor();
    expectQuietBrowser(tablet);
  });
});
