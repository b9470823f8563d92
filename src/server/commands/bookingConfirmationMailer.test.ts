import ICAL from 'ical.js';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createTestApp, type TestApp } from '../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../test/support/testDatabase.ts';
import {
  createTestStop,
  solvedCaptcha,
  tokenFromLatestMail,
  upcomingDate,
} from '../../../test/support/booking.ts';
import { jobHandlers } from '../jobs/jobHandlers.ts';
import { runDueJobs } from '../jobs/jobRunner.ts';
import { BOOKING_MAIL_JOB } from '../mail/bookingMailQueue.ts';
import { createMailDelivery, sendPendingMails } from '../mail/mailSender.ts';

const berlin = (date: string, time: string) =>
  DateTime.fromISO(`${date}T${time}`, { zone: 'Europe/Berlin' }).toUTC().toISO()!;

describe.each(testDatabaseKinds)('the confirmation mail, rendered by its job, on %s', (kind) => {
  let test: TestApp;
  let smtp: SMTPServer;
  const received: ParsedMail[] = [];
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
  });
  afterAll(async () => {
    await test?.close();
    await new Promise<void>((resolve) => smtp.close(resolve));
  });
  const db = () => test.database.db;
  const runJobs = () => runDueJobs(db(), jobHandlers(db(), test.config), new Date());
  const inject = (url: string, payload: object) => test.app.inject({ method: 'POST', url, payload });
  const mailsTo = (email: string) =>
    db()
      .selectFrom('mails')
      .selectAll()
      .where('to_address', '=', email)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  const mailJobsOf = (bookingId: string) =>
    db()
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', BOOKING_MAIL_JOB)
      .where(({ ref }) => ref('payload', '->>').key('bookingId'), '=', bookingId)
      .orderBy('id')
      .execute();

  async function heldBooking(email: string, date: string, time: string) {
    const stopId = await createTestStop(db(), {
      siteId: 'stadtbibliothek',
      date,
      startTime: '09:00',
      endTime: '12:00',
    });
    const held = await inject('/api/v1/bookings', {
      stopId,
      startsAt: berlin(date, time),
      services: [{ serviceId: 'reisepass-beantragen', quantity: 1 }],
      name: 'Jana Job',
      email,
      captcha: await solvedCaptcha(test.app),
    });
    expect(held.statusCode, held.body).toBe(201);
    const { token } = await tokenFromLatestMail(db(), email, 'booking.confirm_request');
    return { bookingId: held.json<{ bookingId: string }>().bookingId, token, stopId };
  }

  it('commits the confirmation without rendering; the job renders the mail, which is delivered with its QR code and a valid calendar file', async () => {
    const email = 'jana.job@example.org';
    const date = upcomingDate(10, 2);
    const { bookingId, token } = await heldBooking(email, date, '10:30');
    const confirmed = await inject(`/api/v1/bookings/${bookingId}/confirm`, { token });
    expect(confirmed.json()).toEqual({ status: 'confirmed', alreadyConfirmed: false });

    // Committed: the booking is confirmed, the outbox holds no confirmation yet, only the job's request.
    const booking = await db()
      .selectFrom('bookings')
      .select(['status', 'code'])
      .where('id', '=', bookingId)
      .executeTakeFirstOrThrow();
    expect(booking.status).toBe('confirmed');
    expect((await mailsTo(email)).map((mail) => mail.purpose)).toEqual(['booking.confirm_request']);
    const [job] = await mailJobsOf(bookingId);
    expect(job).toMatchObject({ status: 'pending' });
    // Ids and the purpose; the link secret for the manage link; no address, name or other personal data.
    expect(Object.keys(job!.payload).sort()).toEqual(['bookingId', 'municipalityId', 'purpose', 'token']);
    expect(job!.payload).toMatchObject({ bookingId, purpose: 'booking.confirmed', token });
    expect(JSON.stringify(job!.payload)).not.toContain('jana');
    // Confirming twice asks for no second mail.
    expect((await inject(`/api/v1/bookings/${bookingId}/confirm`, { token })).json()).toMatchObject({
      alreadyConfirmed: true,
    });
    expect(await mailJobsOf(bookingId)).toHaveLength(1);

    await runJobs();
    const [rendered] = await mailJobsOf(bookingId);
    expect(rendered!.status).toBe('done');
    // The secret left the job with the rendering.
    expect(rendered!.payload).toEqual({
      municipalityId: job!.payload.municipalityId,
      bookingId,
      purpose: 'booking.confirmed',
    });
    const mails = await mailsTo(email);
    expect(mails.map((mail) => mail.purpose)).toEqual(['booking.confirm_request', 'booking.confirmed']);
    expect(mails[1]!.text_body).toContain(`/termin/${bookingId}#${token}`);

    const delivery = createMailDelivery(test.config.smtpUrl, 'Mobiles Rathaus <rathaus@guetersloh.example>');
    await sendPendingMails(db(), delivery);
    const confirmation = received.find(
      (mail) => mail.to && 'text' in mail.to && mail.to.text === email && mail.text?.includes(booking.code),
    )!;
    expect(confirmation.subject).toBe(mails[1]!.subject);
    expect(confirmation.text).toContain(`Buchungscode: ${booking.code}`);
    const qr = confirmation.attachments.find((a) => a.filename === `buchungscode-${booking.code}.png`)!;
    expect(qr.contentType).toBe('image/png');
    expect(qr.content.subarray(1, 4).toString()).toBe('PNG');
    const calendar = confirmation.attachments.find((a) => a.filename === 'termin.ics')!;
    const vevent = new ICAL.Component(ICAL.parse(calendar.content.toString('utf8'))).getFirstSubcomponent(
      'vevent',
    )!;
    const event = new ICAL.Event(vevent);
    expect(event.uid).toBe(`booking-${bookingId}@mobiles-rathaus`);
    expect(
      DateTime.fromJSDate(event.startDate.toJSDate(), { zone: 'Europe/Berlin' }).toFormat('yyyy-MM-dd HH:mm'),
    ).toBe(`${date} 10:30`);
    expect(event.location).toContain('Stadtbibliothek');
    expect(event.description).toContain(booking.code);
    const sent = await db()
      .selectFrom('mails')
      .select('status')
      .where('id', '=', mails[1]!.id)
      .executeTakeFirstOrThrow();
    expect(sent.status).toBe('sent');

    // A worker that died after rendering and before marking the job done: claimed again, it sends nothing twice.
    await db().updateTable('jobs').set({ status: 'pending' }).where('id', '=', job!.id).execute();
    await runJobs();
    expect(await mailsTo(email)).toHaveLength(2);
  });

  it('sends no confirmation for an appointment cancelled before the job ran: the cancellation went out instead', async () => {
    const email = 'schnell.abgesagt@example.org';
    const { bookingId, token } = await heldBooking(email, upcomingDate(10, 3), '11:00');
    await inject(`/api/v1/bookings/${bookingId}/confirm`, { token });
    const cancelled = await inject(`/api/v1/bookings/${bookingId}/cancel`, { token });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    await runJobs();
    expect((await mailsTo(email)).map((mail) => mail.purpose)).toEqual([
      'booking.confirm_request',
      'booking.cancelled',
    ]);
    const [job] = await mailJobsOf(bookingId);
    expect(job!.status).toBe('done');
    expect(job!.payload).not.toHaveProperty('token');
  });

  it('renders a moved appointment at its new time when the job runs', async () => {
    const email = 'umzug.job@example.org';
    const date = upcomingDate(10, 4);
    const { bookingId, token, stopId } = await heldBooking(email, date, '09:00');
    await inject(`/api/v1/bookings/${bookingId}/confirm`, { token });
    await runJobs();
    const moved = await inject(`/api/v1/bookings/${bookingId}/reschedule`, {
      token,
      stopId,
      startsAt: berlin(date, '11:15'),
    });
    expect(moved.json()).toEqual({ status: 'confirmed' });
    expect((await mailsTo(email)).map((mail) => mail.purpose)).toEqual([
      'booking.confirm_request',
      'booking.confirmed',
    ]);
    await runJobs();
    const mails = await mailsTo(email);
    expect(mails.map((mail) => mail.purpose)).toEqual([
      'booking.confirm_request',
      'booking.confirmed',
      'booking.rescheduled',
    ]);
    const ics = (mails[2]!.attachments as { filename: string; content: string }[]).find(
      (a) => a.filename === 'termin.ics',
    )!;
    const event = new ICAL.Event(
      new ICAL.Component(
        ICAL.parse(Buffer.from(ics.content, 'base64').toString('utf8')),
      ).getFirstSubcomponent('vevent')!,
    );
    expect(
      DateTime.fromJSDate(event.startDate.toJSDate(), { zone: 'Europe/Berlin' }).toFormat('yyyy-MM-dd HH:mm'),
    ).toBe(`${date} 11:15`);
  });
});
