import { sql, type Kysely, type Transaction } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { Database, EquipmentItemStatus } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { pgConstraint, pgErrorCode, pgErrorCodes } from '../dbErrors.ts';
import { notFound, ProblemError } from '../problem.ts';

async function checkUnit(
  trx: Transaction<Database>,
  municipalityId: string,
  unitId: string | null | undefined,
) {
  if (!unitId) return;
  const unit = await trx
    .selectFrom('units')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', unitId)
    .executeTakeFirst();
  if (!unit) throw new ProblemError(422, 'unknown-unit', `There is no unit "${unitId}".`, 'unitId');
}

function itemOnOtherUnit(error: unknown): never {
  if (
    pgErrorCode(error) === pgErrorCodes.uniqueViolation &&
    pgConstraint(error) === 'equipment_items_one_unit'
  ) {
    throw new DomainError('item_on_other_unit', {
      field: 'serialNumber',
      message:
        'An item of this kind with this serial number is registered already: one item cannot be on two units.',
    });
  }
  throw error;
}

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
      await checkUnit(trx, props.municipalityId, props.unitId);
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
    await checkUnit(trx, props.municipalityId, props.unitId);
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
