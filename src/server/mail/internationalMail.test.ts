import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/testApp.ts';
import { createTestStop, solvedCaptcha, upcomingDate } from '../../../test/support/booking.ts';
import { createMailDelivery, sendPendingMails } from './mailSender.ts';

interface Delivery {
  rcptTo: string[];
  smtpUtf8: boolean;
}

async function startSmtpServer(options: Partial<SMTPServerOptions>) {
  const deliveries: Delivery[] = [];
  /** The commands as they came over the wire (smtp-server shows parsed domains decoded to Unicode). */
  const commands: string[] = [];
  const ignore = () => undefined;
  const logger = {
    info: ignore,
    warn: ignore,
    error: ignore,
    trace: ignore,
    fatal: ignore,
    debug: (meta: { tnx?: string }, _message: string, line?: string) => {
      if (meta?.tnx === 'command' && line) commands.push(line);
    },
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: logger as unknown as SMTPServerOptions['logger'],
    ...options,
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        deliveries.push({
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          smtpUtf8: Boolean((session.envelope.mailFrom as { args?: Record<string, string> }).args?.SMTPUTF8),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { server, deliveries, commands, url: `smtp://127.0.0.1:${port}` };
}

/**
 * International addresses (RFC 6531 and IDNA) delivered through a real SMTP server: an international domain goes
 * out as punycode to any server, a non-ASCII local part through SMTPUTF8.
 */
describe('mail to international addresses', () => {
  let test: TestApp;
  let utf8Server: Awaited<ReturnType<typeof startSmtpServer>>;
  let asciiServer: Awaited<ReturnType<typeof startSmtpServer>>;
  let stopId = '';
  const date = upcomingDate(12, 2);

  beforeAll(async () => {
    utf8Server = await startSmtpServer({});
    asciiServer = await startSmtpServer({ hideSMTPUTF8: true });
    test = await createTestApp('pglite', { captchaMaxNumber: 50, smtpUrl: utf8Server.url });
    stopId = await createTestStop(test.database.db, {
      siteId: 'stadtbibliothek',
      date,
      startTime: '09:00',
      endTime: '13:00',
    });
  });
  afterAll(async () => {
    await test?.close();
    for (const smtp of [utf8Server, asciiServer]) {
      if (smtp) await new Promise<void>((resolve) => smtp.server.close(resolve));
    }
  });

  const hold = async (email: string, time: string) =>
    test.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      payload: {
        stopId,
        startsAt: DateTime.fromISO(`${date}T${time}`, { zone: 'Europe/Berlin' }).toUTC().toISO(),
        services: [{ serviceId: 'reisepass-beantragen', quantity: 1 }],
        name: 'Jörg Müller',
        email,
        captcha: await solvedCaptcha(test.app),
      },
    });

  it('takes jörg@müller.de, counts it as one person with its punycode form, and delivers it by SMTPUTF8', async () => {
    const unicode = await hold('jörg@müller.de', '09:30');
    expect(unicode.statusCode, unicode.body).toBe(201);
    const punycode = await hold('Jörg+zweiter@xn--mller-kva.de', '10:00');
    expect(punycode.statusCode, punycode.body).toBe(201);
    const keys = await test.database.db
      .selectFrom('bookings')
      .select('email_key')
      .where('stop_id', '=', stopId)
      .execute();
    expect(new Set(keys.map((row) => row.email_key))).toEqual(new Set(['jörg@xn--mller-kva.de']));

    expect(
      await sendPendingMails(test.database.db, createMailDelivery(utf8Server.url, 'rathaus@example.org')),
    ).toBe(2);
    expect(utf8Server.deliveries).toHaveLength(2);
    for (const delivery of utf8Server.deliveries) {
      expect(delivery.smtpUtf8).toBe(true);
      expect(delivery.rcptTo).toHaveLength(1);
    }
    // A non-ASCII local part travels as UTF-8 after MAIL FROM … SMTPUTF8 (RFC 6531).
    const rcpt = utf8Server.commands.filter((line) => line.startsWith('RCPT'));
    expect(rcpt).toHaveLength(2);
    expect(rcpt[0]).toMatch(/^RCPT TO:<jörg@/);
    expect(utf8Server.commands.filter((line) => line.startsWith('MAIL FROM'))[0]).toMatch(/SMTPUTF8/);
  });

  it('delivers an ASCII local part at an international domain as punycode, also without SMTPUTF8', async () => {
    const held = await hold('info@bücher.example', '11:00');
    expect(held.statusCode, held.body).toBe(201);
    expect(
      await sendPendingMails(test.database.db, createMailDelivery(asciiServer.url, 'rathaus@example.org')),
    ).toBe(1);
    expect(asciiServer.deliveries).toMatchObject([{ smtpUtf8: false }]);
    expect(asciiServer.commands.filter((line) => line.startsWith('RCPT'))).toEqual([
      'RCPT TO:<info@xn--bcher-kva.example>',
    ]);
  });
});
