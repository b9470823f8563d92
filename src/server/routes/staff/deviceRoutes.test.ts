import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withStaffTables } from '../../../db/staffSchema.ts';
import { importCatalogue } from '../../commands/catalogueImporter.ts';
import {
  createStaff,
  randomClientAddress,
  signInAs,
  type StaffSignIn,
  type TestStaff,
} from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';

interface Device {
  id: string;
  label: string | null;
  status: 'active' | 'lost';
  lastUser: { id: string; name: string } | null;
  lastSeenAt: string;
  lostReason: string | null;
  activeSessions: number;
}

describe.each(testDatabaseKinds)('station devices on %s', (kind) => {
  let test: TestApp;
  let admin: StaffSignIn;
  let host: string;
  beforeAll(async () => {
    test = await createTestApp(kind);
    admin = await signInAs(test.app, 'admin');
    host = admin.headers.host;
  });
  afterAll(async () => test?.close());

  /** Signs in from the station app on this device (header x-station-device); the cookie, or the refusal. */
  async function signInFrom(device: string | undefined, staff: TestStaff) {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      headers: { host, ...(device ? { 'x-station-device': device } : {}) },
      remoteAddress: randomClientAddress(),
      payload: { email: staff.email, password: staff.password },
    });
    const cookie = response.cookies.find((entry) => entry.name === 'mr_session');
    return { response, cookie: cookie ? `mr_session=${cookie.value}` : undefined };
  }

  const stationDays = (cookie: string, device?: string) =>
    test.app.inject({
      url: '/api/v1/staff/station/days',
      headers: { host, cookie, ...(device ? { 'x-station-device': device } : {}) },
    });

  const devices = async (who: StaffSignIn = admin) =>
    (await test.app.inject({ url: '/api/v1/staff/devices', headers: who.headers })).json<{
      items: Device[];
    }>().items;

  const markLost = (deviceId: string, payload: object, who: StaffSignIn = admin) =>
    test.app.inject({
      method: 'POST',
      url: `/api/v1/staff/devices/${deviceId}/lost`,
      headers: who.headers,
      payload,
    });

  const update = (deviceId: string, payload: object, who: StaffSignIn = admin) =>
    test.app.inject({
      method: 'PATCH',
      url: `/api/v1/staff/devices/${deviceId}`,
      headers: who.headers,
      payload,
    });

  it('registers a tablet at sign-in, refuses it once reported lost, revokes its sessions, and lets it back after reinstatement', async () => {
    const clerk = await createStaff(test.database.db, 'guetersloh', 'clerk');
    const tablet = 'tablet-lost-1';
    const first = await signInFrom(tablet, clerk);
    expect(first.response.statusCode, first.response.body).toBe(200);
    // The same person on another tablet, and in a browser without device id.
    const other = await signInFrom('tablet-kept-1', clerk);
    const browser = await signInFrom(undefined, clerk);
    expect((await stationDays(first.cookie!, tablet)).statusCode).toBe(200);

    // Both tablets are registered with who used them; the browser without device id is no device.
    const byKey = new Map(
      (
        await withStaffTables(test.database.db).selectFrom('devices').select(['id', 'device_key']).execute()
      ).map((row) => [row.device_key, row.id]),
    );
    const tabletId = byKey.get(tablet)!;
    const mine = (await devices()).filter((device) => device.lastUser?.id === clerk.id);
    expect(mine.map((device) => device.id).sort()).toEqual([tabletId, byKey.get('tablet-kept-1')].sort());
    expect(mine.find((device) => device.id === tabletId)).toMatchObject({
      status: 'active',
      label: null,
      lastUser: { name: clerk.name },
      activeSessions: 1,
    });

    const marked = await markLost(tabletId, { reason: 'Im Zug liegen gelassen, Anzeige erstattet' });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toEqual({ id: tabletId, revokedSessions: 1 });

    // The session used from the tablet is over, even without the header; the tablet hears device_lost.
    expect((await stationDays(first.cookie!)).statusCode).toBe(401);
    const refused = await stationDays(first.cookie!, tablet);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'device_lost', field: 'x-station-device' });
    // Signed out or not: the lost tablet is told so at its next contact (the app wipes its data then).
    const session = await test.app.inject({
      url: '/api/v1/staff/session',
      headers: { host, 'x-station-device': tablet },
    });
    expect(session.json()).toMatchObject({ status: 403, code: 'device_lost' });
    // It cannot sign in again; the other tablet and the browser go on.
    const again = await signInFrom(tablet, clerk);
    expect(again.response.statusCode).toBe(403);
    expect(again.response.json().code).toBe('device_lost');
    expect(again.cookie).toBeUndefined();
    expect((await stationDays(other.cookie!, 'tablet-kept-1')).statusCode).toBe(200);
    expect((await stationDays(browser.cookie!)).statusCode).toBe(200);

    const afterwards = (await devices()).find((device) => device.id === tabletId)!;
    expect(afterwards).toMatchObject({
      status: 'lost',
      lostReason: 'Im Zug liegen gelassen, Anzeige erstattet',
      activeSessions: 0,
    });
    expect((await markLost(tabletId, { reason: 'noch einmal' })).statusCode).toBe(409);

    // The audit names ids and counts only: neither the reason nor the person.
    const audit = await test.database.db
      .selectFrom('audit_events')
      .select(['action', 'subject_id', 'details'])
      .where('action', 'like', 'device.%')
      .execute();
    const lostEvent = audit.find((event) => event.action === 'device.marked_lost')!;
    expect(lostEvent.subject_id).toBe(tabletId);
    expect(JSON.stringify(lostEvent.details)).not.toContain('Zug');
    expect(JSON.stringify(lostEvent.details)).not.toContain(clerk.name);

    // Reinstated (and named), the tablet signs in again.
    const reinstated = await update(tabletId, { status: 'active', label: 'Tablet 1, Bürgerkoffer' });
    expect(reinstated.statusCode, reinstated.body).toBe(200);
    expect((await devices()).find((device) => device.id === tabletId)).toMatchObject({
      status: 'active',
      label: 'Tablet 1, Bürgerkoffer',
      lostReason: null,
    });
    const back = await signInFrom(tablet, clerk);
    expect(back.response.statusCode).toBe(200);
    expect((await stationDays(back.cookie!, tablet)).statusCode).toBe(200);
    const actions = (
      await test.database.db
        .selectFrom('audit_events')
        .select('action')
        .where('subject_id', '=', tabletId)
        .execute()
    ).map((event) => event.action);
    expect(actions).toEqual(expect.arrayContaining(['device.marked_lost', 'device.reinstated']));
  });

  it('lets only admins list, report and reinstate devices', async () => {
    const clerk = await createStaff(test.database.db, 'guetersloh', 'clerk');
    await signInFrom('tablet-roles', clerk);
    const deviceId = (await devices())[0]!.id;
    for (const role of ['planner', 'clerk', 'department'] as const) {
      const other = await signInAs(test.app, role);
      const listed = await test.app.inject({ url: '/api/v1/staff/devices', headers: other.headers });
      expect(listed.statusCode, role).toBe(403);
      expect(listed.json().code).toBe('role_not_allowed');
      expect((await markLost(deviceId, { reason: 'weg' }, other)).statusCode, role).toBe(403);
      expect((await update(deviceId, { status: 'active' }, other)).statusCode, role).toBe(403);
    }
    const anonymous = await test.app.inject({ url: '/api/v1/staff/devices', headers: { host } });
    expect(anonymous.statusCode).toBe(401);
    // An admin of another municipality neither sees nor reports this municipality's devices.
    await importCatalogue(test.database.db, {
      kind: 'municipality',
      file: 'geraetestadt.json',
      format: 'json',
      text: JSON.stringify({
        slug: 'geraetestadt',
        name: 'Gerätestadt',
        hostnames: ['geraetestadt.example'],
      }),
      municipality: 'geraetestadt',
      actor: 'test',
    });
    const foreign = await signInAs(test.app, 'admin', { municipality: 'geraetestadt' });
    expect(await devices(foreign)).toEqual([]);
    expect((await markLost(deviceId, { reason: 'weg' }, foreign)).statusCode).toBe(404);
    const crossHost = await test.app.inject({
      url: '/api/v1/staff/devices',
      headers: { ...foreign.headers, host },
    });
    expect(crossHost.statusCode).toBe(403);
    expect((await devices()).find((device) => device.id === deviceId)?.status).toBe('active');
  });

  it('answers bad input with problem+json naming the field and changes nothing', async () => {
    const clerk = await createStaff(test.database.db, 'guetersloh', 'clerk');
    await signInFrom('tablet-bad-input', clerk);
    const deviceId = (await devices()).find((device) => device.lastUser?.id === clerk.id)!.id;
    const cases: [
      string,
      Promise<{ statusCode: number; json(): { field?: string; code?: string } }>,
      number,
      string,
    ][] = [
      ['no reason', markLost(deviceId, {}), 400, 'reason'],
      ['blank reason', markLost(deviceId, { reason: '   ' }), 422, 'reason'],
      ['long reason', markLost(deviceId, { reason: 'x'.repeat(501) }), 400, 'reason'],
      ['unknown field', markLost(deviceId, { reason: 'weg', wiped: true }), 400, 'wiped'],
      ['malformed id', markLost('not-a-uuid', { reason: 'weg' }), 400, 'deviceId'],
      [
        'unknown device',
        markLost('00000000-0000-4000-8000-000000000000', { reason: 'weg' }),
        404,
        'deviceId',
      ],
      ['report lost by update', update(deviceId, { status: 'lost' }), 400, 'status'],
      ['long label', update(deviceId, { label: 'x'.repeat(101) }), 400, 'label'],
      ['empty update', update(deviceId, {}), 400, ''],
    ];
    for (const [label, pending, status, field] of cases) {
      const response = await pending;
      expect(response.statusCode, label).toBe(status);
      if (field) expect(response.json().field, label).toBe(field);
    }
    const malformedHeader = await test.app.inject({
      url: '/api/v1/staff/devices',
      headers: { ...admin.headers, 'x-station-device': 'tablet mit Leerzeichen' },
    });
    expect(malformedHeader.statusCode).toBe(400);
    expect(malformedHeader.json().field).toBe('x-station-device');
    expect((await devices()).find((device) => device.id === deviceId)).toMatchObject({
      status: 'active',
      label: null,
    });
  });
});
