import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export type EfileHandOffStatus = 'queued' | 'written' | 'confirmed' | 'rejected' | 'failed';

export interface EfileHandOffView {
  id: string;
  caseId: string;
  caseNumber: string;
  serviceId: string;
  departmentId: string | null;
  message: 'record' | 'file' | 'hand_over';
  status: EfileHandOffStatus;
  attempts: number;
  documents: number;
  fileName: string | null;
  lastError: string | null;
  dmsRecordId: string | null;
  queuedAt: string;
  writtenAt: string | null;
  confirmedAt: string | null;
}

export interface EfileHandOffFilter {
  status?: EfileHandOffStatus | 'open' | undefined;
  caseId?: string | undefined;
}

/**
 * The hand-offs to the e-file, newest first: a department lead's of the own departments (`departments`),
 * admins' of the municipality. `open` is every hand-off not confirmed yet. No personal data.
 */
export async function listEfileHandOffs(
  db: Kysely<Database>,
  municipalityId: string,
  departments: readonly string[] | undefined,
  filter: EfileHandOffFilter,
  limit = 200,
): Promise<EfileHandOffView[]> {
  let query = db
    .selectFrom('efile_hand_offs as h')
    .innerJoin('cases as c', 'c.id', 'h.case_id')
    .select([
      'h.id',
      'h.case_id',
      'c.number',
      'c.service_id',
      'c.department_id',
      'h.message',
      'h.status',
      'h.attempts',
      'h.documents',
      'h.file_name',
      'h.last_error',
      'h.dms_record_id',
      'h.queued_at',
      'h.written_at',
      'h.confirmed_at',
    ])
    .where('h.municipality_id', '=', municipalityId);
  if (departments)
    query = query.where('c.department_id', 'in', departments.length > 0 ? [...departments] : ['']);
  if (filter.status === 'open') query = query.where('h.status', '<>', 'confirmed');
  else if (filter.status) query = query.where('h.status', '=', filter.status);
  if (filter.caseId) query = query.where('h.case_id', '=', filter.caseId);
  const rows = await query.orderBy('h.queued_at', 'desc').orderBy('h.id').limit(limit).execute();
  const iso = (value: Date | null) => (value ? value.toISOString() : null);
  return rows.map((row) => ({
    id: row.id,
    caseId: row.case_id,
    caseNumber: row.number,
    serviceId: row.service_id,
    departmentId: row.department_id,
    message: row.message,
    status: row.status,
    attempts: row.attempts,
    documents: row.documents,
    fileName: row.file_name,
    lastError: row.last_error,
    dmsRecordId: row.dms_record_id,
    queuedAt: row.queued_at.toISOString(),
    writtenAt: iso(row.written_at),
    confirmedAt: iso(row.confirmed_at),
  }));
}
