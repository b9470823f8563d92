import type { Kysely } from 'kysely';
import type { AppConfig } from '../../config.ts';
import type { Database } from '../../db/schema.ts';
import { caseIsOpen, type CaseStatus } from '../../domain/caseProcess.ts';
import { DomainError } from '../../domain/errors.ts';
import { isUuid } from '../../domain/xdomea.ts';
import { recordCaseEvent } from '../cases/caseWorkflow.ts';
import type { DocumentView } from '../documents/documentView.ts';
import { storeDocument } from './documentStorer.ts';

export interface AddCaseDocumentProps {
  municipalityId: string;
  caseId: string;
  userId: string;
  /** A department lead's departments; undefined: all (admins, clerks at the stop). */
  departments: readonly string[] | undefined;
  fileName: string;
  declaredMediaType: string | undefined;
  bytes: Uint8Array;
  /** The tablet's id for an upload made offline: sent again, it stores nothing new. */
  clientUploadId: string | undefined;
  /** Where it was captured: at the stop (the tablet) or in the back office. */
  channel: 'stop' | 'back_office';
  /** When it was captured; default now (the demo cases capture theirs in the past). */
  now?: Date;
}

/**
 * `addCaseDocument` (tracker issue 11, item 2): a scan, photo or signed form for an open case, checked by its
 * content, encrypted at rest with the case's service's retention, and put on the case's timeline in the same
 * transaction. A replayed offline upload returns the stored document and adds nothing.
 */
export async function addCaseDocument(
  db: Kysely<Database>,
  config: AppConfig,
  props: AddCaseDocumentProps,
): Promise<{ document: DocumentView; replayed: boolean }> {
  if (!isUuid(props.caseId)) throw new DomainError('not_found', { field: 'caseId' });
  const found = await db
    .selectFrom('cases')
    .select(['id', 'service_id', 'department_id', 'status'])
    .where('municipality_id', '=', props.municipalityId)
    .where('id', '=', props.caseId)
    .executeTakeFirst();
  if (!found) throw new DomainError('not_found', { field: 'caseId' });
  if (
    props.departments &&
    (found.department_id === null || !props.departments.includes(found.department_id))
  ) {
    throw new DomainError('not_found', { field: 'caseId' });
  }
  if (!caseIsOpen(found.status as CaseStatus)) {
    throw new DomainError('illegal_transition', { field: 'caseId', message: 'the case is closed' });
  }
  return storeDocument(db, config, {
    municipalityId: props.municipalityId,
    ownerKind: 'case',
    ownerId: found.id,
    serviceId: found.service_id,
    fileName: props.fileName,
    declaredMediaType: props.declaredMediaType,
    bytes: props.bytes,
    capturedBy: props.userId,
    clientUploadId: props.clientUploadId,
    ...(props.now ? { now: props.now } : {}),
    alsoInTransaction: async (trx, document) => {
      await recordCaseEvent(trx, {
        municipalityId: props.municipalityId,
        caseId: found.id,
        kind: 'document_added',
        channel: props.channel,
        actor: `staff:${props.userId}`,
        at: document.capturedAt,
        data: { documentId: document.id, mediaType: document.mediaType, sizeBytes: document.sizeBytes },
      });
    },
  });
}
