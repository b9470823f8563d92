import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { StaffDatabase, StaffRole } from '../../db/staffSchema.ts';

export const SESSION_COOKIE = 'mr_session';

export interface SessionSettings {
  idleMinutes: number;
  absoluteHours: number;
}

/** The signed-in staff member a request acts for. */
export interface StaffPrincipal {
  userId: string;
  municipalityId: string;
  role: StaffRole;
  name: string;
  email: string;
}

export interface ActiveSession {
  idHash: string;
  csrfToken: string;
  authMethod: 'password' | 'oidc';
  mustChangePassword: boolean;
  principal: StaffPrincipal;
}

const randomToken = () => randomBytes(32).toString('base64url');

/** Only this hash is stored: a leaked table does not let anyone take over a session. */
export const hashSessionId = (sessionId: string) => createHash('sha256').update(sessionId).digest('hex');

/** Compares secrets in constant time, also when the lengths differ. */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

export interface NewSession {
  /** The raw id: goes into the cookie and nowhere else. */
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  trx: Kysely<StaffDatabase>,
  user: { id: string; municipalityId: string },
  authMethod: 'password' | 'oidc',
  settings: SessionSettings,
): Promise<NewSession> {
  const sessionId = randomToken();
  const csrfToken = randomToken();
  // Finished sessions of this user are of no further use; dropping them keeps the table small.
  await trx
    .deleteFrom('staff_sessions')
    .where('user_id', '=', user.id)
    .where((eb) => eb.or([eb('revoked_at', 'is not', null), eb('expires_at', '<', sql<Date>`now()`)]))
    .execute();
  const { expires_at } = await trx
    .insertInto('staff_sessions')
    .values({
      id_hash: hashSessionId(sessionId),
      municipality_id: user.municipalityId,
      user_id: user.id,
      csrf_token: csrfToken,
      auth_method: authMethod,
      expires_at: sql<Date>`now() + make_interval(hours => ${settings.absoluteHours})`,
    })
    .returning('expires_at')
    .executeTakeFirstOrThrow();
  return { sessionId, csrfToken, expiresAt: expires_at };
}

/**
 * The session with this id if it is neither revoked, past its absolute end, idle for too long,
 * nor of a deactivated user. Database time decides, so every server agrees.
 */
export async function findActiveSession(
  db: Kysely<StaffDatabase>,
  sessionId: string,
  settings: SessionSettings,
): Promise<ActiveSession | undefined> {
  const idHash = hashSessionId(sessionId);
  const row = await db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', (join) =>
      join.onRef('u.id', '=', 's.user_id').onRef('u.municipality_id', '=', 's.municipality_id'),
    )
    .select([
      's.csrf_token',
      's.auth_method',
      'u.id',
      'u.municipality_id',
      'u.role',
      'u.name',
      'u.email',
      'u.must_change_password',
    ])
    .where('s.id_hash', '=', idHash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('s.last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${settings.idleMinutes})`)
    .where('u.active', '=', true)
    .executeTakeFirst();
  if (!row) return undefined;
  // Sliding idle timeout; written at most once a minute per session.
  await db
    .updateTable('staff_sessions')
    .set({ last_seen_at: sql<Date>`now()` })
    .where('id_hash', '=', idHash)
    .where('last_seen_at', '<', sql<Date>`now() - interval '1 minute'`)
    .execute();
  return {
    idHash,
    csrfToken: row.csrf_token,
    authMethod: row.auth_method,
    mustChangePassword: row.must_change_password,
    principal: {
      userId: row.id,
      municipalityId: row.municipality_id,
      role: row.role,
      name: row.name,
      email: row.email,
    },
  };
}

/** Revokes the user's sessions, all or all but one; returns how many were still open. */
export async function revokeSessionsOfUser(
  trx: Kysely<StaffDatabase>,
  userId: string,
  options: { except?: string } = {},
): Promise<number> {
  let query = trx
    .updateTable('staff_sessions')
    .set({ revoked_at: sql<Date>`now()` })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`);
  if (options.except) query = query.where('id_hash', '<>', options.except);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
