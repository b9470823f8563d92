import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { withStaffTables, type StaffRole } from '../../db/staffSchema.ts';
import { accountDelaysUntil } from '../auth/signInThrottle.ts';

export interface StaffUserListItem {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  active: boolean;
  mustChangePassword: boolean;
  singleSignOn: boolean;
  departmentIds: string[];
  lockedUntil: string | null;
  createdAt: string;
}

export async function listStaffUsers(
  database: Kysely<Database>,
  municipalityId: string,
): Promise<StaffUserListItem[]> {
  const db = withStaffTables(database);
  const rows = await db
    .selectFrom('staff_users')
    .select(['id', 'email', 'name', 'role', 'active', 'must_change_password', 'oidc_subject', 'created_at'])
    .where('municipality_id', '=', municipalityId)
    .execute();
  const delays = await accountDelaysUntil(
    db,
    municipalityId,
    rows.map((row) => row.email),
  );
  const links = await database
    .selectFrom('staff_user_departments')
    .select(['user_id', 'department_id'])
    .where('municipality_id', '=', municipalityId)
    .orderBy('department_id')
    .execute();
  const collator = new Intl.Collator('de');
  return rows
    .map((row) => ({
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      active: row.active,
      mustChangePassword: row.must_change_password,
      singleSignOn: row.oidc_subject !== null,
      lockedUntil: delays.get(row.email)?.toISOString() ?? null,
      departmentIds: links.filter((link) => link.user_id === row.id).map((link) => link.department_id),
      createdAt: new Date(row.created_at).toISOString(),
    }))
    .sort((a, b) => collator.compare(a.name, b.name) || a.email.localeCompare(b.email));
}

export interface AuditSearch {
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  /** Inclusive lower and exclusive upper bound of occurred_at (ISO 8601 instants). */
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  /** The `nextCursor` of the previous page. */
  cursor?: number | undefined;
}

export interface AuditEventItem {
  id: number;
  occurredAt: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  details: Record<string, unknown>;
}

/** A municipality's audit events, newest first, a page at a time (keyset pagination by id). */
export async function searchAuditEvents(
  db: Kysely<Database>,
  municipalityId: string,
  search: AuditSearch,
): Promise<{ items: AuditEventItem[]; nextCursor: number | null }> {
  let query = db
    .selectFrom('audit_events')
    .select(['id', 'occurred_at', 'actor', 'action', 'subject_type', 'subject_id', 'details'])
    .where('municipality_id', '=', municipalityId);
  if (search.subjectType) query = query.where('subject_type', '=', search.subjectType);
  if (search.subjectId) query = query.where('subject_id', '=', search.subjectId);
  if (search.actor) query = query.where('actor', '=', search.actor);
  if (search.action) query = query.where('action', '=', search.action);
  if (search.from) query = query.where('occurred_at', '>=', new Date(search.from));
  if (search.to) query = query.where('occurred_at', '<', new Date(search.to));
  if (search.cursor !== undefined) query = query.where('id', '<', search.cursor);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(search.limit + 1)
    .execute();
  const page = rows.slice(0, search.limit);
  return {
    items: page.map((row) => ({
      id: Number(row.id),
      occurredAt: new Date(row.occurred_at).toISOString(),
      actor: row.actor,
      action: row.action,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      details: row.details,
    })),
    nextCursor: rows.length > search.limit ? Number(page.at(-1)!.id) : null,
  };
}
