import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { ControlledItemCountUnit, Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { pgErrorCode, pgErrorCodes } from '../dbErrors.ts';

/** Creates a kind of controlled item (e.g. secure blank forms) with its unit of count and minimum stock. */
export async function createControlledItemKind(
  db: Kysely<Database>,
  props: {
    municipalityId: string;
    actor: string;
    id: string;
    nameDe: string;
    nameEn: string;
    countUnit: ControlledItemCountUnit;
    minimumStock: number;
    serialNumbered: boolean;
  },
): Promise<{ id: string }> {
  const nameDe = props.nameDe.trim();
  const nameEn = props.nameEn.trim();
  if (!nameDe) throw new DomainError('validation', { field: 'nameDe', message: 'The German name is empty.' });
  if (!nameEn)
    throw new DomainError('validation', { field: 'nameEn', message: 'The English name is empty.' });
  try {
    return await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('controlled_item_kinds')
        .values({
          municipality_id: props.municipalityId,
          id: props.id,
          name_de: nameDe,
          name_en: nameEn,
          count_unit: props.countUnit,
          minimum_stock: props.minimumStock,
          serial_numbered: props.serialNumbered,
        })
        .execute();
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: props.actor,
        action: 'controlled_item_kind.created',
        subjectType: 'controlled_item_kind',
        subjectId: props.id,
        details: {
          countUnit: props.countUnit,
          minimumStock: props.minimumStock,
          serialNumbered: props.serialNumbered,
        },
      });
      return { id: props.id };
    });
  } catch (error) {
    if (pgErrorCode(error) === pgErrorCodes.uniqueViolation) {
      throw new DomainError('controlled_item_kind_exists', {
        field: 'id',
        message: `A controlled item kind "${props.id}" exists already.`,
      });
    }
    throw error;
  }
}
