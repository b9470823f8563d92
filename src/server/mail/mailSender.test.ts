import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createTestApp, type TestApp } from '../../../test/support/testApp.ts';
import {
  createTestStop,
  solvedCaptcha,
  tokenFromLatestMail,
  upcomingDate,
} from '../../../test/support/booking.ts';
import { jobHandlers } from '../jobs/jobHandlers.ts';
import { runDueJobs } from '../jobs/jobRunner.ts';
import { createMailDelivery, sendPendingMails } from './mailSender.ts';

describe('mail through a real SMTP server', () => {
  let test: TestApp;
  let smtp: SMTPServer;
  let port = 0;
  const received: ParsedMail[] = [];
  let failNext = false;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        if (failNext) {
          failNext = false;
          stream.resume();
          stream.on('end', () => callback(Object.assign(new Error('mailbox busy'), { responseCode: 451 })));
          return;
        }
        simpleParser(stream).then((mail) => {
          received.push(mail);
          callback();
        }, callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as { port: number }).port;
    test = await createTestApp('pglite', { captchaMaxNumber: 200, smtpUrl: `smtp://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await test?.close();
    await new Promise<void>((resolve) => smtp.close(resolve));
  });

  it('delivers the confirmation with booking code, QR code and a calendar file, and retries after a failure', async () => {
    const date = upcomingDate(9, 3);
    const stopId = await createTestStop(test.database.db, {
      siteId: 'stadtbibliothek',
      date,
      startTime: '10:00',
      endTime: '12:00',
    });
    const held = await test.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      payload: {
        stopId,
        startsAt: DateTime.fromISO(`${date}T10:30`, { zone: 'Europe/Berlin' }).toUTC().toISO(),
        services: [{ serviceId: 'reisepass-beantragen', quantity: 1 }],
        name: 'Jana Post',
        email: 'jana.post@example.org',
        captcha: await solvedCaptcha(test.app),
      },
    });
    expect(held.statusCode).toBe(201);
    const delivery = createMailDelivery(test.config.smtpUrl, 'Mobiles Rathaus <rathaus@guetersloh.example>');

    failNext = true;
    expect(await sendPendingMails(test.database.db, delivery)).toBe(0);
    const failed = await test.database.db
      .selectFrom('mails')
      .select(['status', 'attempts', 'last_error'])
      .executeTakeFirstOrThrow();
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed.last_error).not.toContain('jana');

    // Not again at once: the first retry waits a minute.
    expect(await sendPendingMails(test.database.db, delivery)).toBe(0);
    expect(received).toHaveLength(0);
    expect(await sendPendingMails(test.database.db, delivery, { now: new Date(Date.now() + 61_000) })).toBe(
      1,
    );
    expect(received).toHaveLength(1);
    expect(received[0]!.subject).toBe('Bitte bestätigen Sie Ihren Termin');
    const link = /(\S+\/termin\/\S+\/bestaetigen#\S+)/.exec(received[0]!.text ?? '')![1]!;
    const { token } = await tokenFromLatestMail(test.database.db, 'jana.post@example.org');
    expect(link.endsWith(`#${token}`)).toBe(true);

    await test.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${held.json().bookingId}/confirm`,
      payload: { token },
    });
    // The confirmation's job renders it into the outbox; the delivery sends it.
    await runDueJobs(test.database.db, jobHandlers(test.database.db, test.config), new Date());
    await sendPendingMails(test.database.db, delivery);
    const confirmation = received[1]!;
    expect(confirmation.to).toMatchObject({ text: 'jana.post@example.org' });
    expect(confirmation.from).toMatchObject({ text: expect.stringContaining('rathaus@guetersloh.example') });
    expect(confirmation.text).toMatch(/Buchungscode: [A-Z0-9]{4}-[A-Z0-9]{4}/);
    expect(confirmation.text).toContain('Bitte bringen Sie mit:');
    expect(confirmation.text).toMatch(/Gebühr: ab 24 Jahren: 70,00\s€; unter 24 Jahren: 37,50\s€/);
    expect(confirmation.text).toContain('nur mit Karte');
    const calendar = confirmation.attachments.find((a) => a.filename === 'termin.ics')!;
    const qr = confirmation.attachments.find((a) => a.contentType === 'image/png')!;
    expect(qr.content.subarray(1, 4).toString()).toBe('PNG');
    const event = new ICAL.Event(
      new ICAL.Component(ICAL.parse(calendar.content.toString('utf8'))).getFirstSubcomponent('vevent')!,
    );
    expect(
      DateTime.fromJSDate(event.startDate.toJSDate(), { zone: 'Europe/Berlin' }).toFormat('yyyy-MM-dd HH:mm'),
    ).toBe(`${date} 10:30`);
    expect(event.location).toContain('Stadtbibliothek');
  });
});
