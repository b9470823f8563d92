import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { withStaffTables } from '../../db/staffSchema.ts';
import { checkDocumentContent, documentRetainUntil } from '../../domain/documentContent.ts';
import { DomainError } from '../../domain/errors.ts';
import { recordAudit, staffActor } from '../audit.ts';
import { encryptDocument, sha256 } from '../documents/documentCrypto.ts';
import { documentKeyring, type DocumentKeyConfig } from '../documents/documentKeys.ts';
import {
  checkClientUploadId,
  checkOwner,
  checkUuid,
  documentView,
  documentViewColumns,
  type DocumentView,
  type DocumentViewRow,
} from '../documents/documentView.ts';

export interface StoreDocumentProps {
  municipalityId: string;
  /** What the document belongs to, e.g. 'case'; with `ownerId` the case id. */
  ownerKind: string;
  ownerId: string;
  /** The service whose retention period the document follows. */
  serviceId: string;
  /** As uploaded, e.g. "antrag.pdf": its extension must agree with the content. Not written to the audit trail. */
  fileName: string;
  /** The type the client declared (Content-Type of the upload); optional, must agree with the content when given. */
  declaredMediaType?: string | undefined;
  bytes: Uint8Array;
  /** The staff user capturing it (captured_by; the audit actor is `staff:<id>`). */
  capturedBy: string;
  /** The tablet's id for this upload: sending it again returns the first document and stores nothing. */
  clientUploadId?: string | undefined;
  now?: Date;
  /**
   * Runs in the storing transaction once a new document is inserted (not for a replay), e.g. to put it on
   * its case's timeline: the document and what follows from it commit together.
   */
  alsoInTransaction?: (trx: Transaction<Database>, document: DocumentView) => Promise<void>;
}

export interface StoredDocument {
  document: DocumentView;
  /** True when `clientUploadId` had already been stored with this file: nothing new was written. */
  replayed: boolean;
}

/**
 * Stores a captured document (tracker issue 11, item 2). Checks the content (PDF, JPEG or PNG by its bytes,
 * agreeing with the name and any declared type, within DOCUMENT_MAX_BYTES), hashes and encrypts it outside
 * the transaction, then in one transaction checks service and staff user, inserts the row and records
 * 'document.stored' (ids, type and size; no content, no file name).
 *
 * Exactly once: the database keeps `client_upload_id` unique per municipality. The same id with the same file
 * (same SHA-256, name, owner and service) is a replay and returns the stored document with `replayed: true`;
 * with anything else it is refused (`client_upload_id_reused`), and after the document's retention it is gone
 * (`document_deleted`). Two concurrent uploads with one id: the second waits for the first and replays.
 */
export async function storeDocument(
  db: Kysely<Database>,
  config: DocumentKeyConfig,
  props: StoreDocumentProps,
): Promise<StoredDocument> {
  const content = checkDocumentContent({
    fileName: props.fileName,
    declaredMediaType: props.declaredMediaType,
    bytes: props.bytes,
    maxBytes: config.documents.maxBytes,
  });
  checkOwner(props.ownerKind, props.ownerId);
  const capturedBy = checkUuid(props.capturedBy, 'capturedBy');
  const clientUploadId =
    props.clientUploadId === undefined ? undefined : checkClientUploadId(props.clientUploadId);
  const hash = await sha256(props.bytes);
  const upload: UploadFacts = {
    ...content,
    sha256: hash,
    ownerKind: props.ownerKind,
    ownerId: props.ownerId,
    serviceId: props.serviceId,
  };

  if (clientUploadId !== undefined) {
    const earlier = await findUpload(db, props.municipalityId, clientUploadId);
    if (earlier) return { document: replayOf(earlier, upload), replayed: true };
  }

  const id = randomUUID();
  const sealed = await encryptDocument(
    documentKeyring(config),
    { municipalityId: props.municipalityId, documentId: id },
    props.bytes,
  );
  const now = props.now ?? new Date();

  return withStaffTables(db)
    .transaction()
    .execute(async (trx) => {
      const [service, user] = await Promise.all([
        trx
          .selectFrom('services')
          .select('document_retention_days')
          .where('municipality_id', '=', props.municipalityId)
          .where('id', '=', props.serviceId)
          .executeTakeFirst(),
        trx
          .selectFrom('staff_users')
          .select('id')
          .where('municipality_id', '=', props.municipalityId)
          .where('id', '=', capturedBy)
          .executeTakeFirst(),
      ]);
      if (!service) throw new DomainError('unknown_service', { field: 'serviceId' });
      if (!user) throw new DomainError('unknown_staff_user', { field: 'capturedBy' });

      const inserted = await trx
        .insertInto('documents')
        .values({
          municipality_id: props.municipalityId,
          id,
          owner_kind: props.ownerKind,
          owner_id: props.ownerId,
          service_id: props.serviceId,
          file_name: content.fileName,
          media_type: content.mediaType,
          size_bytes: content.sizeBytes,
          sha256: hash,
          key_id: sealed.keyId,
          iv: sealed.iv,
          auth_tag: sealed.authTag,
          ciphertext: sealed.ciphertext,
          captured_at: now,
          captured_by: capturedBy,
          retain_until: documentRetainUntil(
            now,
            service.document_retention_days,
            config.documents.defaultRetentionDays,
          ),
          client_upload_id: clientUploadId ?? null,
        })
        .onConflict((conflict) => conflict.columns(['municipality_id', 'client_upload_id']).doNothing())
        .returning(documentViewColumns)
        .executeTakeFirst();

      if (!inserted) {
        // Another upload with this id committed meanwhile (the insert waited for it): a replay or a reuse.
        const earlier = await findUpload(
          trx as unknown as Kysely<Database>,
          props.municipalityId,
          clientUploadId!,
        );
        return { document: replayOf(earlier!, upload), replayed: true };
      }
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: staffActor(capturedBy),
        action: 'document.stored',
        subjectType: 'document',
        subjectId: id,
        details: {
          ownerKind: props.ownerKind,
          ownerId: props.ownerId,
          serviceId: props.serviceId,
          mediaType: content.mediaType,
          sizeBytes: content.sizeBytes,
          keyId: sealed.keyId,
          offlineUpload: clientUploadId !== undefined,
        },
      });
      const document = documentView(inserted);
      if (props.alsoInTransaction) {
        await props.alsoInTransaction(trx as unknown as Transaction<Database>, document);
      }
      return { document, replayed: false };
    });
}

interface UploadFacts {
  fileName: string;
  sha256: Buffer;
  ownerKind: string;
  ownerId: string;
  serviceId: string;
}

async function findUpload(
  db: Kysely<Database>,
  municipalityId: string,
  clientUploadId: string,
): Promise<DocumentViewRow | undefined> {
  return db
    .selectFrom('documents')
    .select(documentViewColumns)
    .where('municipality_id', '=', municipalityId)
    .where('client_upload_id', '=', clientUploadId)
    .executeTakeFirst();
}

function replayOf(earlier: DocumentViewRow, upload: UploadFacts): DocumentView {
  if (earlier.deleted_at !== null) {
    throw new DomainError('document_deleted', { field: 'clientUploadId' });
  }
  const same =
    earlier.sha256 !== null &&
    Buffer.from(earlier.sha256).equals(upload.sha256) &&
    earlier.file_name === upload.fileName &&
    earlier.owner_kind === upload.ownerKind &&
    earlier.owner_id === upload.ownerId &&
    earlier.service_id === upload.serviceId;
  if (!same) throw new DomainError('client_upload_id_reused', { field: 'clientUploadId' });
  return documentView(earlier);
}
