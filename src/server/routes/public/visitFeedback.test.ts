import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { simpleParser, type ParsedMail } from 'mailparser';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestStop,
  municipalityId,
  solvedCaptcha,
  tokenFromLatestMail,
  upcomingDate,
} from '../../../../test/support/booking.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import { anonymisePersonalData } from '../../commands/personalDataAnonymiser.ts';
import { jobHandlers } from '../../jobs/jobHandlers.ts';
import { createMailDelivery, sendPendingMails } from '../../mail/mailSender.ts';

// Tracker issue 10, items 2 and 3: the survey after a visit (mail for appointments, the ticket page for walk-ins)
// and the reason a citizen came in person for a service that also exists online.

const berlin = (date: string, time: string) =>
  DateTime.fromISO(`${date}T${time}`, { zone: 'Europe/Berlin' }).toUTC().toISO()!;

describe.each(testDatabaseKinds)('visit feedback and in-person reasons on %s', (kind) => {
  let test: TestApp;
  let smtp: SMTPServer;
  let clerk: StaffSignIn;
  const received: ParsedMail[] = [];
  const db = () => test.database.db;
  const base = Date.now();
  const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
  const op = (type: string, minute: number, payload: Record<string, unknown> = {}) => ({
    opId: randomUUID(),
    at: at(minute),
    type,
    ...payload,
  });

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        simpleParser(stream).then((mail) => {
          received.push(mail);
          callback();
        }, callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as { port: number }).port;
    test = await createTestApp(kind, { captchaMaxNumber: 200, smtpUrl: `smtp://127.0.0.1:${port}` });
    clerk = await signInAs(test.app, 'clerk');
  });
  afterAll(async () => {
    await test?.close();
    await new Promise<void>((resolve) => smtp.close(resolve));
  });

  const operations = async (stopId: string, ops: object[]) =>
    test.app.inject({
      method: 'POST',
      url: `/api/v1/staff/station/stops/${stopId}/operations`,
      headers: clerk.headers,
      payload: { deviceId: 'tablet-feedback', operations: ops },
    });
  const apply = async (stopId: string, ops: object[]) => {
    const response = await operations(stopId, ops);
    expect(response.statusCode, response.body).toBe(200);
    const results = response.json<{ results: { outcome: string; reason?: string }[] }>().results;
    expect(results.map((r) => r.outcome)).toEqual(ops.map(() => 'applied'));
  };

  async function bookConfirmed(
    stopId: string,
    startsAt: string,
    email: string,
    serviceIds: string[],
    extra: Record<string, unknown> = {},
  ) {
    const held = await test.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      payload: {
        stopId,
        startsAt,
        services: serviceIds.map((serviceId) => ({ serviceId, quantity: 1 })),
        name: 'Erika Umfrage',
        email,
        captcha: await solvedCaptcha(test.app),
        ...extra,
      },
    });
    expect(held.statusCode, held.body).toBe(201);
    const { bookingId } = held.json<{ bookingId: string }>();
    const { token } = await tokenFromLatestMail(db(), email, 'booking.confirm_request');
    const confirmed = await test.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${bookingId}/confirm`,
      payload: { token },
    });
    expect(confirmed.statusCode).toBe(200);
    const { code } = (
      await test.app.inject({
        method: 'GET',
        url: `/api/v1/bookings/${bookingId}`,
        headers: { 'x-booking-token': token },
      })
    ).json<{ code: string }>();
    return { bookingId, code };
  }

  /** Runs the queued survey invitations as the job runner does. */
  async function runInvitations() {
    const handlers = jobHandlers(db(), test.config);
    const jobs = await db()
      .selectFrom('jobs')
      .select(['id', 'kind', 'payload', 'attempts'])
      .where('kind', '=', 'feedback.invite')
      .where('status', '=', 'pending')
      .execute();
    for (const job of jobs) {
      await handlers['feedback.invite']!(job, new Date());
      await db().updateTable('jobs').set({ status: 'done' }).where('id', '=', job.id).execute();
    }
    return jobs.length;
  }

  const submit = (payload: Record<string, unknown>) =>
    test.app.inject({ method: 'POST', url: '/api/v1/visit-feedback', payload });
  const counts = async () => ({
    answers: Number(
      (
        await db()
          .selectFrom('visit_feedback')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    uses: Number(
      (
        await db()
          .selectFrom('visit_feedback_uses')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  });

  it('mails one survey after a finished appointment, takes one answer per visit without a link to the person, honours opt-outs', async () => {
    const date = upcomingDate(7);
    const stopId = await createTestStop(db(), { date, siteId: 'stadtbibliothek' });
    const anna = await bookConfirmed(stopId, berlin(date, '09:00'), 'anna.umfrage@example.org', [
      'wohnsitz-anmelden',
      'personalausweis-beantragen',
    ]);
    const bert = await bookConfirmed(
      stopId,
      berlin(date, '09:30'),
      'bert.keine-umfrage@example.org',
      ['wohnsitz-anmelden'],
      { feedbackOptOut: true },
    );
    expect(
      await db()
        .selectFrom('bookings')
        .select('feedback_opt_out')
        .where('id', '=', bert.bookingId)
        .executeTakeFirst(),
    ).toEqual({ feedback_opt_out: true });

    // A reason for a service that was not delivered is refused as a whole batch, naming the field.
    const misplaced = await operations(stopId, [
      op('finish', 1, {
        entryId: anna.bookingId,
        outcome: 'done',
        deliveredServices: [{ serviceId: 'wohnsitz-anmelden', quantity: 1 }],
        inPersonReasons: [{ serviceId: 'fuehrungszeugnis', reason: 'no_eid' }],
      }),
    ]);
    expect(misplaced.statusCode).toBe(400);
    expect(misplaced.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(misplaced.json()).toMatchObject({ field: 'operations.0.inPersonReasons.0.serviceId' });
    const badReason = await operations(stopId, [
      op('finish', 1, {
        entryId: anna.bookingId,
        outcome: 'done',
        deliveredServices: [{ serviceId: 'wohnsitz-anmelden', quantity: 1 }],
        inPersonReasons: [{ serviceId: 'wohnsitz-anmelden', reason: 'bored' }],
      }),
    ]);
    expect(badReason.statusCode).toBe(400);
    expect(badReason.json().field).toMatch(/inPersonReasons/);

    await apply(stopId, [
      op('open_stop', 0, { reason: 'Checkliste auf Papier' }),
      op('check_in', 1, { code: anna.code }),
      op('check_in', 2, { code: bert.code }),
      op('call', 3, { entryId: anna.bookingId, counter: 1 }),
      op('start_service', 4, { entryId: anna.bookingId }),
      op('finish', 10, {
        entryId: anna.bookingId,
        outcome: 'done',
        deliveredServices: [
          { serviceId: 'wohnsitz-anmelden', quantity: 1 },
          { serviceId: 'personalausweis-beantragen', quantity: 1 },
        ],
        inPersonReasons: [
          { serviceId: 'wohnsitz-anmelden', reason: 'no_eid' },
          // Only in person anyway: not kept.
          { serviceId: 'personalausweis-beantragen', reason: 'other' },
        ],
      }),
      op('call', 11, { entryId: bert.bookingId, counter: 2 }),
      op('start_service', 12, { entryId: bert.bookingId }),
      op('finish', 15, {
        entryId: bert.bookingId,
        outcome: 'done',
        deliveredServices: [{ serviceId: 'wohnsitz-anmelden', quantity: 1 }],
      }),
    ]);

    const reasons = await db().selectFrom('in_person_reasons').selectAll().execute();
    expect(reasons.map((r) => [r.entry_id, r.service_id, r.reason, r.entry_kind])).toEqual([
      [anna.bookingId, 'wohnsitz-anmelden', 'no_eid', 'appointment'],
    ]);
    expect(JSON.stringify(reasons)).not.toMatch(/anna|Erika|example\.org/i);

    // One invitation job per finished appointment; Bert opted out when booking.
    expect(await runInvitations()).toBe(2);
    const invitations = await db()
      .selectFrom('mails')
      .selectAll()
      .where('purpose', '=', 'visit.feedback')
      .execute();
    expect(invitations.map((m) => m.to_address)).toEqual(['anna.umfrage@example.org']);
    // Finishing again (a replayed batch from another tablet) queues no second mail.
    expect(await runInvitations()).toBe(0);

    const delivery = createMailDelivery(test.config.smtpUrl, 'Mobiles Rathaus <rathaus@guetersloh.example>');
    await sendPendingMails(db(), delivery);
    const mail = received.find((m) => m.subject === 'Wie war Ihr Besuch beim Mobilen Rathaus?');
    expect(mail).toBeDefined();
    const link = /(https?:\/\/\S+\/rueckmeldung#([A-Za-z0-9_-]{20,}))/.exec(mail!.text ?? '');
    expect(link).not.toBeNull();
    const token = link![2]!;
    expect(mail!.text).toMatch(/\/rueckmeldung\/abbestellen#/);

    // Bad input changes nothing and names the field.
    const before = await counts();
    for (const [payload, field] of [
      [{ token, satisfaction: 6, wouldUseAgain: 'yes' }, 'satisfaction'],
      [{ token, satisfaction: 0, wouldUseAgain: 'yes' }, 'satisfaction'],
      [{ token, satisfaction: 4, wouldUseAgain: 'maybe' }, 'wouldUseAgain'],
      [{ token, satisfaction: 4, wouldUseAgain: 'yes', travelMode: 'rocket' }, 'travelMode'],
      [{ token, satisfaction: 4, wouldUseAgain: 'yes', timeCompared: 'ages' }, 'timeCompared'],
      [{ token: 'x'.repeat(43), satisfaction: 4, wouldUseAgain: 'yes' }, 'token'],
    ] as const) {
      const response = await submit(payload);
      expect(response.statusCode, JSON.stringify(payload)).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().field, JSON.stringify(payload)).toBe(field);
    }
    expect(await counts()).toEqual(before);

    const answered = await submit({
      token,
      satisfaction: 5,
      wouldUseAgain: 'yes',
      timeCompared: 'saved_much',
      travelMode: 'bike',
    });
    expect(answered.statusCode, answered.body).toBe(201);
    const again = await submit({ token, satisfaction: 1, wouldUseAgain: 'no' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      field: 'token',
      type: expect.stringContaining('feedback-already-given'),
    });
    expect(await counts()).toEqual({ answers: 1, uses: 1 });

    // The database itself refuses a second used-flag for the visit.
    const [use] = await db().selectFrom('visit_feedback_uses').selectAll().execute();
    await expect(db().insertInto('visit_feedback_uses').values(use!).execute()).rejects.toThrow();

    // No link to the person: the answer table has no column that could point to a booking, ticket, token or time.
    const { rows: columns } = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns WHERE table_name = 'visit_feedback' ORDER BY column_name
    `.execute(db());
    expect(columns.map((c) => c.column_name)).toEqual([
      'channel',
      'id',
      'municipality_id',
      'satisfaction',
      'stop_id',
      'time_compared',
      'travel_mode',
      'would_use_again',
    ]);
    const answers = await db().selectFrom('visit_feedback').selectAll().execute();
    expect(answers).toEqual([
      expect.objectContaining({
        stop_id: stopId,
        channel: 'booked',
        satisfaction: 5,
        would_use_again: 'yes',
        time_compared: 'saved_much',
        travel_mode: 'bike',
      }),
    ]);
    const booking = await db()
      .selectFrom('bookings')
      .selectAll()
      .where('id', '=', anna.bookingId)
      .executeTakeFirstOrThrow();
    const serialised = JSON.stringify(answers);
    for (const personal of [
      anna.bookingId,
      anna.code,
      booking.email!,
      booking.name!,
      booking.feedback_token_hash!,
    ])
      expect(serialised).not.toContain(personal);
    expect(answers[0]!.id).not.toBe(use!.visit_key);

    // Opt-out by the link: no survey after Anna's next visit.
    const optOut = await test.app.inject({
      method: 'POST',
      url: '/api/v1/visit-feedback/opt-out',
      payload: { token },
    });
    expect(optOut.statusCode, optOut.body).toBe(200);
    const nextDate = upcomingDate(14);
    const nextStop = await createTestStop(db(), { date: nextDate, siteId: 'stadtbibliothek' });
    const annaAgain = await bookConfirmed(nextStop, berlin(nextDate, '09:00'), 'Anna.Umfrage@example.org', [
      'meldebescheinigung',
    ]);
    await apply(nextStop, [
      op('open_stop', 0, { reason: 'Checkliste auf Papier' }),
      op('check_in', 1, { code: annaAgain.code }),
      op('call', 2, { entryId: annaAgain.bookingId, counter: 1 }),
      op('start_service', 3, { entryId: annaAgain.bookingId }),
      op('finish', 5, {
        entryId: annaAgain.bookingId,
        outcome: 'done',
        deliveredServices: [{ serviceId: 'meldebescheinigung', quantity: 1 }],
      }),
    ]);
    expect(await runInvitations()).toBe(1);
    expect(
      await db().selectFrom('mails').select('id').where('purpose', '=', 'visit.feedback').execute(),
    ).toHaveLength(1);

    // Anonymisation still works; the answers stay, the survey link dies with the address.
    const later = new Date(Date.parse(berlin(nextDate, '12:00')) + 400 * 86_400_000);
    const anonymised = await anonymisePersonalData(db(), later, 30);
    expect(anonymised.bookings).toBeGreaterThanOrEqual(3);
    const rows = await db()
      .selectFrom('bookings')
      .select(['email', 'name', 'feedback_token_hash'])
      .where('id', 'in', [anna.bookingId, bert.bookingId, annaAgain.bookingId])
      .execute();
    expect(rows.every((r) => r.email === null && r.name === null && r.feedback_token_hash === null)).toBe(
      true,
    );
    expect((await counts()).answers).toBe(1);
    expect((await submit({ token, satisfaction: 3, wouldUseAgain: 'yes' })).statusCode).toBe(404);
  });

  it('offers the survey on the walk-in ticket page once the visit is over, once, and keeps the district asked at the counter', async () => {
    const date = upcomingDate(21);
    const stopId = await createTestStop(db(), { date, siteId: 'bahnhof-avenwedde' });
    const day = await test.app.inject({
      method: 'GET',
      url: `/api/v1/staff/station/stops/${stopId}/day`,
      headers: clerk.headers,
    });
    const posterToken = new URL(day.json<{ posterUrl: string }>().posterUrl).hash.slice(1);
    const [district] = await db()
      .selectFrom('districts')
      .select('id')
      .where('municipality_id', '=', await municipalityId(db()))
      .orderBy('id')
      .limit(1)
      .execute();
    const counterTicket = randomUUID();
    const unknownDistrictTicket = randomUUID();
    await apply(stopId, [
      op('open_stop', 0, { reason: 'Checkliste auf Papier' }),
      op('issue_ticket', 1, {
        ticketId: counterTicket,
        displayNumber: 'W-101',
        services: [],
        originDistrictId: district!.id,
      }),
      op('issue_ticket', 2, {
        ticketId: unknownDistrictTicket,
        displayNumber: 'W-102',
        services: [],
        originDistrictId: 'atlantis',
      }),
    ]);
    const districts = await db()
      .selectFrom('tickets')
      .select(['id', 'origin_district_id'])
      .where('id', 'in', [counterTicket, unknownDistrictTicket])
      .execute();
    expect(Object.fromEntries(districts.map((t) => [t.id, t.origin_district_id]))).toEqual({
      [counterTicket]: district!.id,
      [unknownDistrictTicket]: null,
    });

    const joined = await test.app.inject({
      method: 'POST',
      url: `/api/v1/stops/${stopId}/tickets`,
      payload: { posterToken, locale: 'tr', originDistrictId: district!.id },
    });
    expect(joined.statusCode, joined.body).toBe(201);
    const ticket = joined.json<{ ticketId: string; token: string }>();
    const status = async () =>
      (
        await test.app.inject({
          method: 'GET',
          url: `/api/v1/tickets/${ticket.ticketId}?token=${ticket.token}`,
        })
      ).json<{
        status: string;
        feedbackOpen: boolean;
      }>();
    expect(await status()).toMatchObject({ status: 'waiting', feedbackOpen: false });
    const early = await submit({
      ticketId: ticket.ticketId,
      token: ticket.token,
      satisfaction: 4,
      wouldUseAgain: 'yes',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({
      field: 'ticketId',
      type: expect.stringContaining('feedback-not-open'),
    });

    await apply(stopId, [
      op('call', 3, { entryId: ticket.ticketId, counter: 1 }),
      op('start_service', 4, { entryId: ticket.ticketId }),
      op('finish', 8, {
        entryId: ticket.ticketId,
        outcome: 'done',
        deliveredServices: [{ serviceId: 'briefwahl', quantity: 1 }],
        inPersonReasons: [{ serviceId: 'briefwahl', reason: 'needs_help' }],
      }),
    ]);
    expect(await status()).toMatchObject({ status: 'finished', feedbackOpen: true });
    const wrongToken = await submit({
      ticketId: ticket.ticketId,
      token: 'z'.repeat(43),
      satisfaction: 4,
      wouldUseAgain: 'yes',
    });
    expect(wrongToken.statusCode).toBe(404);
    expect(wrongToken.json().field).toBe('token');
    const answered = await submit({
      ticketId: ticket.ticketId,
      token: ticket.token,
      satisfaction: 4,
      wouldUseAgain: 'unsure',
    });
    expect(answered.statusCode, answered.body).toBe(201);
    expect(await status()).toMatchObject({ status: 'finished', feedbackOpen: false });
    const twice = await submit({
      ticketId: ticket.ticketId,
      token: ticket.token,
      satisfaction: 4,
      wouldUseAgain: 'yes',
    });
    expect(twice.statusCode).toBe(409);
    const walkInAnswers = await db()
      .selectFrom('visit_feedback')
      .selectAll()
      .where('channel', '=', 'walk_in')
      .execute();
    expect(walkInAnswers).toEqual([
      expect.objectContaining({
        stop_id: stopId,
        satisfaction: 4,
        would_use_again: 'unsure',
        travel_mode: null,
      }),
    ]);
    expect(JSON.stringify(walkInAnswers)).not.toContain(ticket.ticketId);
    const reason = await db()
      .selectFrom('in_person_reasons')
      .select(['entry_kind', 'service_id', 'reason'])
      .where('entry_id', '=', ticket.ticketId)
      .execute();
    expect(reason).toEqual([{ entry_kind: 'walk_in', service_id: 'briefwahl', reason: 'needs_help' }]);
  });
});
