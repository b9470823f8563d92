import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import {
  createTestStop,
  solvedCaptcha,
  tokenFromLatestMail,
  upcomingDate,
} from '../../../../test/support/booking.ts';
import { expireHolds } from '../../commands/holdExpirer.ts';
import { jobHandlers } from '../../jobs/jobHandlers.ts';
import { runDueJobs } from '../../jobs/jobRunner.ts';

describe.each(testDatabaseKinds)('fair booking on %s', (kind) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp(kind, { captchaMaxNumber: 200, citizenWritesPerMinute: 5 });
  });
  afterAll(async () => test?.close());
  const db = () => test.database.db;
  let client = 0;
  // Each test speaks from addresses of its own, so the per-client limit only bites where it is tested.
  const from = () => `192.0.2.${++client}`;

  it('offers a lapsed waitlist offer to the next person in line, never twice to the same stop', async () => {
    const date = upcomingDate(16, 2);
    const stopId = await createTestStop(db(), {
      unitId: 'buergerkoffer-1',
      siteId: 'bahnhof-avenwedde',
      date,
      startTime: '10:00',
      endTime: '10:15',
    });
    for (const email of ['first@example.org', 'second@example.org']) {
      const joined = await test.app.inject({
        method: 'POST',
        url: '/api/v1/waitlist',
        remoteAddress: from(),
        payload: {
          services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
          districtIds: ['avenwedde'],
          siteIds: [],
          dateFrom: upcomingDate(1),
          dateTo: upcomingDate(40),
          name: 'Warte Liste',
          email,
          captcha: await solvedCaptcha(test.app),
        },
      });
      expect(joined.statusCode).toBe(201);
      const { token } = await tokenFromLatestMail(db(), email, 'waitlist.confirm_request');
      const confirmed = await test.app.inject({
        method: 'POST',
        url: `/api/v1/waitlist/${joined.json().requestId}/confirm`,
        remoteAddress: from(),
        payload: { token },
      });
      expect(confirmed.statusCode).toBe(200);
    }
    await runDueJobs(db(), jobHandlers(db(), test.config), new Date());
    const firstOffer = await db()
      .selectFrom('bookings')
      .selectAll()
      .where('email', '=', 'first@example.org')
      .executeTakeFirstOrThrow();
    expect(firstOffer).toMatchObject({ status: 'held', origin: 'waitlist', stop_id: stopId });
    expect(
      new Date(firstOffer.hold_expires_at!).getTime() - new Date(firstOffer.created_at).getTime(),
    ).toBeGreaterThanOrEqual((test.config.booking.waitlistOfferMinutes - 1) * 60_000);
    expect(
      await db().selectFrom('bookings').select('id').where('email', '=', 'second@example.org').execute(),
    ).toEqual([]);

    // The first person lets the offer lapse: the slot goes to the second, and not back to the first.
    await db()
      .updateTable('bookings')
      .set({ hold_expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', firstOffer.id)
      .execute();
    await expireHolds(db(), new Date());
    await runDueJobs(db(), jobHandlers(db(), test.config), new Date());
    const secondOffer = await db()
      .selectFrom('bookings')
      .selectAll()
      .where('email', '=', 'second@example.org')
      .executeTakeFirstOrThrow();
    expect(secondOffer).toMatchObject({ status: 'held', origin: 'waitlist', stop_id: stopId });
    const first = await db()
      .selectFrom('waitlist_requests')
      .selectAll()
      .where('email', '=', 'first@example.org')
      .executeTakeFirstOrThrow();
    expect(first.status).toBe('active');
    expect(first.excluded_stop_ids).toEqual([stopId]);
    expect(
      await db()
        .selectFrom('bookings')
        .select('id')
        .where('email', '=', 'first@example.org')
        .where('status', '=', 'held')
        .execute(),
    ).toEqual([]);
    const offerMail = await tokenFromLatestMail(db(), 'second@example.org', 'waitlist.offer');
    expect(
      (
        await test.app.inject({
          method: 'POST',
          url: `/api/v1/bookings/${secondOffer.id}/confirm`,
          remoteAddress: from(),
          payload: { token: offerMail.token },
        })
      ).json().status,
    ).toBe('confirmed');
  });

  it('limits bookings per client address with a clear 429', async () => {
    const date = upcomingDate(18, 4);
    const stopId = await createTestStop(db(), {
      unitId: 'rathausmobil',
      siteId: 'stadtbibliothek',
      date,
      startTime: '09:00',
      endTime: '12:00',
    });
    const address = from();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await test.app.inject({
        method: 'POST',
        url: '/api/v1/bookings',
        remoteAddress: address,
        payload: {
          stopId,
          startsAt: DateTime.fromISO(`${date}T09:00`, { zone: 'Europe/Berlin' })
            .plus({ minutes: 15 * i })
            .toUTC()
            .toISO(),
          services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
          name: 'Bot Versuch',
          email: `bot${i}@example.org`,
          captcha: await solvedCaptcha(test.app),
        },
      });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.json().detail).toMatch(/Too many requests/);
      }
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
    const other = await test.app.inject({ method: 'GET', url: '/api/v1/stops', remoteAddress: address });
    expect(other.statusCode).toBe(200);
  });

  it('documents every booking operation under a stable operationId', async () => {
    const document = test.app.swagger() as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const operationIds = Object.values(document.paths).flatMap((methods) =>
      Object.values(methods).map((op) => op.operationId),
    );
    expect(operationIds).toEqual(
      expect.arrayContaining([
        'listStops',
        'getStop',
        'getAvailability',
        'holdBooking',
        'confirmBooking',
        'getBooking',
        'cancelBooking',
        'rescheduleBooking',
        'joinWaitlist',
        'confirmWaitlistRequest',
        'getBookingCalendar',
        'getBookingCalendarLink',
        'siteCalendar',
        'allStopsCalendar',
      ]),
    );
  });
});
