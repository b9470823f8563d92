import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestStop,
  municipalityId,
  solvedCaptcha,
  tokenFromLatestMail,
  upcomingDate,
} from '../../../test/support/booking.ts';
import { signInAs, type StaffSignIn } from '../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../test/support/testDatabase.ts';
import { importCatalogue } from '../commands/catalogueImporter.ts';
import { anonymisePersonalData } from '../commands/personalDataAnonymiser.ts';
import { createStop } from '../commands/stopCreator.ts';
import { viewStationDay } from './stationDayViewer.ts';

const berlin = (date: string, time: string) =>
  DateTime.fromISO(`${date}T${time}`, { zone: 'Europe/Berlin' }).toUTC().toISO()!;
// These tests are about the day's operations, not the readiness checklist: the stops open with a reason.
const withoutChecklist = { reason: 'Checkliste auf Papier' };
const personalKeys = /"(name|email|phone|code|address)"\s*:/i;

interface Result {
  opId: string;
  outcome: string;
  reason?: string;
  entry?: { id: string; kind: string; status: string; counter: number | null; displayNumber: string | null };
}

describe.each(testDatabaseKinds)('the station day on %s', (kind) => {
  let test: TestApp;
  let clerk: StaffSignIn;
  const db = () => test.database.db;
  // Device clock of the test: minutes after the start of the run.
  const base = Date.now();
  const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();

  beforeAll(async () => {
    test = await createTestApp(kind, { captchaMaxNumber: 200 });
    clerk = await signInAs(test.app, 'clerk');
  });
  afterAll(async () => test?.close());

  const op = (type: string, minute: number, payload: Record<string, unknown> = {}) => ({
    opId: randomUUID(),
    at: at(minute),
    type,
    ...payload,
  });
  const send = (
    stopId: string,
    operations: object[],
    options: { who?: StaffSignIn; deviceId?: string } = {},
  ) =>
    test.app.inject({
      method: 'POST',
      url: `/api/v1/staff/station/stops/${stopId}/operations`,
      headers: (options.who ?? clerk).headers,
      payload: { deviceId: options.deviceId ?? 'tablet-1', operations },
    });
  const apply = async (
    stopId: string,
    operations: object[],
    options?: { who?: StaffSignIn; deviceId?: string },
  ) => {
    const response = await send(stopId, operations, options);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ results: Result[]; version: number }>();
  };
  const day = async (stopId: string, who = clerk) => {
    const response = await test.app.inject({
      method: 'GET',
      url: `/api/v1/staff/station/stops/${stopId}/day`,
      headers: who.headers,
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const publicGet = (url: string) => test.app.inject({ method: 'GET', url });

  async function bookConfirmed(stopId: string, startsAt: string, email: string, serviceId: string) {
    const held = await test.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      payload: {
        stopId,
        startsAt,
        services: [{ serviceId, quantity: 1 }],
        name: 'Erika Mustermann',
        email,
        phone: '05241 123456',
        captcha: await solvedCaptcha(test.app),
      },
    });
    expect(held.statusCode, held.body).toBe(201);
    const { bookingId } = held.json();
    const { token } = await tokenFromLatestMail(db(), email, 'booking.confirm_request');
    const confirmed = await test.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${bookingId}/confirm`,
      payload: { token },
    });
    expect(confirmed.statusCode).toBe(200);
    const booking = (
      await test.app.inject({
        method: 'GET',
        url: `/api/v1/bookings/${bookingId}`,
        headers: { 'x-booking-token': token },
      })
    ).json();
    return { bookingId: bookingId as string, code: booking.code as string };
  }

  /** Everything the station may change, to prove that refused input changed nothing. */
  async function snapshot() {
    const [bookings, tickets, events, stops, operations, audits] = await Promise.all([
      db().selectFrom('bookings').selectAll().orderBy('id').execute(),
      db().selectFrom('tickets').selectAll().orderBy('id').execute(),
      db().selectFrom('queue_events').selectAll().orderBy('id').execute(),
      db().selectFrom('stops').selectAll().orderBy('id').execute(),
      db().selectFrom('station_operations').selectAll().orderBy('op_id').execute(),
      db()
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', 'like', 'station.%')
        .executeTakeFirstOrThrow(),
    ]);
    return { bookings, tickets, events, stops, operations, audits: Number(audits.n) };
  }
  const domainState = async () => {
    const { bookings, tickets, events, stops } = await snapshot();
    return { bookings, tickets, events, stops };
  };

  it('runs a whole day: check-in by code, staff and self-service walk-ins, call, hand-over, park, no-show, close, figures', async () => {
    const date = upcomingDate(7);
    const stopId = await createTestStop(db(), { date, siteId: 'bahnhof-avenwedde' });
    const first = await bookConfirmed(
      stopId,
      berlin(date, '09:00'),
      'erika@example.org',
      'personalausweis-beantragen',
    );
    const second = await bookConfirmed(stopId, berlin(date, '09:30'), 'max@example.org', 'wohnsitz-anmelden');

    const before = await day(stopId);
    expect(before.stop).toMatchObject({ id: stopId, status: 'scheduled', counters: 2 });
    expect(before.appointments.map((a: { displayNumber: string }) => a.displayNumber)).toEqual([
      'T-01',
      'T-02',
    ]);
    expect(before.appointments[0]).toMatchObject({
      id: first.bookingId,
      kind: 'appointment',
      code: first.code,
      status: 'confirmed',
      name: 'Erika Mustermann',
      checkedInAt: null,
    });
    expect(before.appointments[0].services[0]).toMatchObject({
      id: 'personalausweis-beantragen',
      quantity: 1,
    });
    expect(before.appointments[0].services[0].documents.length).toBeGreaterThan(0);
    const posterUrl = new URL(before.posterUrl);
    expect(posterUrl.pathname).toBe(`/station/warteschlange/${stopId}`);
    const posterToken = posterUrl.hash.slice(1);
    const joinQueue = (token: string, services?: object[]) =>
      test.app.inject({
        method: 'POST',
        url: `/api/v1/stops/${stopId}/tickets`,
        payload: { posterToken: token, locale: 'de', ...(services ? { services } : {}) },
      });
    expect((await joinQueue(posterToken)).json()).toMatchObject({
      status: 409,
      type: expect.stringContaining('stop-not-open'),
    });

    const walkIn = randomUUID();
    const opened = await apply(stopId, [
      op('open_stop', 0, withoutChecklist),
      // Typed on the tablet: lower case, no dash.
      op('check_in', 1, { code: first.code.replace('-', '').toLowerCase() }),
      op('issue_ticket', 2, {
        ticketId: walkIn,
        displayNumber: 'W-101',
        name: 'Walter Laufkunde',
        services: [{ serviceId: 'wohnsitz-anmelden', quantity: 1 }],
      }),
    ]);
    expect(opened.results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied']);
    expect(opened.results[1]!.entry).toMatchObject({
      id: first.bookingId,
      status: 'checked_in',
      displayNumber: 'T-01',
    });
    expect(opened.version).toBeGreaterThan(0);

    expect((await joinQueue('x'.repeat(43))).json()).toMatchObject({ status: 403, field: 'posterToken' });
    const joined = await joinQueue(posterToken);
    expect(joined.statusCode, joined.body).toBe(201);
    const self = joined.json<{ ticketId: string; displayNumber: string; token: string }>();
    expect(self.displayNumber).toBe('W-001');

    // The merged queue, at 09:00 on the day: the due appointment first; walk-ins, in order of arrival, fill the
    // second counter while the 09:30 appointment (not yet checked in) is not due. The phone's ticket was drawn
    // (server clock) before the tablet's (device clock, two minutes ahead of the run's start).
    const nineOClock = new Date(berlin(date, '09:00'));
    const planned = await viewStationDay(db(), {
      municipalityId: await municipalityId(db()),
      stopId,
      actor: 'test',
      now: nineOClock,
      publicBaseUrl: test.config.publicBaseUrl,
      posterSecret: test.config.stationPosterSecret,
    });
    expect(
      planned.queue.map((q) => [q.entryId, q.position, q.estimatedWaitMinutes, q.estimatedCounter]),
    ).toEqual([
      [first.bookingId, 1, 0, 1],
      [self.ticketId, 2, 0, 2],
      [walkIn, 3, 10, 2],
    ]);
    expect(planned.queue[2]!.estimatedCallAt).toBe(
      new Date(nineOClock.getTime() + 10 * 60_000).toISOString(),
    );

    const status = await publicGet(`/api/v1/tickets/${self.ticketId}?token=${self.token}`);
    expect(status.json()).toMatchObject({ displayNumber: 'W-001', status: 'waiting', calledToCounter: null });
    expect(status.json().position).toBeGreaterThanOrEqual(1);
    expect(status.body).not.toMatch(personalKeys);
    expect((await publicGet(`/api/v1/tickets/${self.ticketId}?token=${'y'.repeat(43)}`)).statusCode).toBe(
      404,
    );

    const served = await apply(stopId, [
      op('call', 5, { entryId: first.bookingId, counter: 1 }),
      op('recall', 6, { entryId: first.bookingId }),
      op('call', 6, { entryId: walkIn, counter: 2 }),
      op('start_service', 7, { entryId: first.bookingId }),
      op('start_service', 8, { entryId: walkIn }),
      op('hand_over', 10, { entryId: walkIn, toCounter: 1 }),
      op('call', 11, { entryId: self.ticketId, counter: 2 }),
    ]);
    expect(served.results.map((r) => r.outcome)).toEqual(Array(7).fill('applied'));
    expect(served.results[5]!.entry).toMatchObject({ status: 'waiting', counter: null });

    const display = await publicGet(`/api/v1/stops/${stopId}/display`);
    expect(display.json()).toEqual({
      called: [{ displayNumber: 'W-001', counter: 2, calledAt: at(11) }],
      waiting: 1,
    });
    expect(display.body).not.toMatch(personalKeys);
    const calledStatus = await publicGet(`/api/v1/tickets/${self.ticketId}?token=${self.token}`);
    expect(calledStatus.json()).toEqual({
      displayNumber: 'W-001',
      status: 'called',
      position: null,
      estimatedWaitMinutes: null,
      calledToCounter: 2,
      feedbackOpen: false,
    });

    const midday = await day(stopId);
    expect(midday.counters).toEqual([
      { number: 1, busyWith: first.bookingId },
      { number: 2, busyWith: self.ticketId },
    ]);
    const handedOver = midday.tickets.find((t: { id: string }) => t.id === walkIn);
    expect(handedOver).toMatchObject({
      status: 'waiting',
      reservedForCounter: 1,
      origin: 'staff',
      name: 'Walter Laufkunde',
    });
    expect(midday.queue.map((q: { entryId: string }) => q.entryId)).toEqual([walkIn]);

    const second102 = randomUUID();
    const left103 = randomUUID();
    const rest = await apply(stopId, [
      op('finish', 20, {
        entryId: first.bookingId,
        outcome: 'done',
        deliveredServices: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
      }),
      op('call', 21, { entryId: walkIn, counter: 1 }),
      op('start_service', 22, { entryId: walkIn }),
      op('finish', 30, {
        entryId: walkIn,
        outcome: 'follow_up',
        deliveredServices: [{ serviceId: 'wohnsitz-anmelden', quantity: 1 }],
      }),
      op('park', 12, { entryId: self.ticketId }),
      op('resume', 15, { entryId: self.ticketId }),
      op('start_service', 16, { entryId: self.ticketId }),
      op('finish', 26, { entryId: self.ticketId, outcome: 'referred', deliveredServices: [] }),
      op('no_show', 40, { entryId: second.bookingId }),
      op('issue_ticket', 41, { ticketId: second102, displayNumber: 'W-102', services: [] }),
      op('call', 45, { entryId: second102, counter: 2 }),
      op('no_show', 50, { entryId: second102 }),
      op('issue_ticket', 51, { ticketId: left103, displayNumber: 'W-103' }),
      op('close_stop', 60),
    ]);
    expect(rest.results.map((r) => `${r.outcome}${r.reason ? `:${r.reason}` : ''}`)).toEqual(
      Array(14).fill('applied'),
    );
    expect(rest.results[5]!.entry).toMatchObject({ status: 'called', counter: 2 });
    expect(rest.results[13]!.entry).toMatchObject({ kind: 'stop', status: 'closed' });

    const evening = await day(stopId);
    const statusOf = (id: string) =>
      [...evening.appointments, ...evening.tickets].find((e: { id: string }) => e.id === id).status;
    expect(
      [first.bookingId, second.bookingId, walkIn, self.ticketId, second102, left103].map(statusOf),
    ).toEqual(['finished', 'no_show', 'finished', 'finished', 'no_show', 'no_show']);
    expect(evening.appointments[0]).toMatchObject({
      outcome: 'done',
      counter: 1,
      deliveredServices: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
    });
    expect(evening.stop.status).toBe('closed');

    // A call on the closed stop is refused and changes nothing.
    const frozen = await domainState();
    const late = await apply(stopId, [op('call', 70, { entryId: left103, counter: 1 })]);
    expect(late.results[0]).toMatchObject({ outcome: 'rejected', reason: 'stop-closed' });
    expect(await domainState()).toEqual(frozen);
    expect((await joinQueue(posterToken)).statusCode).toBe(409);

    const figures = await test.app.inject({
      method: 'GET',
      url: `/api/v1/staff/station/stops/${stopId}/figures`,
      headers: clerk.headers,
    });
    expect(figures.statusCode, figures.body).toBe(200);
    const f = figures.json();
    expect(figures.body).not.toMatch(personalKeys);
    expect(f.arrivals).toEqual({ total: 5, appointments: 1, walkIns: 4 });
    expect(f.served).toEqual({ total: 3, appointments: 1, walkIns: 2 });
    expect(f.noShows).toEqual({ total: 3, appointments: 1, walkIns: 2 });
    expect(f.neverCalled).toBe(1);
    expect(f.walkInShare).toBe(0.8);
    // Check-in at minute 1, first call at minute 5.
    expect(f.waitToFirstCall.appointments).toMatchObject({ count: 1, medianMinutes: 4 });
    // Staff walk-ins: drawn at 2 and 41, first called at 6 and 45; the phone's ticket by the server clock.
    expect(f.waitToFirstCall.walkIns.count).toBe(3);
    expect(f.handlingTimeByServices['personalausweis-beantragen']).toMatchObject({
      count: 1,
      medianMinutes: 15,
    });
    // From the first call (6) to the finish (30), across the hand-over.
    expect(f.handlingTimeByServices['wohnsitz-anmelden']).toMatchObject({ count: 1, medianMinutes: 24 });

    const audits = await db()
      .selectFrom('audit_events')
      .select(['action', 'subject_id', 'details'])
      .where('action', 'like', 'station%')
      .execute();
    expect(audits.filter((a) => a.action === 'station_day.viewed').length).toBeGreaterThanOrEqual(3);
    expect(audits.filter((a) => a.action.startsWith('station.')).length).toBe(24);
    expect(JSON.stringify(audits)).not.toMatch(/Erika|Walter|example\.org|05241/);

    // Retention: the walk-in's name and the phone's token go, the figures stay.
    const stopEnd = new Date(evening.stop.endsAt).getTime();
    const counts = await anonymisePersonalData(
      db(),
      new Date(stopEnd + (test.config.booking.retentionDays + 1) * 86_400_000),
      test.config.booking.retentionDays,
    );
    expect(counts.tickets).toBeGreaterThanOrEqual(4);
    const anonymised = await db()
      .selectFrom('tickets')
      .select(['name', 'token_hash', 'anonymised_at', 'status'])
      .where('stop_id', '=', stopId)
      .execute();
    expect(
      anonymised.every((t) => t.name === null && t.token_hash === null && t.anonymised_at !== null),
    ).toBe(true);
    expect((await publicGet(`/api/v1/tickets/${self.ticketId}?token=${self.token}`)).statusCode).toBe(404);
  });

  it('lists the open cases of the day’s visits, where the tablet captures documents', async () => {
    const date = upcomingDate(49);
    const stopId = await createTestStop(db(), { date, siteId: 'bahnhof-avenwedde' });
    const booked = await bookConfirmed(
      stopId,
      berlin(date, '09:00'),
      'cases@example.org',
      'personalausweis-beantragen',
    );
    const walkIn = randomUUID();
    const other = randomUUID();
    await apply(stopId, [
      op('open_stop', 0, withoutChecklist),
      op('issue_ticket', 1, {
        ticketId: walkIn,
        displayNumber: 'W-901',
        services: [{ serviceId: 'meldebescheinigung', quantity: 1 }],
      }),
      op('issue_ticket', 2, { ticketId: other, displayNumber: 'W-902', services: [] }),
    ]);
    const before = await day(stopId);
    const bookingCases = await db()
      .selectFrom('cases')
      .select(['id', 'number'])
      .where('booking_id', '=', booked.bookingId)
      .execute();
    expect(bookingCases).toHaveLength(1);
    // The confirmed booking has its case from the confirmation; the walk-ins none yet.
    expect(before.appointments[0].cases).toEqual([
      {
        id: bookingCases[0]!.id,
        number: bookingCases[0]!.number,
        serviceId: 'personalausweis-beantragen',
        serviceNameDe: expect.any(String),
        serviceNameEn: expect.any(String),
      },
    ]);
    expect(before.tickets.map((t: { cases: unknown[] }) => t.cases)).toEqual([[], []]);

    // A walk-in finished with a follow-up opens a case at the stop; one finished as done opens none.
    await apply(stopId, [
      op('call', 3, { entryId: walkIn, counter: 1 }),
      op('start_service', 4, { entryId: walkIn }),
      op('finish', 5, {
        entryId: walkIn,
        outcome: 'follow_up',
        deliveredServices: [{ serviceId: 'meldebescheinigung', quantity: 1 }],
      }),
      op('call', 6, { entryId: other, counter: 2 }),
      op('start_service', 7, { entryId: other }),
      op('finish', 8, { entryId: other, outcome: 'done', deliveredServices: [] }),
    ]);
    const after = await day(stopId);
    const [followed, done] = after.tickets as { id: string; cases: { serviceId: string }[] }[];
    expect(followed).toMatchObject({ id: walkIn, cases: [{ serviceId: 'meldebescheinigung' }] });
    expect(done).toMatchObject({ id: other, cases: [] });

    // A closed case is no longer offered.
    await db()
      .updateTable('cases')
      .set({ status: 'closed', closed_at: new Date() })
      .where('id', '=', bookingCases[0]!.id)
      .execute();
    expect((await day(stopId)).appointments[0].cases).toEqual([]);
  });

  it('applies an offline batch once; replaying it, even twice at once, answers duplicate and changes nothing', async () => {
    const stopId = await createTestStop(db(), { date: upcomingDate(14) });
    const tickets = [randomUUID(), randomUUID(), randomUUID()];
    const batch = [
      op('open_stop', 0, withoutChecklist),
      ...tickets.map((ticketId, i) =>
        op('issue_ticket', 1 + i, { ticketId, displayNumber: `W-10${i + 1}`, services: [] }),
      ),
      op('call', 5, { entryId: tickets[0], counter: 1 }),
      op('start_service', 6, { entryId: tickets[0] }),
      op('finish', 12, { entryId: tickets[0], outcome: 'done', deliveredServices: [] }),
      op('call', 7, { entryId: tickets[1], counter: 2 }),
      op('no_show', 9, { entryId: tickets[1] }),
      // Refused inside the batch; the others still apply.
      op('call', 10, { entryId: tickets[1], counter: 2 }),
    ];
    const first = await apply(stopId, batch, { deviceId: 'tablet-offline' });
    expect(first.results.map((r) => r.outcome)).toEqual([...Array(9).fill('applied'), 'conflict']);
    expect(first.results.map((r) => r.opId)).toEqual(batch.map((o) => o.opId));
    const afterFirst = await snapshot();
    const replay = await apply(stopId, batch, { deviceId: 'tablet-offline' });
    expect(replay.results.map((r) => r.outcome)).toEqual(Array(10).fill('duplicate'));
    expect(replay.results[0]!.reason).toBe('previously-applied');
    expect(replay.results[9]!.reason).toBe('previously-conflict');
    expect(replay.results[6]!.entry).toMatchObject({ id: tickets[0], status: 'finished' });
    expect(replay.version).toBe(first.version);
    expect(await snapshot()).toEqual(afterFirst);

    // The same new batch from two connections at once: every operation applied exactly once.
    const next = [
      op('call', 20, { entryId: tickets[2], counter: 1 }),
      op('start_service', 21, { entryId: tickets[2] }),
      op('finish', 25, { entryId: tickets[2], outcome: 'done', deliveredServices: [] }),
    ];
    const [a, b] = await Promise.all([
      apply(stopId, next, { deviceId: 'tablet-offline' }),
      apply(stopId, next, { deviceId: 'tablet-offline' }),
    ]);
    for (const [index, operation] of next.entries()) {
      const outcomes = [a.results[index]!.outcome, b.results[index]!.outcome].sort();
      expect(outcomes, operation.type).toEqual(['applied', 'duplicate']);
    }
    const events = await db()
      .selectFrom('queue_events')
      .select('type')
      .where('entry_id', '=', tickets[2]!)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.type)).toEqual(['ticket_issued', 'called', 'service_started', 'finished']);
  });

  it('resolves two devices’ conflicting operations by the rules', async () => {
    const stopId = await createTestStop(db(), { date: upcomingDate(21) });
    const [x, y, z] = [randomUUID(), randomUUID(), randomUUID()];
    await apply(stopId, [
      op('open_stop', 0, withoutChecklist),
      op('issue_ticket', 1, { ticketId: x, displayNumber: 'W-101' }),
      op('issue_ticket', 2, { ticketId: y, displayNumber: 'W-102' }),
      op('issue_ticket', 3, { ticketId: z, displayNumber: 'W-201' }),
    ]);
    // Both tablets call the same walk-in: the first to arrive wins, the other learns the current state.
    const a = await apply(stopId, [op('call', 5, { entryId: x, counter: 1 })], { deviceId: 'tablet-a' });
    const b = await apply(stopId, [op('call', 5, { entryId: x, counter: 2 })], { deviceId: 'tablet-b' });
    expect(a.results[0]!.outcome).toBe('applied');
    expect(b.results[0]).toMatchObject({
      outcome: 'conflict',
      reason: 'illegal-transition',
      entry: { id: x, kind: 'walk_in', status: 'called', counter: 1, displayNumber: 'W-101' },
    });

    // Tablet B marks the walk-in a no-show while tablet A, offline, served them: serving wins.
    const noShow = await apply(stopId, [op('no_show', 8, { entryId: x })], { deviceId: 'tablet-b' });
    expect(noShow.results[0]!.outcome).toBe('applied');
    const served = await apply(
      stopId,
      [
        op('start_service', 6, { entryId: x }),
        op('finish', 14, { entryId: x, outcome: 'done', deliveredServices: [] }),
      ],
      { deviceId: 'tablet-a' },
    );
    expect(served.results.map((r) => [r.outcome, r.reason])).toEqual([
      ['applied', 'overrode-no-show'],
      ['applied', undefined],
    ]);
    expect(served.results[1]!.entry).toMatchObject({ status: 'finished' });

    // A finish after another device parked the person wins too.
    await apply(stopId, [op('call', 15, { entryId: y, counter: 2 })], { deviceId: 'tablet-b' });
    await apply(stopId, [op('park', 16, { entryId: y })], { deviceId: 'tablet-a' });
    const finishParked = await apply(
      stopId,
      [op('finish', 20, { entryId: y, outcome: 'done', deliveredServices: [] })],
      { deviceId: 'tablet-b' },
    );
    expect(finishParked.results[0]).toMatchObject({ outcome: 'applied', reason: 'overrode-parked' });

    // Anything else illegal in the current state is a conflict: a no-show after the finish, a start
    // for someone never called.
    const late = await apply(
      stopId,
      [op('no_show', 21, { entryId: x }), op('start_service', 21, { entryId: z })],
      {
        deviceId: 'tablet-b',
      },
    );
    expect(late.results.map((r) => [r.outcome, r.entry?.status])).toEqual([
      ['conflict', 'finished'],
      ['conflict', 'waiting'],
    ]);
    // Closing while someone is still at a counter is a conflict; it works once they are done.
    await apply(stopId, [op('call', 22, { entryId: z, counter: 1 })]);
    const close = await apply(stopId, [op('close_stop', 23)], { deviceId: 'tablet-b' });
    expect(close.results[0]).toMatchObject({
      outcome: 'conflict',
      reason: 'entries-in-service',
      entry: { id: z },
    });
    const closed = await apply(stopId, [op('no_show', 24, { entryId: z }), op('close_stop', 25)]);
    expect(closed.results.map((r) => r.outcome)).toEqual(['applied', 'applied']);
  });

  it('refuses bad input with 4xx or a rejected result, and changes nothing', async () => {
    const date = upcomingDate(28);
    const stopId = await createTestStop(db(), { date, siteId: 'stadtbibliothek' });
    const otherDate = upcomingDate(28, 4);
    const otherStopId = await createTestStop(db(), { date: otherDate, siteId: 'kreishaus' });
    const elsewhere = await bookConfirmed(
      otherStopId,
      berlin(otherDate, '10:00'),
      'anna@example.org',
      'wohnsitz-anmelden',
    );
    const foreignTicket = randomUUID();
    await apply(otherStopId, [
      op('open_stop', 0, withoutChecklist),
      op('issue_ticket', 1, { ticketId: foreignTicket, displayNumber: 'W-101' }),
    ]);
    const known = randomUUID();
    await apply(stopId, [op('issue_ticket', 0, { ticketId: randomUUID(), displayNumber: 'W-100' })]).then(
      (r) => expect(r.results[0]).toMatchObject({ outcome: 'rejected', reason: 'stop-not-open' }),
    );
    await apply(stopId, [
      op('open_stop', 0, withoutChecklist),
      op('issue_ticket', 1, { ticketId: known, displayNumber: 'W-101' }),
    ]);

    const before = await domainState();
    const refused = await apply(stopId, [
      op('call', 2, { entryId: randomUUID(), counter: 1 }),
      op('call', 2, { entryId: foreignTicket, counter: 1 }),
      op('check_in', 2, { code: elsewhere.code }),
      op('check_in', 2, { code: 'ZZZZ-ZZZZ' }),
      op('call', 2, { entryId: known, counter: 3 }),
      op('issue_ticket', 2, { ticketId: randomUUID(), displayNumber: 'W-101' }),
      op('issue_ticket', 2, { ticketId: foreignTicket, displayNumber: 'W-999' }),
      op('issue_ticket', 2, {
        ticketId: randomUUID(),
        displayNumber: 'W-998',
        services: [{ serviceId: 'raumschiff-anmelden', quantity: 1 }],
      }),
    ]);
    expect(refused.results.map((r) => `${r.outcome}:${r.reason}`)).toEqual([
      'rejected:entry-not-found',
      'rejected:entry-not-found',
      'rejected:code-not-found',
      'rejected:code-not-found',
      'rejected:counter-unknown',
      'rejected:display-number-taken',
      'rejected:ticket-id-taken',
      'rejected:unknown-service',
    ]);
    expect(await domainState()).toEqual(before);

    const operationsBefore = await snapshot();
    const cases: [string, object, number, string][] = [
      [
        'unknown op type',
        { deviceId: 't', operations: [op('teleport', 3, { entryId: known })] },
        400,
        'operations.0.type',
      ],
      [
        'missing entry id',
        { deviceId: 't', operations: [op('call', 3, { counter: 1 })] },
        400,
        'operations.0.entryId',
      ],
      [
        'foreign field',
        { deviceId: 't', operations: [op('park', 3, { entryId: known, counter: 1 })] },
        400,
        'operations.0.counter',
      ],
      [
        'bad op id',
        { deviceId: 't', operations: [{ ...op('open_stop', 3, withoutChecklist), opId: 'nope' }] },
        400,
        'operations.0.opId',
      ],
      ['no operations', { deviceId: 't', operations: [] }, 400, 'operations'],
      [
        'counter 21',
        { deviceId: 't', operations: [op('call', 3, { entryId: known, counter: 21 })] },
        400,
        'operations.0.counter',
      ],
    ];
    for (const [label, payload, statusCode, field] of cases) {
      const response = await test.app.inject({
        method: 'POST',
        url: `/api/v1/staff/station/stops/${stopId}/operations`,
        headers: clerk.headers,
        payload,
      });
      expect(response.statusCode, label).toBe(statusCode);
      expect(response.headers['content-type'], label).toMatch(/^application\/problem\+json/);
      expect(response.json().field, label).toBe(field);
    }
    // A valid operation after a malformed one in the same batch is not applied either.
    const mixed = await send(stopId, [op('call', 3, { entryId: known, counter: 1 }), op('park', 3, {})]);
    expect(mixed.statusCode).toBe(400);
    expect((await send(randomUUID(), [op('open_stop', 3, withoutChecklist)])).statusCode).toBe(404);
    expect(await snapshot()).toEqual(operationsBefore);
  });

  it('keeps each municipality to its own stops', async () => {
    await importCatalogue(db(), {
      kind: 'municipality',
      file: 'm.json',
      format: 'json',
      text: JSON.stringify({
        slug: 'nachbarstadt',
        name: 'Nachbarstadt',
        hostnames: ['nachbarstadt.example'],
      }),
      municipality: 'nachbarstadt',
      actor: 'test',
    });
    const neighbourId = await municipalityId(db(), 'nachbarstadt');
    await db()
      .insertInto('sites')
      .values({
        municipality_id: neighbourId,
        id: 'marktplatz',
        name: 'Marktplatz',
        category: 'square',
        lat: 51.9,
        lon: 8.4,
        confidence: 'high',
        facts: [],
        sources: [],
        placeholder: false,
      })
      .execute();
    await db()
      .insertInto('units')
      .values({
        municipality_id: neighbourId,
        id: 'bus',
        name: 'Bus',
        kind: 'van',
        counters: 1,
        home_site_id: null,
      })
      .execute();
    const date = upcomingDate(35);
    const neighbourStop = await createStop(db(), {
      municipalityId: neighbourId,
      unitId: 'bus',
      siteId: 'marktplatz',
      date,
      startTime: '09:00',
      endTime: '12:00',
      setupMinutes: 0,
      teardownMinutes: 0,
      actor: 'test',
    });
    const ourStop = await createTestStop(db(), { date, siteId: 'kreishaus' });
    const ours = await bookConfirmed(ourStop, berlin(date, '10:00'), 'paul@example.org', 'wohnsitz-anmelden');

    const neighbourClerk = await signInAs(test.app, 'clerk', { municipality: 'nachbarstadt' });
    expect(neighbourClerk.headers.host).toBe('nachbarstadt.example');
    const before = await snapshot();
    // At its own address the other municipality does not see our stop at all.
    for (const [method, url] of [
      ['GET', `/api/v1/staff/station/stops/${ourStop}/day`],
      ['GET', `/api/v1/staff/station/stops/${ourStop}/figures`],
      ['POST', `/api/v1/staff/station/stops/${ourStop}/operations`],
    ] as const) {
      const response = await test.app.inject({
        method,
        url,
        headers: neighbourClerk.headers,
        ...(method === 'POST'
          ? { payload: { deviceId: 't', operations: [op('open_stop', 0, withoutChecklist)] } }
          : {}),
      });
      expect(response.statusCode, url).toBe(404);
    }
    const days = await test.app.inject({
      method: 'GET',
      url: `/api/v1/staff/station/days?date=${date}`,
      headers: neighbourClerk.headers,
    });
    expect(days.json().items.map((d: { stopId: string }) => d.stopId)).toEqual([neighbourStop]);
    // With our address, its session is refused.
    const wrongHost = await test.app.inject({
      method: 'GET',
      url: `/api/v1/staff/station/stops/${ourStop}/day`,
      headers: { ...neighbourClerk.headers, host: clerk.headers.host },
    });
    expect(wrongHost.statusCode).toBe(403);
    // Our public walk-in and display routes are not reachable under its address either.
    expect(
      (
        await test.app.inject({
          method: 'GET',
          url: `/api/v1/stops/${ourStop}/display`,
          headers: { host: 'nachbarstadt.example' },
        })
      ).statusCode,
    ).toBe(404);
    expect(await snapshot()).toEqual(before);

    // Our booking code does not check anyone in at the neighbour's stop.
    const neighbourOps = await apply(
      neighbourStop,
      [op('open_stop', 0, withoutChecklist), op('check_in', 1, { code: ours.code })],
      { who: neighbourClerk },
    );
    expect(neighbourOps.results.map((r) => `${r.outcome}:${r.reason ?? ''}`)).toEqual([
      'applied:',
      'rejected:code-not-found',
    ]);
    const ourDays = await test.app.inject({
      method: 'GET',
      url: `/api/v1/staff/station/days?date=${date}`,
      headers: clerk.headers,
    });
    expect(ourDays.json().items).toEqual([
      expect.objectContaining({ stopId: ourStop, appointments: 1, ticketsWaiting: 0, status: 'scheduled' }),
    ]);
  });

  it('lets clerks and admins use the station, not planners', async () => {
    const stopId = await createTestStop(db(), { date: upcomingDate(42), siteId: 'kreishaus' });
    const planner = await signInAs(test.app, 'planner');
    const admin = await signInAs(test.app, 'admin');
    const url = `/api/v1/staff/station/stops/${stopId}/day`;
    expect((await test.app.inject({ method: 'GET', url, headers: planner.headers })).statusCode).toBe(403);
    expect((await test.app.inject({ method: 'GET', url, headers: admin.headers })).statusCode).toBe(200);
    expect((await test.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    const document = test.app.swagger() as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const operationIds = Object.values(document.paths).flatMap((ops) =>
      Object.values(ops).map((o) => o.operationId),
    );
    expect(operationIds).toEqual(
      expect.arrayContaining([
        'listStationDays',
        'getStationDay',
        'applyStationOperations',
        'getStopFigures',
        'joinWalkInQueue',
        'getWalkInTicket',
        'getCallDisplay',
      ]),
    );
  });
});
