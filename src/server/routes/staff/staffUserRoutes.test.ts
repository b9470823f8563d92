import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withStaffTables } from '../../../db/staffSchema.ts';
import { recordAudit } from '../../audit.ts';
import { ensureInitialAdmin } from '../../auth/initialAdmin.ts';
import { accountThrottleKey } from '../../auth/signInThrottle.ts';
import { importCatalogue } from '../../commands/catalogueImporter.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import { randomClientAddress, signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';

const USERS = '/api/v1/staff/users';
const AUDIT = '/api/v1/staff/audit';

describe.each(testDatabaseKinds)('staff user management, audit and tenancy on %s', (kind) => {
  let test: TestApp;
  let admin: StaffSignIn;
  beforeAll(async () => {
    test = await createTestApp(kind);
    await importCatalogue(test.database.db, {
      kind: 'municipality',
      file: 'musterstadt.json',
      format: 'json',
      text: JSON.stringify({ slug: 'musterstadt', name: 'Musterstadt', hostnames: ['musterstadt.example'] }),
      municipality: 'musterstadt',
      actor: 'test',
    });
    admin = await signInAs(test.app, 'admin');
  });
  afterAll(async () => test?.close());

  const db = () => withStaffTables(test.database.db);
  const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, headers: object, payload?: object) =>
    test.app.inject({
      method,
      url,
      headers: headers as Record<string, string>,
      ...(payload ? { payload } : {}),
    });

  it('creates a user with a generated initial password, shown once, to be changed at first sign-in', async () => {
    const created = await inject('POST', USERS, admin.headers, {
      email: 'Neue.Kollegin@Guetersloh.example',
      name: 'Neue Kollegin',
      role: 'clerk',
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body.user).toMatchObject({ email: 'neue.kollegin@guetersloh.example', role: 'clerk' });
    expect(body.initialPassword).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);

    const signIn = await test.app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      remoteAddress: randomClientAddress(),
      payload: { email: 'neue.kollegin@guetersloh.example', password: body.initialPassword },
    });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json().user.mustChangePassword).toBe(true);

    const duplicate = await inject('POST', USERS, admin.headers, {
      email: 'neue.kollegin@guetersloh.example',
      name: 'Doppelt',
      role: 'planner',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().field).toBe('email');

    const withPassword = await inject('POST', USERS, admin.headers, {
      email: 'planer@guetersloh.example',
      name: 'Planer',
      role: 'planner',
      password: 'ein sicheres Startpasswort',
    });
    expect(withPassword.statusCode).toBe(201);
    expect(withPassword.json().initialPassword).toBeUndefined();

    const invalid = await inject('POST', USERS, admin.headers, {
      email: 'kein-at',
      name: 'X',
      role: 'clerk',
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().field).toBe('email');
    const badRole = await inject('POST', USERS, admin.headers, {
      email: 'x@y.example',
      name: 'X',
      role: 'mayor',
    });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().field).toBe('role');
  });

  it('lists the users of the own municipality only', async () => {
    const elsewhere = await signInAs(test.app, 'clerk', { municipality: 'musterstadt' });
    const response = await inject('GET', USERS, admin.headers);
    expect(response.statusCode).toBe(200);
    const ids = response.json().items.map((u: { id: string }) => u.id);
    expect(ids).toContain(admin.user.id);
    expect(ids).not.toContain(elsewhere.user.id);
    expect(response.json().total).toBe(ids.length);
  });

  it('changes role and activity; deactivating signs the person out; lifts a lockout', async () => {
    const clerk = await signInAs(test.app, 'clerk');
    const promoted = await inject('PATCH', `${USERS}/${clerk.user.id}`, admin.headers, { role: 'planner' });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json()).toMatchObject({ role: 'planner', active: true, revokedSessions: 0 });
    // The new role counts at once, in the session already open.
    const session = await inject('GET', '/api/v1/staff/session', clerk.headers);
    expect(session.json().user.role).toBe('planner');

    const deactivated = await inject('PATCH', `${USERS}/${clerk.user.id}`, admin.headers, { active: false });
    expect(deactivated.json()).toMatchObject({ active: false, revokedSessions: 1 });
    expect((await inject('GET', '/api/v1/staff/session', clerk.headers)).statusCode).toBe(401);

    // Failed sign-ins have delayed the account: the admin sees until when, and lifts the delay.
    await db()
      .insertInto('staff_sign_in_throttles')
      .values({
        municipality_id: clerk.user.municipalityId,
        kind: 'account',
        key_hash: accountThrottleKey(clerk.user.email).keyHash,
        failures: 9,
        blocked_until: new Date(Date.now() + 600_000),
      })
      .execute();
    const listed = await inject('GET', USERS, admin.headers);
    const item = listed.json().items.find((user: { id: string }) => user.id === clerk.user.id);
    expect(item.lockedUntil).not.toBeNull();
    const unlocked = await inject('PATCH', `${USERS}/${clerk.user.id}`, admin.headers, {
      unlock: true,
      active: true,
    });
    expect(unlocked.statusCode).toBe(200);
    const rows = await db()
      .selectFrom('staff_sign_in_throttles')
      .select('failures')
      .where('key_hash', '=', accountThrottleKey(clerk.user.email).keyHash)
      .execute();
    expect(rows).toEqual([]);
    const relisted = await inject('GET', USERS, admin.headers);
    expect(
      relisted.json().items.find((user: { id: string }) => user.id === clerk.user.id).lockedUntil,
    ).toBeNull();

    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'actor', 'details'])
      .where('subject_id', '=', clerk.user.id)
      .where('action', '=', 'staff_user.updated')
      .orderBy('id')
      .execute();
    expect(audit.map((event) => event.details)).toEqual([
      { changes: { role: { from: 'clerk', to: 'planner' } }, revokedSessions: 0 },
      { changes: { active: { from: true, to: false } }, revokedSessions: 1 },
      { changes: { active: { from: false, to: true }, unlocked: true }, revokedSessions: 0 },
    ]);
    expect(audit.every((event) => event.actor === `staff:${admin.user.id}`)).toBe(true);

    const empty = await inject('PATCH', `${USERS}/${clerk.user.id}`, admin.headers, {});
    expect(empty.statusCode).toBe(400);
  });

  it('keeps the last active admin of a municipality', async () => {
    const lonely = await signInAs(test.app, 'admin', { municipality: 'musterstadt' });
    const demoted = await inject('PATCH', `${USERS}/${lonely.user.id}`, lonely.headers, { role: 'clerk' });
    expect(demoted.statusCode).toBe(409);
    expect(demoted.json()).toMatchObject({ field: 'role', type: expect.stringContaining('last-admin') });
  });

  it('keeps municipalities apart: other users are 404, other hosts are 403', async () => {
    const foreign = await signInAs(test.app, 'clerk', { municipality: 'musterstadt' });
    expect(foreign.headers.host).toBe('musterstadt.example');
    const patch = await inject('PATCH', `${USERS}/${foreign.user.id}`, admin.headers, { role: 'planner' });
    expect(patch.statusCode).toBe(404);
    expect(patch.json().field).toBe('userId');
    expect(
      (await inject('PATCH', `${USERS}/${crypto.randomUUID()}`, admin.headers, { active: false })).statusCode,
    ).toBe(404);

    // A Musterstadt clerk cannot use the Gütersloh address, and a Gütersloh admin not the Musterstadt one.
    const wrongHost = await inject('GET', '/api/v1/staff/session', { ...foreign.headers, host: 'localhost' });
    expect(wrongHost.statusCode).toBe(403);
    expect(wrongHost.json().type).toContain('wrong-municipality');
    const adminAway = await inject('GET', USERS, { ...admin.headers, host: 'musterstadt.example' });
    expect(adminAway.statusCode).toBe(403);
    // Nor can one sign in with a Gütersloh account at the Musterstadt address.
    const crossSignIn = await test.app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      remoteAddress: randomClientAddress(),
      headers: { host: 'musterstadt.example' },
      payload: { email: admin.user.email, password: admin.user.password },
    });
    expect(crossSignIn.statusCode).toBe(401);
  });

  it('searches the audit trail by subject, actor, action and time, a page at a time', async () => {
    const clerk = await signInAs(test.app, 'clerk');
    for (let i = 0; i < 5; i += 1) {
      await recordAudit(test.database.db, {
        municipalityId: admin.user.municipalityId,
        actor: `staff:${clerk.user.id}`,
        action: 'booking.checked_in',
        subjectType: 'booking',
        subjectId: `booking-${i}`,
        details: { counter: i },
      });
    }
    const page1 = await inject('GET', `${AUDIT}?subjectType=booking&limit=2`, admin.headers);
    expect(page1.statusCode).toBe(200);
    expect(page1.json().items.map((e: { subjectId: string }) => e.subjectId)).toEqual([
      'booking-4',
      'booking-3',
    ]);
    const cursor = page1.json().nextCursor;
    expect(cursor).toEqual(expect.any(Number));
    const page2 = (
      await inject('GET', `${AUDIT}?subjectType=booking&limit=2&cursor=${cursor}`, admin.headers)
    ).json();
    expect(page2.items.map((e: { subjectId: string }) => e.subjectId)).toEqual(['booking-2', 'booking-1']);
    const page3 = (
      await inject('GET', `${AUDIT}?subjectType=booking&limit=2&cursor=${page2.nextCursor}`, admin.headers)
    ).json();
    expect(page3).toMatchObject({
      items: [{ subjectId: 'booking-0', details: { counter: 0 } }],
      nextCursor: null,
    });

    const oneResponse = await inject(
      'GET',
      `${AUDIT}?subjectType=booking&subjectId=booking-3`,
      admin.headers,
    );
    expect(oneResponse.statusCode, oneResponse.body).toBe(200);
    const one = oneResponse.json();
    expect(one.items).toHaveLength(1);
    const byActor = (
      await inject('GET', `${AUDIT}?actor=staff:${clerk.user.id}&action=staff.signed_in`, admin.headers)
    ).json();
    expect(byActor.items).toHaveLength(1);
    expect(byActor.items[0]).toMatchObject({ subjectType: 'staff_user', subjectId: clerk.user.id });

    const future = new Date(Date.now() + 3_600_000).toISOString();
    const past = new Date(Date.now() - 3_600_000).toISOString();
    expect((await inject('GET', `${AUDIT}?from=${future}`, admin.headers)).json().items).toEqual([]);
    expect((await inject('GET', `${AUDIT}?to=${past}`, admin.headers)).json().items).toEqual([]);
    expect(
      (await inject('GET', `${AUDIT}?from=${past}&to=${future}&subjectType=booking`, admin.headers)).json()
        .items,
    ).toHaveLength(5);
    expect((await inject('GET', `${AUDIT}?from=gestern`, admin.headers)).json().field).toBe('from');

    // Another municipality's admin sees none of it.
    const foreignAdmin = await signInAs(test.app, 'admin', { municipality: 'musterstadt' });
    const foreign = (await inject('GET', `${AUDIT}?subjectType=booking`, foreignAdmin.headers)).json();
    expect(foreign.items).toEqual([]);
  });

  it('records every reading of the audit log itself', async () => {
    const reader = await signInAs(test.app, 'admin');
    await inject('GET', `${AUDIT}?subjectType=booking&subjectId=booking-1`, reader.headers);
    const readings = (
      await inject('GET', `${AUDIT}?action=audit.searched&actor=staff:${reader.user.id}`, admin.headers)
    ).json();
    expect(readings.items).toHaveLength(1);
    expect(readings.items[0]).toMatchObject({
      subjectType: 'audit_events',
      details: { searchedSubjectType: 'booking', searchedSubjectId: 'booking-1' },
    });
  });

  it('refuses personal data in audit details', async () => {
    await expect(
      recordAudit(test.database.db, {
        municipalityId: admin.user.municipalityId,
        actor: 'system',
        action: 'booking.created',
        subjectType: 'booking',
        details: { contact: { email: 'someone@example.org' } },
      }),
    ).rejects.toThrow(/contact\.email/);
  });

  it('creates the first admin of a municipality without staff, once', async () => {
    await importCatalogue(test.database.db, {
      kind: 'municipality',
      file: 'neustadt.json',
      format: 'json',
      text: JSON.stringify({ slug: 'neustadt', name: 'Neustadt', hostnames: ['neustadt.example'] }),
      municipality: 'neustadt',
      actor: 'test',
    });
    const printed: string[] = [];
    const first = await ensureInitialAdmin(test.database.db, 'neustadt', {
      print: (text) => printed.push(text),
    });
    expect(first).toMatchObject({ created: true, email: 'admin@neustadt.local' });
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain(first.generatedPassword);
    const again = await ensureInitialAdmin(test.database.db, 'neustadt', {
      print: (text) => printed.push(text),
    });
    expect(again).toEqual({ created: false });
    expect(printed).toHaveLength(1);

    const signIn = await test.app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      remoteAddress: randomClientAddress(),
      headers: { host: 'neustadt.example' },
      payload: { email: 'admin@neustadt.local', password: first.generatedPassword },
    });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json().user).toMatchObject({ role: 'admin', mustChangePassword: true });

    await importCatalogue(test.database.db, {
      kind: 'municipality',
      file: 'altstadt.json',
      format: 'json',
      text: JSON.stringify({ slug: 'altstadt', name: 'Altstadt', hostnames: [] }),
      municipality: 'altstadt',
      actor: 'test',
    });
    const configured = await ensureInitialAdmin(test.database.db, 'altstadt', {
      email: 'it@altstadt.example',
      password: 'vom Betrieb gesetzt 1',
      print: (text) => printed.push(text),
    });
    expect(configured).toEqual({ created: true, email: 'it@altstadt.example' });
    expect(printed).toHaveLength(1);
    expect(await ensureInitialAdmin(test.database.db, 'gibt-es-nicht')).toEqual({ created: false });
  });
});
