import { sql, type Kysely } from 'kysely';
import type { Database, EquipmentItemStatus } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { notFound } from '../problem.ts';
import { checkItemUnit } from './equipmentItemChecks.ts';

/** Changes an item's status, maintenance date or unit. */
export async function updateEquipmentItem(
  db: Kysely<Database>,
  props: {
    municipalityId: string;
    actor: string;
    itemId: string;
    status?: EquipmentItemStatus | undefined;
    maintenanceDue?: string | null | undefined;
    unitId?: string | null | undefined;
  },
): Promise<{ id: string }> {
  return db.transaction().execute(async (trx) => {
    const item = await trx
      .selectFrom('equipment_items')
      .select(['id', 'status', 'unit_id'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.itemId)
      .forUpdate()
      .executeTakeFirst();
    if (!item) throw notFound('equipment item', 'itemId', props.itemId);
    await checkItemUnit(trx, props.municipalityId, props.unitId);
    await trx
      .updateTable('equipment_items')
      .set({
        ...(props.status !== undefined ? { status: props.status } : {}),
        ...(props.maintenanceDue !== undefined ? { maintenance_due: props.maintenanceDue } : {}),
        ...(props.unitId !== undefined ? { unit_id: props.unitId } : {}),
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', item.id)
      .execute();
    const changes: Record<string, unknown> = {};
    if (props.status !== undefined && props.status !== item.status)
      changes.status = { from: item.status, to: props.status };
    if (props.unitId !== undefined && props.unitId !== item.unit_id)
      changes.unitId = { from: item.unit_id, to: props.unitId };
    if (props.maintenanceDue !== undefined) changes.maintenanceDue = props.maintenanceDue;
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'equipment_item.updated',
      subjectType: 'equipment_item',
      subjectId: item.id,
      details: { changes },
    });
    return { id: item.id };
  });
}
