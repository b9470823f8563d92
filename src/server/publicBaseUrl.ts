import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * The address links in mails, feeds and posters of a municipality start with: its own `public_base_url`
 * (set by the municipality import), else `fallback` (PUBLIC_BASE_URL, the default municipality's address).
 */
export async function publicBaseUrlOf(
  db: Kysely<Database> | Transaction<Database>,
  municipalityId: string,
  fallback: string,
): Promise<string> {
  const row = await db
    .selectFrom('municipalities')
    .select('public_base_url')
    .where('id', '=', municipalityId)
    .executeTakeFirst();
  return row?.public_base_url ?? fallback;
}
