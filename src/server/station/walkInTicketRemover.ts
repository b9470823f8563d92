import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { lockStop } from '../commands/bookingCapacity.ts';
import { retryOnTransientConflict } from '../dbErrors.ts';
import { stationVersion } from './stationEntries.ts';

export interface WalkInTicketRemoverProps {
  municipalityId: string;
  stopId: string;
  ticketIds: string[];
  actor: string;
  now: Date;
}

/**
 * Staff remove walk-in tickets in bulk (a flood of tickets drawn from the poster): those still waiting or
 * parked become 'cancelled', each with a queue event, so every tablet learns of it with the next sync.
 * Tickets of other stops, unknown ids and tickets already called or finished are left alone.
 */
export async function removeWalkInTickets(
  db: Kysely<Database>,
  props: WalkInTicketRemoverProps,
): Promise<{ removed: string[]; version: number }> {
  return retryOnTransientConflict(() =>
    db.transaction().execute(async (trx) => {
      const stop = await lockStop(trx, props.municipalityId, props.stopId);
      const removed = (
        await trx
          .updateTable('tickets')
          .set({ status: 'cancelled' })
          .where('municipality_id', '=', props.municipalityId)
          .where('stop_id', '=', stop.id)
          .where('id', 'in', props.ticketIds)
          .where('status', 'in', ['waiting', 'parked'])
          .returning('id')
          .execute()
      ).map((row) => row.id);
      if (removed.length > 0) {
        await trx
          .insertInto('queue_events')
          .values(
            removed.map((id) => ({
              municipality_id: props.municipalityId,
              stop_id: stop.id,
              entry_kind: 'walk_in' as const,
              entry_id: id,
              type: 'cancelled' as const,
              at: props.now,
              actor: props.actor,
            })),
          )
          .execute();
      }
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: props.actor,
        action: 'tickets.removed',
        subjectType: 'stop',
        subjectId: stop.id,
        details: { asked: props.ticketIds.length, removed: removed.length },
      });
      return { removed, version: await stationVersion(trx, stop.id) };
    }),
  );
}
