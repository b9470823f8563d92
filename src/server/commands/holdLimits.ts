import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

export type { HoldLimits } from '../../domain/holdLimits.ts';

/**
 * The limits on open holds (domain/holdLimits.ts) are decided with the hold (domain/holdDecision.ts). A
 * client's holds across stops are serialised by an advisory lock on its key, taken before they are counted.
 * The database stays the guarantee of capacity; these limits only keep it from being hoarded.
 */
export async function lockClient(trx: Transaction<Database>, municipalityId: string, clientKey: string) {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${clientLockKey(municipalityId, clientKey)}))`.execute(trx);
}

/** What `lockClient` locks. */
export const clientLockKey = (municipalityId: string, clientKey: string) =>
  `client:${municipalityId}:${clientKey}`;

/** Counts of the client's open holds, across all stops and at one stop (scalar subqueries). */
export function clientHoldCounts(
  trx: Transaction<Database>,
  props: { municipalityId: string; clientKey: string; stopId: string; now: Date },
) {
  const openHolds = () =>
    trx
      .selectFrom('bookings')
      .select((eb) => eb.fn.countAll<number>().as('holds'))
      .where('municipality_id', '=', props.municipalityId)
      .where('status', '=', 'held')
      .where('client_key', '=', props.clientKey)
      .where('hold_expires_at', '>', props.now);
  return { byClient: openHolds(), byClientAtStop: openHolds().where('stop_id', '=', props.stopId) };
}
