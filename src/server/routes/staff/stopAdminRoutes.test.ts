import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { solvedCaptcha, tokenFromLatestMail, upcomingDate } from '../../../../test/support/booking.ts';
import { nrwHolidayOn } from '../../../domain/recurrence.ts';
import { loadConfig } from '../../../config.ts';

describe.each(testDatabaseKinds)('staff manage units, stops and schedules on %s', (kind) => {
  let test: TestApp;
  let planner: StaffSignIn;
  let clerk: StaffSignIn;
  beforeAll(async () => {
    test = await createTestApp(kind, {
      captchaMaxNumber: 200,
      booking: { ...loadConfig({ NODE_ENV: 'test' }).booking, horizonWeeks: 52 },
    });
    planner = await signInAs(test.app, 'planner');
    clerk = await signInAs(test.app, 'clerk');
  });
  afterAll(async () => test?.close());

  const send = (
    who: StaffSignIn | undefined,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
  ) => test.app.inject({ method, url, headers: who?.headers ?? {}, ...(payload ? { payload } : {}) });
  const createStop = (payload: object) => send(planner, 'POST', '/api/v1/staff/stops', payload);

  it('derives the services of a stop from the equipment on board', async () => {
    const date = upcomingDate(8, 2);
    const kit = await createStop({
      unitId: 'buergerkoffer-1',
      siteId: 'stadtbibliothek',
      date,
      startTime: '09:00',
      endTime: '12:00',
    });
    expect(kit.statusCode).toBe(201);
    const offered = kit.json().services.map((s: { id: string }) => s.id);
    expect(offered).toContain('personalausweis-beantragen');
    // Certifications need an official seal; the kit carries none.
    expect(offered).not.toContain('beglaubigung');
    const certification = kit.json().unavailableServices.find((s: { id: string }) => s.id === 'beglaubigung');
    expect(certification.missingEquipment.map((e: { id: string }) => e.id)).toContain('official_seal');
    // A service that needs no visit is never offered at a stop.
    expect(offered).not.toContain('hundesteuer-anmeldung');
    expect(
      kit.json().unavailableServices.find((s: { id: string }) => s.id === 'hundesteuer-anmeldung'),
    ).toMatchObject({
      onlineOnly: true,
      missingEquipment: [],
    });
    expect(certification.onlineOnly).toBe(false);

    const van = await createStop({
      unitId: 'rathausmobil',
      siteId: 'stadtbibliothek',
      date,
      startTime: '14:00',
      endTime: '16:00',
    });
    expect(van.json().services.map((s: { id: string }) => s.id)).toContain('beglaubigung');
  });

  it('refuses to place a unit at two sites at once or without time to drive between them', async () => {
    const date = upcomingDate(10, 4);
    const first = await createStop({
      unitId: 'buergerkoffer-1',
      siteId: 'stadtbibliothek',
      date,
      startTime: '09:00',
      endTime: '11:00',
      setupMinutes: 20,
      teardownMinutes: 20,
    });
    expect(first.statusCode).toBe(201);
    const overlap = await createStop({
      unitId: 'buergerkoffer-1',
      siteId: 'bahnhof-avenwedde',
      date,
      startTime: '10:00',
      endTime: '12:00',
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json()).toMatchObject({
      field: 'startTime',
      type: expect.stringContaining('stop-conflict'),
    });
    // 11:00 + 20 min teardown, then about 20 minutes' drive to Avenwedde: a 11:40 setup start is too early.
    const tooClose = await createStop({
      unitId: 'buergerkoffer-1',
      siteId: 'bahnhof-avenwedde',
      date,
      startTime: '12:00',
      endTime: '13:00',
      setupMinutes: 20,
    });
    expect(tooClose.statusCode).toBe(409);
    expect(tooClose.json().field).toBe('siteId');
    const later = await createStop({
      unitId: 'buergerkoffer-1',
      siteId: 'bahnhof-avenwedde',
      date,
      startTime: '13:00',
      endTime: '15:00',
      setupMinutes: 20,
    });
    expect(later.statusCode).toBe(201);
    const otherUnit = await createStop({
      unitId: 'rathausmobil',
      siteId: 'bahnhof-avenwedde',
      date,
      startTime: '09:00',
      endTime: '11:00',
    });
    expect(otherUnit.statusCode).toBe(201);
  });

  it('changes a stop only while its appointments still fit', async () => {
    const date = upcomingDate(11, 5);
    const stop = (
      await createStop({
        unitId: 'rathausmobil',
        siteId: 'kreishaus',
        date,
        startTime: '09:00',
        endTime: '12:00',
      })
    ).json();
    const at = DateTime.fromISO(`${date}T11:00`, { zone: 'Europe/Berlin' }).toUTC().toISO();
    const held = await test.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      payload: {
        stopId: stop.id,
        startsAt: at,
        services: [{ serviceId: 'reisepass-beantragen', quantity: 1 }],
        name: 'Otto Normal',
        email: 'otto@example.org',
        captcha: await solvedCaptcha(test.app),
      },
    });
    expect(held.statusCode).toBe(201);
    const shorter = await send(planner, 'PATCH', `/api/v1/staff/stops/${stop.id}`, { endTime: '10:30' });
    expect(shorter.statusCode).toBe(409);
    expect(shorter.json().field).toBe('startTime');
    const longer = await send(planner, 'PATCH', `/api/v1/staff/stops/${stop.id}`, { endTime: '13:00' });
    expect(longer.statusCode).toBe(200);
    expect(DateTime.fromISO(longer.json().endsAt, { zone: 'Europe/Berlin' }).toFormat('HH:mm')).toBe('13:00');
    expect(
      (await send(planner, 'PATCH', `/api/v1/staff/stops/${stop.id}`, { counters: 9 })).json(),
    ).toMatchObject({ status: 422, field: 'counters' });
    expect((await send(planner, 'PATCH', `/api/v1/staff/stops/${stop.id}`, {})).statusCode).toBe(400);
  });

  it('moving a stop to another site tells everyone booked there the new place, time and code', async () => {
    const date = upcomingDate(20, 2);
    const stop = (
      await createStop({
        unitId: 'rathausmobil',
        siteId: 'spexarder-bauernhaus',
        date,
        startTime: '09:00',
        endTime: '12:00',
      })
    ).json();
    const held = await test.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      payload: {
        stopId: stop.id,
        startsAt: DateTime.fromISO(`${date}T10:00`, { zone: 'Europe/Berlin' }).toUTC().toISO(),
        services: [{ serviceId: 'wohnsitz-anmelden', quantity: 1 }],
        name: 'Berta Beispiel',
        email: 'berta@example.org',
        captcha: await solvedCaptcha(test.app),
      },
    });
    const { token } = await tokenFromLatestMail(test.database.db, 'berta@example.org');
    const confirmed = await test.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${held.json().bookingId}/confirm`,
      payload: { token },
    });
    expect(confirmed.statusCode).toBe(200);
    const code = (
      await test.database.db
        .selectFrom('bookings')
        .select('code')
        .where('id', '=', held.json().bookingId)
        .executeTakeFirstOrThrow()
    ).code;
    const sites = (await test.app.inject({ url: '/api/v1/sites' })).json().items as {
      id: string;
      name: string;
    }[];
    const other = sites.find((site) => site.id !== 'spexarder-bauernhaus')!;

    const moved = await send(planner, 'PATCH', `/api/v1/staff/stops/${stop.id}`, {
      siteId: other.id,
      endTime: '13:00',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const mails = await test.database.db
      .selectFrom('mails')
      .select(['subject', 'text_body'])
      .where('to_address', '=', 'berta@example.org')
      .where('purpose', '=', 'stop.moved')
      .execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/^Geändert: Mobiles Rathaus am /);
    expect(mails[0]!.text_body).toContain(other.name);
    expect(mails[0]!.text_body).toContain('13:00 Uhr');
    expect(mails[0]!.text_body).toContain('10:00 Uhr');
    expect(mails[0]!.text_body).toContain(code);
    expect(mails[0]!.text_body).toContain(`/termine/${stop.id}`);

    // Only the counters change: nobody is told.
    const counters = await send(planner, 'PATCH', `/api/v1/staff/stops/${stop.id}`, { counters: 2 });
    expect(counters.statusCode).toBe(200);
    const after = await test.database.db
      .selectFrom('mails')
      .select('id')
      .where('to_address', '=', 'berta@example.org')
      .where('purpose', '=', 'stop.moved')
      .execute();
    expect(after).toHaveLength(1);
  });

  it('cancels a stop, cancelling its appointments and telling the booked and the subscribed', async () => {
    const date = upcomingDate(13, 1);
    const stop = (
      await createStop({
        unitId: 'rathausmobil',
        siteId: 'spexarder-bauernhaus',
        date,
        startTime: '09:00',
        endTime: '12:00',
      })
    ).json();
    const held = await test.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      payload: {
        stopId: stop.id,
        startsAt: DateTime.fromISO(`${date}T09:30`, { zone: 'Europe/Berlin' }).toUTC().toISO(),
        services: [{ serviceId: 'wohnsitz-anmelden', quantity: 1 }],
        name: 'Anna Beispiel',
        email: 'anna@example.org',
        locale: 'en',
        captcha: await solvedCaptcha(test.app),
      },
    });
    const { token } = await tokenFromLatestMail(test.database.db, 'anna@example.org');
    await test.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${held.json().bookingId}/confirm`,
      payload: { token },
    });
    const subscribed = await test.app.inject({
      method: 'POST',
      url: '/api/v1/sites/spexarder-bauernhaus/subscriptions',
      payload: { email: 'nachbar@example.org', captcha: await solvedCaptcha(test.app) },
    });
    expect(subscribed.statusCode).toBe(202);
    const subscriptionMail = await tokenFromLatestMail(test.database.db, 'nachbar@example.org');
    const subscriptionId = /benachrichtigung\/([0-9a-f-]{36})\//.exec(subscriptionMail.text)![1];
    expect(
      (
        await test.app.inject({
          method: 'POST',
          url: `/api/v1/subscriptions/${subscriptionId}/confirm`,
          payload: { token: 'x'.repeat(43) },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await test.app.inject({
          method: 'POST',
          url: `/api/v1/subscriptions/${subscriptionId}/confirm`,
          payload: { token: subscriptionMail.token },
        })
      ).statusCode,
    ).toBe(200);

    const cancelled = await send(planner, 'POST', `/api/v1/staff/stops/${stop.id}/cancel`, {
      reason: 'Fahrzeug defekt',
    });
    expect(cancelled.json()).toEqual({ bookingsCancelled: 1, subscribersNotified: 1 });
    const mails = await test.database.db
      .selectFrom('mails')
      .select(['to_address', 'subject', 'text_body'])
      .where('purpose', '=', 'stop.cancelled')
      .execute();
    expect(mails.map((m) => m.to_address).sort()).toEqual(['anna@example.org', 'nachbar@example.org']);
    expect(mails.find((m) => m.to_address === 'anna@example.org')!.subject).toMatch(
      /^Cancelled: mobile town hall/,
    );
    expect(mails.find((m) => m.to_address === 'nachbar@example.org')!.text_body).toContain(
      'Grund: Fahrzeug defekt',
    );
    const booking = await test.database.db
      .selectFrom('bookings')
      .select('status')
      .where('id', '=', held.json().bookingId)
      .executeTakeFirstOrThrow();
    expect(booking.status).toBe('cancelled');
    expect(
      (await test.app.inject({ method: 'GET', url: '/api/v1/stops?siteId=spexarder-bauernhaus' }))
        .json()
        .items.map((s: { id: string }) => s.id),
    ).not.toContain(stop.id);
    const feed = new ICAL.Component(
      ICAL.parse(
        (await test.app.inject({ method: 'GET', url: '/api/v1/sites/spexarder-bauernhaus/stops.ics' })).body,
      ),
    );
    const event = feed
      .getAllSubcomponents('vevent')
      .find((e) => e.getFirstPropertyValue('uid') === `stop-${stop.id}@mobiles-rathaus`);
    expect(event?.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('turns a recurring schedule into stops, skipping NRW public holidays', async () => {
    const validFrom = DateTime.now().setZone('Europe/Berlin').plus({ days: 1 }).toISODate()!;
    // The weekday of the next public holiday in NRW that falls on a working day.
    let day = DateTime.fromISO(validFrom, { zone: 'Europe/Berlin' });
    while (day.weekday > 5 || !nrwHolidayOn(day.toISODate()!)) day = day.plus({ days: 1 });
    const holiday = day.toISODate()!;
    const response = await send(planner, 'POST', '/api/v1/staff/schedules', {
      unitId: 'buergerkoffer-1',
      siteId: 'isselhorst-dorfplatz',
      pattern: { kind: 'weekly', weekdays: [day.weekday] },
      startTime: '14:00',
      endTime: '17:00',
      validFrom,
    });
    expect(response.statusCode).toBe(201);
    const { stopIds, skipped } = response.json();
    expect(stopIds.length).toBeGreaterThan(40);
    expect(skipped).toContainEqual({
      date: holiday,
      reason: 'holiday',
      holidayName: nrwHolidayOn(holiday)!.name,
    });
    const stops = (
      await send(
        planner,
        'GET',
        `/api/v1/staff/stops?siteId=isselhorst-dorfplatz&to=${DateTime.now().plus({ weeks: 53 }).toISODate()}`,
      )
    ).json().items;
    const dates = stops
      .filter((s: { scheduleId: string | null }) => s.scheduleId === response.json().scheduleId)
      .map((s: { date: string }) => s.date);
    expect(dates).toHaveLength(stopIds.length);
    for (const date of dates) expect(DateTime.fromISO(date).weekday).toBe(day.weekday);
    expect(dates).not.toContain(holiday);

    const clash = await send(planner, 'POST', '/api/v1/staff/schedules', {
      unitId: 'buergerkoffer-1',
      siteId: 'stadtbibliothek',
      pattern: { kind: 'weekly', weekdays: [day.weekday] },
      startTime: '15:00',
      endTime: '16:00',
      validFrom,
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().field).toBe('rule');
    const bad = await send(planner, 'POST', '/api/v1/staff/schedules', {
      unitId: 'buergerkoffer-1',
      siteId: 'stadtbibliothek',
      pattern: { kind: 'monthly_nth_weekday', nth: 5, weekday: 3 },
      startTime: '15:00',
      endTime: '16:00',
      validFrom,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('lets clerks read but not plan, and nobody without a session', async () => {
    expect(
      (await send(clerk, 'GET', '/api/v1/staff/units')).json().items.map((u: { id: string }) => u.id),
    ).toEqual(['buergerkoffer-1', 'rathausmobil']);
    expect(
      (
        await send(clerk, 'POST', '/api/v1/staff/stops', {
          unitId: 'rathausmobil',
          siteId: 'stadtbibliothek',
          date: upcomingDate(40),
          startTime: '09:00',
          endTime: '10:00',
        })
      ).statusCode,
    ).toBe(403);
    expect((await send(undefined, 'GET', '/api/v1/staff/stops')).statusCode).toBe(401);
    const unknown = await createStop({
      unitId: 'rathausmobil',
      siteId: 'atlantis',
      date: upcomingDate(40),
      startTime: '09:00',
      endTime: '10:00',
    });
    expect(unknown.json()).toMatchObject({ status: 404, field: 'siteId' });
    const backwards = await createStop({
      unitId: 'rathausmobil',
      siteId: 'stadtbibliothek',
      date: upcomingDate(40),
      startTime: '11:00',
      endTime: '10:00',
    });
    expect(backwards.json()).toMatchObject({ status: 422, field: 'endTime' });
  });
});
