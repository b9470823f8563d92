import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { createTestStop, upcomingDate } from '../../../test/support/booking.ts';
import { signInAs, type StaffSignIn } from '../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../test/support/testDatabase.ts';
import { posterToken } from './stationPoster.ts';

describe.each(testDatabaseKinds)('walk-in flooding on %s', (kind) => {
  let test: TestApp;
  let clerk: StaffSignIn;
  const db = () => test.database.db;
  const perClient = loadConfig({ NODE_ENV: 'test' }).abuse.walkInTicketsPerClient;

  beforeAll(async () => {
    test = await createTestApp(kind, {
      abuse: { ...loadConfig({ NODE_ENV: 'test' }).abuse, mailPerRecipientPerDay: 100_000 },
    });
    clerk = await signInAs(test.app, 'clerk');
  });
  afterAll(async () => test?.close());

  /** A stop opened by staff, and the token of its poster. */
  async function openStop(siteId: string, weekday: number) {
    const stopId = await createTestStop(db(), { siteId, date: upcomingDate(20, weekday) });
    const opened = await test.app.inject({
      method: 'POST',
      url: `/api/v1/staff/station/stops/${stopId}/operations`,
      headers: clerk.headers,
      payload: {
        deviceId: 'tablet-1',
        // The readiness checklist is not what this file tests: the stop opens with a reason.
        operations: [
          {
            opId: randomUUID(),
            at: new Date().toISOString(),
            type: 'open_stop',
            reason: 'Checkliste auf Papier',
          },
        ],
      },
    });
    expect(opened.statusCode, opened.body).toBe(200);
    const day = await test.app.inject({
      method: 'GET',
      url: `/api/v1/staff/station/stops/${stopId}/day`,
      headers: clerk.headers,
    });
    return { stopId, token: new URL(day.json().posterUrl).hash.slice(1) };
  }

  const draw = (stopId: string, token: string, remoteAddress: string, cookie?: string) =>
    test.app.inject({
      method: 'POST',
      url: `/api/v1/stops/${stopId}/tickets`,
      remoteAddress,
      ...(cookie ? { cookies: { mr_walk_in: cookie } } : {}),
      payload: { posterToken: token, locale: 'de' },
    });

  it('gives one active ticket per device, and shows the existing ticket on a second draw', async () => {
    const { stopId, token } = await openStop('stadtbibliothek', 1);
    const first = await draw(stopId, token, '203.0.113.1');
    expect(first.statusCode, first.body).toBe(201);
    const cookie = first.cookies.find((c) => c.name === 'mr_walk_in');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/' });
    // The cookie is signed: its plain ticket id alone is not accepted as the device's ticket.
    expect(cookie!.value).not.toBe(first.json().ticketId);

    const second = await draw(stopId, token, '203.0.113.1', cookie!.value);
    expect(second.statusCode).toBe(409);
    expect(second.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(second.json()).toMatchObject({
      type: expect.stringContaining('ticket-already-active'),
      details: { ticketId: first.json().ticketId, displayNumber: first.json().displayNumber },
    });
    // A forged cookie does not stand for a ticket (nor block one).
    expect((await draw(stopId, token, '203.0.113.2', first.json().ticketId)).statusCode).toBe(201);

    // Once the ticket is removed by staff, the device may draw again.
    const removed = await test.app.inject({
      method: 'POST',
      url: `/api/v1/staff/station/stops/${stopId}/tickets/remove`,
      headers: clerk.headers,
      payload: { ticketIds: [first.json().ticketId] },
    });
    expect(removed.json().removed).toEqual([first.json().ticketId]);
    expect((await draw(stopId, token, '203.0.113.1', cookie!.value)).statusCode).toBe(201);
  });

  it('keeps where a walk-in comes from (optional, checked) on the ticket', async () => {
    // Its own weekday: the stops of this file share one unit, which cannot be at two places on one day.
    const { stopId, token } = await openStop('bahnhof-avenwedde', 4);
    const withOrigin = (originDistrictId: string, remoteAddress: string) =>
      test.app.inject({
        method: 'POST',
        url: `/api/v1/stops/${stopId}/tickets`,
        remoteAddress,
        payload: { posterToken: token, locale: 'de', originDistrictId },
      });
    const unknown = await withOrigin('atlantis', '203.0.113.50');
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'unknown_district', field: 'originDistrictId' });
    expect(await db().selectFrom('tickets').select('id').where('stop_id', '=', stopId).execute()).toEqual([]);
    const drawn = await withOrigin('avenwedde', '203.0.113.51');
    expect(drawn.statusCode, drawn.body).toBe(201);
    const ticket = await db()
      .selectFrom('tickets')
      .select('origin_district_id')
      .where('id', '=', drawn.json().ticketId)
      .executeTakeFirstOrThrow();
    expect(ticket.origin_district_id).toBe('avenwedde');
  });

  it('limits active tickets per client address, and staff remove a flood in bulk', async () => {
    const { stopId, token } = await openStop('kreishaus', 2);
    const flood: string[] = [];
    for (let i = 0; i < perClient; i++) {
      const drawn = await draw(stopId, token, '203.0.113.50');
      expect(drawn.statusCode, drawn.body).toBe(201);
      flood.push(drawn.json().ticketId);
    }
    const over = await draw(stopId, token, '203.0.113.50');
    expect(over.statusCode).toBe(429);
    expect(over.json()).toMatchObject({ type: expect.stringContaining('ticket-limit-reached') });
    // Someone else at the stop still gets a number.
    const other = await draw(stopId, token, '203.0.113.51');
    expect(other.statusCode).toBe(201);
    // The client address is stored only as a keyed hash.
    const keys = await db()
      .selectFrom('tickets')
      .select('client_key')
      .where('stop_id', '=', stopId)
      .execute();
    expect(keys.every((row) => row.client_key && !row.client_key.includes('203.0.113'))).toBe(true);

    const remove = (who: StaffSignIn | undefined, ticketIds: string[]) =>
      test.app.inject({
        method: 'POST',
        url: `/api/v1/staff/station/stops/${stopId}/tickets/remove`,
        ...(who ? { headers: who.headers } : {}),
        payload: { ticketIds },
      });
    expect((await remove(undefined, flood)).statusCode).toBe(401);
    expect((await remove(await signInAs(test.app, 'planner'), flood)).statusCode).toBe(403);
    const removed = await remove(clerk, [...flood, randomUUID()]);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(new Set(removed.json().removed)).toEqual(new Set(flood));
    const day = await test.app.inject({
      method: 'GET',
      url: `/api/v1/staff/station/stops/${stopId}/day`,
      headers: clerk.headers,
    });
    const statuses = Object.fromEntries(
      day.json().tickets.map((ticket: { id: string; status: string }) => [ticket.id, ticket.status]),
    );
    expect(flood.map((id) => statuses[id])).toEqual(flood.map(() => 'cancelled'));
    expect(statuses[other.json().ticketId]).toBe('waiting');
    expect(day.json().version).toBe(removed.json().version);
    // With the flood gone, the address may draw again.
    expect((await draw(stopId, token, '203.0.113.50')).statusCode).toBe(201);
  });

  it("accepts a poster only for its stop day: another day's token is invalid, an old day's expired", async () => {
    const { stopId, token } = await openStop('theater-stadthalle', 3);
    const stop = await db()
      .selectFrom('stops')
      .select('local_date')
      .where('id', '=', stopId)
      .executeTakeFirstOrThrow();
    // The token depends on the day: the same stop on another day has another one.
    expect(posterToken(test.config.stationPosterSecret, stopId, '2020-01-01')).not.toBe(token);
    const otherDay = await draw(
      stopId,
      posterToken(test.config.stationPosterSecret, stopId, '2020-01-01'),
      '1.2.3.4',
    );
    expect(otherDay.json()).toMatchObject({ status: 403, field: 'posterToken' });
    expect(token).toBe(posterToken(test.config.stationPosterSecret, stopId, stop.local_date));

    // The stop's day is over (as if the clock had moved on): the printed poster is refused with a clear reason.
    await db().updateTable('stops').set({ local_date: '2020-01-01' }).where('id', '=', stopId).execute();
    const expired = await draw(stopId, token, '1.2.3.4');
    expect(expired.statusCode).toBe(410);
    expect(expired.json()).toMatchObject({
      type: expect.stringContaining('poster-token-expired'),
      field: 'posterToken',
    });
  });
});
