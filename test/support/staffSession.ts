import { randomBytes, randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { StaffRole } from '../../src/db/staffSchema.ts';
import { createStaffUser } from '../../src/server/commands/staffUserCreate.ts';

/** The password of every account `createStaff` makes. */
export const STAFF_TEST_PASSWORD = 'Rathaus-Test-Passwort-2025';

export interface TestStaff {
  id: string;
  municipalityId: string;
  email: string;
  name: string;
  role: StaffRole;
  password: string;
}

/** Creates an active staff account with a known password (no password change pending). */
export async function createStaff(
  db: Kysely<Database>,
  municipalitySlug: string,
  role: StaffRole,
  overrides: { email?: string; name?: string; password?: string } = {},
): Promise<TestStaff> {
  const municipality = await db
    .selectFrom('municipalities')
    .select('id')
    .where('slug', '=', municipalitySlug)
    .executeTakeFirstOrThrow();
  const suffix = randomBytes(4).toString('hex');
  const password = overrides.password ?? STAFF_TEST_PASSWORD;
  const user = await createStaffUser(db, {
    municipalityId: municipality.id,
    actor: 'test',
    email: overrides.email ?? `${role}-${suffix}@${municipalitySlug}.example`,
    name: overrides.name ?? `Test ${role} ${suffix}`,
    role,
    password,
    mustChangePassword: false,
  });
  return { id: user.id, municipalityId: municipality.id, email: user.email, name: user.name, role, password };
}

export interface StaffSignIn {
  /** Spread into `app.inject({ headers })`: the session cookie, the CSRF token and the municipality's host. */
  headers: { cookie: string; 'x-csrf-token': string; host: string };
  user: TestStaff;
  csrfToken: string;
}

/** A client address of its own per sign-in, so tests never run into the sign-in rate limit. */
export const randomClientAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/**
 * Creates a staff account with this role and signs it in through `POST /api/v1/staff/session`.
 * `municipality` defaults to the default municipality; `host` to the municipality's first hostname.
 */
export async function signInAs(
  app: FastifyInstance,
  role: StaffRole,
  options: { municipality?: string; host?: string } = {},
): Promise<StaffSignIn> {
  const db = app.staffAuth.db as unknown as Kysely<Database>;
  const slug = options.municipality ?? 'guetersloh';
  const { hostnames } = await db
    .selectFrom('municipalities')
    .select('hostnames')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  const host = options.host ?? hostnames[0] ?? 'localhost';
  const user = await createStaff(db, slug, role);
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/staff/session',
    headers: { host },
    remoteAddress: randomClientAddress(),
    payload: { email: user.email, password: user.password },
  });
  if (response.statusCode !== 200) {
    throw new Error(`signing in as ${role} failed: ${response.statusCode} ${response.body}`);
  }
  const sessionCookie = response.cookies.find((cookie) => cookie.name === 'mr_session');
  if (!sessionCookie) throw new Error('the sign-in set no session cookie');
  const { csrfToken } = response.json<{ csrfToken: string }>();
  return {
    headers: { cookie: `mr_session=${sessionCookie.value}`, 'x-csrf-token': csrfToken, host },
    user,
    csrfToken,
  };
}
