import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectQuietBrowser, type Portal } from './support/browser.ts';
import {
  connectivity,
  createClerk,
  issueWalkInTicket,
  signInAtStation,
  signOffChecklist,
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
    { name: 'Anna Termin', email: 'anna@example.org' },
  ));
}, stationDayHookTimeout);

afterAll(async () => {
  await portal?.close();
});

describe('station app: a day at the stop, partly offline', () => {
  it('checks in, issues a walk-in, serves three citizens offline, and the server holds every record once', async () => {
    const clerk = await createClerk(portal);
    const watched = await portal.openPage();
    const { page } = watched;
    await page.goto(`${portal.baseUrl}/station`);
    await signInAtStation(page, clerk);
    await page.getByRole('heading', { level: 1, name: 'Heutige Halte' }).waitFor();
    await expect.poll(() => connectivity(page).textContent()).toMatch(/Online/);

    await page.getByRole('link', { name: siteName }).click();
    await page.getByRole('heading', { level: 1, name: siteName }).waitFor();
    await page.getByRole('cell', { name: 'Anna Termin' }).first().waitFor();
    await signOffChecklist(page);
    await page.getByRole('button', { name: 'Halt öffnen' }).click();

    // Check-in by the booking code, typed in lower case without the dash.
    await page.getByLabel('Buchungscode').fill(booking.code.replace('-', '').toLowerCase());
    await page.getByRole('button', { name: 'Einchecken', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'ist eingecheckt' }).waitFor();

    // A walk-in ticket for someone without a phone.
    await issueWalkInTicket(page, 'Walter Wartend', 'W-101');
    await waitUntilSynced(page);

    // The connection drops.
    await portal.context.setOffline(true);
    await expect.poll(() => connectivity(page).textContent()).toMatch(/^Offline/);

    // One more walk-in, made offline.
    await issueWalkInTicket(page, 'Olga Offline', 'W-102');

    const served: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      await page.getByRole('button', { name: 'Nächste Person aufrufen' }).click();
      const number = page.locator('.current-entry__number');
      await number.waitFor();
      served.push((await number.textContent())!.trim());
      await page.getByRole('button', { name: 'Bedienung beginnen' }).click();
      await page.getByRole('button', { name: 'Abschließen', exact: true }).click();
      await page.getByRole('button', { name: 'Nächste Person aufrufen' }).waitFor();
    }
    expect(served).toHaveLength(3);
    expect(new Set(served).size).toBe(3);
    expect(served).toEqual(expect.arrayContaining(['W-101', 'W-102']));
    await expect.poll(() => connectivity(page).textContent()).toMatch(/Offline.*10 ungesicherte Änderungen/);
    // The queue on the device is empty; the three show as finished.
    await page.getByText('Niemand wartet.').first().waitFor();

    // Back online: the outbox empties and every operation arrives exactly once.
    await portal.context.setOffline(false);
    await waitUntilSynced(page);

    const { db } = portal.test.database;
    const finished = await sql<{ entry_id: string; n: number }>`
      SELECT entry_id, count(*)::int AS n FROM queue_events
      WHERE stop_id = ${stopId} AND type = 'finished' GROUP BY entry_id`.execute(db);
    expect(finished.rows).toHaveLength(3);
    expect(finished.rows.every((row) => row.n === 1)).toBe(true);
    const issued = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM queue_events WHERE stop_id = ${stopId} AND type = 'ticket_issued'`.execute(
      db,
    );
    expect(issued.rows[0]?.n).toBe(2);
    const tickets = await sql<{ display_number: string; status: string; name: string | null }>`
      SELECT display_number, status, name FROM tickets WHERE stop_id = ${stopId} ORDER BY display_number`.execute(
      db,
    );
    expect(tickets.rows).toEqual([
      { display_number: 'W-101', status: 'finished', name: 'Walter Wartend' },
      { display_number: 'W-102', status: 'finished', name: 'Olga Offline' },
    ]);
    const bookingRow = await sql<{ status: string; outcome: string }>`
      SELECT status, outcome FROM bookings WHERE id = ${booking.bookingId}`.execute(db);
    expect(bookingRow.rows).toEqual([{ status: 'finished', outcome: 'done' }]);
    const operations = await sql<{ type: string; n: number }>`
      SELECT type, count(*)::int AS n FROM station_operations WHERE stop_id = ${stopId} GROUP BY type ORDER BY type`.execute(
      db,
    );
    expect(Object.fromEntries(operations.rows.map((row) => [row.type, row.n]))).toEqual({
      call: 3,
      check_in: 1,
      finish: 3,
      issue_ticket: 2,
      open_stop: 1,
      sign_off_checklist: 1,
      start_service: 3,
    });

    // The call display shows who is called now: two more walk-ins, called to counters 1 and 2.
    for (const [name, number] of [
      ['Dora Display', 'W-103'],
      ['Emil Anzeige', 'W-104'],
    ]) {
      // The dialog closes once the ticket is out; only then is it opened again.
      await issueWalkInTicket(page, name!, number);
    }
    await page.getByRole('button', { name: 'Nächste Person aufrufen' }).click();
    await page.getByLabel('Dieses Gerät bedient').selectOption('2');
    await page.getByRole('heading', { name: 'Mein Schalter (2)' }).waitFor();
    await page.getByRole('button', { name: 'Nächste Person aufrufen' }).click();
    await page.locator('.current-entry__number').waitFor();
    await waitUntilSynced(page);

    const display = await portal.openPage();
    await display.page.goto(`${portal.baseUrl}/station/anzeige/${stopId}`);
    const board = display.page.locator('[aria-live="polite"]');
    await expect.poll(() => board.innerText(), { timeout: 15_000 }).toMatch(/W-103\s*→\s*Schalter 1/);
    await expect.poll(() => board.innerText()).toMatch(/W-104\s*→\s*Schalter 2/);
    // No names on the public display.
    expect(await display.page.locator('body').innerText()).not.toMatch(/Dora|Emil|Anna|Walter|Olga/);
    expectQuietBrowser(display);
    expectQuietBrowser(watched);
  });
});
