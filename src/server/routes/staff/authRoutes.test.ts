import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.ts';
import { withStaffTables } from '../../../db/staffSchema.ts';
import { hashSessionId } from '../../auth/sessions.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import {
  createStaff,
  randomClientAddress,
  signInAs,
  STAFF_TEST_PASSWORD,
  type TestStaff,
} from '../../../../test/support/staffSession.ts';

const SESSION = '/api/v1/staff/session';

describe.each(testDatabaseKinds)('staff sign-in and sessions on %s', (kind) => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp(kind);
  });
  afterAll(async () => test?.close());

  const db = () => withStaffTables(test.database.db);
  const signIn = (email: string, password: string, remoteAddress = randomClientAddress()) =>
    test.app.inject({ method: 'POST', url: SESSION, remoteAddress, payload: { email, password } });
  const auditOf = (userId: string) =>
    db()
      .selectFrom('audit_events')
      .select(['action', 'actor', 'details'])
      .where('subject_type', '=', 'staff_user')
      .where('subject_id', '=', userId)
      .orderBy('id')
      .execute();

  it('signs in with the right password: a strict, http-only session cookie and a CSRF token', async () => {
    const clerk = await createStaff(test.database.db, 'guetersloh', 'clerk');
    const response = await signIn(clerk.email.toUpperCase(), STAFF_TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toEqual({
      id: clerk.id,
      name: clerk.name,
      email: clerk.email,
      role: 'clerk',
      mustChangePassword: false,
    });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = response.cookies.find((c) => c.name === 'mr_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.secure).toBeFalsy();
    expect(cookie.maxAge).toBe(12 * 3600);

    // Only the hash of the session id is stored.
    const stored = await db()
      .selectFrom('staff_sessions')
      .selectAll()
      .where('user_id', '=', clerk.id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id_hash).toBe(hashSessionId(cookie.value));
    expect(JSON.stringify(stored)).not.toContain(cookie.value);

    const session = await test.app.inject({
      method: 'GET',
      url: SESSION,
      headers: { cookie: `mr_session=${cookie.value}` },
    });
    expect(session.statusCode).toBe(200);
    expect(session.json()).toEqual(body);
    expect((await auditOf(clerk.id)).map((e) => e.action)).toEqual(['staff_user.created', 'staff.signed_in']);
  });

  it('stores the password as an argon2id hash', async () => {
    const planner = await createStaff(test.database.db, 'guetersloh', 'planner');
    const { password_hash } = await db()
      .selectFrom('staff_users')
      .select('password_hash')
      .where('id', '=', planner.id)
      .executeTakeFirstOrThrow();
    expect(password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('sets the Secure flag in production', async () => {
    const production = await createTestApp(kind, { nodeEnv: 'production' });
    try {
      const clerk = await createStaff(production.database.db, 'guetersloh', 'clerk');
      const response = await production.app.inject({
        method: 'POST',
        url: SESSION,
        payload: { email: clerk.email, password: clerk.password },
      });
      expect(response.statusCode).toBe(200);
      expect(response.cookies.find((c) => c.name === 'mr_session')).toMatchObject({
        secure: true,
        httpOnly: true,
        sameSite: 'Strict',
      });
    } finally {
      await production.close();
    }
  });

  it('answers a wrong password and an unknown address alike, with a generic 401 problem', async () => {
    const clerk = await createStaff(test.database.db, 'guetersloh', 'clerk');
    const wrong = await signIn(clerk.email, 'not the password at all');
    const unknown = await signIn('nobody@guetersloh.example', 'not the password at all');
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.json()).toMatchObject({ status: 401, type: expect.stringContaining('sign-in-failed') });

    const failures = await auditOf(clerk.id);
    expect(failures.at(-1)).toMatchObject({
      action: 'staff.sign_in_failed',
      actor: 'anonymous',
      details: { method: 'password', reason: 'wrong_password', failures: 1 },
    });
    const anonymous = await db()
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'staff.sign_in_failed')
      .where('subject_id', 'is', null)
      .execute();
    expect(anonymous.map((row) => row.details)).toContainEqual({
      method: 'password',
      reason: 'unknown_account',
      failures: 1,
    });
    // No e-mail address or password ever reaches the audit trail.
    const everything = JSON.stringify(await db().selectFrom('audit_events').selectAll().execute());
    expect(everything).not.toContain(clerk.email);
    expect(everything).not.toContain('nobody@guetersloh.example');
    expect(everything).not.toContain(STAFF_TEST_PASSWORD);
  });

  it('limits sign-in attempts per client address', async () => {
    const address = randomClientAddress();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1) {
      // A new address each time: the rate limit, not the per-account throttle, answers the 11th.
      statuses.push(
        (await signIn(`nobody-${attempt}@guetersloh.example`, 'whatever it is', address)).statusCode,
      );
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('rejects malformed sign-in input with a 400 naming the field', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: SESSION,
      remoteAddress: randomClientAddress(),
      payload: { email: 'a@b.example' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().field).toBe('password');
  });

  it('answers 401 without a session, and clears a cookie that no longer counts', async () => {
    const none = await test.app.inject({ method: 'GET', url: SESSION });
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    const stale = await test.app.inject({
      method: 'GET',
      url: SESSION,
      headers: { cookie: 'mr_session=made-up' },
    });
    expect(stale.statusCode).toBe(401);
    expect(stale.cookies.find((c) => c.name === 'mr_session')?.value).toBe('');
  });

  it('requires the CSRF token on unsafe methods', async () => {
    const { headers } = await signInAs(test.app, 'clerk');
    const withoutToken = await test.app.inject({
      method: 'DELETE',
      url: SESSION,
      headers: { cookie: headers.cookie },
    });
    expect(withoutToken.statusCode).toBe(403);
    expect(withoutToken.json()).toMatchObject({ status: 403, field: 'x-csrf-token' });
    const wrongToken = await test.app.inject({
      method: 'DELETE',
      url: SESSION,
      headers: { cookie: headers.cookie, 'x-csrf-token': headers['x-csrf-token'].slice(1) + 'x' },
    });
    expect(wrongToken.statusCode).toBe(403);
    expect(wrongToken.json().field).toBe('x-csrf-token');
    // GET needs none.
    expect(
      (await test.app.inject({ method: 'GET', url: SESSION, headers: { cookie: headers.cookie } }))
        .statusCode,
    ).toBe(200);
  });

  it('signs out: the session ends and the cookie is cleared', async () => {
    const { headers, user } = await signInAs(test.app, 'planner');
    const response = await test.app.inject({ method: 'DELETE', url: SESSION, headers });
    expect(response.statusCode).toBe(204);
    expect(response.cookies.find((c) => c.name === 'mr_session')?.value).toBe('');
    expect((await test.app.inject({ method: 'GET', url: SESSION, headers })).statusCode).toBe(401);
    expect((await auditOf(user.id)).at(-1)?.action).toBe('staff.signed_out');
  });

  it('ends a session after 30 idle minutes, and slides the idle end while in use', async () => {
    const { headers, user } = await signInAs(test.app, 'clerk');
    const setLastSeen = (minutesAgo: number) =>
      db()
        .updateTable('staff_sessions')
        .set({ last_seen_at: sql<Date>`now() - make_interval(mins => ${minutesAgo})` })
        .where('user_id', '=', user.id)
        .execute();
    await setLastSeen(25);
    expect((await test.app.inject({ method: 'GET', url: SESSION, headers })).statusCode).toBe(200);
    const touched = await db()
      .selectFrom('staff_sessions')
      .select(sql<number>`extract(epoch from now() - last_seen_at)`.as('idleSeconds'))
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(touched.idleSeconds).toBeLessThan(60);

    await setLastSeen(31);
    expect((await test.app.inject({ method: 'GET', url: SESSION, headers })).statusCode).toBe(401);
  });

  it('ends a session at its absolute end however active it is', async () => {
    const { headers, user } = await signInAs(test.app, 'clerk');
    await db()
      .updateTable('staff_sessions')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('user_id', '=', user.id)
      .execute();
    expect((await test.app.inject({ method: 'GET', url: SESSION, headers })).statusCode).toBe(401);
  });

  it('honours configured session lifetimes', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      STAFF_SESSION_IDLE_MINUTES: '10',
      STAFF_SESSION_ABSOLUTE_HOURS: '8',
    });
    expect(config.staffAuth).toMatchObject({ sessionIdleMinutes: 10, sessionAbsoluteHours: 8 });
    expect(() => loadConfig({ STAFF_SESSION_IDLE_MINUTES: '0' })).toThrow(/STAFF_SESSION_IDLE_MINUTES/);
  });

  it('signs out everywhere: every session of the user ends, others stay', async () => {
    const clerk: TestStaff = await createStaff(test.database.db, 'guetersloh', 'clerk');
    const sessions = [];
    for (let device = 0; device < 3; device += 1) {
      const response = await signIn(clerk.email, STAFF_TEST_PASSWORD);
      sessions.push({
        cookie: `mr_session=${response.cookies.find((c) => c.name === 'mr_session')!.value}`,
        'x-csrf-token': response.json().csrfToken as string,
      });
    }
    const someoneElse = await signInAs(test.app, 'clerk');
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/v1/staff/sessions/revoke-all',
      headers: sessions[0]!,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ revokedSessions: 3 });
    for (const headers of sessions) {
      expect((await test.app.inject({ method: 'GET', url: SESSION, headers })).statusCode).toBe(401);
    }
    expect(
      (await test.app.inject({ method: 'GET', url: SESSION, headers: someoneElse.headers })).statusCode,
    ).toBe(200);
    expect((await auditOf(clerk.id)).at(-1)).toMatchObject({
      action: 'staff.signed_out_everywhere',
      details: { revokedSessions: 3 },
    });
  });

  it('changes the password: checks the current one, needs 12 characters, ends the other sessions', async () => {
    const planner = await createStaff(test.database.db, 'guetersloh', 'planner');
    const first = await signIn(planner.email, STAFF_TEST_PASSWORD);
    const second = await signIn(planner.email, STAFF_TEST_PASSWORD);
    const headersOf = (response: typeof first) => ({
      cookie: `mr_session=${response.cookies.find((c) => c.name === 'mr_session')!.value}`,
      'x-csrf-token': response.json().csrfToken as string,
    });
    const change = (payload: object) =>
      test.app.inject({ method: 'POST', url: '/api/v1/staff/password', headers: headersOf(first), payload });

    const tooShort = await change({ currentPassword: STAFF_TEST_PASSWORD, newPassword: 'kurz' });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().field).toBe('newPassword');
    const wrongCurrent = await change({
      currentPassword: 'not my password',
      newPassword: 'ein ganz neues Passwort',
    });
    expect(wrongCurrent.statusCode).toBe(422);
    expect(wrongCurrent.json().field).toBe('currentPassword');

    const changed = await change({
      currentPassword: STAFF_TEST_PASSWORD,
      newPassword: 'ein ganz neues Passwort',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ revokedSessions: 1 });
    expect(
      (await test.app.inject({ method: 'GET', url: SESSION, headers: headersOf(first) })).statusCode,
    ).toBe(200);
    expect(
      (await test.app.inject({ method: 'GET', url: SESSION, headers: headersOf(second) })).statusCode,
    ).toBe(401);
    expect((await signIn(planner.email, STAFF_TEST_PASSWORD)).statusCode).toBe(401);
    expect((await signIn(planner.email, 'ein ganz neues Passwort')).statusCode).toBe(200);
    expect((await auditOf(planner.id)).map((e) => e.action)).toContain('staff.password_changed');
  });

  it('lets a user who must change the password do only that', async () => {
    const clerk = await createStaff(test.database.db, 'guetersloh', 'admin');
    await db()
      .updateTable('staff_users')
      .set({ must_change_password: true })
      .where('id', '=', clerk.id)
      .execute();
    const response = await signIn(clerk.email, STAFF_TEST_PASSWORD);
    expect(response.json().user.mustChangePassword).toBe(true);
    const headers = {
      cookie: `mr_session=${response.cookies.find((c) => c.name === 'mr_session')!.value}`,
      'x-csrf-token': response.json().csrfToken as string,
    };
    const users = await test.app.inject({ method: 'GET', url: '/api/v1/staff/users', headers });
    expect(users.statusCode).toBe(403);
    expect(users.json().type).toContain('password-change-required');
    const changed = await test.app.inject({
      method: 'POST',
      url: '/api/v1/staff/password',
      headers,
      payload: { currentPassword: STAFF_TEST_PASSWORD, newPassword: 'mein eigenes Passwort' },
    });
    expect(changed.statusCode).toBe(200);
    expect((await test.app.inject({ method: 'GET', url: '/api/v1/staff/users', headers })).statusCode).toBe(
      200,
    );
  });
});
