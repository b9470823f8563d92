import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';

/** Changes a controlled item kind's names or minimum stock; the unit of count and numbering stay as created. */
export async function updateControlledItemKind(
  db: Kysely<Database>,
  props: {
    municipalityId: string;
    actor: string;
    kindId: string;
    nameDe?: string | undefined;
    nameEn?: string | undefined;
    minimumStock?: number | undefined;
  },
): Promise<{ id: string }> {
  const nameDe = props.nameDe?.trim();
  const nameEn = props.nameEn?.trim();
  if (nameDe === '')
    throw new DomainError('validation', { field: 'nameDe', message: 'The German name is empty.' });
  if (nameEn === '')
    throw new DomainError('validation', { field: 'nameEn', message: 'The English name is empty.' });
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('controlled_item_kinds')
      .select(['minimum_stock'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.kindId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) {
      throw new DomainError('unknown_controlled_item_kind', {
        field: 'kindId',
        message: `There is no controlled item kind "${props.kindId}".`,
      });
    }
    await trx
      .updateTable('controlled_item_kinds')
      .set({
        ...(nameDe === undefined ? {} : { name_de: nameDe }),
        ...(nameEn === undefined ? {} : { name_en: nameEn }),
        ...(props.minimumStock === undefined ? {} : { minimum_stock: props.minimumStock }),
      })
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.kindId)
      .execute();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'controlled_item_kind.updated',
      subjectType: 'controlled_item_kind',
      subjectId: props.kindId,
      details: {
        minimumStock:
          props.minimumStock === undefined
            ? undefined
            : { before: before.minimum_stock, after: props.minimumStock },
        namesChanged: nameDe !== undefined || nameEn !== undefined,
      },
    });
    return { id: props.kindId };
  });
}
