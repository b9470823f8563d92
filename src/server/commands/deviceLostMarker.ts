import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { withStaffTables } from '../../db/staffSchema.ts';
import { DomainError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import { notFound } from '../problem.ts';

/**
 * markDeviceLost: an admin reports a station tablet lost. Every session used from it is revoked, it is refused
 * from now on (signing in too), and at its next contact the app hears `device_lost` and wipes its data. The
 * reason stays on the device record; the audit holds only ids and the count of revoked sessions.
 */
export async function markDeviceLost(
  database: Kysely<Database>,
  props: { municipalityId: string; actor: string; deviceId: string; reason: string },
): Promise<{ id: string; revokedSessions: number }> {
  const reason = props.reason.trim();
  if (reason === '') {
    throw new DomainError('reason_required', {
      field: 'reason',
      message: 'Say why the device is reported lost.',
    });
  }
  const db = withStaffTables(database);
  return db.transaction().execute(async (trx) => {
    const device = await trx
      .selectFrom('devices')
      .select(['id', 'status'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.deviceId)
      .forUpdate()
      .executeTakeFirst();
    if (!device) throw notFound('device', 'deviceId', props.deviceId);
    if (device.status === 'lost') {
      throw new DomainError('illegal_transition', {
        field: 'deviceId',
        message: 'The device is reported lost already.',
      });
    }
    await trx
      .updateTable('devices')
      .set({ status: 'lost', lost_at: sql<Date>`now()`, lost_reason: reason })
      .where('id', '=', device.id)
      .execute();
    const revoked = await trx
      .updateTable('staff_sessions')
      .set({ revoked_at: sql<Date>`now()` })
      .where('municipality_id', '=', props.municipalityId)
      .where('device_id', '=', device.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const revokedSessions = Number(revoked.numUpdatedRows);
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'device.marked_lost',
      subjectType: 'device',
      subjectId: device.id,
      details: { revokedSessions },
    });
    return { id: device.id, revokedSessions };
  });
}
