import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.ts';
import { withStaffTables } from '../../../db/staffSchema.ts';
import { passwordVerificationCount } from '../../auth/passwords.ts';
import { accountThrottleKey } from '../../auth/signInThrottle.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';
import {
  createStaff,
  randomClientAddress,
  STAFF_TEST_PASSWORD,
} from '../../../../test/support/staffSession.ts';

const SESSION = '/api/v1/staff/session';

/**
 * Issue 17, item 3: failed sign-ins are throttled (no hard lockout) per account and per client address, the
 * same way for addresses with and without an account, and the owner is told once per episode.
 */
describe.each(testDatabaseKinds)('sign-in throttling on %s', (kind) => {
  let test: TestApp;
  beforeAll(async () => {
    const base = loadConfig({ NODE_ENV: 'test' });
    test = await createTestApp(kind, {
      staffAuth: {
        ...base.staffAuth,
        signInAttemptsPerMinute: 1000,
        signInThrottle: {
          account: { freeFailures: 3, maxDelaySeconds: 60 },
          address: { freeFailures: 6, maxDelaySeconds: 900 },
          failureMemoryMinutes: 60,
        },
      },
    });
  });
  afterAll(async () => test?.close());

  const db = () => withStaffTables(test.database.db);
  const signIn = (email: string, password: string, remoteAddress = randomClientAddress()) =>
    test.app.inject({ method: 'POST', url: SESSION, remoteAddress, payload: { email, password } });
  /** The answer, and how many argon2 verifications it cost. */
  const attempt = async (email: string, password: string, remoteAddress?: string) => {
    const before = passwordVerificationCount();
    const response = await signIn(email, password, remoteAddress);
    return { response, verifications: passwordVerificationCount() - before };
  };
  const accountRow = (email: string) =>
    db()
      .selectFrom('staff_sign_in_throttles')
      .select(['failures', 'notified_at'])
      .select(sql<boolean>`blocked_until > now()`.as('delayed'))
      .where('kind', '=', 'account')
      .where('key_hash', '=', accountThrottleKey(email).keyHash)
      .executeTakeFirst();
  /** Moves an account's running delay: into the future (as after more failures) or past its end. */
  const shiftDelay = (email: string, interval: '+30 seconds' | '-1 second') =>
    db()
      .updateTable('staff_sign_in_throttles')
      .set({ blocked_until: sql<Date>`now() + ${interval}::interval` })
      .where('key_hash', '=', accountThrottleKey(email).keyHash)
      .execute();
  const mailsTo = (email: string) =>
    db()
      .selectFrom('mails')
      .select(['purpose', 'subject', 'text_body'])
      .where('to_address', '=', email)
      .execute();

  it('answers a known and an unknown account alike: same statuses, bodies and argon2 work, same delays', async () => {
    const clerk = await createStaff(test.database.db, 'guetersloh', 'clerk');
    const unknown = 'niemand-hier@guetersloh.example';
    for (let round = 1; round <= 3; round += 1) {
      const known = await attempt(clerk.email, `wrong password ${round}`);
      const nobody = await attempt(unknown, `wrong password ${round}`);
      for (const { response, verifications } of [known, nobody]) {
        expect(response.statusCode).toBe(401);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        // Exactly one argon2 verification on both paths: a real hash or the fixed dummy hash.
        expect(verifications).toBe(1);
      }
      expect(known.response.body).toBe(nobody.response.body);
    }
    // Both are counted the same way, and both are now delayed.
    const knownRow = await accountRow(clerk.email);
    const unknownRow = await accountRow(unknown);
    expect(knownRow).toMatchObject({ failures: 3, delayed: expect.any(Boolean) });
    expect(unknownRow).toMatchObject({ failures: 3 });
    expect(knownRow!.notified_at).not.toBeNull();
    expect(unknownRow!.notified_at).not.toBeNull();

    // Inside a running delay even the right password is not evaluated: 429 with Retry-After, for both alike.
    await shiftDelay(clerk.email, '+30 seconds');
    await shiftDelay(unknown, '+30 seconds');
    const knownRefused = await attempt(clerk.email, STAFF_TEST_PASSWORD);
    const unknownRefused = await attempt(unknown, STAFF_TEST_PASSWORD);
    for (const { response, verifications } of [knownRefused, unknownRefused]) {
      expect(response.statusCode).toBe(429);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(29);
      expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(30);
      expect(response.json()).toMatchObject({
        status: 429,
        type: expect.stringContaining('sign-in-throttled'),
      });
      expect(verifications).toBe(0);
    }
    expect(knownRefused.response.json().detail).toBe(unknownRefused.response.json().detail);
    expect(knownRefused.response.headers['set-cookie']).toBeUndefined();

    // Once the delay has passed, the right password works and the account's failures are forgotten.
    await shiftDelay(clerk.email, '-1 second');
    await shiftDelay(unknown, '-1 second');
    const signedIn = await attempt(clerk.email, STAFF_TEST_PASSWORD);
    expect(signedIn.response.statusCode).toBe(200);
    expect(signedIn.verifications).toBe(1);
    expect(await accountRow(clerk.email)).toBeUndefined();
    expect((await attempt(unknown, STAFF_TEST_PASSWORD)).response.statusCode).toBe(401);
  });

  it('lets the right password in once a real delay has run out: the owner cannot be locked out', async () => {
    const planner = await createStaff(test.database.db, 'guetersloh', 'planner');
    for (let round = 1; round <= 3; round += 1) {
      expect((await signIn(planner.email, `not it ${round}`)).statusCode).toBe(401);
    }
    // Attempts during the one-second delay are refused without counting; the right one gets in after it.
    await expect
      .poll(async () => (await signIn(planner.email, STAFF_TEST_PASSWORD)).statusCode, {
        timeout: 20_000,
        interval: 250,
      })
      .toBe(200);
    expect(await accountRow(planner.email)).toBeUndefined();
  });

  it('lets no parallel guesses past a delay: attempts are counted before the password check', async () => {
    const clerk = await createStaff(test.database.db, 'guetersloh', 'clerk');
    const before = passwordVerificationCount();
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, index) => signIn(clerk.email, `parallel guess ${index}`)),
    );
    const statuses = responses.map((response) => response.statusCode);
    const evaluated = passwordVerificationCount() - before;
    // 3 free failures, then 1 s, 2 s, 4 s …: only a stall of seconds would let a fifth guess through.
    expect(statuses.filter((status) => status === 401).length).toBe(evaluated);
    expect(evaluated).toBeGreaterThanOrEqual(3);
    expect(evaluated).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429).length).toBe(12 - evaluated);
  });

  it('tells the owner once per episode by mail, and never for an unknown address', async () => {
    const admin = await createStaff(test.database.db, 'guetersloh', 'admin');
    for (let round = 1; round <= 3; round += 1) await signIn(admin.email, `wrong ${round}`);
    await shiftDelay(admin.email, '-1 second');
    await signIn(admin.email, 'wrong again');
    const mails = await mailsTo(admin.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ purpose: 'staff_sign_in_throttled' });
    expect(mails[0]!.subject).toContain('fehlgeschlagene Anmeldungen');
    expect(mails[0]!.text_body).toContain(admin.name);
    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'details'])
      .where('subject_id', '=', admin.id)
      .where('action', '=', 'staff.sign_in_throttled')
      .execute();
    expect(audit).toEqual([
      { action: 'staff.sign_in_throttled', details: { delaySeconds: 1, ownerNotified: true } },
    ]);

    const unknown = 'gibt-es-nicht@guetersloh.example';
    for (let round = 1; round <= 3; round += 1) await signIn(unknown, `wrong ${round}`);
    expect(await mailsTo(unknown)).toEqual([]);
  });

  it('throttles a client address across accounts, which protects every account from one guesser', async () => {
    const address = randomClientAddress();
    for (let round = 1; round <= 6; round += 1) {
      expect((await signIn(`probe-${round}@guetersloh.example`, 'guess', address)).statusCode).toBe(401);
    }
    const addressRows = await db()
      .selectFrom('staff_sign_in_throttles')
      .select(['failures', 'key_hash'])
      .where('kind', '=', 'address')
      .where('failures', '=', 6)
      .execute();
    expect(addressRows).toHaveLength(1);
    // Only a keyed hash of the address is stored.
    expect(addressRows[0]!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(addressRows)).not.toContain(address);
    await db()
      .updateTable('staff_sign_in_throttles')
      .set({ blocked_until: sql<Date>`now() + interval '10 minutes'` })
      .where('key_hash', '=', addressRows[0]!.key_hash)
      .execute();
    const clerk = await createStaff(test.database.db, 'guetersloh', 'clerk');
    const fromThere = await signIn(clerk.email, STAFF_TEST_PASSWORD, address);
    expect(fromThere.statusCode).toBe(429);
    // From elsewhere the owner is not affected.
    expect((await signIn(clerk.email, STAFF_TEST_PASSWORD)).statusCode).toBe(200);
  });
});
