// Tracker issue 11: the clerk captures a document at the stop while the tablet is offline; it waits encrypted
// on the device and reaches the case exactly once when the connection is back, even when the first answer
// is lost on the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePdf } from '../test/support/documentSamples.ts';
import { expectNoAxeViolations, expectQuietBrowser, type Portal } from './support/browser.ts';
import {
  connectivity,
  createClerk,
  deviceStorageDump,
  signInAtStation,
  startStationDay,
  stationDayHookTimeout,
  waitUntilSynced,
} from './support/station.ts';

let portal: Portal;
let stopId: string;
let booking: { bookingId: string; code: string };
const citizen = { name: 'Dora Dokument', email: 'dora.dokument@example.org' };
const title = 'Unterschriebener Antrag Dora';
const pdfText = 'Vertraulicher Inhalt Dora Dokument';

beforeAll(async () => {
  ({ portal, stopId, booking } = await startStationDay(
    { unitId: 'buergerkoffer-1', siteId: 'stadtbibliothek' },
    citizen,
  ));
}, stationDayHookTimeout);

afterAll(async () => {
  await portal?.close();
});

describe('station app: documents captured at the stop', () => {
  it('keeps a document captured offline encrypted on the device and sends it once when online', async () => {
    const db = portal.test.database.db;
    const kase = await db
      .selectFrom('cases')
      .select(['id', 'number'])
      .where('booking_id', '=', booking.bookingId)
      .executeTakeFirstOrThrow();
    const documentsOfCase = () =>
      db
        .selectFrom('documents')
        .select(['id', 'file_name', 'media_type', 'client_upload_id'])
        .where('owner_kind', '=', 'case')
        .where('owner_id', '=', kase.id)
        .execute();

    const clerk = await createClerk(portal);
    const watched = await portal.openPage();
    const { page } = watched;
    await page.goto(`${portal.baseUrl}/station/tag/${stopId}`);
    await signInAtStation(page, clerk);
    await page.getByRole('cell', { name: citizen.name }).first().waitFor();
    const panel = page.getByRole('region', { name: 'Dokumente erfassen' });
    await panel.waitFor();
    // The only open case of the day is chosen already; the file input offers the camera.
    await expect.poll(() => panel.getByLabel('Vorgang').inputValue()).toBe(kase.id);
    const fileInput = panel.getByLabel('Foto oder Datei');
    expect(await fileInput.getAttribute('capture')).toBe('environment');
    expect(await fileInput.getAttribute('accept')).toBe('application/pdf,image/jpeg,image/png');
    await expectNoAxeViolations(page, 'day view with document capture');

    // By keyboard: sending the empty form shows the error summary, linked to the fields.
    await panel.getByLabel('Bezeichnung').focus();
    await page.keyboard.press('Tab'); // the source (camera or file)
    await page.keyboard.press('Tab'); // the file input
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Dokument erfassen');
    await page.keyboard.press('Enter');
    const summary = panel.locator('.error-summary');
    await summary.waitFor();
    await expect.poll(() => summary.textContent()).toContain('Geben Sie eine Bezeichnung');
    expect(await summary.textContent()).toContain('Nehmen Sie ein Foto auf oder wählen Sie eine Datei.');
    await expectNoAxeViolations(page, 'document capture with errors');
    // A scan already on the tablet: the file input then opens the file chooser, not the camera (arrow keys).
    await panel.getByLabel('Foto mit der Kamera').focus();
    await page.keyboard.press('ArrowRight');
    expect(await panel.getByLabel('Datei vom Tablet').isChecked()).toBe(true);
    await expect.poll(() => fileInput.getAttribute('capture')).toBeNull();
    // A file of another type is refused on the device.
    await fileInput.setInputFiles({ name: 'notiz.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
    await panel.getByLabel('Bezeichnung').fill(title);
    await panel.getByRole('button', { name: 'Dokument erfassen' }).press('Enter');
    await expect.poll(() => summary.textContent()).toContain('Wählen Sie eine PDF-, JPEG- oder PNG-Datei.');

    // Offline: the PDF goes into the encrypted store, nothing to the server.
    await portal.context.setOffline(true);
    await expect.poll(() => connectivity(page).textContent()).toMatch(/Offline/);
    await fileInput.setInputFiles({
      name: 'scan.pdf',
      mimeType: 'application/pdf',
      buffer: samplePdf(pdfText),
    });
    await panel.getByLabel('Bezeichnung').fill(title);
    await panel.getByRole('button', { name: 'Dokument erfassen' }).press('Enter');
    await panel
      .getByText('Das Dokument ist verschlüsselt auf dem Gerät gespeichert.', { exact: false })
      .waitFor();
    // Found apart from the panel's heading, which changes with the language.
    const item = page.locator('ul.documents-queue > li').filter({ hasText: `${title}.pdf` });
    await expect
      .poll(() => item.textContent())
      .toBe(`${title}.pdf für Vorgang ${kase.number}: wartet auf Verbindung, noch nicht gesendet`);
    await expect.poll(() => connectivity(page).textContent()).toMatch(/1 ungesicherte Änderung$/);
    expect(await documentsOfCase()).toEqual([]);
    await expectNoAxeViolations(page, 'document waiting offline');

    const stored = await deviceStorageDump(page);
    expect(stored).toMatch(/idb:mobiles-rathaus-station\/documents:\[\{/);
    const clear = [title, 'Dora', pdfText, '%PDF', btoa('%PDF-1.4'), kase.id, kase.number, 'scan.pdf'];
    expect(clear.filter((text) => stored.includes(text))).toEqual([]);

    // The same in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('region', { name: 'Capture documents' }).waitFor();
    await expect
      .poll(() => item.textContent())
      .toBe(`${title}.pdf for case ${kase.number}: waiting for a connection, not sent yet`);
    await expectNoAxeViolations(page, 'document waiting offline in English');
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await panel.waitFor();

    // Online again, and the first answer is lost after the server stored the document: the tablet sends the
    // same upload id again, and the server answers with the stored document instead of a second one.
    const uploads: string[] = [];
    await page.route('**/api/v1/staff/cases/*/documents?*', async (route) => {
      uploads.push(new URL(route.request().url()).searchParams.get('clientUploadId') ?? '');
      if (uploads.length === 1) {
        const response = await route.fetch();
        expect(response.status()).toBe(201);
        await route.abort('connectionreset');
        return;
      }
      await route.continue();
    });
    await portal.context.setOffline(false);
    await waitUntilSynced(page);
    await expect.poll(() => item.textContent()).toMatch(/: gesendet um \d{1,2}:\d{2} Uhr$/);
    expect(uploads.length).toBeGreaterThanOrEqual(2);
    expect(new Set(uploads).size).toBe(1);

    const documents = await documentsOfCase();
    expect(documents).toEqual([
      {
        id: expect.any(String),
        file_name: `${title}.pdf`,
        media_type: 'application/pdf',
        client_upload_id: uploads[0],
      },
    ]);
    const added = await db
      .selectFrom('case_events')
      .select(['channel'])
      .where('case_id', '=', kase.id)
      .where('kind', '=', 'document_added')
      .execute();
    expect(added).toEqual([{ channel: 'stop' }]);

    // Sent: the local copy is gone from the device.
    const after = await deviceStorageDump(page);
    expect(after).toContain('idb:mobiles-rathaus-station/documents:[]');
    expectQuietBrowser(watched);
  });
});
