import { createHmac } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * A keyed hash (HMAC-SHA-256) for counting by client address or mail recipient without keeping either in
 * clear, and for signing short-lived download links. The key is random and lives in the database (`hash_keys`, migration 007), so every process of a
 * deployment hashes alike and the hash cannot be reversed by hashing guessed addresses.
 */
export async function keyedHash(
  db: Kysely<Database> | Transaction<Database>,
  kind: 'client' | 'recipient' | 'calendar-link',
  value: string,
): Promise<string> {
  const { key } = await db
    .selectFrom('hash_keys')
    .select('key')
    .where('purpose', '=', 'abuse')
    .executeTakeFirstOrThrow();
  return createHmac('sha256', key).update(`${kind}:${value}`).digest('base64url');
}
