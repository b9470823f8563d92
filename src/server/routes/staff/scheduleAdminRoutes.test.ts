import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { solvedCaptcha, tokenFromLatestMail, upcomingDate } from '../../../../test/support/booking.ts';
import { nrwHolidayOn } from '../../../domain/recurrence.ts';
import { addDays, localDateOf } from '../../../domain/time.ts';

describe.each(testDatabaseKinds)('schedules in the back office and conflicts before saving on %s', (kind) => {
  let test: TestApp;
  let planner: StaffSignIn;
  let admin: StaffSignIn;
  let clerk: StaffSignIn;
  beforeAll(async () => {
    test = await createTestApp(kind, { captchaMaxNumber: 200 });
    planner = await signInAs(test.app, 'planner');
    admin = await signInAs(test.app, 'admin');
    clerk = await signInAs(test.app, 'clerk');
    const unit = await send(admin, 'POST', '/api/v1/staff/units', {
      id: 'fahrplan-mobil',
      name: 'Fahrplanmobil',
      kind: 'kit',
      counters: 2,
      equipment: [
        'registry_laptop',
        'secure_network',
        'biometric_camera',
        'qr_photo_retrieval',
        'fingerprint_scanner',
        'signature_pad',
        'printer',
        'card_payment',
        'eid_change_terminal',
      ],
    });
    expect(unit.statusCode, unit.body).toBe(201);
  });
  afterAll(async () => test?.close());

  const send = (
    who: StaffSignIn | undefined,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
  ) => test.app.inject({ method, url, headers: who?.headers ?? {}, ...(payload ? { payload } : {}) });
  const expectProblem = (
    response: Awaited<ReturnType<typeof send>>,
    status: number,
    field?: string,
  ): Record<string, unknown> => {
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const body = response.json<Record<string, unknown>>();
    if (field) expect(body.field).toBe(field);
    return body;
  };
  const anchor = upcomingDate(7, 2);
  const createFortnightly = (unitId = 'fahrplan-mobil', siteId = 'stadtbibliothek', startTime = '09:00') =>
    send(planner, 'POST', '/api/v1/staff/schedules', {
      unitId,
      siteId,
      pattern: { kind: 'every_n_weeks', intervalWeeks: 2, anchorDate: anchor, weekdays: [2] },
      startTime,
      endTime: startTime === '09:00' ? '12:00' : '16:00',
      validFrom: anchor,
    });
  const stopsOf = (scheduleId: string) =>
    test.database.db
      .selectFrom('stops')
      .select(['id', 'local_date', 'status', 'cancel_reason'])
      .where('schedule_id', '=', scheduleId)
      .orderBy('local_date')
      .execute();

  it('lists, pauses, resumes and skips dates of a schedule; ending it cancels its later stops and tells the booked', async () => {
    const created = await createFortnightly();
    expect(created.statusCode, created.body).toBe(201);
    const { scheduleId, stopIds } = created.json<{ scheduleId: string; stopIds: string[] }>();
    expect(stopIds.length).toBeGreaterThanOrEqual(4);

    const listed = await send(planner, 'GET', '/api/v1/staff/schedules?unitId=fahrplan-mobil');
    expect(listed.statusCode).toBe(200);
    const schedule = listed.json().items.find((item: { id: string }) => item.id === scheduleId);
    expect(schedule).toMatchObject({
      status: 'active',
      unit: { id: 'fahrplan-mobil', name: 'Fahrplanmobil' },
      site: { id: 'stadtbibliothek' },
      pattern: { kind: 'every_n_weeks', intervalWeeks: 2, weekdays: [2] },
      startTime: '09:00',
      endTime: '12:00',
      validUntil: null,
      exceptionDates: [],
      upcomingStops: stopIds.length,
      nextStopDate: (await stopsOf(scheduleId))[0]!.local_date,
    });
    expect((await send(admin, 'GET', '/api/v1/staff/schedules?status=paused')).json().items).toEqual([]);

    // An exception date cancels that day's stop; pausing keeps the planned stops.
    const second = (await stopsOf(scheduleId))[1]!;
    const skipped = await send(planner, 'PATCH', `/api/v1/staff/schedules/${scheduleId}`, {
      exceptionDates: [second.local_date],
      reason: 'Stadtfest',
      status: 'paused',
    });
    expect(skipped.json()).toEqual({ status: 'paused', stopsCreated: 0, stopsCancelled: 1 });
    const afterSkip = await stopsOf(scheduleId);
    expect(afterSkip.find((stop) => stop.id === second.id)).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'Stadtfest',
    });
    expect(afterSkip.filter((stop) => stop.status === 'scheduled')).toHaveLength(stopIds.length - 1);

    // Resuming without the exception brings the stop back.
    const resumed = await send(planner, 'PATCH', `/api/v1/staff/schedules/${scheduleId}`, {
      status: 'active',
      exceptionDates: [],
    });
    expect(resumed.json()).toEqual({ status: 'active', stopsCreated: 1, stopsCancelled: 0 });
    const live = (await stopsOf(scheduleId)).filter((stop) => stop.status === 'scheduled');
    expect(live).toHaveLength(stopIds.length);

    // A citizen books the last stop; ending the schedule before it cancels it and tells her.
    const last = live.at(-1)!;
    const held = await test.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      payload: {
        stopId: last.id,
        startsAt: DateTime.fromISO(`${last.local_date}T09:30`, { zone: 'Europe/Berlin' }).toUTC().toISO(),
        services: [{ serviceId: 'wohnsitz-anmelden', quantity: 1 }],
        name: 'Berta Beispiel',
        email: 'berta@example.org',
        captcha: await solvedCaptcha(test.app),
      },
    });
    expect(held.statusCode, held.body).toBe(201);
    const { token } = await tokenFromLatestMail(test.database.db, 'berta@example.org');
    await test.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${held.json().bookingId}/confirm`,
      payload: { token },
    });
    const endDate = live[1]!.local_date;
    const ended = await send(planner, 'POST', `/api/v1/staff/schedules/${scheduleId}/end`, {
      endDate,
      reason: 'Fahrzeug wird ersetzt',
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({
      endDate,
      stopsCancelled: live.length - 2,
      bookingsCancelled: 1,
    });
    const final = await stopsOf(scheduleId);
    expect(
      final.filter((stop) => stop.local_date > endDate).every((stop) => stop.status === 'cancelled'),
    ).toBe(true);
    expect(final.filter((stop) => stop.status === 'scheduled').map((stop) => stop.local_date)).toEqual(
      live.slice(0, 2).map((stop) => stop.local_date),
    );
    const mail = await test.database.db
      .selectFrom('mails')
      .select(['text_body'])
      .where('purpose', '=', 'stop.cancelled')
      .where('to_address', '=', 'berta@example.org')
      .executeTakeFirstOrThrow();
    expect(mail.text_body).toContain('Fahrzeug wird ersetzt');
    const listedEnded = (await send(planner, 'GET', `/api/v1/staff/schedules?status=ended`)).json().items;
    expect(listedEnded.find((item: { id: string }) => item.id === scheduleId)).toMatchObject({
      status: 'ended',
      validUntil: endDate,
    });
    const audit = await test.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', scheduleId)
      .execute();
    expect(audit.map((event) => event.action)).toEqual(
      expect.arrayContaining(['schedule.created', 'schedule.updated', 'schedule.ended']),
    );

    // An ended schedule cannot be resumed.
    expectProblem(
      await send(planner, 'PATCH', `/api/v1/staff/schedules/${scheduleId}`, { status: 'active' }),
      409,
      'scheduleId',
    );
  });

  it('refuses bad input with problem+json naming the field, and refuses clerks', async () => {
    const second = await createFortnightly('fahrplan-mobil', 'spexarder-bauernhaus', '14:00');
    expect(second.statusCode, second.body).toBe(201);
    const { scheduleId } = second.json();
    const url = `/api/v1/staff/schedules/${scheduleId}`;
    expectProblem(await send(planner, 'PATCH', url, {}), 400);
    expectProblem(await send(planner, 'PATCH', url, { status: 'ended' }), 400, 'status');
    expectProblem(
      await send(planner, 'PATCH', url, { exceptionDates: ['2030-02-31'] }),
      400,
      'exceptionDates.0',
    );
    expectProblem(
      await send(planner, 'PATCH', '/api/v1/staff/schedules/00000000-0000-4000-8000-000000000000', {
        status: 'paused',
      }),
      404,
      'scheduleId',
    );
    expectProblem(await send(planner, 'POST', `${url}/end`, { endDate: '2020-01-01' }), 422, 'endDate');
    expectProblem(await send(planner, 'POST', `${url}/end`, {}), 400, 'endDate');
    expectProblem(await send(planner, 'GET', '/api/v1/staff/schedules?status=gone'), 400, 'status');
    expectProblem(await send(clerk, 'GET', '/api/v1/staff/schedules'), 403);
    expectProblem(await send(clerk, 'PATCH', url, { status: 'paused' }), 403);
    expectProblem(await send(clerk, 'POST', `${url}/end`, { endDate: anchor }), 403);
    expectProblem(await send(undefined, 'GET', '/api/v1/staff/schedules'), 401);
    expectProblem(
      await send(planner, 'POST', '/api/v1/staff/stops/00000000-0000-4000-8000-000000000000/cancel', {}),
      400,
      'reason',
    );
  });

  it('explains conflicts of a proposed stop before saving: two places at once, no time to drive, site closed', async () => {
    const date = upcomingDate(20, 4);
    const first = await send(planner, 'POST', '/api/v1/staff/stops', {
      unitId: 'fahrplan-mobil',
      siteId: 'stadtbibliothek',
      date,
      startTime: '09:00',
      endTime: '11:00',
      setupMinutes: 15,
      teardownMinutes: 15,
    });
    expect(first.statusCode, first.body).toBe(201);
    const check = (payload: object) => send(planner, 'POST', '/api/v1/staff/stops/check', payload);
    const overlap = await check({
      unitId: 'fahrplan-mobil',
      siteId: 'spexarder-bauernhaus',
      date,
      startTime: '10:00',
      endTime: '12:00',
    });
    expect(overlap.statusCode, overlap.body).toBe(200);
    expect(overlap.json()).toMatchObject({
      blocking: true,
      conflicts: [
        {
          kind: 'overlap',
          blocking: true,
          other: { stopId: first.json().id, siteId: 'stadtbibliothek', siteName: first.json().site.name },
        },
      ],
    });
    const travel = await check({
      unitId: 'fahrplan-mobil',
      siteId: 'bahnhof-avenwedde',
      date,
      startTime: '11:20',
      endTime: '13:00',
      setupMinutes: 0,
    });
    expect(travel.json().conflicts[0]).toMatchObject({
      kind: 'travel',
      direction: 'from_previous',
      blocking: true,
    });
    // Saving the same proposal is refused, naming the field.
    expectProblem(
      await send(planner, 'POST', '/api/v1/staff/stops', {
        unitId: 'fahrplan-mobil',
        siteId: 'bahnhof-avenwedde',
        date,
        startTime: '11:20',
        endTime: '13:00',
        setupMinutes: 0,
      }),
      409,
      'siteId',
    );
    // A change of the stop itself is checked against the others, not against its old version.
    const moved = await check({ stopId: first.json().id, startTime: '09:30', endTime: '11:30' });
    expect(moved.json()).toEqual({ blocking: false, conflicts: [] });

    // A public holiday closes the site: a warning, not a refusal.
    let holiday = addDays(localDateOf(Date.now()), 2);
    while (!nrwHolidayOn(holiday)) holiday = addDays(holiday, 1);
    const closed = await check({
      unitId: 'fahrplan-mobil',
      siteId: 'stadtbibliothek',
      date: holiday,
      startTime: '09:00',
      endTime: '10:00',
    });
    expect(closed.json()).toEqual({
      blocking: false,
      conflicts: [
        { kind: 'site_closed', blocking: false, reason: 'holiday', holidayName: nrwHolidayOn(holiday)!.name },
      ],
    });

    expectProblem(
      await check({ siteId: 'stadtbibliothek', date, startTime: '09:00', endTime: '10:00' }),
      400,
      'unitId',
    );
    expectProblem(
      await check({
        unitId: 'fahrplan-mobil',
        siteId: 'nirgendwo',
        date,
        startTime: '09:00',
        endTime: '10:00',
      }),
      404,
      'siteId',
    );
    expectProblem(
      await check({
        unitId: 'fahrplan-mobil',
        siteId: 'stadtbibliothek',
        date,
        startTime: '25:00',
        endTime: '10:00',
      }),
      400,
      'startTime',
    );
    expectProblem(await send(clerk, 'POST', '/api/v1/staff/stops/check', { stopId: first.json().id }), 403);
  });
});
