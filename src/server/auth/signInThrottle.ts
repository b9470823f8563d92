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

export interface ThrottledKey {
  key: ThrottleKey;
  rule: ThrottleRule;
}

export interface Reservation {
  key: ThrottleKey;
  /** Failures of the episode, this attempt counted. */
  failures: number;
  /** The delay this attempt has set, should it fail. */
  delaySeconds: number;
  /** The owner was already told of this episode. */
  notified: boolean;
}

/**
 * Under row locks: refuses the attempt with the seconds left when a delay runs for any key; otherwise counts
 * it as a failure in advance and sets the delay that failure earns. Counting before the password check means
 * parallel attempts cannot slip past a delay: the next one waits for the lock and then sees the delay.
 * A successful attempt is taken back with `settleSuccess`. A failure after `memoryMinutes` without one starts
 * a new episode.
 */
export async function reserveAttempt(
  trx: Kysely<StaffDatabase>,
  municipalityId: string,
  keys: readonly ThrottledKey[],
  memoryMinutes: number,
): Promise<{ waitSeconds: number; reservations: Reservation[] }> {
  await trx
    .insertInto('staff_sign_in_throttles')
    .values(
      keys.map(({ key }) => ({
        municipality_id: municipalityId,
        kind: key.kind,
        key_hash: key.keyHash,
        failures: 0,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  const rows = await trx
    .selectFrom('staff_sign_in_throttles')
    .select(['kind', 'key_hash', 'failures', 'notified_at'])
    .select(sql<boolean>`last_failure_at < now() - make_interval(mins => ${memoryMinutes})`.as('stale'))
    .select(sql<string>`greatest(0, ceil(coalesce(extract(epoch from blocked_until - now()), 0)))`.as('wait'))
    .where('municipality_id', '=', municipalityId)
    .where((eb) =>
      eb.or(keys.map(({ key }) => eb.and([eb('kind', '=', key.kind), eb('key_hash', '=', key.keyHash)]))),
    )
    // One lock order for every attempt (account before address), so two attempts never deadlock.
    .orderBy('kind')
    .forUpdate()
    .execute();
  const waitSeconds = Math.max(0, ...rows.map((row) => Number(row.wait)));
  if (waitSeconds > 0) return { waitSeconds, reservations: [] };

  const reservations: Reservation[] = [];
  for (const { key, rule } of keys) {
    const row = rows.find((candidate) => candidate.kind === key.kind && candidate.key_hash === key.keyHash)!;
    const failures = row.stale ? 1 : row.failures + 1;
    const delaySeconds = throttleDelaySeconds(failures, rule);
    await trx
      .updateTable('staff_sign_in_throttles')
      .set({
        failures,
        last_failure_at: sql<Date>`now()`,
        blocked_until: delaySeconds > 0 ? sql<Date>`now() + make_interval(secs => ${delaySeconds})` : null,
        ...(row.stale ? { notified_at: null } : {}),
      })
      .where('municipality_id', '=', municipalityId)
      .where('kind', '=', key.kind)
      .where('key_hash', '=', key.keyHash)
      .execute();
    reservations.push({ key, failures, delaySeconds, notified: !row.stale && row.notified_at !== null });
  }
  return { waitSeconds: 0, reservations };
}

/**
 * After a failed attempt: whether this is the first delay of the episode, the moment to tell the owner
 * (marked, so it happens once per episode).
 */
export async function markFirstDelay(
  trx: Kysely<StaffDatabase>,
  municipalityId: string,
  reservation: Reservation,
): Promise<boolean> {
  if (reservation.delaySeconds === 0 || reservation.notified) return false;
  await trx
    .updateTable('staff_sign_in_throttles')
    .set({ notified_at: sql<Date>`now()` })
    .where('municipality_id', '=', municipalityId)
    .where('kind', '=', reservation.key.kind)
    .where('key_hash', '=', reservation.key.keyHash)
    .execute();
  return true;
}

/** Takes back a successful attempt counted in advance (an office behind one address is not slowed down). */
export async function takeBackAttempt(
  trx: Kysely<StaffDatabase>,
  municipalityId: string,
  key: ThrottleKey,
): Promise<void> {
  await trx
    .updateTable('staff_sign_in_throttles')
    .set({ failures: sql<number>`greatest(failures - 1, 0)` })
    .where('municipality_id', '=', municipalityId)
    .where('kind', '=', key.kind)
    .where('key_hash', '=', key.keyHash)
    .execute();
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
    .where((eb) =>
      eb.or([
        eb('failures', '=', 0),
        eb('last_failure_at', '<', sql<Date>`now() - make_interval(mins => ${memoryMinutes})`),
      ]),
    )
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
