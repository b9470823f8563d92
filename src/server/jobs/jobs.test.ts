import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createTestApp, type TestApp } from '../../../test/support/testApp.ts';
import { createTestDatabase, testDatabaseKinds } from '../../../test/support/testDatabase.ts';
import { createSchedule, extendSchedules } from '../commands/scheduleCreator.ts';
import { nrwHolidayOn } from '../../domain/recurrence.ts';
import {
  createTestStop,
  solvedCaptcha,
  tokenFromLatestMail,
  upcomingDate,
} from '../../../test/support/booking.ts';
import { anonymisePersonalData } from '../commands/personalDataAnonymiser.ts';
import { enqueueJob } from './jobQueue.ts';
import { jobHandlers } from './jobHandlers.ts';
import { runDueJobs } from './jobRunner.ts';

describe.each(testDatabaseKinds)('durable jobs, reminders and anonymisation on %s', (kind) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp(kind, { captchaMaxNumber: 200 });
  });
  afterAll(async () => test?.close());
  const db = () => test.database.db;

  async function confirmedBooking(email: string, date: string, time: string) {
    const stopId = await createTestStop(db(), {
      unitId: 'rathausmobil',
      siteId: 'bahnhof-avenwedde',
      date,
      startTime: '09:00',
      endTime: '12:00',
    });
    const held = await test.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      payload: {
        stopId,
        startsAt: DateTime.fromISO(`${date}T${time}`, { zone: 'Europe/Berlin' }).toUTC().toISO(),
        services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
        name: 'Karl Erinnerung',
        email,
        phone: '05241 123456',
        captcha: await solvedCaptcha(test.app),
      },
    });
    const { token } = await tokenFromLatestMail(db(), email);
    await test.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${held.json().bookingId}/confirm`,
      payload: { token },
    });
    return { bookingId: held.json().bookingId as string, stopId, token };
  }

  it('sends the reminder when it is due, not before, and not for a cancelled appointment', async () => {
    const date = upcomingDate(6, 2);
    const { bookingId } = await confirmedBooking('karl@example.org', date, '10:00');
    const job = await db()
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', 'booking.remind')
      .where('unique_key', 'like', `%${bookingId}%`)
      .executeTakeFirstOrThrow();
    const start = DateTime.fromISO(`${date}T10:00`, { zone: 'Europe/Berlin' });
    expect(new Date(job.run_at).toISOString()).toBe(
      start.minus({ hours: test.config.booking.reminderHours }).toUTC().toISO(),
    );
    const handlers = jobHandlers(db(), test.config);

    await runDueJobs(db(), handlers, new Date());
    expect(
      await db().selectFrom('mails').select('id').where('purpose', '=', 'booking.reminder').execute(),
    ).toEqual([]);
    await runDueJobs(db(), handlers, new Date(new Date(job.run_at).getTime() + 1000));
    const reminder = await db()
      .selectFrom('mails')
      .selectAll()
      .where('purpose', '=', 'booking.reminder')
      .executeTakeFirstOrThrow();
    expect(reminder.to_address).toBe('karl@example.org');
    expect(reminder.subject).toMatch(/^Erinnerung: Ihr Termin am/);

    const other = await confirmedBooking('abgesagt@example.org', upcomingDate(6, 4), '11:00');
    await test.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${other.bookingId}/cancel`,
      payload: { token: other.token },
    });
    await runDueJobs(db(), handlers, new Date(Date.now() + 30 * 86_400_000));
    expect(
      await db()
        .selectFrom('mails')
        .select('id')
        .where('purpose', '=', 'booking.reminder')
        .where('to_address', '=', 'abgesagt@example.org')
        .execute(),
    ).toEqual([]);
  });

  it('runs a job again when its worker died, and gives up after repeated failures', async () => {
    await enqueueJob(db(), { kind: 'test.flaky', payload: {}, uniqueKey: 'flaky-1' });
    let calls = 0;
    const handlers = { 'test.flaky': async () => void calls++ };
    // A worker claimed it and then the process died: the lease runs out and the job is claimed again.
    await db()
      .updateTable('jobs')
      .set({ status: 'running', locked_until: new Date(Date.now() - 1000) })
      .where('unique_key', '=', 'flaky-1')
      .execute();
    expect(await runDueJobs(db(), handlers, new Date())).toBe(1);
    expect(calls).toBe(1);
    expect(
      (
        await db()
          .selectFrom('jobs')
          .select('status')
          .where('unique_key', '=', 'flaky-1')
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('done');

    await enqueueJob(db(), {
      kind: 'test.broken',
      uniqueKey: 'broken-1',
      payload: { bookingId: 'b-1', token: 'link-secret' },
    });
    const failing = { 'test.broken': async () => Promise.reject(new Error('always fails')) };
    let now = Date.now();
    for (let attempt = 0; attempt < 5; attempt++) {
      await runDueJobs(db(), failing, new Date(now));
      now += 3_600_000;
    }
    const broken = await db()
      .selectFrom('jobs')
      .selectAll()
      .where('unique_key', '=', 'broken-1')
      .executeTakeFirstOrThrow();
    expect(broken).toMatchObject({ status: 'failed', attempts: 5, last_error: 'Error: always fails' });
    // Given up for good, it keeps its ids but no link secret.
    expect(broken.payload).toEqual({ bookingId: 'b-1' });
  });

  it('anonymises personal data after the retention period while keeping the figures', async () => {
    const { bookingId } = await confirmedBooking('vergessen@example.org', upcomingDate(3, 5), '09:30');
    const appointmentEnd = new Date(
      (
        await db()
          .selectFrom('bookings')
          .select('ends_at')
          .where('id', '=', bookingId)
          .executeTakeFirstOrThrow()
      ).ends_at,
    );
    const retention = test.config.booking.retentionDays;
    await anonymisePersonalData(
      db(),
      new Date(appointmentEnd.getTime() + (retention - 1) * 86_400_000),
      retention,
    );
    expect(
      (
        await db()
          .selectFrom('bookings')
          .select('email')
          .where('id', '=', bookingId)
          .executeTakeFirstOrThrow()
      ).email,
    ).toBe('vergessen@example.org');

    const counts = await anonymisePersonalData(
      db(),
      new Date(appointmentEnd.getTime() + (retention + 1) * 86_400_000),
      retention,
    );
    expect(counts.bookings).toBeGreaterThanOrEqual(1);
    const row = await db()
      .selectFrom('bookings')
      .selectAll()
      .where('id', '=', bookingId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      name: null,
      email: null,
      email_key: null,
      phone: null,
      status: 'confirmed',
      duration_minutes: 15,
    });
    expect(row.anonymised_at).not.toBeNull();
    const services = await db()
      .selectFrom('booking_services')
      .select(['service_id', 'quantity'])
      .where('booking_id', '=', bookingId)
      .execute();
    expect(services).toEqual([{ service_id: 'personalausweis-beantragen', quantity: 1 }]);
    const mails = await db()
      .selectFrom('mails')
      .select(['to_address', 'text_body', 'status'])
      .where('status', '=', 'purged')
      .execute();
    for (const mail of mails) expect(mail).toEqual({ to_address: null, text_body: '', status: 'purged' });
  });
});

describe.each(testDatabaseKinds)('schedules keep generating stops on %s', (kind) => {
  it('extends an active schedule up to the moving horizon, once per date, skipping dates taken meanwhile', async () => {
    const database = await createTestDatabase(kind);
    try {
      const db = database.db;
      const { id: municipalityId } = await db
        .selectFrom('municipalities')
        .select('id')
        .where('slug', '=', 'guetersloh')
        .executeTakeFirstOrThrow();
      const today = DateTime.now().setZone('Europe/Berlin').startOf('day');
      const created = await createSchedule(db, {
        municipalityId,
        unitId: 'buergerkoffer-1',
        siteId: 'stadtbibliothek',
        rule: {
          pattern: { kind: 'weekly', weekdays: [1, 2, 3, 4, 5] },
          startTime: '09:00',
          endTime: '12:00',
          validFrom: today.toISODate()!,
        },
        setupMinutes: 30,
        teardownMinutes: 30,
        horizonWeeks: 2,
        today: today.toISODate()!,
        actor: 'test',
      });
      const countStops = async () =>
        Number(
          (
            await db
              .selectFrom('stops')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('schedule_id', '=', created.scheduleId)
              .executeTakeFirstOrThrow()
          ).n,
        );
      const initial = await countStops();
      expect(initial).toBe(created.stopIds.length);
      // Three weeks on, someone has placed the kit elsewhere on one of the new dates.
      let taken = today.plus({ weeks: 3 });
      while (taken.weekday > 5 || nrwHolidayOn(taken.toISODate()!)) taken = taken.plus({ days: 1 });
      await createTestStop(db, {
        unitId: 'buergerkoffer-1',
        siteId: 'bahnhof-avenwedde',
        date: taken.toISODate()!,
        startTime: '08:00',
        endTime: '13:00',
      });

      const later = today.plus({ weeks: 2 }).toJSDate();
      const added = await extendSchedules(db, later, 2);
      expect(added).toBeGreaterThan(0);
      expect(await countStops()).toBe(initial + added);
      expect(await extendSchedules(db, later, 2)).toBe(0);
      const dates = (
        await db
          .selectFrom('stops')
          .select('local_date')
          .where('schedule_id', '=', created.scheduleId)
          .execute()
      ).map((s) => s.local_date);
      expect(dates).not.toContain(taken.toISODate());
      const skipped = await db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'schedule.occurrence_skipped')
        .execute();
      expect(skipped.map((event) => (event.details as { date: string }).date)).toEqual([taken.toISODate()]);
    } finally {
      await database.close();
    }
  });
});
