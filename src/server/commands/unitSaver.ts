import type { Kysely, Transaction } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { pgErrorCode, pgErrorCodes } from '../dbErrors.ts';
import { notFound, ProblemError } from '../problem.ts';

export interface UnitFields {
  name?: string | undefined;
  kind?: 'van' | 'kit' | undefined;
  counters?: number | undefined;
  homeSiteId?: string | null | undefined;
  /** The nominal kit: equipment kinds the unit is meant to carry. */
  equipment?: readonly string[] | undefined;
  active?: boolean | undefined;
}

async function checkReferences(trx: Transaction<Database>, municipalityId: string, fields: UnitFields) {
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
      throw new ProblemError(422, 'unknown-site', `There is no site "${fields.homeSiteId}".`, 'homeSiteId');
  }
}

async function replaceKit(
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

/** Creates a mobile unit (a van or a kit) with its nominal kit. */
export async function createUnit(
  db: Kysely<Database>,
  props: {
    municipalityId: string;
    actor: string;
    id: string;
    name: string;
    kind: 'van' | 'kit';
    counters: number;
  } & UnitFields,
): Promise<{ id: string }> {
  try {
    return await db.transaction().execute(async (trx) => {
      await checkReferences(trx, props.municipalityId, props);
      await trx
        .insertInto('units')
        .values({
          municipality_id: props.municipalityId,
          id: props.id,
          name: props.name.trim(),
          kind: props.kind,
          counters: props.counters,
          home_site_id: props.homeSiteId ?? null,
        })
        .execute();
      await replaceKit(trx, props.municipalityId, props.id, props.equipment ?? []);
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: props.actor,
        action: 'unit.created',
        subjectType: 'unit',
        subjectId: props.id,
        details: { kind: props.kind, counters: props.counters, equipment: [...(props.equipment ?? [])] },
      });
      return { id: props.id };
    });
  } catch (error) {
    if (pgErrorCode(error) === pgErrorCodes.uniqueViolation) {
      throw new ProblemError(409, 'unit-exists', `A unit with the id "${props.id}" exists already.`, 'id');
    }
    throw error;
  }
}

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
    await checkReferences(trx, props.municipalityId, props);
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
    if (props.equipment) await replaceKit(trx, props.municipalityId, unit.id, props.equipment);
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
