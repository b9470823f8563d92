import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';

/**
 * Deletes documents whose retention period has run out (`retain_until <= now`): the ciphertext, IV, tag, key
 * id, plaintext hash and file name become NULL and `deleted_at` is set, so only a tombstone remains (type,
 * size, owner, service, dates). Each batch is one transaction with one 'document.deleted' audit event per
 * document (ids only). Rows locked by another process are skipped and taken by the next run.
 * Returns how many documents were deleted.
 *
 * PostgreSQL frees the old row versions at the next (auto)vacuum; README "Documents" says what that means.
 */
export async function deleteExpiredDocuments(
  db: Kysely<Database>,
  now: Date,
  options: { batchSize?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 100;
  let deleted = 0;
  for (;;) {
    const batch = await db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('documents')
        .select(['municipality_id', 'id', 'retain_until'])
        .where('deleted_at', 'is', null)
        .where('retain_until', '<=', now)
        .orderBy('retain_until')
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return 0;
      await trx
        .updateTable('documents')
        .set({
          file_name: null,
          sha256: null,
          key_id: null,
          iv: null,
          auth_tag: null,
          ciphertext: null,
          deleted_at: now,
        })
        .where(
          'id',
          'in',
          due.map((row) => row.id),
        )
        .where('deleted_at', 'is', null)
        .execute();
      for (const row of due) {
        await recordAudit(trx, {
          municipalityId: row.municipality_id,
          actor: 'system',
          action: 'document.deleted',
          subjectType: 'document',
          subjectId: row.id,
          details: { reason: 'retention', retainUntil: row.retain_until.toISOString() },
        });
      }
      return due.length;
    });
    deleted += batch;
    if (batch < batchSize) return deleted;
  }
}
