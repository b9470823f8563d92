import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { loadConfig } from '../../../config.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import { createStaff, signInAs } from '../../../../test/support/staffSession.ts';
import {
  createTestStop,
  municipalityId,
  solvedCaptcha,
  tokenFromLatestMail,
  upcomingDate,
} from '../../../../test/support/booking.ts';
import { importCatalogue } from '../../commands/catalogueImporter.ts';
import { createStop } from '../../commands/stopCreator.ts';
import { emailLimitKey } from '../../../domain/email.ts';
import { anonymisePersonalData } from '../../commands/personalDataAnonymiser.ts';
import { jobHandlers } from '../../jobs/jobHandlers.ts';
import { runDueJobs } from '../../jobs/jobRunner.ts';

const berlin = (date: string, time: string) =>
  DateTime.fromISO(`${date}T${time}`, { zone: 'Europe/Berlin' }).toUTC().toISO()!;

describe.each(testDatabaseKinds)('limits against abuse on %s', (kind) => {
  let test: TestApp;
  const defaults = loadConfig({ NODE_ENV: 'test' });
  beforeAll(async () => {
    // The shipped defaults of the abuse limits (createTestApp lifts them for other suites).
    test = await createTestApp(kind, {
      captchaMaxNumber: 200,
      abuse: defaults.abuse,
      booking: defaults.booking,
    });
  });
  afterAll(async () => test?.close());
  const db = () => test.database.db;
  const runJobs = () => runDueJobs(db(), jobHandlers(db(), test.config), new Date());
  let client = 0;
  const from = () => `198.51.100.${++client}`;
  const limit = defaults.booking.maxActiveBookingsPerPerson;

  const joinWaitlist = async (email: string, remoteAddress = from(), siteId = 'stadtbibliothek') =>
    test.app.inject({
      method: 'POST',
      url: '/api/v1/waitlist',
      remoteAddress,
      payload: {
        services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
        siteIds: [siteId],
        districtIds: [],
        dateFrom: upcomingDate(1),
        dateTo: upcomingDate(40),
        name: 'Flut Tester',
        email,
        captcha: await solvedCaptcha(test.app),
      },
    });

  const hold = async (stopId: string, startsAt: string, email: string, remoteAddress: string) =>
    test.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      remoteAddress,
      payload: {
        stopId,
        startsAt,
        services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
        name: 'Halte Test',
        email,
        captcha: await solvedCaptcha(test.app),
      },
    });

  const bookingsOf = (emailKey: string) =>
    db()
      .selectFrom('bookings')
      .select(['id', 'status', 'origin'])
      .where('email_key', '=', emailKey)
      .where('status', 'in', ['held', 'confirmed'])
      .execute();

  it('the waitlist flood: 19 requests from one address get no offer before confirmation and never more than the limit', async () => {
    const date = upcomingDate(12, 3);
    await createTestStop(db(), {
      unitId: 'rathausmobil',
      siteId: 'stadtbibliothek',
      date,
      startTime: '09:00',
      endTime: '12:00',
    });
    const address = from();
    for (let i = 0; i < 19; i++) {
      const joined = await joinWaitlist(`flood+${i}@example.org`, address);
      expect(joined.statusCode).toBe(201);
      expect(joined.json().status).toBe('pending');
    }
    await runJobs();
    // Nothing is offered before the link in the mail is opened, and one pending request gets one mail.
    expect(await bookingsOf('flood@example.org')).toEqual([]);
    const requests = await db()
      .selectFrom('waitlist_requests')
      .select(['id', 'status'])
      .where('email_key', '=', 'flood@example.org')
      .execute();
    expect(requests).toEqual([{ id: expect.any(String), status: 'pending' }]);
    const confirmMails = () =>
      db()
        .selectFrom('mails')
        .select('id')
        .where('purpose', '=', 'waitlist.confirm_request')
        .where('to_address', 'like', 'flood+%')
        .execute();
    expect(await confirmMails()).toHaveLength(1);

    // The person confirms every request they can: each confirmed request is offered a slot at once, and no
    // more requests, offers or holds than the limit are ever possible.
    let confirmedRequests = 0;
    let refused: { status: number; type: string } | undefined;
    for (let i = 0; i < 19 && !refused; i++) {
      const pending = await db()
        .selectFrom('waitlist_requests')
        .select('id')
        .where('email_key', '=', 'flood@example.org')
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (!pending) {
        const joined = await joinWaitlist(`flood+again${i}@example.org`, address);
        if (joined.statusCode !== 201) {
          refused = joined.json();
          break;
        }
        continue;
      }
      const mail = await db()
        .selectFrom('mails')
        .select('text_body')
        .where('purpose', '=', 'waitlist.confirm_request')
        .where('text_body', 'like', `%/warteliste/${pending.id}/bestaetigen#%`)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      const token = /bestaetigen#([A-Za-z0-9_-]+)/.exec(mail.text_body)![1]!;
      const confirmed = await test.app.inject({
        method: 'POST',
        url: `/api/v1/waitlist/${pending.id}/confirm`,
        remoteAddress: address,
        payload: { token },
      });
      if (confirmed.statusCode !== 200) {
        refused = confirmed.json();
        break;
      }
      confirmedRequests++;
      await runJobs();
    }
    expect(refused).toMatchObject({ status: 409, type: expect.stringContaining('booking-limit') });
    expect(confirmedRequests).toBe(limit);
    const offers = await bookingsOf('flood@example.org');
    expect(offers).toHaveLength(limit);
    expect(offers.every((offer) => offer.origin === 'waitlist' && offer.status === 'held')).toBe(true);
    // At the limit, a direct booking is refused as well.
    const direct = await hold(
      (await db().selectFrom('stops').select('id').where('local_date', '=', date).executeTakeFirstOrThrow())
        .id,
      berlin(date, '11:30'),
      'Flood@example.org',
      from(),
    );
    expect(direct.json()).toMatchObject({ status: 409, field: 'email' });
    expect((await bookingsOf('flood@example.org')).length).toBeLessThanOrEqual(limit);
  });

  it('never offers a slot to a person already at the limit, but to the next in line', async () => {
    const date = upcomingDate(14, 4);
    const stopId = await createTestStop(db(), {
      unitId: 'buergerkoffer-1',
      siteId: 'buergerhaus-blankenhagen',
      date,
      startTime: '10:00',
      endTime: '10:15',
    });
    // The only slot is taken while both people join and confirm: the scan has nothing to offer.
    const blocker = await hold(stopId, berlin(date, '10:00'), 'blocker@example.org', from());
    expect(blocker.statusCode).toBe(201);
    for (const email of ['voll@example.org', 'naechste@example.org']) {
      const joined = await joinWaitlist(email, from(), 'buergerhaus-blankenhagen');
      const mail = await tokenFromLatestMail(db(), email, 'waitlist.confirm_request');
      const confirmed = await test.app.inject({
        method: 'POST',
        url: `/api/v1/waitlist/${joined.json().requestId}/confirm`,
        payload: { token: mail.token },
      });
      expect(confirmed.statusCode).toBe(200);
    }
    await runJobs();
    // Meanwhile the first person got appointments made by staff up to the limit (staff are not limited).
    const busyDate = upcomingDate(15, 5);
    const busyStop = await createTestStop(db(), {
      unitId: 'rathausmobil',
      siteId: 'kreishaus',
      date: busyDate,
      startTime: '09:00',
      endTime: '12:00',
    });
    for (const [i, time] of ['09:00', '09:30', '10:00'].entries()) {
      const startsAt = new Date(berlin(busyDate, time));
      await db()
        .insertInto('bookings')
        .values({
          municipality_id: await municipalityId(db()),
          stop_id: busyStop,
          counter: 1,
          starts_at: startsAt,
          ends_at: new Date(startsAt.getTime() + 20 * 60_000),
          duration_minutes: 20,
          status: 'confirmed',
          code: `STAF-F00${i}`,
          token_hash: `staff-made-booking-${i}`,
          origin: 'staff',
          email: 'voll@example.org',
          email_key: 'voll@example.org',
          name: 'Voll',
        })
        .execute();
    }
    // The slot frees up: it goes to the next request, not to the person at the limit.
    const blockerMail = await tokenFromLatestMail(db(), 'blocker@example.org', 'booking.confirm_request');
    const cancelled = await test.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${blocker.json().bookingId}/cancel`,
      payload: { token: blockerMail.token },
    });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    await runJobs();
    const offered = await db()
      .selectFrom('bookings')
      .select(['email_key', 'origin', 'status'])
      .where('stop_id', '=', stopId)
      .where('status', '=', 'held')
      .execute();
    expect(offered).toEqual([{ email_key: 'naechste@example.org', origin: 'waitlist', status: 'held' }]);
    expect(
      await db()
        .selectFrom('mails')
        .select('id')
        .where('purpose', '=', 'waitlist.offer')
        .where('to_address', '=', 'voll@example.org')
        .execute(),
    ).toEqual([]);
  });

  it('limits open holds per client address, per client at a stop, and the share of a stop held unconfirmed', async () => {
    const date = upcomingDate(17, 2);
    const stops: string[] = [];
    for (const [unitId, siteId, day] of [
      ['rathausmobil', 'stadtbibliothek', date],
      ['buergerkoffer-1', 'kreishaus', date],
      ['rathausmobil', 'theater-stadthalle', upcomingDate(18, 3)],
    ] as const) {
      stops.push(
        await createTestStop(db(), { unitId, siteId, date: day, startTime: '08:00', endTime: '12:00' }),
      );
    }
    const bot = from();
    const random = () => `bot-${Math.random().toString(36).slice(2)}@example.org`;
    const perStop = defaults.booking.holdLimits.perStopPerClient;
    const perClient = defaults.booking.holdLimits.perClient;
    for (let i = 0; i < perStop; i++) {
      expect(
        (await hold(stops[0]!, berlin(date, `${String(8 + i).padStart(2, '0')}:00`), random(), bot))
          .statusCode,
      ).toBe(201);
    }
    const sameStop = await hold(stops[0]!, berlin(date, '11:00'), random(), bot);
    expect(sameStop.statusCode).toBe(429);
    expect(sameStop.json()).toMatchObject({ type: expect.stringContaining('hold-limit-reached') });
    for (let i = perStop; i < perClient; i++) {
      expect(
        (await hold(stops[1]!, berlin(date, `${String(8 + i).padStart(2, '0')}:00`), random(), bot))
          .statusCode,
      ).toBe(201);
    }
    const thirdDate = upcomingDate(18, 3);
    const elsewhere = await hold(stops[2]!, berlin(thirdDate, '09:00'), random(), bot);
    expect(elsewhere.statusCode).toBe(429);
    // Another client is not affected.
    expect((await hold(stops[2]!, berlin(thirdDate, '09:00'), random(), from())).statusCode).toBe(201);

    // The client address is kept only as a keyed hash, and is gone once the hold is confirmed.
    const holds = await db()
      .selectFrom('bookings')
      .select(['id', 'client_key'])
      .where('stop_id', '=', stops[0]!)
      .execute();
    expect(holds.every((row) => row.client_key && !row.client_key.includes(bot))).toBe(true);
    expect(new Set(holds.map((row) => row.client_key)).size).toBe(1);

    // The share: one counter for 45 minutes holds at most half of its minutes unconfirmed (15-minute services).
    const smallDate = upcomingDate(19, 3);
    const small = await createTestStop(db(), {
      unitId: 'buergerkoffer-1',
      siteId: 'bahnhof-avenwedde',
      date: smallDate,
      startTime: '10:00',
      endTime: '10:45',
      counters: 1,
    });
    const firstHold = await hold(small, berlin(smallDate, '10:00'), 'anna@example.org', from());
    expect(firstHold.statusCode).toBe(201);
    const tooMuch = await hold(small, berlin(smallDate, '10:15'), 'bert@example.org', from());
    expect(tooMuch.json()).toMatchObject({
      status: 409,
      type: expect.stringContaining('hold-share-reached'),
    });
    const annaMail = await tokenFromLatestMail(db(), 'anna@example.org', 'booking.confirm_request');
    await test.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${firstHold.json().bookingId}/confirm`,
      payload: { token: annaMail.token },
    });
    expect(
      (
        await db()
          .selectFrom('bookings')
          .select('client_key')
          .where('id', '=', firstHold.json().bookingId)
          .executeTakeFirstOrThrow()
      ).client_key,
    ).toBeNull();
    expect((await hold(small, berlin(smallDate, '10:15'), 'bert@example.org', from())).statusCode).toBe(201);

    // Anonymisation removes the hash with the rest.
    await anonymisePersonalData(db(), new Date(Date.now() + 400 * 86_400_000), 30);
    expect(
      await db().selectFrom('bookings').select('id').where('client_key', 'is not', null).execute(),
    ).toEqual([]);
  });

  it('caps the mails to one recipient per day across purposes and re-sends a confirmation at most hourly', async () => {
    const victim = (tag: string) => `opfer+${tag}@example.org`;
    const sites = await db().selectFrom('sites').select('id').orderBy('id').execute();
    const cap = defaults.abuse.mailPerRecipientPerDay;
    expect(sites.length).toBeGreaterThan(cap);
    const subscribe = async (siteId: string, email: string) =>
      test.app.inject({
        method: 'POST',
        url: `/api/v1/sites/${siteId}/subscriptions`,
        remoteAddress: from(),
        payload: { email, captcha: await solvedCaptcha(test.app) },
      });
    // The same pending subscription asked for again within the hour: no second mail.
    expect((await subscribe(sites[0]!.id, victim('a'))).statusCode).toBe(202);
    expect((await subscribe(sites[0]!.id, victim('b'))).statusCode).toBe(202);
    const mailsTo = () =>
      db().selectFrom('mails').select('purpose').where('to_address', 'like', 'opfer+%').execute();
    expect(await mailsTo()).toHaveLength(1);
    // Many subscriptions and a waitlist request: never more than the cap in a day.
    for (const [i, site] of sites.slice(1).entries()) {
      expect((await subscribe(site.id, victim(`s${i}`))).statusCode).toBe(202);
    }
    expect((await joinWaitlist(victim('w'))).statusCode).toBe(201);
    expect(await mailsTo()).toHaveLength(cap);
    const suppressed = await db().selectFrom('mail_suppressions').selectAll().execute();
    expect(suppressed.length).toBe(sites.length - cap + 1);
    expect(
      suppressed.every((row) => row.reason === 'daily_cap' && !row.recipient_key?.includes('opfer')),
    ).toBe(true);
    // Other recipients still get their mail.
    expect((await subscribe(sites[0]!.id, 'jemand@example.org')).statusCode).toBe(202);
    expect(
      await db().selectFrom('mails').select('id').where('to_address', '=', 'jemand@example.org').execute(),
    ).toHaveLength(1);
  });

  it('answers a repeated hold with the open hold, without a second confirmation mail', async () => {
    const date = upcomingDate(23, 4);
    const stopId = await createTestStop(db(), {
      unitId: 'rathausmobil',
      siteId: 'theater-stadthalle',
      date,
      startTime: '09:00',
      endTime: '12:00',
    });
    const first = await hold(stopId, berlin(date, '09:00'), 'doppelt@example.org', from());
    const again = await hold(stopId, berlin(date, '09:00'), 'Doppelt+klick@example.org', from());
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json().bookingId).toBe(first.json().bookingId);
    expect(await bookingsOf('doppelt@example.org')).toHaveLength(1);
    expect(
      await db()
        .selectFrom('mails')
        .select('id')
        .where('purpose', '=', 'booking.confirm_request')
        .where('to_address', 'like', 'doppelt%')
        .execute(),
    ).toHaveLength(1);
    // Another time is another request.
    expect(
      (await hold(stopId, berlin(date, '09:15'), 'doppelt@example.org', from())).json().bookingId,
    ).not.toBe(first.json().bookingId);
  });

  it("a second municipality's mails and feeds link to its own public address", async () => {
    await importCatalogue(db(), {
      kind: 'municipality',
      file: 'm.json',
      format: 'json',
      text: JSON.stringify({
        slug: 'musterstadt',
        name: 'Musterstadt',
        hostnames: ['termine.musterstadt.example'],
        publicBaseUrl: 'https://termine.musterstadt.example',
      }),
      municipality: 'musterstadt',
      actor: 'test',
    });
    const id = await municipalityId(db(), 'musterstadt');
    await db()
      .insertInto('sites')
      .values({
        municipality_id: id,
        id: 'rathausplatz',
        name: 'Rathausplatz',
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
      .values({ municipality_id: id, id: 'bus', name: 'Bus', kind: 'van', counters: 1, home_site_id: null })
      .execute();
    const stopId = await createStop(db(), {
      municipalityId: id,
      unitId: 'bus',
      siteId: 'rathausplatz',
      date: upcomingDate(10),
      startTime: '09:00',
      endTime: '12:00',
      setupMinutes: 0,
      teardownMinutes: 0,
      actor: 'test',
    });
    const host = { host: 'termine.musterstadt.example' };
    const subscribed = await test.app.inject({
      method: 'POST',
      url: '/api/v1/sites/rathausplatz/subscriptions',
      headers: host,
      payload: { email: 'buerger@musterstadt.example', captcha: await solvedCaptcha(test.app) },
    });
    expect(subscribed.statusCode).toBe(202);
    const mail = await tokenFromLatestMail(db(), 'buerger@musterstadt.example', 'subscription.confirm');
    expect(mail.text).toContain('https://termine.musterstadt.example/benachrichtigung/');
    expect(mail.text).not.toContain(test.config.publicBaseUrl);
    const feed = await test.app.inject({
      method: 'GET',
      url: '/api/v1/sites/rathausplatz/stops.ics',
      headers: host,
    });
    expect(feed.body.replace(/\r\n /g, '')).toContain(
      `https://termine.musterstadt.example/termine/${stopId}`,
    );
    // The default municipality keeps PUBLIC_BASE_URL.
    const ours = await test.app.inject({ method: 'GET', url: '/api/v1/sites/kreishaus/stops.ics' });
    expect(ours.body).not.toContain('musterstadt');

    // Resent booking links lead to the municipality's own address (a confirmed appointment booked by staff).
    const startsAt = new Date(berlin(upcomingDate(10), '09:30'));
    const code = 'MUST-0001';
    await db()
      .insertInto('bookings')
      .values({
        municipality_id: id,
        stop_id: stopId,
        counter: 1,
        starts_at: startsAt,
        ends_at: new Date(startsAt.getTime() + 15 * 60_000),
        duration_minutes: 15,
        status: 'confirmed',
        code,
        token_hash: 'not-a-real-token-hash',
        origin: 'staff',
        name: 'Muster Bürgerin',
        email: 'buchung@musterstadt.example',
        email_key: emailLimitKey('buchung@musterstadt.example'),
        confirmed_at: new Date(),
      })
      .execute();
    const resent = await test.app.inject({
      method: 'POST',
      url: '/api/v1/bookings/resend-links',
      headers: host,
      remoteAddress: from(),
      payload: { code, email: 'buchung@musterstadt.example' },
    });
    expect(resent.statusCode, resent.body).toBe(202);
    const links = await tokenFromLatestMail(db(), 'buchung@musterstadt.example', 'booking.links_resent');
    expect(links.text).toContain('https://termine.musterstadt.example/');
    expect(links.text).not.toContain(test.config.publicBaseUrl);

    // So does a staff member's password reset link, sent by the municipality's administrator.
    const admin = await signInAs(test.app, 'admin', { municipality: 'musterstadt' });
    const clerk = await createStaff(db(), 'musterstadt', 'clerk');
    const reset = await test.app.inject({
      method: 'POST',
      url: `/api/v1/staff/users/${clerk.id}/password-reset`,
      headers: admin.headers,
    });
    expect(reset.statusCode, reset.body).toBe(202);
    const resetMail = await db()
      .selectFrom('mails')
      .select('text_body')
      .where('to_address', '=', clerk.email)
      .where('purpose', '=', 'staff_password_reset')
      .executeTakeFirstOrThrow();
    expect(resetMail.text_body).toContain('https://termine.musterstadt.example/planung/passwort-neu#');
    expect(resetMail.text_body).not.toContain(test.config.publicBaseUrl);
  });
});
