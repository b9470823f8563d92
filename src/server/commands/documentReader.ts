import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import { decryptDocument, DocumentIntegrityError, sha256 } from '../documents/documentCrypto.ts';
import { documentKeyring, type DocumentKeyConfig } from '../documents/documentKeys.ts';
import {
  checkUuid,
  documentView,
  documentViewColumns,
  type DocumentView,
} from '../documents/documentView.ts';

export interface ReadDocumentProps {
  municipalityId: string;
  documentId: string;
  /** Who reads: `staffActor(userId)`, or 'system' for the e-file hand-off. */
  actor: string;
  /**
   * Why, as a short code recorded with the read, e.g. 'case_view', 'efile_handoff', 'citizen_request'
   * (lower case, digits, `_ . : -`, at most 64): a code, never free text that could carry personal data.
   */
  purpose: string;
}

export interface ReadDocument {
  document: DocumentView & { fileName: string; sha256: string };
  bytes: Buffer;
}

const PURPOSE = /^[a-z][a-z0-9_.:-]{0,63}$/;

/**
 * Reads a document's content (tracker issue 11: every read is audited). In one transaction: loads the row of
 * this municipality, decrypts and authenticates it (AES-GCM tag, bound to municipality and id), checks the
 * plaintext against its SHA-256, and records 'document.read' with the purpose. The audit row commits before
 * the bytes are returned; a read that cannot be recorded returns nothing.
 *
 * Errors: `not_found` (field documentId; also another municipality's document), `document_deleted` after
 * retention. A document that fails its integrity check throws DocumentIntegrityError (a server fault, 500).
 */
export async function readDocument(
  db: Kysely<Database>,
  config: DocumentKeyConfig,
  props: ReadDocumentProps,
): Promise<ReadDocument> {
  const documentId = checkUuid(props.documentId, 'documentId', 'not_found');
  if (!PURPOSE.test(props.purpose)) throw new DomainError('validation', { field: 'purpose' });
  const keyring = documentKeyring(config);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('documents')
      .select([...documentViewColumns, 'key_id', 'iv', 'auth_tag', 'ciphertext'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', documentId)
      .executeTakeFirst();
    if (!row) throw new DomainError('not_found', { field: 'documentId' });
    if (row.deleted_at !== null || !row.ciphertext || !row.key_id || !row.iv || !row.auth_tag) {
      throw new DomainError('document_deleted', { field: 'documentId' });
    }
    const bytes = await decryptDocument(
      keyring,
      { municipalityId: props.municipalityId, documentId },
      {
        keyId: row.key_id,
        iv: Buffer.from(row.iv),
        authTag: Buffer.from(row.auth_tag),
        ciphertext: Buffer.from(row.ciphertext),
      },
    );
    if (!row.sha256 || !(await sha256(bytes)).equals(Buffer.from(row.sha256)))
      throw new DocumentIntegrityError(documentId);
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'document.read',
      subjectType: 'document',
      subjectId: documentId,
      details: { purpose: props.purpose, ownerKind: row.owner_kind, ownerId: row.owner_id },
    });
    const view = documentView(row);
    return { document: { ...view, fileName: view.fileName!, sha256: view.sha256! }, bytes };
  });
}
