import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import {
  createTestStop,
  datesAroundNextDstChange,
  municipalityId,
  solvedCaptcha,
  tokenFromLatestMail,
  upcomingDate,
} from '../../../../test/support/booking.ts';
import { expireHolds } from '../../commands/holdExpirer.ts';
import { anonymisePersonalData } from '../../commands/personalDataAnonymiser.ts';
import { runDueJobs } from '../../jobs/jobRunner.ts';
import { jobHandlers } from '../../jobs/jobHandlers.ts';
import { importCatalogue } from '../../commands/catalogueImporter.ts';

const berlin = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Berlin' });

describe.each(testDatabaseKinds)('citizen booking on %s', (kind) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp(kind, { captchaMaxNumber: 200 });
  });
  afterAll(async () => test?.close());

  const db = () => test.database.db;
  const inject = (method: 'GET' | 'POST', url: string, payload?: object, token?: string) =>
    test.app.inject({
      method,
      url,
      ...(payload ? { payload } : {}),
      ...(token ? { headers: { 'x-booking-token': token } } : {}),
    });
  const countBookings = async () =>
    Number(
      (
        await db()
          .selectFrom('bookings')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const runJobs = () => runDueJobs(db(), jobHandlers(db(), test.config), new Date());

  async function hold(
    stopId: string,
    startsAt: string,
    email: string,
    services = [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
  ) {
    return inject('POST', '/api/v1/bookings', {
      stopId,
      startsAt,
      services,
      name: 'Erika Mustermann',
      email,
      locale: 'de',
      captcha: await solvedCaptcha(test.app),
    });
  }

  it('asks where the citizen comes from: an unknown district is refused and holds nothing; a known one is kept after anonymisation', async () => {
    const stopId = await createTestStop(db(), { siteId: 'stadtbibliothek', date: upcomingDate(12) });
    const startsAt = berlin(`${upcomingDate(12)}T10:00`)
      .toUTC()
      .toISO()!;
    const body = async (districtId: string) => ({
      stopId,
      startsAt,
      services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
      name: 'Erika Mustermann',
      email: 'herkunft@example.org',
      originDistrictId: districtId,
      captcha: await solvedCaptcha(test.app),
    });
    const before = await countBookings();
    const unknown = await inject('POST', '/api/v1/bookings', await body('atlantis'));
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'unknown_district', field: 'originDistrictId' });
    expect(await countBookings()).toBe(before);

    const unknownOnWaitlist = await inject('POST', '/api/v1/waitlist', {
      services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
      siteIds: ['stadtbibliothek'],
      districtIds: [],
      dateFrom: upcomingDate(1),
      dateTo: upcomingDate(30),
      name: 'Erika Mustermann',
      email: 'herkunft@example.org',
      originDistrictId: 'atlantis',
      captcha: await solvedCaptcha(test.app),
    });
    expect(unknownOnWaitlist.statusCode).toBe(422);
    expect(unknownOnWaitlist.json()).toMatchObject({ code: 'unknown_district', field: 'originDistrictId' });

    const held = await inject('POST', '/api/v1/bookings', await body('avenwedde'));
    expect(held.statusCode, held.body).toBe(201);
    const bookingId = held.json<{ bookingId: string }>().bookingId;
    const stored = await db()
      .selectFrom('bookings')
      .select(['district_id', 'ends_at'])
      .where('id', '=', bookingId)
      .executeTakeFirstOrThrow();
    expect(stored.district_id).toBe('avenwedde');

    const retention = test.config.booking.retentionDays;
    await anonymisePersonalData(
      db(),
      new Date(new Date(stored.ends_at).getTime() + (retention + 1) * 86_400_000),
      retention,
    );
    const after = await db()
      .selectFrom('bookings')
      .select(['district_id', 'name', 'email', 'anonymised_at'])
      .where('id', '=', bookingId)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ district_id: 'avenwedde', name: null, email: null });
  });

  it('finds a stop in Avenwedde, books two services, confirms by the mailed link, serves the .ics and cancels', async () => {
    // A Monday: the Wednesday after 9 days is the one after 12 days when today is a Tuesday, and the stop at the
    // Stadtbibliothek above already has the unit then.
    const stopId = await createTestStop(db(), { siteId: 'bahnhof-avenwedde', date: upcomingDate(9, 1) });
    const stops = (await inject('GET', '/api/v1/stops?districtId=avenwedde')).json();
    expect(stops.items.map((s: { id: string }) => s.id)).toContain(stopId);
    const stop = stops.items.find((s: { id: string }) => s.id === stopId);
    expect(stop.services.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining(['personalausweis-beantragen', 'wohnsitz-anmelden']),
    );

    const availability = (
      await inject(
        'GET',
        '/api/v1/availability?services=personalausweis-beantragen:2,wohnsitz-anmelden:1&districtId=avenwedde',
      )
    ).json();
    expect(availability.durationMinutes).toBe(2 * 15 + 10);
    const atStop = availability.stops.find((s: { stop: { id: string } }) => s.stop.id === stopId);
    expect(atStop.slots[0].startsAt).toBe(new Date(berlin(`${stop.date}T09:00`).toMillis()).toISOString());

    const services = [
      { serviceId: 'personalausweis-beantragen', quantity: 2 },
      { serviceId: 'wohnsitz-anmelden', quantity: 1 },
    ];
    const held = await hold(stopId, atStop.slots[0].startsAt, 'erika@example.org', services);
    expect(held.statusCode).toBe(201);
    const { bookingId } = held.json();
    expect(held.json()).not.toHaveProperty('token');

    const mail = await tokenFromLatestMail(db(), 'erika@example.org', 'booking.confirm_request');
    expect(mail.subject).toBe('Bitte bestätigen Sie Ihren Termin');
    expect(mail.text).toContain(`/termin/${bookingId}/bestaetigen#`);
    expect((await inject('GET', `/api/v1/bookings/${bookingId}`, undefined, mail.token)).json().status).toBe(
      'held',
    );
    // The secret never travels in the address, where a proxy would log it.
    const inQuery = await inject('GET', `/api/v1/bookings/${bookingId}?token=${mail.token}`);
    expect(inQuery.statusCode).toBe(400);
    expect(inQuery.headers['content-type']).toMatch(/^application\/problem\+json/);

    const confirmed = await inject('POST', `/api/v1/bookings/${bookingId}/confirm`, { token: mail.token });
    expect(confirmed.json()).toEqual({ status: 'confirmed', alreadyConfirmed: false });
    const again = await inject('POST', `/api/v1/bookings/${bookingId}/confirm`, { token: mail.token });
    expect(again.json()).toEqual({ status: 'confirmed', alreadyConfirmed: true });

    const booking = (await inject('GET', `/api/v1/bookings/${bookingId}`, undefined, mail.token)).json();
    expect(booking).toMatchObject({
      status: 'confirmed',
      durationMinutes: 40,
      stop: { siteId: 'bahnhof-avenwedde' },
    });
    expect(booking.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(booking.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(
      booking.services.find((s: { id: string }) => s.id === 'personalausweis-beantragen').documents.length,
    ).toBeGreaterThan(0);

    // The confirmation is rendered by its job after the commit, not in the confirming request.
    expect(
      await db().selectFrom('mails').select('id').where('purpose', '=', 'booking.confirmed').execute(),
    ).toEqual([]);
    await runJobs();
    const confirmation = await db()
      .selectFrom('mails')
      .selectAll()
      .where('purpose', '=', 'booking.confirmed')
      .executeTakeFirstOrThrow();
    expect(confirmation.text_body).toContain(booking.code);
    expect((confirmation.attachments as { filename: string }[]).map((a) => a.filename)).toEqual([
      'termin.ics',
      `buchungscode-${booking.code}.png`,
    ]);

    expect(
      (await inject('GET', `/api/v1/bookings/${bookingId}/calendar.ics?token=${mail.token}`)).statusCode,
    ).toBe(400);
    const link = await inject('POST', `/api/v1/bookings/${bookingId}/calendar-link`, undefined, mail.token);
    expect(link.statusCode).toBe(200);
    const { url, expiresAt } = link.json();
    expect(url).not.toContain(mail.token);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(
      test.config.abuse.calendarLinkMinutes * 60_000,
    );
    const ics = await inject('GET', url);
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    // A changed expiry breaks the signature; an expired link says so.
    const signed = new URL(url, 'http://localhost');
    const expires = Number(signed.searchParams.get('expires'));
    signed.searchParams.set('expires', String(expires + 3600));
    expect((await inject('GET', `${signed.pathname}${signed.search}`)).json()).toMatchObject({
      status: 404,
      field: 'signature',
    });
    const { keyedHash } = await import('../../keyedHash.ts');
    const past = Math.floor(Date.now() / 1000) - 60;
    const pastSignature = await keyedHash(
      db(),
      'calendar-link',
      `${await municipalityId(db())}:${bookingId}:${past}`,
    );
    expect(
      (
        await inject(
          'GET',
          `/api/v1/bookings/${bookingId}/calendar.ics?expires=${past}&signature=${pastSignature}`,
        )
      ).json(),
    ).toMatchObject({ status: 410, field: 'expires' });
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics.body)).getFirstSubcomponent('vevent')!);
    expect(event.startDate.toJSDate().toISOString()).toBe(booking.startsAt);
    expect(event.endDate.toJSDate().toISOString()).toBe(booking.endsAt);

    const cancelled = await inject('POST', `/api/v1/bookings/${bookingId}/cancel`, { token: mail.token });
    expect(cancelled.json()).toEqual({ status: 'cancelled', alreadyCancelled: false });
    const after = (
      await inject(
        'GET',
        `/api/v1/availability?services=personalausweis-beantragen:2,wohnsitz-anmelden:1&siteId=bahnhof-avenwedde`,
      )
    ).json();
    expect(after.stops.find((s: { stop: { id: string } }) => s.stop.id === stopId).slots[0].startsAt).toBe(
      atStop.slots[0].startsAt,
    );
    const audit = await db()
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', bookingId)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['booking.held', 'booking.confirmed', 'booking.cancelled']);
  });

  it('emits calendars with correct Europe/Berlin times on both sides of a daylight-saving change', async () => {
    const { before, after } = datesAroundNextDstChange();
    await createTestStop(db(), {
      unitId: 'buergerkoffer-1',
      siteId: 'stadtbibliothek',
      date: before,
      startTime: '10:30',
      endTime: '13:00',
    });
    await createTestStop(db(), {
      unitId: 'buergerkoffer-1',
      siteId: 'stadtbibliothek',
      date: after,
      startTime: '10:30',
      endTime: '13:00',
    });
    for (const url of ['/api/v1/sites/stadtbibliothek/stops.ics', '/api/v1/stops.ics']) {
      const response = await inject('GET', url);
      expect(response.statusCode).toBe(200);
      const calendar = new ICAL.Component(ICAL.parse(response.body));
      expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');
      const starts = calendar
        .getAllSubcomponents('vevent')
        .map((component) => new ICAL.Event(component))
        .filter((event) => event.location?.startsWith('Stadtbibliothek'))
        .map((event) => DateTime.fromJSDate(event.startDate.toJSDate(), { zone: 'Europe/Berlin' }));
      const local = starts.map((start) => start.toFormat('yyyy-MM-dd HH:mm'));
      expect(local).toEqual(expect.arrayContaining([`${before} 10:30`, `${after} 10:30`]));
      const offsets = new Set(starts.map((start) => start.offset));
      expect(offsets.size).toBe(2);
    }
    expect((await inject('GET', '/api/v1/sites/gibt-es-nicht/stops.ics')).statusCode).toBe(404);
  });

  it('lets exactly one of 200 concurrent holds take the last seat; the others get 409 and nothing else changes', async () => {
    const stopId = await createTestStop(db(), {
      unitId: 'buergerkoffer-1',
      siteId: 'spexarder-bauernhaus',
      date: upcomingDate(12, 2),
      startTime: '09:00',
      endTime: '09:30',
    });
    const startsAt = berlin(`${upcomingDate(12, 2)}T09:15`)
      .toUTC()
      .toISO()!;
    const filler = await hold(
      stopId,
      berlin(`${upcomingDate(12, 2)}T09:00`)
        .toUTC()
        .toISO()!,
      'vorher@example.org',
    );
    expect(filler.statusCode).toBe(201);
    const captchas = await Promise.all(Array.from({ length: 200 }, () => solvedCaptcha(test.app)));
    const before = await countBookings();
    const responses = await Promise.all(
      captchas.map((captcha, index) =>
        inject('POST', '/api/v1/bookings', {
          stopId,
          startsAt,
          services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
          name: `Person ${index}`,
          email: `person${index}@example.org`,
          captcha,
        }),
      ),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(199);
    const conflict = responses.find((r) => r.statusCode === 409)!;
    expect(conflict.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(conflict.json()).toMatchObject({ status: 409, field: 'startsAt' });
    expect(await countBookings()).toBe(before + 1);
    const lanes = await db()
      .selectFrom('bookings')
      .select(['counter', 'starts_at'])
      .where('stop_id', '=', stopId)
      .execute();
    expect(lanes).toHaveLength(2);
  });

  it('frees the slot of an expired hold, and offers a cancelled slot to the first matching waitlist request', async () => {
    const date = upcomingDate(15, 4);
    const stopId = await createTestStop(db(), {
      unitId: 'buergerkoffer-1',
      siteId: 'isselhorst-dorfplatz',
      date,
      startTime: '09:00',
      endTime: '09:15',
    });
    const only = berlin(`${date}T09:00`).toUTC().toISO()!;
    expect((await hold(stopId, only, 'erste@example.org')).statusCode).toBe(201);
    expect((await hold(stopId, only, 'zweite@example.org')).statusCode).toBe(409);

    await db()
      .updateTable('bookings')
      .set({ hold_expires_at: new Date(Date.now() - 1000) })
      .where('email', '=', 'erste@example.org')
      .execute();
    expect(await expireHolds(db(), new Date())).toBeGreaterThanOrEqual(1);
    const second = await hold(stopId, only, 'zweite@example.org');
    expect(second.statusCode).toBe(201);
    const secondMail = await tokenFromLatestMail(db(), 'zweite@example.org');
    await inject('POST', `/api/v1/bookings/${second.json().bookingId}/confirm`, { token: secondMail.token });

    for (const [email, site] of [
      ['wartet-woanders@example.org', 'spexarder-bauernhaus'],
      ['wartet-zuerst@example.org', 'isselhorst-dorfplatz'],
      ['wartet-danach@example.org', 'isselhorst-dorfplatz'],
    ] as const) {
      const joined = await inject('POST', '/api/v1/waitlist', {
        services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
        siteIds: [site],
        districtIds: [],
        dateFrom: upcomingDate(1),
        dateTo: upcomingDate(30),
        name: 'Wartende Person',
        email,
        originDistrictId: 'isselhorst',
        captcha: await solvedCaptcha(test.app),
      });
      expect(joined.statusCode).toBe(201);
      const confirmation = await tokenFromLatestMail(db(), email, 'waitlist.confirm_request');
      const confirmed = await inject('POST', `/api/v1/waitlist/${joined.json().requestId}/confirm`, {
        token: confirmation.token,
      });
      expect(confirmed.json()).toEqual({ status: 'active', alreadyConfirmed: false });
    }
    await runJobs();
    expect(
      await db().selectFrom('waitlist_requests').select('status').where('status', '=', 'offered').execute(),
    ).toEqual([]);

    await inject('POST', `/api/v1/bookings/${second.json().bookingId}/cancel`, { token: secondMail.token });
    await runJobs();
    const offer = await tokenFromLatestMail(db(), 'wartet-zuerst@example.org', 'waitlist.offer');
    expect(offer.subject).toBe('Ein Termin für Sie ist frei geworden');
    const offered = await db()
      .selectFrom('bookings')
      .selectAll()
      .where('email', '=', 'wartet-zuerst@example.org')
      .executeTakeFirstOrThrow();
    // Where the person comes from travels with the offer into the booking.
    expect(offered).toMatchObject({
      status: 'held',
      origin: 'waitlist',
      stop_id: stopId,
      district_id: 'isselhorst',
    });
    expect(
      await db()
        .selectFrom('bookings')
        .select('id')
        .where('email', '=', 'wartet-danach@example.org')
        .execute(),
    ).toEqual([]);
    const accepted = await inject('POST', `/api/v1/bookings/${offered.id}/confirm`, { token: offer.token });
    expect(accepted.json().status).toBe('confirmed');
    const request = await db()
      .selectFrom('waitlist_requests')
      .select('status')
      .where('email', '=', 'wartet-zuerst@example.org')
      .executeTakeFirstOrThrow();
    expect(request.status).toBe('booked');
  });

  it('limits active bookings per person, counting e-mail variants as one person', async () => {
    const date = upcomingDate(20, 5);
    const stopId = await createTestStop(db(), {
      unitId: 'rathausmobil',
      siteId: 'kreishaus',
      date,
      startTime: '08:00',
      endTime: '12:00',
    });
    const at = (time: string) => berlin(`${date}T${time}`).toUTC().toISO()!;
    for (const [time, email] of [
      ['08:00', 'max.muster@gmail.com'],
      ['08:30', 'Max.Muster+termin@gmail.com'],
      ['09:00', 'maxmuster@googlemail.com'],
    ]) {
      expect((await hold(stopId, at(time!), email!)).statusCode).toBe(201);
    }
    const fourth = await hold(stopId, at('09:30'), 'MAX.MUSTER@GMAIL.COM');
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json()).toMatchObject({ field: 'email', type: expect.stringContaining('booking-limit') });
  });

  it('refuses bad input with 4xx problem+json naming the field, and changes nothing', async () => {
    const date = upcomingDate(22, 3);
    const stopId = await createTestStop(db(), { unitId: 'rathausmobil', siteId: 'theater-stadthalle', date });
    const startsAt = berlin(`${date}T10:00`).toUTC().toISO()!;
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
    const before = await countBookings();
    const mailsBefore = Number(
      (
        await db()
          .selectFrom('mails')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

    const attempt = async (changes: Record<string, unknown>, host?: string) =>
      test.app.inject({
        method: 'POST',
        url: '/api/v1/bookings',
        headers: host ? { host } : {},
        payload: {
          stopId,
          startsAt,
          services: [{ serviceId: 'personalausweis-beantragen', quantity: 1 }],
          name: 'Test Person',
          email: 'test@example.org',
          captcha: await solvedCaptcha(test.app),
          ...changes,
        },
      });
    const cases: [string, Record<string, unknown>, number, string, string?][] = [
      [
        'unknown service',
        { services: [{ serviceId: 'raumschiff-anmelden', quantity: 1 }] },
        422,
        'services[0].serviceId',
      ],
      [
        'quantity 0',
        { services: [{ serviceId: 'personalausweis-beantragen', quantity: 0 }] },
        400,
        'services.0.quantity',
      ],
      [
        'quantity 50',
        { services: [{ serviceId: 'personalausweis-beantragen', quantity: 50 }] },
        400,
        'services.0.quantity',
      ],
      [
        'a date in the past',
        { startsAt: DateTime.now().minus({ days: 3 }).toUTC().toISO() },
        409,
        'startsAt',
      ],
      ['outside the stop', { startsAt: berlin(`${date}T15:00`).toUTC().toISO() }, 409, 'startsAt'],
      ['off the slot grid', { startsAt: berlin(`${date}T10:02`).toUTC().toISO() }, 409, 'startsAt'],
      ['no services', { services: [] }, 400, 'services'],
      ['a malformed e-mail', { email: 'nicht-gültig' }, 400, 'email'],
      ['an unknown stop', { stopId: '00000000-0000-4000-8000-000000000000' }, 404, 'stopId'],
      [
        'a forged captcha',
        { captcha: Buffer.from('{"challenge":{},"solution":{}}').toString('base64') },
        400,
        'captcha',
      ],
      ["a foreign municipality's stop", {}, 404, 'stopId', 'nachbarstadt.example'],
      ['an extra field', { admin: true }, 400, 'admin'],
    ];
    for (const [label, changes, status, field, host] of cases) {
      const response = await attempt(changes, host);
      expect(response.statusCode, label).toBe(status);
      expect(response.headers['content-type'], label).toMatch(/^application\/problem\+json/);
      expect(response.json().field, label).toBe(field);
    }
    expect(
      (await inject('GET', '/api/v1/availability?services=personalausweis-beantragen:0')).statusCode,
    ).toBe(422);
    expect((await inject('GET', '/api/v1/availability?services=raumschiff:1')).json()).toMatchObject({
      status: 422,
      field: 'services[0].serviceId',
    });
    expect(
      (
        await inject('GET', '/api/v1/availability?services=personalausweis-beantragen&from=2027-02-30')
      ).json(),
    ).toMatchObject({ status: 400, field: 'from' });

    const captcha = await solvedCaptcha(test.app);
    const first = await attempt({ captcha, email: 'einmal@example.org' });
    expect(first.statusCode).toBe(201);
    const replay = await attempt({
      captcha,
      email: 'nochmal@example.org',
      startsAt: berlin(`${date}T11:00`).toUTC().toISO(),
    });
    expect(replay.json()).toMatchObject({ status: 400, field: 'captcha' });

    const bookingId = first.json().bookingId;
    const forged = 'A'.repeat(43);
    for (const [method, url, payload] of [
      ['POST', `/api/v1/bookings/${bookingId}/confirm`, { token: forged }],
      ['POST', `/api/v1/bookings/${bookingId}/cancel`, { token: forged }],
      ['GET', `/api/v1/bookings/${bookingId}`, undefined],
      ['POST', `/api/v1/bookings/${bookingId}/calendar-link`, undefined],
    ] as const) {
      const response = await inject(method, url, payload, payload ? undefined : forged);
      expect(response.statusCode, url).toBe(404);
      expect(response.json().field).toBe('token');
    }
    expect(
      (await inject('POST', `/api/v1/bookings/not-a-uuid/confirm`, { token: forged })).json().field,
    ).toBe('bookingId');
    expect(await countBookings()).toBe(before + 1);
    const mailsAfter = Number(
      (
        await db()
          .selectFrom('mails')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(mailsAfter).toBe(mailsBefore + 1);
    const status = await db()
      .selectFrom('bookings')
      .select('status')
      .where('id', '=', bookingId)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe('held');
  });

  it('moves a confirmed appointment to another stop and frees the old slot', async () => {
    const date = upcomingDate(25, 1);
    const from = await createTestStop(db(), {
      unitId: 'buergerkoffer-1',
      siteId: 'stadtbibliothek',
      date,
      startTime: '09:00',
      endTime: '10:00',
    });
    const to = await createTestStop(db(), {
      unitId: 'buergerkoffer-1',
      siteId: 'stadtbibliothek',
      date: upcomingDate(32, 1),
      startTime: '09:00',
      endTime: '10:00',
    });
    const held = await hold(from, berlin(`${date}T09:00`).toUTC().toISO()!, 'umzug@example.org');
    const { token } = await tokenFromLatestMail(db(), 'umzug@example.org');
    await inject('POST', `/api/v1/bookings/${held.json().bookingId}/confirm`, { token });
    const newStart = berlin(`${upcomingDate(32, 1)}T09:30`)
      .toUTC()
      .toISO()!;
    const moved = await inject('POST', `/api/v1/bookings/${held.json().bookingId}/reschedule`, {
      token,
      stopId: to,
      startsAt: newStart,
    });
    expect(moved.json()).toEqual({ status: 'confirmed' });
    const row = await db()
      .selectFrom('bookings')
      .select(['stop_id', 'starts_at'])
      .where('id', '=', held.json().bookingId)
      .executeTakeFirstOrThrow();
    expect(row.stop_id).toBe(to);
    expect(new Date(row.starts_at).toISOString()).toBe(new Date(newStart).toISOString());
    const freed = (
      await inject(
        'GET',
        `/api/v1/availability?services=personalausweis-beantragen&siteId=stadtbibliothek&from=${date}&to=${date}`,
      )
    ).json();
    expect(freed.stops[0].slots[0].startsAt).toBe(new Date(berlin(`${date}T09:00`).toMillis()).toISOString());
    expect(
      (
        await inject('POST', `/api/v1/bookings/${held.json().bookingId}/reschedule`, {
          token,
          stopId: from,
          startsAt: berlin(`${date}T09:07`).toUTC().toISO(),
        })
      ).statusCode,
    ).toBe(409);
  });

  it('scopes everything by municipality', async () => {
    expect(await municipalityId(db())).toMatch(/^[0-9a-f-]{36}$/);
    const foreign = await test.app.inject({
      method: 'GET',
      url: '/api/v1/stops',
      headers: { host: 'nachbarstadt.example' },
    });
    expect(foreign.json().total).toBe(0);
  });
});
