import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createTestApp, type TestApp } from '../../test/support/testApp.ts';
import {
  createTestStop,
  solvedCaptcha,
  tokenFromLatestMail,
  upcomingDate,
} from '../../test/support/booking.ts';
import { signInAs } from '../../test/support/staffSession.ts';

describe('logs', () => {
  let test: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(String(chunk));
        callback();
      },
    });
    test = await createTestApp('pglite', { captchaMaxNumber: 200, logLevel: 'info', logStream: stream });
  });
  afterAll(async () => test?.close());

  it('record every request by route pattern and status, and never personal data, codes or secrets', async () => {
    const date = upcomingDate(9, 2);
    const stopId = await createTestStop(test.database.db, { siteId: 'stadtbibliothek', date });
    const email = 'hanna.geheim@example.org';
    const held = await test.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      payload: {
        stopId,
        startsAt: DateTime.fromISO(`${date}T09:30`, { zone: 'Europe/Berlin' }).toUTC().toISO(),
        services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
        name: 'Hanna Vertraulich',
        email,
        phone: '0170 9876543',
        captcha: await solvedCaptcha(test.app),
      },
    });
    const bookingId = held.json().bookingId;
    const { token } = await tokenFromLatestMail(test.database.db, email);
    await test.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${bookingId}/confirm`,
      payload: { token },
    });
    const booking = (
      await test.app.inject({
        method: 'GET',
        url: `/api/v1/bookings/${bookingId}`,
        headers: { 'x-booking-token': token },
      })
    ).json();
    await test.app.inject({
      method: 'GET',
      url: `/api/v1/services?q=${encodeURIComponent('Hanna Vertraulich')}`,
    });
    await test.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      payload: { email, name: 'Hanna Vertraulich' },
    });
    const staff = await signInAs(test.app, 'admin');
    await test.app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      payload: { email: staff.user.email, password: 'falsch-falsch-falsch' },
    });

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    const requestLines = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request');
    expect(requestLines).toContainEqual(
      expect.objectContaining({ method: 'GET', route: '/api/v1/bookings/:bookingId', status: 200 }),
    );
    for (const secret of [
      email,
      'Hanna',
      'Vertraulich',
      '9876543',
      token,
      booking.code,
      staff.user.email,
      staff.csrfToken,
      'falsch-falsch',
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});
