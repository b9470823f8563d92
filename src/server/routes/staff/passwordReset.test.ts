import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withStaffTables } from '../../../db/staffSchema.ts';
import { importCatalogue } from '../../commands/catalogueImporter.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import {
  createStaff,
  randomClientAddress,
  signInAs,
  STAFF_TEST_PASSWORD,
  type StaffSignIn,
} from '../../../../test/support/staffSession.ts';

const RESET = '/api/v1/staff/password-reset';
const resetUrl = (userId: string) => `/api/v1/staff/users/${userId}/password-reset`;
const NEW_PASSWORD = 'Ganz-neues-Passwort-2026';

/** Issue 17, item 14: an admin sends a one-time link; the staff member sets a new password with it. */
describe.each(testDatabaseKinds)('staff password reset on %s', (kind) => {
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
  const sendReset = (userId: string, headers: object = admin.headers) =>
    test.app.inject({ method: 'POST', url: resetUrl(userId), headers: headers as Record<string, string> });
  const useToken = (token: string, newPassword = NEW_PASSWORD, host = 'localhost') =>
    test.app.inject({
      method: 'POST',
      url: RESET,
      headers: { host },
      remoteAddress: randomClientAddress(),
      payload: { token, newPassword },
    });
  const signIn = (email: string, password: string) =>
    test.app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      remoteAddress: randomClientAddress(),
      payload: { email, password },
    });
  /** The token from the newest reset mail to this address (the fragment of the link). */
  const tokenFromMail = async (email: string) => {
    const mail = await db()
      .selectFrom('mails')
      .select(['text_body', 'purpose'])
      .where('to_address', '=', email)
      .where('purpose', '=', 'staff_password_reset')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const link = /(\S+\/planung\/passwort-neu#(\S+))/.exec(mail.text_body)!;
    expect(link[1]).toMatch(/^http:\/\/localhost:\d+\/planung\/passwort-neu#/);
    return link[2]!;
  };

  it('mails a one-time link that sets a new password, ends every session and works once', async () => {
    const clerk = await signInAs(test.app, 'clerk');
    const sent = await sendReset(clerk.user.id);
    expect(sent.statusCode).toBe(202);
    const minutes = (Date.parse(sent.json().expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(58);
    expect(minutes).toBeLessThanOrEqual(60);
    const token = await tokenFromMail(clerk.user.email);
    // Only the hash of the token is stored.
    const stored = JSON.stringify(await db().selectFrom('staff_password_resets').selectAll().execute());
    expect(stored).not.toContain(token);
    // Until the link is used, the old password still works.
    expect((await signIn(clerk.user.email, STAFF_TEST_PASSWORD)).statusCode).toBe(200);

    const tooShort = await useToken(token, 'kurz');
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().field).toBe('newPassword');

    const reset = await useToken(token);
    expect(reset.statusCode).toBe(204);
    const session = await test.app.inject({
      method: 'GET',
      url: '/api/v1/staff/session',
      headers: clerk.headers,
    });
    expect(session.statusCode).toBe(401);
    expect((await signIn(clerk.user.email, STAFF_TEST_PASSWORD)).statusCode).toBe(401);
    expect((await signIn(clerk.user.email, NEW_PASSWORD)).statusCode).toBe(200);

    const again = await useToken(token, 'Noch-ein-anderes-Passwort');
    expect(again.statusCode).toBe(410);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(again.json()).toMatchObject({
      field: 'token',
      type: expect.stringContaining('reset-link-invalid'),
    });

    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'actor'])
      .where('subject_id', '=', clerk.user.id)
      .where('action', 'like', 'staff.password_reset%')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'staff.password_reset_sent', actor: `staff:${admin.user.id}` },
      { action: 'staff.password_reset_completed', actor: `staff:${clerk.user.id}` },
    ]);
  });

  it('invalidates older links when a new one is sent, and refuses a link that has run out', async () => {
    const planner = await createStaff(test.database.db, 'guetersloh', 'planner');
    expect((await sendReset(planner.id)).statusCode).toBe(202);
    const first = await tokenFromMail(planner.email);
    expect((await sendReset(planner.id)).statusCode).toBe(202);
    const second = await tokenFromMail(planner.email);
    expect(second).not.toBe(first);
    expect((await useToken(first)).statusCode).toBe(410);

    await db()
      .updateTable('staff_password_resets')
      .set({ expires_at: sql<Date>`now() - interval '1 second'` })
      .where('user_id', '=', planner.id)
      .execute();
    expect((await useToken(second)).statusCode).toBe(410);
    expect((await signIn(planner.email, STAFF_TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('keeps municipalities apart, refuses deactivated accounts, and is for admins only', async () => {
    const foreignAdmin = await signInAs(test.app, 'admin', { municipality: 'musterstadt' });
    const clerk = await createStaff(test.database.db, 'guetersloh', 'clerk');
    expect((await sendReset(clerk.id, foreignAdmin.headers)).statusCode).toBe(404);

    expect((await sendReset(clerk.id)).statusCode).toBe(202);
    const token = await tokenFromMail(clerk.email);
    // The link works only at its own municipality's address.
    expect((await useToken(token, NEW_PASSWORD, 'musterstadt.example')).statusCode).toBe(410);

    const planner = await signInAs(test.app, 'planner');
    expect((await sendReset(clerk.id, planner.headers)).statusCode).toBe(403);
    expect((await test.app.inject({ method: 'POST', url: resetUrl(clerk.id) })).statusCode).toBe(401);

    await db().updateTable('staff_users').set({ active: false }).where('id', '=', clerk.id).execute();
    expect((await useToken(token)).statusCode).toBe(410);
    const inactive = await sendReset(clerk.id);
    expect(inactive.statusCode).toBe(409);
    expect(inactive.json()).toMatchObject({ type: expect.stringContaining('account-inactive') });
  });
});
