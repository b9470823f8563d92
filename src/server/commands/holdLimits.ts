import { sql, type Transaction } from 'kysely';
import { assertHoldWithinLimits, type HoldLimits } from '../../domain/holdLimits.ts';
import type { Database } from '../../db/schema.ts';
import type { LockedStop } from './bookingCapacity.ts';

export type { HoldLimits } from '../../domain/holdLimits.ts';

/**
 * Checks the limits on open holds (domain/holdLimits.ts) for one more hold at a locked stop. Runs under the
 * stop lock, after stale holds were expired; a client's holds across stops are serialised by an advisory
 * lock on its key. The database stays the guarantee of capacity; these limits only keep it from being hoarded.
 */
export async function assertHoldLimits(
  trx: Transaction<Database>,
  stop: LockedStop,
  props: {
    municipalityId: string;
    clientKey: string | undefined;
    minutes: number;
    now: Date;
    limits: HoldLimits;
  },
): Promise<void> {
  const held = (query: ReturnType<typeof openHolds>) => query.executeTakeFirstOrThrow();
  const openHolds = () =>
    trx
      .selectFrom('bookings')
      .select((eb) => [
        eb.fn.countAll<number>().as('holds'),
        eb.fn.coalesce(eb.fn.sum<number>('duration_minutes'), eb.lit(0)).as('minutes'),
      ])
      .where('municipality_id', '=', props.municipalityId)
      .where('status', '=', 'held');
  let byClient: number | undefined;
  let byClientAtStop: number | undefined;
  if (props.clientKey !== undefined) {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`client:${props.municipalityId}:${props.clientKey}`}))`.execute(
      trx,
    );
    byClient = Number(
      (
        await held(
          openHolds().where('client_key', '=', props.clientKey).where('hold_expires_at', '>', props.now),
        )
      ).holds,
    );
    byClientAtStop = Number(
      (
        await held(
          openHolds()
            .where('client_key', '=', props.clientKey)
            .where('stop_id', '=', stop.id)
            .where('hold_expires_at', '>', props.now),
        )
      ).holds,
    );
  }
  const atStop = await held(openHolds().where('stop_id', '=', stop.id));
  const openMinutes = (new Date(stop.ends_at).getTime() - new Date(stop.starts_at).getTime()) / 60_000;
  assertHoldWithinLimits(
    {
      byClient,
      byClientAtStop,
      unconfirmedMinutesAtStop: Number(atStop.minutes),
      stopCapacityMinutes: stop.counters * openMinutes,
    },
    props.minutes,
    props.limits,
  );
}
