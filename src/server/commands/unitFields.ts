import type { Transaction } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { Database } from '../../db/schema.ts';

export interface UnitFields {
  name?: string | undefined;
  kind?: 'van' | 'kit' | undefined;
  counters?: number | undefined;
  homeSiteId?: string | null | undefined;
  /** The nominal kit: equipment kinds the unit is meant to carry. */
  equipment?: readonly string[] | undefined;
  active?: boolean | undefined;
}

export async function checkUnitReferences(
  trx: Transaction<Database>,
  municipalityId: string,
  fields: UnitFields,
) {
  if (fields.equipment && fields.equipment.length > 0) {
    const known = await trx
      .selectFrom('equipment_kinds')
      .select('id')
      .where('municipality_id', '=', municipalityId)
      .where('id', 'in', [...fields.equipment])
      .execute();
    const unknown = fields.equipment.filter((kind) => !known.some((row) => row.id === kind));
    if (unknown.length > 0) {
      throw new DomainError('unknown_equipment_kind', {
        field: 'equipment',
        message: `Unknown equipment kind ${unknown.join(', ')}.`,
        details: { unknown },
      });
    }
  }
  if (fields.homeSiteId) {
    const site = await trx
      .selectFrom('sites')
      .select('id')
      .where('municipality_id', '=', municipalityId)
      .where('id', '=', fields.homeSiteId)
      .executeTakeFirst();
    if (!site)
      throw new DomainError('unknown_site', {
        field: 'homeSiteId',
        message: `There is no site "${fields.homeSiteId}".`,
      });
  }
}

export async function replaceUnitKit(
  trx: Transaction<Database>,
  municipalityId: string,
  unitId: string,
  kit: readonly string[],
) {
  await trx
    .deleteFrom('unit_equipment')
    .where('municipality_id', '=', municipalityId)
    .where('unit_id', '=', unitId)
    .execute();
  const kinds = [...new Set(kit)];
  if (kinds.length > 0) {
    await trx
      .insertInto('unit_equipment')
      .values(
        kinds.map((kind) => ({ municipality_id: municipalityId, unit_id: unitId, equipment_kind_id: kind })),
      )
      .execute();
  }
}
