import type { Transaction } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { Database } from '../../db/schema.ts';
import { pgConstraint, pgErrorCode, pgErrorCodes } from '../dbErrors.ts';

export async function checkItemUnit(
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
  if (!unit)
    throw new DomainError('unknown_unit', { field: 'unitId', message: `There is no unit "${unitId}".` });
}

export function itemOnOtherUnit(error: unknown): never {
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
