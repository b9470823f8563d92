import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import { createTestStop, solvedCaptcha, upcomingDate } from '../../../../test/support/booking.ts';

/** The subject each language's mail starts with (the German one follows after " / "). */
const subjects = {
  de: { booking: 'Bitte bestätigen Sie Ihren Termin', waitlist: 'Bitte bestätigen Sie' },
  en: { booking: 'Please confirm your appointment', waitlist: 'Please confirm' },
  tr: { booking: 'Lütfen randevunuzu onaylayın', waitlist: 'Lütfen bekleme listesindeki yerinizi onaylayın' },
  uk: {
    booking: 'Підтвердьте, будь ласка, свій запис',
    waitlist: 'Підтвердьте, будь ласка, своє місце в списку очікування',
  },
  ar: { booking: 'يرجى تأكيد موعدك', waitlist: 'يرجى تأكيد مكانك في قائمة الانتظار' },
} as const;
const locales = Object.keys(subjects) as (keyof typeof subjects)[];

describe.each(testDatabaseKinds)('the five languages in the database and the mails, on %s', (kind) => {
  let test: TestApp;
  let ip = 0;
  beforeAll(async () => {
    test = await createTestApp(kind, { captchaMaxNumber: 200 });
  });
  afterAll(async () => test?.close());

  const db = () => test.database.db;
  const post = async (url: string, payload: object) =>
    test.app.inject({ method: 'POST', url, payload, remoteAddress: `10.7.0.${(ip += 1)}` });
  const mailTo = (to: string, purpose: string) =>
    db()
      .selectFrom('mails')
      .select(['subject', 'text_body'])
      .where('to_address', '=', to)
      .where('purpose', '=', purpose)
      .executeTakeFirstOrThrow();

  it.each(locales)(
    'keeps %s for a booking, a waiting-list request and a notice, and writes their mails in it',
    async (locale) => {
      const date = upcomingDate(7 * (locales.indexOf(locale) + 1) + 14, 3);
      const stopId = await createTestStop(db(), { siteId: 'stadtbibliothek', date });
      const availability = (
        await test.app.inject({
          url: `/api/v1/availability?services=personalausweis-beantragen:2&siteId=stadtbibliothek&from=${date}&to=${date}`,
        })
      ).json() as { stops: { stop: { id: string }; slots: { startsAt: string }[] }[] };
      const slot = availability.stops.find((entry) => entry.stop.id === stopId)!.slots[0]!;

      const bookingEmail = `termin-${locale}@example.org`;
      const held = await post('/api/v1/bookings', {
        stopId,
        startsAt: slot.startsAt,
        services: [{ serviceId: 'personalausweis-beantragen', quantity: 2 }],
        name: 'Ayşe Мова',
        email: bookingEmail,
        locale,
        captcha: await solvedCaptcha(test.app),
      });
      expect(held.statusCode, held.body).toBe(201);
      const booking = await db()
        .selectFrom('bookings')
        .select('locale')
        .where('email', '=', bookingEmail)
        .executeTakeFirstOrThrow();
      expect(booking.locale).toBe(locale);
      const bookingMail = await mailTo(bookingEmail, 'booking.confirm_request');
      expect(bookingMail.subject.startsWith(subjects[locale].booking)).toBe(true);
      // Two ID cards: the mail sums their fee (in the German or English part of every mail).
      expect(bookingMail.text_body.replace(/\u00a0/g, ' ')).toMatch(
        locale === 'en' ? /Together \(×2\): €55\.20 to €92\.00/ : /Zusammen \(2-mal\): 55,20 € bis 92,00 €/,
      );

      const waitlistEmail = `warteliste-${locale}@example.org`;
      const joined = await post('/api/v1/waitlist', {
        services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
        districtIds: [],
        siteIds: ['stadtbibliothek'],
        dateFrom: date,
        dateTo: date,
        name: 'Ayşe Мова',
        email: waitlistEmail,
        locale,
        captcha: await solvedCaptcha(test.app),
      });
      expect(joined.statusCode, joined.body).toBe(201);
      const request = await db()
        .selectFrom('waitlist_requests')
        .select('locale')
        .where('email', '=', waitlistEmail)
        .executeTakeFirstOrThrow();
      expect(request.locale).toBe(locale);
      expect(
        (await mailTo(waitlistEmail, 'waitlist.confirm_request')).subject.startsWith(
          subjects[locale].waitlist,
        ),
      ).toBe(true);

      const noticeEmail = `hinweis-${locale}@example.org`;
      const subscribed = await post('/api/v1/sites/stadtbibliothek/subscriptions', {
        email: noticeEmail,
        locale,
        captcha: await solvedCaptcha(test.app),
      });
      expect(subscribed.statusCode, subscribed.body).toBe(202);
      const subscription = await db()
        .selectFrom('site_subscriptions')
        .select('locale')
        .where('email', '=', noticeEmail)
        .executeTakeFirstOrThrow();
      expect(subscription.locale).toBe(locale);
      await mailTo(noticeEmail, 'subscription.confirm');
    },
  );

  it('refuses a language the portal does not speak, naming the field', async () => {
    const refused = await post('/api/v1/sites/stadtbibliothek/subscriptions', {
      email: 'fr@example.org',
      locale: 'fr',
      captcha: await solvedCaptcha(test.app),
    });
    expect(refused.statusCode).toBe(400);
    expect(JSON.stringify(refused.json())).toContain('locale');
  });
});
