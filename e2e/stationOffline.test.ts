import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectQuietBrowser, type Portal } from './support/browser.ts';
import {
  cachedUrls,
  connectivity,
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
const citizen = { name: 'Berta Beispiel', email: 'berta.beispiel@example.org' };
const walkInName = 'Otto Ohnetermin';

beforeAll(async () => {
  ({ portal, stopId, booking } = await startStationDay(
    { unitId: 'buergerkoffer-1', siteId: 'stadtbibliothek' },
    citizen,
  ));
}, stationDayHookTimeout);

afterAll(async () => {
  await portal?.close();
});

describe('station app: personal data on the device', () => {
  it('survives an offline reload behind the password and is gone once the stop closes', async () => {
    const clerk = await createClerk(portal);
    const watched = await portal.openPage();
    const { page } = watched;
    await page.goto(`${portal.baseUrl}/station/tag/${stopId}`);
    await signInAtStation(page, clerk);
    await page.goto(`${portal.baseUrl}/station/tag/${stopId}`);
    // A reload with a live session still asks for the password: the key was only in memory.
    await page.getByRole('heading', { level: 1, name: 'Entsperren' }).waitFor();
    await page.getByLabel('Passwort').fill(clerk.password);
    await page.getByRole('button', { name: 'Entsperren' }).click();
    await page.getByRole('cell', { name: citizen.name }).waitFor();

    await signOffChecklist(page);
    await page.getByRole('button', { name: 'Halt öffnen' }).click();
    await page.getByLabel('Buchungscode').fill(booking.code);
    await page.getByRole('button', { name: 'Einchecken', exact: true }).click();
    await issueWalkInTicket(page, walkInName);
    await waitUntilSynced(page);
    await waitForOfflineShell(page);

    // Stored, but only encrypted: no name, e-mail or code in the clear anywhere on the device.
    const secrets = [citizen.name, citizen.email, booking.code, walkInName, 'Berta', 'Otto'];
    const whileOpen = await deviceStorageDump(page);
    expect(whileOpen).toContain('mobiles-rathaus-station/days');
    expect(secrets.filter((secret) => whileOpen.includes(secret))).toEqual([]);

    // Offline reload: the app shell comes from the service worker, the day from IndexedDB after unlocking.
    await portal.context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Entsperren' }).waitFor();
    await expect.poll(() => connectivity(page).textContent()).toMatch(/Offline/);
    await page.getByLabel('Passwort').fill('ein-falsches-Passwort');
    await page.getByRole('button', { name: 'Entsperren' }).click();
    await page.getByRole('alert').filter({ hasText: 'Das Passwort ist falsch' }).waitFor();
    await page.getByLabel('Passwort').fill(clerk.password);
    await page.getByRole('button', { name: 'Entsperren' }).click();
    await page.getByRole('cell', { name: citizen.name }).first().waitFor();
    await page.getByRole('cell', { name: walkInName }).first().waitFor();

    // Work goes on offline and is sent when the connection is back.
    await page.getByRole('button', { name: 'Nächste Person aufrufen' }).click();
    await page.locator('.current-entry__number').waitFor();
    await expect.poll(() => connectivity(page).textContent()).toMatch(/1 ungesicherte Änderung$/);
    await portal.context.setOffline(false);
    await waitUntilSynced(page);
    await page.getByRole('button', { name: 'Bedienung beginnen' }).click();
    await page.getByRole('button', { name: 'Abschließen', exact: true }).click();
    await waitUntilSynced(page);

    // Closing the stop: once the close is synced, nothing personal is left on the device.
    await page.getByRole('button', { name: 'Halt schließen …' }).click();
    await page.getByRole('button', { name: 'Ja, Halt jetzt schließen' }).click();
    await page.getByText('Die personenbezogenen Daten des Tages wurden von diesem Gerät gelöscht.').waitFor();
    const afterClose = await deviceStorageDump(page);
    expect(secrets.filter((secret) => afterClose.includes(secret))).toEqual([]);
    expect(afterClose.match(/idb:mobiles-rathaus-station\/(days|ops|conflicts):\[\{/)).toBeNull();
    expect(afterClose.match(/localStorage:.*/)).toBeNull();
    // Cache Storage holds the app shell only: never an API answer.
    const urls = await cachedUrls(page);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.filter((url) => !/\/(station\/|assets\/[^/]+)$/.test(new URL(url).pathname))).toEqual([]);

    const stop = await portal.test.app.inject({ url: `/api/v1/stops/${stopId}` });
    expect(stop.json<{ status: string }>().status).toBe('closed');

    // Signing out wipes the rest (the encrypted key check) too.
    await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    expect(
      (await deviceStorageDump(page)).match(/idb:mobiles-rathaus-station\/\w+:\[[^\]].{0,80}/),
    ).toBeNull();
    expectQuietBrowser(watched);
  });
});
