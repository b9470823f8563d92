import { createServer, type Server, type Socket } from 'node:net';
import { DateTime } from 'luxon';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/testApp.ts';
import { createTestStop, solvedCaptcha, upcomingDate } from '../../../test/support/booking.ts';
import { signInAs } from '../../../test/support/staffSession.ts';
import { jobHandlers, periodicTasks } from '../jobs/jobHandlers.ts';
import { startJobRunner } from '../jobs/jobRunner.ts';
import { createMailDelivery, mailRetryDelayMs, sendPendingMails } from './mailSender.ts';

async function holdSlot(test: TestApp, email: string, weeksAhead: number) {
  const date = upcomingDate(7 * weeksAhead, 2);
  const stopId = await createTestStop(test.database.db, {
    siteId: 'stadtbibliothek',
    date,
    startTime: '09:00',
    endTime: '12:00',
  });
  const held = await test.app.inject({
    method: 'POST',
    url: '/api/v1/bookings',
    payload: {
      stopId,
      startsAt: DateTime.fromISO(`${date}T09:30`, { zone: 'Europe/Berlin' }).toUTC().toISO(),
      services: [{ serviceId: 'reisepass-beantragen', quantity: 1 }],
      name: 'Erika Zustellung',
      email,
      captcha: await solvedCaptcha(test.app),
    },
  });
  expect(held.statusCode).toBe(201);
  return { bookingId: held.json().bookingId as string, stopId };
}

describe('a mail server that keeps refusing', () => {
  let test: TestApp;
  let smtp: SMTPServer;
  let port = 0;
  let refuse = true;
  let delivered = 0;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => {
          if (refuse) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 450 }));
          delivered++;
          callback();
        });
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

  it('backs off over hours, then marks the mail failed for admins, who can send it again', async () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => mailRetryDelayMs(n) / 60_000)).toEqual([
      1, 5, 30, 120, 360, 360, 360,
    ]);
    await holdSlot(test, 'erika.zustellung@example.org', 2);
    const db = test.database.db;
    const delivery = createMailDelivery(test.config.smtpUrl, 'rathaus@guetersloh.example', {
      maxAttempts: 5,
    });
    const mailRow = () =>
      db
        .selectFrom('mails')
        .select(['id', 'status', 'attempts', 'next_attempt_at', 'failed_at', 'last_error'])
        .executeTakeFirstOrThrow();

    let now = new Date();
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await sendPendingMails(db, delivery, { now })).toBe(0);
      const mail = await mailRow();
      expect(mail.attempts).toBe(attempt);
      expect(mail.last_error).toBe('EMESSAGE 450');
      if (attempt < 5) {
        expect(mail.status).toBe('pending');
        const next = new Date(mail.next_attempt_at!);
        waits.push(Math.round((next.getTime() - now.getTime()) / 60_000));
        // Nothing is tried before the wait is over.
        expect(await sendPendingMails(db, delivery, { now: new Date(next.getTime() - 1000) })).toBe(0);
        expect((await mailRow()).attempts).toBe(attempt);
        now = next;
      } else {
        expect(mail).toMatchObject({ status: 'failed', next_attempt_at: null });
        expect(mail.failed_at).not.toBeNull();
      }
    }
    expect(waits).toEqual([1, 5, 30, 120]);

    // The admin sees the failure without personal data, and sends the mail again.
    const admin = await signInAs(test.app, 'admin');
    const list = await test.app.inject({
      method: 'GET',
      url: '/api/v1/staff/mails/failed',
      headers: admin.headers,
    });
    expect(list.statusCode).toBe(200);
    const { id } = await mailRow();
    expect(list.json()).toMatchObject({
      total: 1,
      items: [{ id, purpose: 'booking.confirm_request', attempts: 5, lastError: 'EMESSAGE 450' }],
    });
    expect(list.body).not.toMatch(/erika|Zustellung|bestätigen/i);
    const clerk = await signInAs(test.app, 'clerk');
    expect(
      (await test.app.inject({ method: 'GET', url: '/api/v1/staff/mails/failed', headers: clerk.headers }))
        .statusCode,
    ).toBe(403);

    const retry = await test.app.inject({
      method: 'POST',
      url: `/api/v1/staff/mails/${id}/retry`,
      headers: admin.headers,
    });
    expect(retry.statusCode).toBe(204);
    expect(await mailRow()).toMatchObject({ status: 'pending', attempts: 0, next_attempt_at: null });
    const again = await test.app.inject({
      method: 'POST',
      url: `/api/v1/staff/mails/${id}/retry`,
      headers: admin.headers,
    });
    expect(again.statusCode).toBe(409);
    const audit = await db
      .selectFrom('audit_events')
      .select(['actor', 'subject_id'])
      .where('action', '=', 'mail.retried')
      .execute();
    expect(audit).toEqual([{ actor: `staff:${admin.user.id}`, subject_id: id }]);

    refuse = false;
    expect(await sendPendingMails(db, delivery)).toBe(1);
    expect(delivered).toBe(1);
    expect((await mailRow()).status).toBe('sent');
  });
});

/** Accepts TCP connections and never says a word, like a hung mail server. */
async function silentServer(): Promise<{ server: Server; sockets: Set<Socket>; port: number }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, sockets, port: (server.address() as { port: number }).port };
}

describe('a mail server that accepts connections and never answers', () => {
  let test: TestApp;
  let silent: Awaited<ReturnType<typeof silentServer>>;

  beforeAll(async () => {
    silent = await silentServer();
    test = await createTestApp('pglite', {
      captchaMaxNumber: 200,
      smtpUrl: `smtp://127.0.0.1:${silent.port}`,
    });
  });
  afterAll(async () => {
    await test?.close();
    for (const socket of silent.sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.server.close(() => resolve()));
  });

  it('gives up on the connection after the greeting timeout and tries again later', async () => {
    await holdSlot(test, 'timeout@example.org', 2);
    const delivery = createMailDelivery(test.config.smtpUrl, 'rathaus@guetersloh.example', {
      connectionTimeoutMs: 2_000,
      greetingTimeoutMs: 300,
      socketTimeoutMs: 2_000,
    });
    const before = Date.now();
    expect(await sendPendingMails(test.database.db, delivery)).toBe(0);
    const mail = await test.database.db
      .selectFrom('mails')
      .select(['status', 'attempts', 'last_error', 'next_attempt_at'])
      .where('to_address', '=', 'timeout@example.org')
      .executeTakeFirstOrThrow();
    expect(mail).toMatchObject({ status: 'pending', attempts: 1, last_error: 'ETIMEDOUT' });
    expect(new Date(mail.next_attempt_at!).getTime()).toBeGreaterThanOrEqual(before + 60_000);
  });

  it('keeps expiring holds and offering slots while the mail lane is stuck', async () => {
    const db = test.database.db;
    const { bookingId, stopId } = await holdSlot(test, 'stuck@example.org', 3);
    // A transport that would wait for minutes: the mail lane hangs on the silent server.
    const delivery = createMailDelivery(test.config.smtpUrl, 'rathaus@guetersloh.example', {
      connectionTimeoutMs: 600_000,
      greetingTimeoutMs: 600_000,
      socketTimeoutMs: 600_000,
    });
    const periodic = periodicTasks(db, test.config, delivery).map((task) =>
      task.name === 'holds.expire' ? { ...task, everyMs: 100 } : task,
    );
    const runner = startJobRunner({
      db,
      handlers: jobHandlers(db, test.config),
      periodic,
      pollMs: 50,
      log: test.app.log,
    });
    try {
      await vi.waitFor(() => expect(silent.sockets.size).toBeGreaterThan(0), {
        timeout: 30_000,
        interval: 50,
      });
      // The hold runs out while the mail lane waits on the silent server.
      await db
        .updateTable('bookings')
        .set({ hold_expires_at: new Date(Date.now() - 1000) })
        .where('id', '=', bookingId)
        .execute();
      await vi.waitFor(
        async () => {
          const booking = await db
            .selectFrom('bookings')
            .select('status')
            .where('id', '=', bookingId)
            .executeTakeFirstOrThrow();
          expect(booking.status).toBe('expired');
          const offerJob = await db
            .selectFrom('jobs')
            .select('status')
            .where('kind', '=', 'waitlist.offer')
            .where(({ ref }) => ref('payload', '->>').key('stopId' as never), '=', stopId)
            .executeTakeFirst();
          expect(offerJob?.status).toBe('done');
        },
        { timeout: 30_000, interval: 100 },
      );
      // Still stuck: not one mail went out or failed meanwhile.
      const mails = await db.selectFrom('mails').select(['status', 'attempts']).execute();
      expect(mails.some((mail) => mail.status === 'pending' && mail.attempts === 0)).toBe(true);
      expect(silent.sockets.size).toBeGreaterThan(0);
    } finally {
      for (const socket of silent.sockets) socket.destroy();
      await runner.stop();
    }
  });
});
