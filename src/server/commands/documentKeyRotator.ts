import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import {
  decryptDocument,
  DocumentIntegrityError,
  encryptDocument,
  sha256,
} from '../documents/documentCrypto.ts';
import { documentKeyring, type DocumentKeyConfig } from '../documents/documentKeys.ts';

export interface RotateDocumentKeysProps {
  /** Who runs it, e.g. `cli:<user>`. */
  actor: string;
  /** Documents per transaction (default 50: at 10 MiB each a batch holds at most about 1 GiB in memory). */
  batchSize?: number;
  /** Called after each committed batch, e.g. to print progress. */
  onBatch?: (done: number) => void;
}

export interface RotateDocumentKeysResult {
  /** Documents now encrypted under the current key that were under an older one. */
  reencrypted: number;
  currentKeyId: string;
  /** Documents with content per key id afterwards: only the current key once every old key is done. */
  perKey: Record<string, number>;
}

/**
 * Re-encrypts every document still under an older key with the current key of DOCUMENT_KEYS (README
 * "Documents: key rotation"). Batch by batch, each one transaction: lock the batch's rows (skipping rows
 * another process holds), decrypt with the old key, verify the plaintext hash, encrypt with a fresh IV under
 * the current key, update, and record one 'documents.reencrypted' event per municipality (ids and key ids).
 * A crash loses nothing: committed batches are done, the rest still decrypt with the old key; run it again.
 * A document whose old key is missing stops the run (DocumentKeyMissingError) and its batch is rolled back.
 */
export async function rotateDocumentKeys(
  db: Kysely<Database>,
  config: DocumentKeyConfig,
  props: RotateDocumentKeysProps,
): Promise<RotateDocumentKeysResult> {
  const keyring = documentKeyring(config);
  const currentKeyId = keyring.current.id;
  const batchSize = props.batchSize ?? 50;
  let reencrypted = 0;
  for (;;) {
    const batch = await db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('documents')
        .select(['municipality_id', 'id', 'key_id', 'iv', 'auth_tag', 'ciphertext', 'sha256'])
        .where('deleted_at', 'is', null)
        .where('key_id', '<>', currentKeyId)
        .orderBy('id')
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      const moved = new Map<string, { ids: string[]; fromKeyIds: Set<string> }>();
      for (const row of rows) {
        const binding = { municipalityId: row.municipality_id, documentId: row.id };
        const plaintext = await decryptDocument(keyring, binding, {
          keyId: row.key_id!,
          iv: Buffer.from(row.iv!),
          authTag: Buffer.from(row.auth_tag!),
          ciphertext: Buffer.from(row.ciphertext!),
        });
        if (!row.sha256 || !(await sha256(plaintext)).equals(Buffer.from(row.sha256))) {
          throw new DocumentIntegrityError(row.id);
        }
        const sealed = await encryptDocument(keyring, binding, plaintext);
        await trx
          .updateTable('documents')
          .set({
            key_id: sealed.keyId,
            iv: sealed.iv,
            auth_tag: sealed.authTag,
            ciphertext: sealed.ciphertext,
          })
          .where('id', '=', row.id)
          .execute();
        const entry = moved.get(row.municipality_id) ?? { ids: [], fromKeyIds: new Set<string>() };
        entry.ids.push(row.id);
        entry.fromKeyIds.add(row.key_id!);
        moved.set(row.municipality_id, entry);
      }
      for (const [municipalityId, entry] of moved) {
        await recordAudit(trx, {
          municipalityId,
          actor: props.actor,
          action: 'documents.reencrypted',
          subjectType: 'document',
          details: { documentIds: entry.ids, fromKeyIds: [...entry.fromKeyIds], toKeyId: currentKeyId },
        });
      }
      return rows.length;
    });
    reencrypted += batch;
    if (batch > 0) props.onBatch?.(reencrypted);
    if (batch < batchSize) break;
  }
  return { reencrypted, currentKeyId, perKey: await documentsPerKey(db) };
}

/** Documents still holding content, per key id. */
export async function documentsPerKey(db: Kysely<Database>): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('documents')
    .select(['key_id', sql<number>`count(*)::int`.as('count')])
    .where('key_id', 'is not', null)
    .groupBy('key_id')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.key_id!, row.count]));
}
