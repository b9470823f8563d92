import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { enqueueJob } from '../jobs/jobQueue.ts';

/**
 * Releases every hold whose time ran out. A slot offered from the waitlist goes back to the waitlist: the
 * request becomes active again (not for this stop) and the next person is offered the slot.
 */
export async function expireHolds(db: Kysely<Database>, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const expired = await trx
      .updateTable('bookings')
      .set({ status: 'expired' })
      .where('status', '=', 'held')
      .where('hold_expires_at', '<=', now)
      .returning(['id', 'municipality_id', 'stop_id', 'waitlist_request_id'])
      .execute();
    for (const hold of expired) {
      if (hold.waitlist_request_id) {
        await trx
          .updateTable('waitlist_requests')
          .set({
            status: 'active',
            excluded_stop_ids: sql`array_append(excluded_stop_ids, ${hold.stop_id}::uuid)`,
          })
          .where('id', '=', hold.waitlist_request_id)
          .where('status', '=', 'offered')
          .execute();
      }
    }
    for (const [stopId, municipalityId] of new Map(
      expired.map((hold) => [hold.stop_id, hold.municipality_id]),
    )) {
      await enqueueJob(trx, { kind: 'waitlist.offer', payload: { municipalityId, stopId } });
    }
    return expired.length;
  });
}
