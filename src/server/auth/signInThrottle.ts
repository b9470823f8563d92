import { createHash, createHmac } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { parseEmail } from '../../domain/email.ts';
import { throttleDelaySeconds, type ThrottleRule } from '../../domain/signInThrottle.ts';
import type { StaffDatabase } from '../../db/staffSchema.ts';

/** The rows of `staff_sign_in_throttles` (migration 008): reading, counting and clearing failed sign-ins. */

export type ThrottleKind = 'account' | 'address';

export interface ThrottleKey {
  kind: ThrottleKind;
  keyHash: string;
}

/** The form staff e-mail addresses are stored in: trimmed, lower-case, the domain in ASCII (IDNA). */
export function normaliseStaffEmail(raw: string): string {
  return (parseEmail(raw)?.address ?? raw.trim()).toLowerCase();
}

/**
 * The account key is the hash of the normalised e-mail address, the same for addresses with and without an
 * account, so both are throttled alike and the table tells nobody which addresses have one.
 */
export function accountThrottleKey(email: string): ThrottleKey {
  const keyHash = createHash('sha256')
    .update(`account\n${normaliseStaffEmail(email)}`)
    .digest('hex');
  return { kind: 'account', keyHash };
}

/** Client addresses are personal data: only a keyed hash is stored, and only while failures are remembered. */
export function addressThrottleKey(secret: string, clientAddress: string): ThrottleKey {
  const keyHash = createHmac('sha256', secret).update(`address\n${clientAddress}`).digest('hex');
  return { kind: 'address', keyHash };
}

/** Whole seconds until the longest running delay of these keys ends; 0 when none is running. */
export async function remainingDelaySeconds(
  db: Kysely<StaffDatabase>,
  municipalityId: string,
  keys: readonly ThrottleKey[],
): Promise<number> {
  const row = await db
    .selectFrom('staff_sign_in_throttles')
    .select(sql<string | null>`max(ceil(extract(epoch from blocked_until - now())))`.as('seconds'))
    .where('municipality_id', '=', municipalityId)
    .where('blocked_until', '>', sql<Date>`now()`)
    .where((eb) =>
      eb.or(keys.map((key) => eb.and([eb('kind', '=', key.kind), eb('key_hash', '=', key.keyHash)]))),
    )
    .executeTakeFirst();
  return Math.max(0, Number(row?.seconds ?? 0));
}

export interface RecordedFailure {
  failures: number;
  delaySeconds: number;
  /** The first delay of this episode: the moment to tell the account's owner (once per episode). */
  firstDelayOfEpisode: boolean;
}

/**
 * Counts one failure for the key (a failure after `memoryMinutes` without one starts a new episode) and sets
 * the delay the next attempt has to wait. Atomic under concurrent attempts (one upsert).
 */
export async function recordFailure(
  trx: Kysely<StaffDatabase>,
  municipalityId: string,
  key: ThrottleKey,
  rule: ThrottleRule,
  memoryMinutes: number,
): Promise<RecordedFailure> {
  const stale = sql<boolean>`staff_sign_in_throttles.last_failure_at < now() - make_interval(mins => ${memoryMinutes})`;
  const counted = await trx
    .insertInto('staff_sign_in_throttles')
    .values({ municipality_id: municipalityId, kind: key.kind, key_hash: key.keyHash, failures: 1 })
    .onConflict((oc) =>
      oc.columns(['municipality_id', 'kind', 'key_hash']).doUpdateSet({
        failures: sql<number>`CASE WHEN ${stale} THEN 1 ELSE staff_sign_in_throttles.failures + 1 END`,
        notified_at: sql<Date | null>`CASE WHEN ${stale} THEN NULL ELSE staff_sign_in_throttles.notified_at END`,
        last_failure_at: sql<Date>`now()`,
      }),
    )
    .returning(['failures', 'notified_at'])
    .executeTakeFirstOrThrow();
  const delaySeconds = throttleDelaySeconds(counted.failures, rule);
  const firstDelayOfEpisode = delaySeconds > 0 && counted.notified_at === null;
  if (delaySeconds > 0) {
    await trx
      .updateTable('staff_sign_in_throttles')
      .set({
        blocked_until: sql<Date>`now() + make_interval(secs => ${delaySeconds})`,
        ...(firstDelayOfEpisode ? { notified_at: sql<Date>`now()` } : {}),
      })
      .where('municipality_id', '=', municipalityId)
      .where('kind', '=', key.kind)
      .where('key_hash', '=', key.keyHash)
      .execute();
  }
  return { failures: counted.failures, delaySeconds, firstDelayOfEpisode };
}

/** Forgets the failures of a key (a successful sign-in, a new password, an admin lifting the delay). */
export async function clearThrottle(
  trx: Kysely<StaffDatabase>,
  municipalityId: string,
  key: ThrottleKey,
): Promise<number> {
  const deleted = await trx
    .deleteFrom('staff_sign_in_throttles')
    .where('municipality_id', '=', municipalityId)
    .where('kind', '=', key.kind)
    .where('key_hash', '=', key.keyHash)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** Drops rows whose failures are forgotten and whose delay has ended, so the table stays small. */
export async function dropForgottenThrottles(
  trx: Kysely<StaffDatabase>,
  municipalityId: string,
  memoryMinutes: number,
): Promise<void> {
  await trx
    .deleteFrom('staff_sign_in_throttles')
    .where('municipality_id', '=', municipalityId)
    .where('last_failure_at', '<', sql<Date>`now() - make_interval(mins => ${memoryMinutes})`)
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', sql<Date>`now()`)]))
    .execute();
}

/** Until when sign-ins to each of these e-mail addresses are delayed (for the admins' user list). */
export async function accountDelaysUntil(
  db: Kysely<StaffDatabase>,
  municipalityId: string,
  emails: readonly string[],
): Promise<Map<string, Date>> {
  if (emails.length === 0) return new Map();
  const byHash = new Map(emails.map((email) => [accountThrottleKey(email).keyHash, email]));
  const rows = await db
    .selectFrom('staff_sign_in_throttles')
    .select(['key_hash', 'blocked_until'])
    .where('municipality_id', '=', municipalityId)
    .where('kind', '=', 'account')
    .where('key_hash', 'in', [...byHash.keys()])
    .where('blocked_until', '>', sql<Date>`now()`)
    .execute();
  return new Map(rows.map((row) => [byHash.get(row.key_hash)!, new Date(row.blocked_until!)]));
}
