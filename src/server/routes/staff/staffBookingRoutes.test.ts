import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymisePersonalData } from '../../commands/personalDataAnonymiser.ts';
import { createTestStop, upcomingDate } from '../../../../test/support/booking.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';

describe.each(testDatabaseKinds)('staff booking without e-mail on %s', (kind) => {
  let test: TestApp;
  let clerk: StaffSignIn;
  let stopId: string;
  const date = upcomingDate(9);
  const at = (time: string) =>
    DateTime.fromISO(`${date}T${time}`, { zone: 'Europe/Berlin' }).toUTC().toISO()!;
  const service = [{ serviceId: 'personalausweis-beantragen', quantity: 1 }];

  beforeAll(async () => {
    test = await createTestApp(kind);
    clerk = await signInAs(test.app, 'clerk');
    stopId = await createTestStop(test.database.db, {
      date,
      startTime: '09:00',
      endTime: '12:00',
      counters: 1,
    });
  });
  afterAll(async () => test?.close());

  const book = (payload: object, headers: object = clerk.headers) =>
    test.app.inject({
      method: 'POST',
      url: `/api/v1/staff/station/stops/${stopId}/bookings`,
      headers: { ...headers },
      payload,
    });

  it('books by phone: confirmed at once, no mail, audited without personal data, printable', async () => {
    const { db } = test.database;
    const mailsBefore = await db
      .selectFrom('mails')
      .select(db.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    const created = await book({
      startsAt: at('09:00'),
      services: service,
      name: '  Paula Telefon ',
      phone: '05241 82-2000',
    });
    expect(created.statusCode, created.body).toBe(201);
    const { bookingId, code } = created.json<{ bookingId: string; code: string }>();
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);

    const row = await db
      .selectFrom('bookings')
      .select(['status', 'origin', 'name', 'email', 'email_key', 'phone', 'confirmed_at', 'hold_expires_at'])
      .where('id', '=', bookingId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'confirmed',
      origin: 'staff',
      name: 'Paula Telefon',
      email: null,
      email_key: null,
      phone: '05241 82-2000',
      hold_expires_at: null,
    });
    expect(row.confirmed_at).not.toBeNull();
    const mailsAfter = await db
      .selectFrom('mails')
      .select(db.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    expect(Number(mailsAfter?.n)).toBe(Number(mailsBefore?.n));

    const audit = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('subject_id', '=', bookingId)
      .where('action', '=', 'booking.created_by_staff')
      .executeTakeFirstOrThrow();
    expect(audit.actor).toBe(`staff:${clerk.user.id}`);
    expect(JSON.stringify(audit)).not.toMatch(/Paula|05241/);

    // The slot is taken: the public availability no longer offers it.
    const availability = await test.app.inject({
      url: `/api/v1/availability?services=personalausweis-beantragen&from=${date}&to=${date}`,
    });
    const stop = availability
      .json<{ stops: { stop: { id: string }; slots: { startsAt: string }[] }[] }>()
      .stops.find((s) => s.stop.id === stopId);
    expect(stop?.slots.map((slot) => slot.startsAt)).not.toContain(at('09:00'));

    const confirmation = await test.app.inject({
      url: `/api/v1/staff/station/bookings/${bookingId}/confirmation`,
      headers: clerk.headers,
    });
    expect(confirmation.statusCode, confirmation.body).toBe(200);
    expect(confirmation.json()).toMatchObject({
      bookingId,
      code,
      status: 'confirmed',
      startsAt: at('09:00'),
      name: 'Paula Telefon',
      phone: '05241 82-2000',
      services: [expect.objectContaining({ id: 'personalausweis-beantragen', quantity: 1 })],
    });
    expect(confirmation.json().services[0].documents.length).toBeGreaterThan(0);
    expect(confirmation.json().siteName).toEqual(expect.any(String));

    // Retention covers the phone number like the rest.
    await anonymisePersonalData(db, new Date(Date.parse(at('12:00')) + 40 * 86_400_000), 30);
    const anonymised = await db
      .selectFrom('bookings')
      .select(['name', 'phone', 'anonymised_at'])
      .where('id', '=', bookingId)
      .executeTakeFirstOrThrow();
    expect(anonymised).toMatchObject({ name: null, phone: null });
    expect(anonymised.anonymised_at).not.toBeNull();
  });

  it('refuses a full slot with 409 naming startsAt (the same capacity rule as citizen bookings)', async () => {
    const first = await book({ startsAt: at('10:00'), services: service, name: 'Erste Person' });
    expect(first.statusCode, first.body).toBe(201);
    const second = await book({ startsAt: at('10:00'), services: service, name: 'Zweite Person' });
    expect(second.statusCode, second.body).toBe(409);
    expect(second.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(second.json()).toMatchObject({ field: 'startsAt' });
    expect(['slot_full', 'slot_unavailable']).toContain(second.json().code);
  });

  it('answers bad input with problem+json naming the field', async () => {
    const cases: [object, string, number][] = [
      [{ startsAt: at('11:00'), services: service }, 'name', 400],
      [{ startsAt: at('11:00'), services: service, name: ' ' }, 'name', 400],
      [{ startsAt: at('11:00'), services: service, name: 'Paul', phone: 'ruf mich an' }, 'phone', 400],
      [{ startsAt: 'morgen', services: service, name: 'Paul' }, 'startsAt', 400],
      [{ startsAt: at('11:00'), services: [], name: 'Paul' }, 'services', 400],
      [{ startsAt: at('11:00'), services: service, name: 'Paul', email: 'p@example.org' }, 'email', 400],
      [{ startsAt: at('11:02'), services: service, name: 'Paul' }, 'startsAt', 409],
      [
        { startsAt: at('11:00'), services: [{ serviceId: 'zauberei', quantity: 1 }], name: 'Paul' },
        'services',
        422,
      ],
    ];
    for (const [payload, field, status] of cases) {
      const response = await book(payload);
      expect(response.statusCode, `${JSON.stringify(payload)}: ${response.body}`).toBe(status);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.json().field, JSON.stringify(payload)).toMatch(new RegExp(`^${field}`));
    }
  });

  it('lets clerks and admins book, nobody else', async () => {
    const payload = { startsAt: at('11:30'), services: service, name: 'Rolle Probe' };
    const anonymous = await test.app.inject({
      method: 'POST',
      url: `/api/v1/staff/station/stops/${stopId}/bookings`,
      payload,
    });
    expect(anonymous.statusCode).toBe(401);
    for (const role of ['planner', 'department'] as const) {
      const other = await signInAs(test.app, role);
      expect((await book(payload, other.headers)).statusCode, role).toBe(403);
    }
    const admin = await signInAs(test.app, 'admin');
    const byAdmin = await book(payload, admin.headers);
    expect(byAdmin.statusCode, byAdmin.body).toBe(201);
    const planner = await signInAs(test.app, 'planner');
    const confirmation = await test.app.inject({
      url: `/api/v1/staff/station/bookings/${byAdmin.json().bookingId}/confirmation`,
      headers: planner.headers,
    });
    expect(confirmation.statusCode).toBe(403);
  });
});
