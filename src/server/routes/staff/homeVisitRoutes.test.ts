import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymisePersonalData } from '../../commands/personalDataAnonymiser.ts';
import { upcomingDate } from '../../../../test/support/booking.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';

describe.each(testDatabaseKinds)('home visits on %s', (kind) => {
  let test: TestApp;
  let planner: StaffSignIn;
  let clerk: StaffSignIn;
  const date = upcomingDate(10, 2);
  const host = { host: 'localhost' };
  beforeAll(async () => {
    test = await createTestApp(kind);
    planner = await signInAs(test.app, 'planner');
    clerk = await signInAs(test.app, 'clerk');
    host.host = planner.headers.host;
  });
  afterAll(async () => test?.close());

  const staffCall = (who: StaffSignIn, method: 'GET' | 'POST', url: string, payload?: object) =>
    test.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
  const citizen = (url: string, payload: object, remoteAddress = '10.9.9.9') =>
    test.app.inject({ method: 'POST', url, headers: host, payload, remoteAddress });

  const request = (overrides: Record<string, unknown> = {}) => ({
    visitFor: 'self',
    serviceIds: ['personalausweis-beantragen'],
    reason: 'illness',
    reasonDetails: 'Nach einer Operation bettlägerig',
    personName: 'Erika Muster',
    street: 'Berliner Straße 70',
    postcode: '33330',
    city: 'Gütersloh',
    addressNote: '2. Stock',
    phone: '05241 123456',
    districtId: 'guetersloh-kernstadt',
    availability: [{ date, from: '09:00', until: '13:00' }],
    requesterName: 'Erika Muster',
    requesterEmail: 'erika@example.org',
    consent: false,
    locale: 'de',
    ...overrides,
  });
  const count = async () =>
    Number(
      (
        await test.database.db
          .selectFrom('home_visits')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses a request without consent or outside the town, naming the field, and stores nothing', async () => {
    const before = await count();
    const noConsent = await citizen(
      '/api/v1/home-visits',
      request({ visitFor: 'relative', consent: false, consentText: 'Die Person ist einverstanden.' }),
    );
    expect(noConsent.statusCode).toBe(422);
    expect(noConsent.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(noConsent.json()).toMatchObject({ code: 'consent_required', field: 'consent' });
    const outside = await citizen('/api/v1/home-visits', request({ postcode: '33602' }));
    expect(outside.json()).toMatchObject({ code: 'outside_municipality', field: 'postcode' });
    const unknownDistrict = await citizen('/api/v1/home-visits', request({ districtId: 'bielefeld-mitte' }));
    expect(unknownDistrict.json()).toMatchObject({ code: 'outside_municipality', field: 'districtId' });
    expect(await count()).toBe(before);
  });

  it('keeps the address and reason sealed, and lets only the coordinator read them, audited', async () => {
    const created = await citizen(
      '/api/v1/home-visits',
      request({
        visitFor: 'care_home',
        consent: true,
        consentText: 'Die Person, für die ich den Besuch wünsche, ist damit einverstanden.',
      }),
    );
    expect(created.statusCode).toBe(201);
    const { homeVisitId } = created.json<{ homeVisitId: string }>();
    const row = await test.database.db
      .selectFrom('home_visits')
      .selectAll()
      .where('id', '=', homeVisitId)
      .executeTakeFirstOrThrow();
    expect(row.consent_text).toContain('einverstanden');
    const raw = JSON.stringify(row) + Buffer.from(row.sealed_data!).toString('latin1');
    expect(raw).not.toContain('Berliner Straße');
    expect(raw).not.toContain('illness');
    expect(raw).not.toContain('Operation');

    expect((await staffCall(clerk, 'GET', '/api/v1/staff/home-visits')).statusCode).toBe(403);
    const list = await staffCall(planner, 'GET', '/api/v1/staff/home-visits?status=requested');
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((visit: { id: string }) => visit.id === homeVisitId);
    expect(item.personal).toMatchObject({ street: 'Berliner Straße 70', reason: 'illness' });
    const audit = await test.database.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('action', '=', 'home_visit.personal_data_read')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('triages, plans a day with two staff and a route, and lets the citizen check the staff by code', async () => {
    const ids: string[] = [];
    const places = [
      { lat: 51.9069, lon: 8.3786, from: '09:00', until: '12:00' },
      { lat: 51.93, lon: 8.42, from: '10:00', until: '13:00' },
      { lat: 51.88, lon: 8.35, from: '09:00', until: '15:00' },
    ];
    for (const place of places) {
      const created = await citizen(
        '/api/v1/home-visits',
        request({ availability: [{ date, from: place.from, until: place.until }] }),
      );
      const id = created.json<{ homeVisitId: string }>().homeVisitId;
      ids.push(id);
      const triaged = await staffCall(planner, 'POST', `/api/v1/staff/home-visits/${id}/triage`, {
        decision: 'accept',
        channel: 'email',
        serviceMinutes: 30,
        lat: place.lat,
        lon: place.lon,
      });
      expect(triaged.statusCode).toBe(200);
      expect(triaged.json()).toMatchObject({ status: 'accepted', letter: null });
    }
    // A decline needs its reason; by letter, the letter's text comes back.
    const other = (await citizen('/api/v1/home-visits', request())).json<{ homeVisitId: string }>()
      .homeVisitId;
    const noReason = await staffCall(planner, 'POST', `/api/v1/staff/home-visits/${other}/triage`, {
      decision: 'decline',
      channel: 'letter',
    });
    expect(noReason.json()).toMatchObject({ code: 'reason_required', field: 'reason' });
    const declined = await staffCall(planner, 'POST', `/api/v1/staff/home-visits/${other}/triage`, {
      decision: 'decline',
      channel: 'letter',
      reason: 'Die Leistung braucht einen Termin im Bürgerbüro.',
    });
    expect(declined.json().letter.text).toContain('Die Leistung braucht einen Termin im Bürgerbüro.');
    const far = await staffCall(planner, 'POST', `/api/v1/staff/home-visits/${ids[0]}/triage`, {
      decision: 'accept',
      channel: 'email',
    });
    expect(far.json()).toMatchObject({ code: 'home_visit_not_open' });

    const members: string[] = [];
    for (const name of ['Anna Beispiel', 'Bernd Beispiel']) {
      const created = await staffCall(planner, 'POST', '/api/v1/staff/staff-members', {
        name,
        qualifications: [],
        sharePercent: 100,
        leave: [],
        mobileWorkingDays: [],
        preferredDistrictIds: [],
        earliestStart: null,
      });
      members.push(created.json<{ id: string }>().id);
    }
    const unit = (await test.database.db.selectFrom('units').select('id').executeTakeFirstOrThrow()).id;
    const body = { date, unitId: unit, homeVisitIds: ids, dayStart: '08:30', dayEnd: '17:00' };
    const onePerson = await staffCall(planner, 'POST', '/api/v1/staff/home-visit-days', {
      ...body,
      staffMemberIds: [members[0], members[0]],
    });
    expect(onePerson.json()).toMatchObject({ code: 'crew_too_small', field: 'staffMemberIds' });
    const tooShort = await staffCall(planner, 'POST', '/api/v1/staff/home-visit-days', {
      ...body,
      staffMemberIds: members,
      dayEnd: '09:00',
    });
    expect(tooShort.statusCode).toBe(422);
    expect(tooShort.json()).toMatchObject({ code: 'route_infeasible' });
    expect(
      await test.database.db.selectFrom('home_visit_days').select('id').execute(),
      'a refused plan stores no day',
    ).toEqual([]);

    const planned = await staffCall(planner, 'POST', '/api/v1/staff/home-visit-days', {
      ...body,
      staffMemberIds: members,
    });
    expect(planned.statusCode).toBe(201);
    const plan = planned.json();
    expect([...plan.route.order].sort()).toEqual([...ids].sort());
    expect(plan.visits).toHaveLength(3);

    // The route sheet: the coordinator sees it; a clerk who is not one of the two does not.
    const sheet = await staffCall(planner, 'GET', `/api/v1/staff/home-visit-days/${plan.dayId}`);
    expect(sheet.statusCode).toBe(200);
    expect(sheet.json().staff.map((s: { name: string }) => s.name)).toEqual([
      'Anna Beispiel',
      'Bernd Beispiel',
    ]);
    expect(sheet.json().visits[0].personal.street).toBe('Berliner Straße 70');
    expect((await staffCall(clerk, 'GET', `/api/v1/staff/home-visit-days/${plan.dayId}`)).statusCode).toBe(
      404,
    );

    // The confirmation mail carries the code; the verify page answers with the names and window only.
    const mail = await test.database.db
      .selectFrom('mails')
      .select(['text_body'])
      .where('purpose', '=', 'home_visit.planned')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const code = /Ihr Prüfcode: ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(mail.text_body)![1]!;
    const verified = await citizen('/api/v1/home-visits/verify', { code }, '10.7.7.1');
    expect(verified.statusCode).toBe(200);
    expect(Object.keys(verified.json()).sort()).toEqual(['date', 'from', 'staffNames', 'until']);
    expect(verified.json().staffNames).toEqual(['Anna Beispiel', 'Bernd Beispiel']);
    expect(verified.json().date).toBe(date);
    const wrong = await citizen('/api/v1/home-visits/verify', { code: 'AAAA-BBBB' }, '10.7.7.2');
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json()).toMatchObject({ code: 'visit_code_invalid' });
    expect(JSON.stringify(wrong.json())).not.toContain('Beispiel');

    // Expired: after the retention job the code and the sealed data are gone.
    const later = new Date(
      Date.parse(`${date}T12:00:00Z`) + (test.config.booking.retentionDays + 2) * 86_400_000,
    );
    const counts = await anonymisePersonalData(test.database.db, later, test.config.booking.retentionDays);
    expect(counts.homeVisits).toBeGreaterThanOrEqual(3);
    const expired = await citizen('/api/v1/home-visits/verify', { code }, '10.7.7.3');
    expect(expired.statusCode).toBe(404);
    expect(JSON.stringify(expired.json())).not.toContain('Beispiel');
    const gone = await test.database.db
      .selectFrom('home_visits')
      .select(['sealed_data', 'requester_email'])
      .where('id', 'in', ids)
      .execute();
    expect(gone.every((row) => row.sealed_data === null && row.requester_email === null)).toBe(true);
  });

  it('rate-limits the verification page', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt++)
      statuses.push(
        (await citizen('/api/v1/home-visits/verify', { code: 'ZZZZ-9999' }, '10.8.8.8')).statusCode,
      );
    expect(statuses.slice(0, 10).every((status) => status === 404)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});
