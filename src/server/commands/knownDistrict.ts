import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';

/** Refuses a district id the municipality does not have (422 `unknown_district`, naming `field`). */
export async function assertKnownDistrict(
  db: Kysely<Database> | Transaction<Database>,
  municipalityId: string,
  districtId: string,
  field = 'districtId',
): Promise<void> {
  const district = await db
    .selectFrom('districts')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', districtId)
    .executeTakeFirst();
  if (!district) {
    throw new DomainError('unknown_district', { field, message: `There is no district "${districtId}".` });
  }
}
