import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import {
  createTestStop,
  solvedCaptcha,
  tokenFromLatestMail,
  upcomingDate,
} from '../../../../test/support/booking.ts';
import { linksResentPurpose, normaliseBookingCode } from '../../commands/bookingLinksResender.ts';
import { resendLinksPerQuarterHour } from './bookingLinkRoutes.ts';

describe('normaliseBookingCode', () => {
  it('accepts lower case, spaces and a missing dash', () => {
    expect(normaliseBookingCode('k7m2 9qxp')).toBe('K7M2-9QXP');
    expect(normaliseBookingCode('K7M29QXP')).toBe('K7M2-9QXP');
    expect(normaliseBookingCode('K7M2-9QXP')).toBe('K7M2-9QXP');
  });
});

describe.each(testDatabaseKinds)('resend my links on %s', (kind) => {
  let test: TestApp;
  let ip = 0;
  let weeks = 0;
  beforeAll(async () => {
    test = await createTestApp(kind, { captchaMaxNumber: 200 });
  });
  afterAll(async () => test?.close());

  const db = () => test.database.db;
  // Each case from its own client address: the per-address limit is tested on its own.
  const resend = (payload: object, remoteAddress = `10.0.0.${(ip += 1)}`) =>
    test.app.inject({ method: 'POST', url: '/api/v1/bookings/resend-links', payload, remoteAddress });
  const resentMails = async (to: string) =>
    db()
      .selectFrom('mails')
      .selectAll()
      .where('to_address', '=', to)
      .where('purpose', '=', linksResentPurpose)
      .execute();

  async function book(email: string, confirm: boolean) {
    const stopId = await createTestStop(db(), {
      siteId: 'stadtbibliothek',
      date: upcomingDate(7 * (weeks += 1) + 2),
    });
    const availability = (
      await test.app.inject({
        url: `/api/v1/availability?services=personalausweis-beantragen:1&siteId=stadtbibliothek`,
      })
    ).json() as { stops: { stop: { id: string }; slots: { startsAt: string }[] }[] };
    const slot = availability.stops.find((entry) => entry.stop.id === stopId)!.slots[0]!;
    const held = await test.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      payload: {
        stopId,
        startsAt: slot.startsAt,
        services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
        name: 'Rita Resend',
        email,
        locale: 'de',
        captcha: await solvedCaptcha(test.app),
      },
    });
    expect(held.statusCode).toBe(201);
    const { bookingId } = held.json() as { bookingId: string };
    const { token } = await tokenFromLatestMail(db(), email);
    if (confirm) {
      const confirmed = await test.app.inject({
        method: 'POST',
        url: `/api/v1/bookings/${bookingId}/confirm`,
        payload: { token },
      });
      expect(confirmed.statusCode).toBe(200);
    }
    const { code } = await db()
      .selectFrom('bookings')
      .select('code')
      .where('id', '=', bookingId)
      .executeTakeFirstOrThrow();
    return { bookingId, token, code };
  }

  it('mails new links for a confirmed booking; the old link stops working', async () => {
    const email = 'rita@example.org';
    const { bookingId, token, code } = await book(email, true);
    const answer = await resend({ code: code.toLowerCase().replace('-', ' '), email: 'Rita@Example.org' });
    expect(answer.statusCode).toBe(202);
    expect(answer.json()).toEqual({ status: 'accepted' });

    const mails = await resentMails(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text_body).toContain(code);
    const fresh = await tokenFromLatestMail(db(), email, linksResentPurpose);
    expect(fresh.text).toContain(`/termin/${bookingId}#`);
    expect(fresh.token).not.toBe(token);
    const withNew = await test.app.inject({
      url: `/api/v1/bookings/${bookingId}`,
      headers: { 'x-booking-token': fresh.token },
    });
    expect(withNew.statusCode).toBe(200);
    const withOld = await test.app.inject({
      url: `/api/v1/bookings/${bookingId}`,
      headers: { 'x-booking-token': token },
    });
    expect(withOld.statusCode).toBe(404);

    // A second request soon after sends nothing more.
    expect((await resend({ code, email })).statusCode).toBe(202);
    expect(await resentMails(email)).toHaveLength(1);
  });

  it('mails the confirmation link for a booking that is still held', async () => {
    const email = 'held@example.org';
    const { bookingId, code } = await book(email, false);
    expect((await resend({ code, email })).statusCode).toBe(202);
    const fresh = await tokenFromLatestMail(db(), email, linksResentPurpose);
    expect(fresh.text).toContain(`/termin/${bookingId}/bestaetigen#`);
  });

  it('answers the same whether or not the pair exists, and sends nothing then', async () => {
    const email = 'other@example.org';
    const { code } = await book(email, true);
    const wrongEmail = await resend({ code, email: 'stranger@example.org' });
    const wrongCode = await resend({ code: 'ZZZZ-ZZZZ', email });
    const notAnEmail = await resend({ code, email: 'no-at-sign' });
    for (const answer of [wrongEmail, wrongCode, notAnEmail]) {
      expect(answer.statusCode).toBe(202);
      expect(answer.json()).toEqual({ status: 'accepted' });
    }
    expect(await resentMails(email)).toHaveLength(0);
    expect(await resentMails('stranger@example.org')).toHaveLength(0);
  });

  it('refuses a malformed code with a problem naming the field', async () => {
    const answer = await resend({ code: '<script>', email: 'x@example.org' });
    expect(answer.statusCode).toBe(400);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(answer.json())).toContain('code');
  });

  it('limits the requests per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= resendLinksPerQuarterHour; i += 1)
      statuses.push((await resend({ code: 'ABCD-EFGH', email: 'x@example.org' }, '10.9.9.9')).statusCode);
    expect(statuses.slice(0, resendLinksPerQuarterHour).every((status) => status === 202)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
