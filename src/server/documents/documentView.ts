import type { Selectable } from 'kysely';
import type { DocumentsTable } from '../../db/schema.ts';
import type { DocumentMediaType } from '../../domain/documentContent.ts';
import { DomainError } from '../../domain/errors.ts';

/** A document's facts without its content. `fileName` and `sha256` are null once it was deleted. */
export interface DocumentView {
  id: string;
  ownerKind: string;
  ownerId: string;
  serviceId: string;
  fileName: string | null;
  mediaType: DocumentMediaType;
  sizeBytes: number;
  /** SHA-256 of the plaintext, hex. */
  sha256: string | null;
  capturedAt: Date;
  capturedBy: string;
  retainUntil: Date;
  clientUploadId: string | null;
  deletedAt: Date | null;
}

/** The columns a view needs: never the ciphertext. */
export const documentViewColumns = [
  'id',
  'owner_kind',
  'owner_id',
  'service_id',
  'file_name',
  'media_type',
  'size_bytes',
  'sha256',
  'captured_at',
  'captured_by',
  'retain_until',
  'client_upload_id',
  'deleted_at',
] as const;

export type DocumentViewRow = Pick<Selectable<DocumentsTable>, (typeof documentViewColumns)[number]>;

export function documentView(row: DocumentViewRow): DocumentView {
  return {
    id: row.id,
    ownerKind: row.owner_kind,
    ownerId: row.owner_id,
    serviceId: row.service_id,
    fileName: row.file_name,
    mediaType: row.media_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256 ? Buffer.from(row.sha256).toString('hex') : null,
    capturedAt: row.captured_at,
    capturedBy: row.captured_by,
    retainUntil: row.retain_until,
    clientUploadId: row.client_upload_id,
    deletedAt: row.deleted_at,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OWNER_KIND = /^[a-z][a-z_]{0,31}$/;
const TOKEN = /^[A-Za-z0-9_-]{1,100}$/;

/** Ids from outside, checked before they reach SQL (a malformed uuid would otherwise be a 500). */
export function checkUuid(
  value: string,
  field: string,
  code: 'not_found' | 'validation' = 'validation',
): string {
  if (!UUID.test(value)) throw new DomainError(code, { field });
  return value.toLowerCase();
}

export function checkOwner(ownerKind: string, ownerId: string): void {
  if (!OWNER_KIND.test(ownerKind)) throw new DomainError('validation', { field: 'ownerKind' });
  if (!TOKEN.test(ownerId)) throw new DomainError('validation', { field: 'ownerId' });
}

export function checkClientUploadId(value: string): string {
  if (!TOKEN.test(value)) throw new DomainError('validation', { field: 'clientUploadId' });
  return value;
}
