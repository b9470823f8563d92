import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { documentView, documentViewColumns, type DocumentView } from '../documents/documentView.ts';

/**
 * The documents of one owner (e.g. a case), oldest first, with tombstones of deleted ones: facts only, never
 * content. File names can be personal data: a route showing this list audits the access as it does for the
 * case itself (tracker issue 11, item 6); reading a document's content goes through `readDocument`.
 */
export async function listDocuments(
  db: Kysely<Database>,
  municipalityId: string,
  owner: { ownerKind: string; ownerId: string },
): Promise<DocumentView[]> {
  const rows = await db
    .selectFrom('documents')
    .select(documentViewColumns)
    .where('municipality_id', '=', municipalityId)
    .where('owner_kind', '=', owner.ownerKind)
    .where('owner_id', '=', owner.ownerId)
    .orderBy('captured_at')
    .orderBy('id')
    .execute();
  return rows.map(documentView);
}
