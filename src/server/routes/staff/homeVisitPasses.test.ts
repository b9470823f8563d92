import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf } from '../../../domain/time.ts';
import { openVisitPass, signVisitPass } from '../../homeVisits/visitPass.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';

describe.each(testDatabaseKinds)('the signed pass at the door on %s', (kind) => {
  let test: TestApp;
  let planner: StaffSignIn;
  let anna: StaffSignIn;
  let bernd: StaffSignIn;
  let otherClerk: StaffSignIn;
  let municipalityId: string;
  let passes: {
    date: string;
    days: {
      staffNames: string[];
      visits: { homeVisitId: string; personName: string; pass: { token: string; url: string } | null }[];
    }[];
  };
  const today = localDateOf(Date.now());
  const visitIds: string[] = [];
  const host = { host: 'localhost' };

  const staffCall = (who: StaffSignIn, method: 'GET' | 'POST', url: string, payload?: object) =>
    test.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
  const verify = (payload: object, remoteAddress: string) =>
    test.app.inject({
      method: 'POST',
      url: '/api/v1/home-visits/verify',
      headers: host,
      payload,
      remoteAddress,
    });
  /** Moves a visit's promised window so that it lies around now (the planner's hour depends on the clock). */
  const windowAroundNow = async (visitId: string, endInMinutes: number) => {
    const end = new Date(Math.floor((Date.now() + endInMinutes * 60_000) / 1000) * 1000);
    await test.database.db
      .updateTable('home_visits')
      .set({ window_start: new Date(end.getTime() - 60 * 60_000), window_end: end })
      .where('id', '=', visitId)
      .execute();
    return end;
  };

  beforeAll(async () => {
    test = await createTestApp(kind);
    planner = await signInAs(test.app, 'planner');
    anna = await signInAs(test.app, 'clerk');
    bernd = await signInAs(test.app, 'clerk');
    otherClerk = await signInAs(test.app, 'clerk');
    host.host = planner.headers.host;
    municipalityId = anna.user.municipalityId;

    for (const [index, personName] of ['Erika Muster', 'Otto Beispiel'].entries()) {
      const created = await test.app.inject({
        method: 'POST',
        url: '/api/v1/home-visits',
        headers: host,
        remoteAddress: `10.6.6.${index + 1}`,
        payload: {
          visitFor: 'self',
          serviceIds: ['personalausweis-beantragen'],
          reason: 'mobility',
          reasonDetails: '',
          personName,
          street: 'Berliner Straße 70',
          postcode: '33330',
          city: 'Gütersloh',
          addressNote: '',
          phone: '',
          districtId: 'guetersloh-kernstadt',
          availability: [{ date: today, from: '00:00', until: '23:59' }],
          requesterName: personName,
          consent: false,
          locale: 'de',
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json<{ homeVisitId: string }>().homeVisitId;
      visitIds.push(id);
      const triaged = await staffCall(planner, 'POST', `/api/v1/staff/home-visits/${id}/triage`, {
        decision: 'accept',
        channel: 'letter',
        serviceMinutes: 15,
        lat: 51.9069 + index / 100,
        lon: 8.3786,
      });
      expect(triaged.statusCode, triaged.body).toBe(200);
    }
    const members: string[] = [];
    for (const [name, user] of [
      ['Anna Beispiel', anna],
      ['Bernd Beispiel', bernd],
    ] as const) {
      const created = await staffCall(planner, 'POST', '/api/v1/staff/staff-members', {
        name,
        staffUserId: user.user.id,
        qualifications: [],
        sharePercent: 100,
        leave: [],
        mobileWorkingDays: [],
        preferredDistrictIds: [],
        earliestStart: null,
      });
      expect(created.statusCode, created.body).toBeLessThan(300);
      members.push(created.json<{ id: string }>().id);
    }
    const unit = (await test.database.db.selectFrom('units').select('id').executeTakeFirstOrThrow()).id;
    const planned = await staffCall(planner, 'POST', '/api/v1/staff/home-visit-days', {
      date: today,
      unitId: unit,
      staffMemberIds: members,
      homeVisitIds: visitIds,
      dayStart: '00:00',
      dayEnd: '23:59',
    });
    expect(planned.statusCode, planned.body).toBe(201);
    await windowAroundNow(visitIds[0]!, 60);
    await windowAroundNow(visitIds[1]!, 120);
    const answer = await staffCall(anna, 'GET', '/api/v1/staff/station/home-visits');
    expect(answer.statusCode, answer.body).toBe(200);
    passes = answer.json();
  });
  afterAll(async () => test?.close());

  const tokenOf = (visitId: string) =>
    passes.days[0]!.visits.find((visit) => visit.homeVisitId === visitId)!.pass!.token;

  it('gives the two assigned staff their visits with a pass each, and nobody else any', async () => {
    expect(passes.date).toBe(today);
    expect(passes.days).toHaveLength(1);
    expect(passes.days[0]!.staffNames).toEqual(['Anna Beispiel', 'Bernd Beispiel']);
    expect(passes.days[0]!.visits.map((visit) => visit.personName).sort()).toEqual([
      'Erika Muster',
      'Otto Beispiel',
    ]);
    for (const visit of passes.days[0]!.visits) {
      expect(visit.pass!.url).toMatch(/\/hausbesuch\/pruefen#pass=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      expect(visit.pass!.url.endsWith(visit.pass!.token)).toBe(true);
    }
    const second = await staffCall(bernd, 'GET', '/api/v1/staff/station/home-visits');
    expect(second.json().days[0].visits).toHaveLength(2);
    // A clerk who is not one of the two, and the coordinator who is not at the door, get no pass.
    for (const outsider of [otherClerk, planner]) {
      const none = await staffCall(outsider, 'GET', '/api/v1/staff/station/home-visits');
      expect(none.statusCode).toBe(200);
      expect(none.json().days).toEqual([]);
    }
    const audit = await test.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'home_visit.personal_data_read')
      .execute();
    expect(JSON.stringify(audit.map((row) => row.details))).toContain('door_pass');
  });

  it('answers a valid pass with the two names and the window, and nothing else', async () => {
    const valid = await verify({ pass: tokenOf(visitIds[0]!) }, '10.5.5.1');
    expect(valid.statusCode, valid.body).toBe(200);
    expect(Object.keys(valid.json()).sort()).toEqual(['date', 'from', 'staffNames', 'until']);
    expect(valid.json().staffNames).toEqual(['Anna Beispiel', 'Bernd Beispiel']);
    expect(valid.body).not.toContain('Erika');
    expect(valid.body).not.toContain('Berliner');
  });

  it("names another visit's window for another visit's pass, and refuses a pass with one visit swapped for another", async () => {
    const [first, second] = [tokenOf(visitIds[0]!), tokenOf(visitIds[1]!)];
    const a = (await verify({ pass: first }, '10.5.5.2')).json<{ until: string }>();
    const b = (await verify({ pass: second }, '10.5.5.2')).json<{ until: string }>();
    expect(a.until).not.toBe(b.until);
    // The first pass's visit and window under the second pass's signature: refused.
    const swapped = `${first.split('.')[0]}.${second.split('.')[1]}`;
    const refused = await verify({ pass: swapped }, '10.5.5.2');
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({ code: 'visit_code_invalid' });
    // Another municipality's signature (or another key) does not open it either.
    const foreign = signVisitPass(test.config.homeVisitPassSecret, '00000000-0000-4000-8000-000000000000', {
      visitId: visitIds[0]!,
      expiresAt: new Date(Date.now() + 3600_000),
    });
    expect((await verify({ pass: foreign }, '10.5.5.2')).statusCode).toBe(404);
    const otherKey = signVisitPass('x'.repeat(40), municipalityId, {
      visitId: visitIds[0]!,
      expiresAt: new Date(Date.now() + 3600_000),
    });
    expect((await verify({ pass: otherKey }, '10.5.5.2')).statusCode).toBe(404);
  });

  it('refuses a tampered pass and reveals nothing', async () => {
    const token = tokenOf(visitIds[0]!);
    const flip = (text: string, at: number) =>
      text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    for (const tampered of [
      flip(token, 3),
      flip(token, 20),
      flip(token, token.length - 1),
      `${token}A`,
      'a.b',
    ]) {
      const answer = await verify({ pass: tampered }, '10.5.5.3');
      expect([400, 404], tampered).toContain(answer.statusCode);
      expect(answer.body).not.toContain('Beispiel');
    }
    expect(openVisitPass(test.config.homeVisitPassSecret, municipalityId, flip(token, 25), new Date())).toBe(
      null,
    );
  });

  it('refuses an expired pass, and one whose visit has moved to another hour', async () => {
    const expired = signVisitPass(test.config.homeVisitPassSecret, municipalityId, {
      visitId: visitIds[0]!,
      expiresAt: new Date(Date.now() - 60_000),
    });
    const answer = await verify({ pass: expired }, '10.5.5.4');
    expect(answer.statusCode).toBe(404);
    expect(answer.body).not.toContain('Beispiel');
    const token = tokenOf(visitIds[1]!);
    await windowAroundNow(visitIds[1]!, 180);
    expect((await verify({ pass: token }, '10.5.5.4')).statusCode).toBe(404);
    // Once its window is over the tablet gets no pass for the visit.
    await windowAroundNow(visitIds[1]!, -1);
    const later = await staffCall(anna, 'GET', '/api/v1/staff/station/home-visits');
    const visit = later
      .json<typeof passes>()
      .days[0]!.visits.find((entry) => entry.homeVisitId === visitIds[1]);
    expect(visit!.pass).toBeNull();
  });

  it('rate-limits passes like codes', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt++)
      statuses.push((await verify({ pass: 'AAAA.BBBB' }, '10.5.5.9')).statusCode);
    expect(statuses.slice(0, 10).every((status) => status === 404)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});
