import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStop, upcomingDate } from '../../../../test/support/booking.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';

describe.each(testDatabaseKinds)('staff members and the roster on %s', (kind) => {
  let test: TestApp;
  let planner: StaffSignIn;
  let clerk: StaffSignIn;
  let admin: StaffSignIn;
  beforeAll(async () => {
    test = await createTestApp(kind);
    planner = await signInAs(test.app, 'planner');
    clerk = await signInAs(test.app, 'clerk');
    admin = await signInAs(test.app, 'admin');
  });
  afterAll(async () => test?.close());

  const inject = (
    who: StaffSignIn,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: object,
  ) => test.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });

  const member = (overrides: Record<string, unknown>) => ({
    qualifications: [],
    sharePercent: 100,
    leave: [],
    mobileWorkingDays: [],
    preferredDistrictIds: [],
    earliestStart: null,
    ...overrides,
  });

  it('refuses bad staff members naming the field, and changes nothing', async () => {
    const before = (await inject(planner, 'GET', '/api/v1/staff/staff-members')).json().items.length;
    const overlapping = await inject(
      planner,
      'POST',
      '/api/v1/staff/staff-members',
      member({
        name: 'Überlappend',
        leave: [
          { firstDay: '2027-07-01', lastDay: '2027-07-14' },
          { firstDay: '2027-07-10', lastDay: '2027-07-20' },
        ],
      }),
    );
    expect(overlapping.statusCode).toBe(422);
    expect(overlapping.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(overlapping.json()).toMatchObject({ code: 'leave_overlap', field: 'leave[1]' });
    const backwards = await inject(
      planner,
      'POST',
      '/api/v1/staff/staff-members',
      member({ name: 'Rückwärts', leave: [{ firstDay: '2027-07-10', lastDay: '2027-07-01' }] }),
    );
    expect(backwards.json()).toMatchObject({ code: 'invalid_range', field: 'leave[0].lastDay' });
    const unknown = await inject(
      planner,
      'POST',
      '/api/v1/staff/staff-members',
      member({ name: 'Unbekannt', qualifications: ['teleportation'] }),
    );
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'unknown_service', field: 'qualifications[0]' });
    const badDistrict = await inject(
      planner,
      'POST',
      '/api/v1/staff/staff-members',
      member({ name: 'Bezirk', preferredDistrictIds: ['atlantis'] }),
    );
    expect(badDistrict.json()).toMatchObject({ code: 'unknown_district', field: 'preferredDistrictIds[0]' });
    const noShare = await inject(
      planner,
      'POST',
      '/api/v1/staff/staff-members',
      member({ name: 'Null', sharePercent: 0 }),
    );
    expect(noShare.statusCode).toBe(400);
    expect(noShare.json().field).toContain('sharePercent');
    expect((await inject(planner, 'GET', '/api/v1/staff/staff-members')).json().items).toHaveLength(before);
    expect((await inject(clerk, 'GET', '/api/v1/staff/staff-members')).statusCode).toBe(403);
    expect(
      (await inject(clerk, 'POST', '/api/v1/staff/staff-members', member({ name: 'Clerk' }))).statusCode,
    ).toBe(403);
  });

  it('proposes exactly, names an infeasible stop and qualification, and checks overrides', async () => {
    const date = upcomingDate(110);
    const stopA = await createTestStop(test.database.db, {
      unitId: 'rathausmobil',
      date,
      startTime: '09:00',
      endTime: '12:00',
    });
    const stopB = await createTestStop(test.database.db, {
      unitId: 'buergerkoffer-1',
      siteId: 'rathaus-buergerbuero',
      date,
      startTime: '10:00',
      endTime: '13:00',
    });
    const period = `from=${date}&to=${date}`;
    const roster = (await inject(planner, 'GET', `/api/v1/staff/roster?${period}`)).json();
    const stops = roster.stops as { stopId: string; crewSize: number; requiredServices: { id: string }[] }[];
    expect(stops.map((stop) => stop.stopId)).toEqual([stopA, stopB]);
    expect(stops.map((stop) => stop.crewSize)).toEqual([2, 1]);
    const servicesA = stops[0]!.requiredServices.map((service) => service.id);
    const all = [...new Set(stops.flatMap((stop) => stop.requiredServices.map((service) => service.id)))];
    expect(servicesA.length).toBeGreaterThan(0);
    const missing = servicesA[0]!;

    const create = async (body: object) => {
      const response = await inject(planner, 'POST', '/api/v1/staff/staff-members', body);
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    const anna = await create(member({ name: 'Anna', qualifications: all.filter((id) => id !== missing) }));
    const carla = await create(member({ name: 'Carla', qualifications: all }));
    const erik = await create(member({ name: 'Erik', qualifications: all, sharePercent: 50 }));

    // Carla and Erik hold every qualification, so a roster exists.
    const first = await inject(planner, 'POST', '/api/v1/staff/roster/proposals', {
      from: date,
      to: date,
    });
    expect(first.statusCode, first.body).toBe(200);
    // On leave, only Anna is left, and she may not handle `missing`: the stop and the qualification are named.
    const onLeave = [{ firstDay: date, lastDay: date }];
    expect(
      (await inject(planner, 'PATCH', `/api/v1/staff/staff-members/${carla}`, { leave: onLeave })).statusCode,
    ).toBe(200);
    expect(
      (await inject(planner, 'PATCH', `/api/v1/staff/staff-members/${erik}`, { leave: onLeave })).statusCode,
    ).toBe(200);
    const before = (await inject(planner, 'GET', `/api/v1/staff/roster?${period}`)).json();
    const refused = await inject(planner, 'POST', '/api/v1/staff/roster/proposals', { from: date, to: date });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      code: 'roster_missing_qualification',
      field: 'stopId',
      details: { stopId: stopA, serviceId: missing },
    });
    expect((await inject(planner, 'GET', `/api/v1/staff/roster?${period}`)).json()).toEqual(before);

    // Back from leave; more people: a van needs two, the kit one, and the two stops overlap.
    for (const id of [carla, erik])
      await inject(planner, 'PATCH', `/api/v1/staff/staff-members/${id}`, { leave: [] });
    await inject(planner, 'PATCH', `/api/v1/staff/staff-members/${anna}`, { qualifications: all });
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay() || 7;
    const dora = await create(member({ name: 'Dora', qualifications: all, mobileWorkingDays: [weekday] }));
    const ben = await create(member({ name: 'Ben' }));
    const fritz = await create(member({ name: 'Fritz' }));
    const clerkMember = await create(
      member({ name: 'Gesa', staffUserId: clerk.user.id, qualifications: all }),
    );
    const taken = await inject(
      planner,
      'POST',
      '/api/v1/staff/staff-members',
      member({ name: 'Doppelt', staffUserId: clerk.user.id }),
    );
    expect(taken.json()).toMatchObject({ code: 'staff_user_taken', field: 'staffUserId' });

    const proposed = await inject(planner, 'POST', '/api/v1/staff/roster/proposals', {
      from: date,
      to: date,
    });
    expect(proposed.statusCode, proposed.body).toBe(200);
    const crews = new Map(
      (proposed.json().stops as { stopId: string; staff: { id: string; source: string }[] }[]).map((stop) => [
        stop.stopId,
        stop.staff,
      ]),
    );
    expect(crews.get(stopA)).toHaveLength(2);
    expect(crews.get(stopB)).toHaveLength(1);
    const everyone = [...crews.values()].flat().map((person) => person.id);
    expect(new Set(everyone).size).toBe(3);
    expect(everyone).not.toContain(dora);
    expect(everyone).not.toContain(ben);
    expect(proposed.json().quality).toMatchObject({ optimal: true });

    const put = (stopId: string, staffMemberIds: string[]) =>
      inject(planner, 'PUT', `/api/v1/staff/stops/${stopId}/staff`, { staffMemberIds });
    const onMobileDay = await put(stopB, [dora]);
    expect(onMobileDay.statusCode).toBe(422);
    expect(onMobileDay.json()).toMatchObject({
      code: 'staff_unavailable',
      field: 'staffMemberIds[0]',
      details: { reason: 'mobile_working_day' },
    });
    const busy = await put(stopB, [crews.get(stopA)![0]!.id]);
    expect(busy.statusCode).toBe(409);
    expect(busy.json()).toMatchObject({
      code: 'staff_busy',
      field: 'staffMemberIds[0]',
      details: { otherStopId: stopA },
    });
    const alone = await put(stopA, [crews.get(stopA)![0]!.id]);
    expect(alone.json()).toMatchObject({ code: 'crew_too_small', field: 'staffMemberIds' });
    const unqualified = await put(stopA, [ben, fritz]);
    expect(unqualified.statusCode).toBe(422);
    expect(unqualified.json()).toMatchObject({ code: 'missing_qualification', field: 'staffMemberIds' });
    expect(all).toContain(unqualified.json().details.serviceId);
    const stranger = await put(stopA, [ben, '00000000-0000-4000-8000-000000000000']);
    expect(stranger.json()).toMatchObject({ code: 'unknown_staff_member', field: 'staffMemberIds[1]' });
    expect(
      (await inject(clerk, 'PUT', `/api/v1/staff/stops/${stopA}/staff`, { staffMemberIds: [ben] }))
        .statusCode,
    ).toBe(403);

    const override = await put(stopA, [ben, clerkMember]);
    expect(override.statusCode, override.body).toBe(200);
    expect(
      override.json().staff.map((person: { id: string; source: string }) => [person.id, person.source]),
    ).toEqual([
      [ben, 'override'],
      [clerkMember, 'override'],
    ]);

    // The clerk's station app lists only the stops they are rostered for; admins see all.
    const clerkDays = (await inject(clerk, 'GET', `/api/v1/staff/station/days?date=${date}`)).json().items;
    expect(clerkDays.map((item: { stopId: string }) => item.stopId)).toEqual([stopA]);
    const adminDays = (await inject(admin, 'GET', `/api/v1/staff/station/days?date=${date}`)).json().items;
    expect(adminDays.map((item: { stopId: string }) => item.stopId)).toEqual(
      expect.arrayContaining([stopA, stopB]),
    );

    const badPeriod = await inject(planner, 'POST', '/api/v1/staff/roster/proposals', {
      from: date,
      to: '2020-01-01',
    });
    expect(badPeriod.json()).toMatchObject({ code: 'invalid_range', field: 'to' });
  });
});
