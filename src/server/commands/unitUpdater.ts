import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { notFound } from '../problem.ts';
import { checkUnitReferences, replaceUnitKit, type UnitFields } from './unitFields.ts';

/** Changes a unit's name, counters, home site, nominal kit or activity. */
export async function updateUnit(
  db: Kysely<Database>,
  props: { municipalityId: string; actor: string; unitId: string } & UnitFields,
): Promise<{ id: string }> {
  return db.transaction().execute(async (trx) => {
    const unit = await trx
      .selectFrom('units')
      .selectAll()
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.unitId)
      .forUpdate()
      .executeTakeFirst();
    if (!unit) throw notFound('unit', 'unitId', props.unitId);
    await checkUnitReferences(trx, props.municipalityId, props);
    const set: Record<string, unknown> = {};
    if (props.name !== undefined) set.name = props.name.trim();
    if (props.kind !== undefined) set.kind = props.kind;
    if (props.counters !== undefined) set.counters = props.counters;
    if (props.homeSiteId !== undefined) set.home_site_id = props.homeSiteId;
    if (props.active !== undefined) set.active = props.active;
    if (Object.keys(set).length > 0) {
      await trx
        .updateTable('units')
        .set(set)
        .where('municipality_id', '=', props.municipalityId)
        .where('id', '=', unit.id)
        .execute();
    }
    if (props.equipment) await replaceUnitKit(trx, props.municipalityId, unit.id, props.equipment);
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'unit.updated',
      subjectType: 'unit',
      subjectId: unit.id,
      details: { fields: [...Object.keys(set), ...(props.equipment ? ['equipment'] : [])] },
    });
    return { id: unit.id };
  });
}
