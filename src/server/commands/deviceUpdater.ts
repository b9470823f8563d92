import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { withStaffTables } from '../../db/staffSchema.ts';
import { DomainError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import { notFound } from '../problem.ts';

export interface DeviceChanges {
  /** A name for the tablet (e.g. "Tablet 3, Bürgerkoffer"); null or blank removes it. */
  label?: string | null | undefined;
  /** `active` reinstates a lost device; reporting one lost goes through markDeviceLost, with a reason. */
  status?: 'active' | undefined;
}

/** updateDevice: an admin names a device or reinstates one reported lost (it may sign in again). */
export async function updateDevice(
  database: Kysely<Database>,
  props: { municipalityId: string; actor: string; deviceId: string } & DeviceChanges,
): Promise<{ id: string }> {
  const label = props.label === undefined ? undefined : props.label?.trim() || null;
  if (label !== undefined && label !== null && label.length > 100) {
    throw new DomainError('validation', { field: 'label', message: 'The label has at most 100 characters.' });
  }
  const db = withStaffTables(database);
  return db.transaction().execute(async (trx) => {
    const device = await trx
      .selectFrom('devices')
      .select(['id', 'status', 'label'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.deviceId)
      .forUpdate()
      .executeTakeFirst();
    if (!device) throw notFound('device', 'deviceId', props.deviceId);
    const reinstated = props.status === 'active' && device.status === 'lost';
    const fields: string[] = [];
    if (label !== undefined && label !== device.label) fields.push('label');
    if (reinstated) fields.push('status');
    if (fields.length === 0) return { id: device.id };
    await trx
      .updateTable('devices')
      .set({
        ...(label !== undefined ? { label } : {}),
        ...(reinstated ? { status: 'active' as const, lost_at: null, lost_reason: null } : {}),
      })
      .where('id', '=', device.id)
      .execute();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: reinstated ? 'device.reinstated' : 'device.updated',
      subjectType: 'device',
      subjectId: device.id,
      details: { fields },
    });
    return { id: device.id };
  });
}
