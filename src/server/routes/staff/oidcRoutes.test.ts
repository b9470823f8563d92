import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withStaffTables } from '../../../db/staffSchema.ts';
import { roleFromClaim } from '../../auth/oidc.ts';
import {
  followProviderUntilCallback,
  startOidcTestProvider,
  type OidcTestProvider,
  type TestAccount,
} from '../../../../test/support/oidcTestProvider.ts';
import { createStaff } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';

const REDIRECT_URI = 'http://localhost/api/v1/staff/oidc/callback';

const cookieOf = (response: LightMyRequestResponse, name: string) =>
  response.cookies.find((cookie) => cookie.name === name);

describe('the role claim', () => {
  it('maps to the most privileged staff role it names', () => {
    expect(roleFromClaim(['clerk', 'admin'])).toBe('admin');
    expect(roleFromClaim('planner clerk')).toBe('planner');
    expect(roleFromClaim(['mayor', 'clerk'])).toBe('clerk');
    expect(roleFromClaim(['mayor'])).toBeUndefined();
    expect(roleFromClaim(undefined)).toBeUndefined();
  });
});

describe.each(testDatabaseKinds)('single sign-on with OpenID Connect on %s', (kind) => {
  let provider: OidcTestProvider;
  let test: TestApp;
  beforeAll(async () => {
    provider = await startOidcTestProvider(REDIRECT_URI);
    test = await createTestApp(kind, {
      oidc: {
        issuerUrl: provider.issuerUrl,
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
        redirectUrl: REDIRECT_URI,
        roleClaim: 'roles',
        scopes: 'openid email profile',
      },
    });
  });
  afterAll(async () => {
    await test?.close();
    await provider?.close();
  });

  /** Runs the whole login as a browser would; returns the app's answer to the callback. */
  async function loginAs(account: TestAccount) {
    provider.signInAs(account);
    const start = await test.app.inject({ method: 'GET', url: '/api/v1/staff/oidc/login' });
    expect(start.statusCode).toBe(302);
    const stateCookie = cookieOf(start, 'mr_oidc')!;
    const back = await followProviderUntilCallback(start.headers.location as string, REDIRECT_URI);
    const callback = await test.app.inject({
      method: 'GET',
      url: `/api/v1/staff/oidc/callback${back.search}`,
      headers: { cookie: `mr_oidc=${stateCookie.value}` },
    });
    return { start, callback, back };
  }

  const sessionOf = (callback: LightMyRequestResponse) =>
    test.app.inject({
      method: 'GET',
      url: '/api/v1/staff/session',
      headers: { cookie: `mr_session=${cookieOf(callback, 'mr_session')!.value}` },
    });

  it('signs a new person in end to end: PKCE, state and nonce, the role from the claim, a session', async () => {
    const { start, callback } = await loginAs({
      subject: 'ext-4711',
      email: 'Erika.Muster@Guetersloh.example',
      name: 'Erika Muster',
      roles: ['planner'],
    });
    const authorization = new URL(start.headers.location as string);
    expect(authorization.origin).toBe(provider.issuerUrl);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('state')).toBeTruthy();
    expect(authorization.searchParams.get('nonce')).toBeTruthy();
    expect(authorization.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(cookieOf(start, 'mr_oidc')).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
      path: '/api/v1/staff/oidc',
      maxAge: 600,
    });

    expect(callback.statusCode).toBe(302);
    expect(callback.headers.location).toBe('/station');
    expect(cookieOf(callback, 'mr_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const session = await sessionOf(callback);
    expect(session.statusCode).toBe(200);
    expect(session.json().user).toMatchObject({
      name: 'Erika Muster',
      email: 'erika.muster@guetersloh.example',
      role: 'planner',
      mustChangePassword: false,
    });
    const row = await withStaffTables(test.database.db)
      .selectFrom('staff_users')
      .select(['oidc_subject', 'password_hash'])
      .where('id', '=', session.json().user.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ oidc_subject: 'ext-4711', password_hash: null });
  });

  it('follows role changes at the provider and keeps the same account', async () => {
    const first = await sessionOf(
      (await loginAs({ subject: 'ext-1', email: 'a@guetersloh.example', name: 'A', roles: ['clerk'] }))
        .callback,
    );
    const second = await sessionOf(
      (
        await loginAs({
          subject: 'ext-1',
          email: 'a@guetersloh.example',
          name: 'A',
          roles: ['clerk', 'admin'],
        })
      ).callback,
    );
    expect(second.json().user).toMatchObject({ id: first.json().user.id, role: 'admin' });
    const audit = await test.database.db
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('subject_id', '=', first.json().user.id)
      .orderBy('id')
      .execute();
    expect(audit.map((event) => event.action)).toEqual([
      'staff_user.created',
      'staff.signed_in',
      'staff_user.updated',
      'staff.signed_in',
    ]);
    expect(audit[2]!.details).toEqual({ changes: { role: { from: 'clerk', to: 'admin' } } });
    expect(audit[1]!.details).toEqual({ method: 'oidc' });
  });

  it('links an existing account by its verified e-mail address', async () => {
    const clerk = await createStaff(test.database.db, 'guetersloh', 'clerk');
    const { callback } = await loginAs({
      subject: 'ext-linked',
      email: clerk.email,
      name: clerk.name,
      roles: ['clerk'],
    });
    expect((await sessionOf(callback)).json().user.id).toBe(clerk.id);
    const row = await withStaffTables(test.database.db)
      .selectFrom('staff_users')
      .select('oidc_subject')
      .where('id', '=', clerk.id)
      .executeTakeFirstOrThrow();
    expect(row.oidc_subject).toBe('ext-linked');
  });

  it('refuses a person without a staff role, and says why on the station page', async () => {
    const { callback } = await loginAs({
      subject: 'ext-citizen',
      email: 'c@guetersloh.example',
      name: 'C',
      roles: ['citizen'],
    });
    expect(callback.statusCode).toBe(302);
    expect(callback.headers.location).toBe('/station?signInError=no-staff-role');
    expect(cookieOf(callback, 'mr_session')).toBeUndefined();
    const failed = await test.database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'staff.sign_in_failed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(failed.details).toEqual({ method: 'oidc', reason: 'no-staff-role' });
  });

  it('refuses a callback without, with a forged or with another login state', async () => {
    const { back } = await loginAs({
      subject: 'ext-2',
      email: 'b@guetersloh.example',
      name: 'B',
      roles: ['clerk'],
    });
    const callback = (cookie?: string) =>
      test.app.inject({
        method: 'GET',
        url: `/api/v1/staff/oidc/callback${back.search}`,
        ...(cookie ? { headers: { cookie } } : {}),
      });
    expect((await callback()).headers.location).toBe('/station?signInError=login-expired');
    const forged = Buffer.from(
      JSON.stringify({ codeVerifier: 'x', state: 'y', nonce: 'z', municipalityId: 'w' }),
    ).toString('base64url');
    expect((await callback(`mr_oidc=${forged}.not-signed`)).headers.location).toBe(
      '/station?signInError=login-expired',
    );
    // A validly signed state of another login: the state check fails.
    const other = await test.app.inject({ method: 'GET', url: '/api/v1/staff/oidc/login' });
    const otherState = cookieOf(other, 'mr_oidc')!.value;
    const mixed = await callback(`mr_oidc=${otherState}`);
    expect(mixed.headers.location).toBe('/station?signInError=oidc-failed');
    expect(cookieOf(mixed, 'mr_session')).toBeUndefined();
    // The provider reporting an error.
    const refused = await test.app.inject({
      method: 'GET',
      url: '/api/v1/staff/oidc/callback?error=access_denied&state=x',
      headers: { cookie: `mr_oidc=${otherState}` },
    });
    expect(refused.headers.location).toBe('/station?signInError=provider-refused');
  });

  it('answers 404 when single sign-on is not set up', async () => {
    const plain = await createTestApp(kind);
    try {
      const response = await plain.app.inject({ method: 'GET', url: '/api/v1/staff/oidc/login' });
      expect(response.statusCode).toBe(404);
      expect(response.json().type).toContain('oidc-not-configured');
    } finally {
      await plain.close();
    }
  });
});
