import { DomainError } from '../../domain/errors.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { pgErrorCode, pgErrorCodes } from '../dbErrors.ts';
import { checkUnitReferences, replaceUnitKit, type UnitFields } from './unitFields.ts';

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
      await checkUnitReferences(trx, props.municipalityId, props);
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
      await replaceUnitKit(trx, props.municipalityId, props.id, props.equipment ?? []);
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
      throw new DomainError('unit_exists', {
        field: 'id',
        message: `A unit with the id "${props.id}" exists already.`,
      });
    }
    throw error;
  }
}
