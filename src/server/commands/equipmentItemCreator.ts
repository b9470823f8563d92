import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { Database, EquipmentItemStatus } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { checkItemUnit, itemOnOtherUnit } from './equipmentItemChecks.ts';

/** Registers one physical equipment item, optionally on a unit. The database refuses a second registration. */
export async function createEquipmentItem(
  db: Kysely<Database>,
  props: {
    municipalityId: string;
    actor: string;
    kind: string;
    serialNumber: string;
    status: EquipmentItemStatus;
    maintenanceDue: string | null;
    unitId: string | null;
  },
): Promise<{ id: string }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const kind = await trx
        .selectFrom('equipment_kinds')
        .select('id')
        .where('municipality_id', '=', props.municipalityId)
        .where('id', '=', props.kind)
        .executeTakeFirst();
      if (!kind) {
        throw new DomainError('unknown_equipment_kind', {
          field: 'kind',
          message: `Unknown kind "${props.kind}".`,
        });
      }
      await checkItemUnit(trx, props.municipalityId, props.unitId);
      const row = await trx
        .insertInto('equipment_items')
        .values({
          municipality_id: props.municipalityId,
          equipment_kind_id: props.kind,
          serial_number: props.serialNumber.trim(),
          status: props.status,
          maintenance_due: props.maintenanceDue,
          unit_id: props.unitId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: props.actor,
        action: 'equipment_item.created',
        subjectType: 'equipment_item',
        subjectId: row.id,
        details: { kind: props.kind, status: props.status, unitId: props.unitId },
      });
      return { id: row.id };
    });
  } catch (error) {
    return itemOnOtherUnit(error);
  }
}
