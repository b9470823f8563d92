import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenFromLatestMail } from '../test/support/booking.ts';
import { signInAs } from '../test/support/staffSession.ts';
import { inviteToVisitFeedback } from '../src/server/commands/visitFeedbackInviter.ts';
import { expectNoAxeViolations, expectQuietBrowser, tabToSelector, type Portal } from './support/browser.ts';
import {
  createClerk,
  signInAtStation,
  startStationDay,
  stationDayHookTimeout,
  waitUntilSynced,
} from './support/station.ts';

// Tracker issue 10: the survey after a visit (portal page from the mail) and "why not online" at the counter.

let portal: Portal;
let stopId: string;
let siteName: string;
let booking: { bookingId: string; code: string };

beforeAll(async () => {
  ({ portal, stopId, booking, siteName } = await startStationDay(
    { unitId: 'rathausmobil', siteId: 'bahnhof-avenwedde' },
    { name: 'Ulla Umfrage', email: 'ulla.umfrage@example.org' },
  ));
}, stationDayHookTimeout);

afterAll(async () => {
  await portal?.close();
});

const at = () => new Date().toISOString();
const op = (type: string, payload: Record<string, unknown> = {}) => ({
  opId: randomUUID(),
  at: at(),
  type,
  ...payload,
});

async function operations(ops: object[]) {
  const clerk = await signInAs(portal.test.app, 'clerk');
  const response = await portal.test.app.inject({
    method: 'POST',
    url: `/api/v1/staff/station/stops/${stopId}/operations`,
    headers: clerk.headers,
    payload: { deviceId: 'e2e-api', operations: ops },
  });
  expect(response.statusCode, response.body).toBe(200);
  const results = response.json<{ results: { outcome: string }[] }>().results;
  expect(results.map((r) => r.outcome)).toEqual(ops.map(() => 'applied'));
}

describe('the survey after a visit', () => {
  it('is answered in German and English from the mail link, with axe at zero, once', async () => {
    await operations([
      op('open_stop', { reason: 'Checkliste auf Papier' }),
      op('check_in', { code: booking.code }),
      op('call', { entryId: booking.bookingId, counter: 1 }),
      op('start_service', { entryId: booking.bookingId }),
      op('finish', {
        entryId: booking.bookingId,
        outcome: 'done',
        deliveredServices: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
      }),
    ]);
    const db = portal.test.database.db;
    const { id: municipalityId } = await db
      .selectFrom('municipalities')
      .select('id')
      .where('slug', '=', 'guetersloh')
      .executeTakeFirstOrThrow();
    expect(
      await inviteToVisitFeedback(db, {
        municipalityId,
        bookingId: booking.bookingId,
        publicBaseUrl: portal.baseUrl,
      }),
    ).toBe(true);
    const { token } = await tokenFromLatestMail(db, 'ulla.umfrage@example.org', 'visit.feedback');

    const watched = await portal.openGermanPage(`/rueckmeldung#${token}`);
    const { page } = watched;
    await page.getByRole('heading', { level: 1, name: 'Wie war Ihr Besuch?' }).waitFor();
    await expectNoAxeViolations(page, 'survey page in German');

    // Sent without the required answers: the error summary links to both questions.
    await page.getByRole('button', { name: 'Antworten senden' }).click();
    const summary = page.locator('.error-summary');
    await summary.getByRole('link', { name: 'Wählen Sie aus, wie zufrieden Sie waren.' }).waitFor();
    await summary
      .getByRole('link', { name: 'Wählen Sie aus, ob Sie das Mobile Rathaus wieder nutzen würden.' })
      .waitFor();
    await expectNoAxeViolations(page, 'survey page in German with errors');

    // The same page in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'How was your visit?' }).waitFor();
    await expectNoAxeViolations(page, 'survey page in English');
    await page.getByRole('group', { name: 'How satisfied were you with your visit?' }).waitFor();
    await page.getByLabel('4 – satisfied').check();
    await page.getByLabel('Yes', { exact: true }).check();
    await page.getByLabel('Some time').check();
    await page.getByLabel('By bus or train').check();
    await page.getByRole('button', { name: 'Send answers' }).click();
    await page.getByRole('heading', { name: 'Thank you for your answers!' }).waitFor();
    await expectNoAxeViolations(page, 'survey sent in English');

    const answers = await db.selectFrom('visit_feedback').selectAll().execute();
    expect(answers).toEqual([
      expect.objectContaining({
        stop_id: stopId,
        channel: 'booked',
        satisfaction: 4,
        would_use_again: 'yes',
        time_compared: 'saved_some',
        travel_mode: 'bus',
      }),
    ]);

    // A second answer for the same visit: the page says so, and nothing more is stored.
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Wie war Ihr Besuch?' }).waitFor();
    await page.getByLabel('1 – sehr unzufrieden').check();
    await page.getByLabel('Nein', { exact: true }).check();
    await page.getByRole('button', { name: 'Antworten senden' }).click();
    await page
      .getByRole('heading', { name: 'Zu diesem Besuch haben Sie schon geantwortet. Danke!' })
      .waitFor();
    expect(await db.selectFrom('visit_feedback').selectAll().execute()).toHaveLength(1);
    expectQuietBrowser(watched);
    await page.close();
  });
});

describe('why not online, at the counter', () => {
  it('records the reason for a service that also exists online, by keyboard', async () => {
    // A walk-in who came to register their address ("wohnsitz-anmelden"), which also exists online.
    const ticketId = randomUUID();
    const { status } = await portal.test.database.db
      .selectFrom('stops')
      .select('status')
      .where('id', '=', stopId)
      .executeTakeFirstOrThrow();
    await operations([
      ...(status === 'open' ? [] : [op('open_stop', { reason: 'Checkliste auf Papier' })]),
      op('issue_ticket', {
        ticketId,
        displayNumber: 'W-901',
        services: [{ serviceId: 'wohnsitz-anmelden', quantity: 1 }],
      }),
    ]);
    const clerk = await createClerk(portal);
    const watched = await portal.openPage();
    const { page } = watched;
    await page.goto(`${portal.baseUrl}/station`);
    await signInAtStation(page, clerk);
    await page.getByRole('link', { name: siteName }).click();
    await page.getByRole('heading', { level: 1, name: siteName }).waitFor();
    await page.getByRole('button', { name: 'Nächste Person aufrufen' }).click();
    await page.locator('.current-entry__number').filter({ hasText: 'W-901' }).waitFor();
    await page.getByRole('button', { name: 'Bedienung beginnen' }).click();

    const why = page.getByRole('group', {
      name: /^Warum ist die Person für „Wohnung an- oder ummelden.*“ persönlich gekommen\? Das gibt es auch online\.$/,
    });
    await why.waitFor();
    // Keyboard only: Tab into the radio group (the checked "Keine Angabe"), arrows to "Kein Online-Ausweis".
    await tabToSelector(page, 'input[type="radio"][name$="-why-wohnsitz-anmelden"]', 60);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect
      .poll(() => why.getByLabel('Kein Online-Ausweis (eID) oder keine PIN').isChecked())
      .toBe(true);
    await tabToSelector(page, 'form.finish-form button[type="submit"]');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Nächste Person aufrufen' }).waitFor();
    await waitUntilSynced(page);

    const reasons = await portal.test.database.db
      .selectFrom('in_person_reasons')
      .select(['entry_kind', 'entry_id', 'service_id', 'reason'])
      .execute();
    expect(reasons).toEqual([
      { entry_kind: 'walk_in', entry_id: ticketId, service_id: 'wohnsitz-anmelden', reason: 'no_eid' },
    ]);
    await expectNoAxeViolations(page, 'station day after finishing');
    expectQuietBrowser(watched);
    await page.close();
  });
});

describe('the walk-in ticket page', () => {
  it('asks where the person comes from when drawing a number, and offers the survey after the visit', async () => {
    const clerk = await signInAs(portal.test.app, 'clerk');
    const day = await portal.test.app.inject({
      url: `/api/v1/staff/station/stops/${stopId}/day`,
      headers: clerk.headers,
    });
    const poster = new URL(day.json<{ posterUrl: string }>().posterUrl);
    const { status } = await portal.test.database.db
      .selectFrom('stops')
      .select('status')
      .where('id', '=', stopId)
      .executeTakeFirstOrThrow();
    if (status !== 'open') await operations([op('open_stop', { reason: 'Checkliste auf Papier' })]);

    const watched = await portal.openGermanPage(`${poster.pathname}${poster.hash}`);
    const { page } = watched;
    await page.getByRole('heading', { level: 1, name: 'Wartenummer ziehen' }).waitFor();
    const district = page.getByLabel('Aus welchem Stadtteil kommen Sie?');
    await district.locator('option').nth(1).waitFor({ state: 'attached' });
    const districtId = await district.locator('option').nth(1).getAttribute('value');
    await district.selectOption(districtId!);
    await expectNoAxeViolations(page, 'walk-in join with the district question');
    await page.getByRole('button', { name: 'Nummer ziehen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ihre Wartenummer' }).waitFor();
    const ticketId = new URL(page.url()).pathname.split('/').pop()!;
    const ticket = await portal.test.database.db
      .selectFrom('tickets')
      .select(['origin_district_id'])
      .where('id', '=', ticketId)
      .executeTakeFirstOrThrow();
    expect(ticket.origin_district_id).toBe(districtId);

    await operations([
      op('call', { entryId: ticketId, counter: 2 }),
      op('start_service', { entryId: ticketId }),
      op('finish', { entryId: ticketId, outcome: 'done', deliveredServices: [] }),
    ]);
    // The page refreshes itself: once the visit is over, it offers the survey.
    await page.getByRole('heading', { level: 2, name: 'Wie war Ihr Besuch?' }).waitFor({ timeout: 20_000 });
    await expectNoAxeViolations(page, 'walk-in ticket with the survey');
    await page.getByLabel('5 – sehr zufrieden').check();
    await page.getByLabel('Weiß ich nicht').first().check();
    await page.getByRole('button', { name: 'Antworten senden' }).click();
    await page.getByText('Danke für Ihre Antworten!').waitFor();
    const answers = await portal.test.database.db
      .selectFrom('visit_feedback')
      .selectAll()
      .where('channel', '=', 'walk_in')
      .execute();
    expect(answers).toEqual([
      expect.objectContaining({ satisfaction: 5, would_use_again: 'unsure', stop_id: stopId }),
    ]);
    await expectNoAxeViolations(page, 'walk-in ticket after the survey');
    expectQuietBrowser(watched);
    await page.close();
  });
});
