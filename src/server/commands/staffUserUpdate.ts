import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { withStaffTables, type StaffRole } from '../../db/staffSchema.ts';
import { recordAudit } from '../audit.ts';
import { revokeSessionsOfUser } from '../auth/sessions.ts';
import { accountThrottleKey, clearThrottle } from '../auth/signInThrottle.ts';
import { notFound } from '../problem.ts';
import { DomainError } from '../../domain/errors.ts';
import { currentUserDepartments, setUserDepartments } from './staffUserDepartments.ts';

export interface StaffUserUpdateProps {
  municipalityId: string;
  actor: string;
  userId: string;
  role?: StaffRole | undefined;
  active?: boolean | undefined;
  /** Lifts the delay of sign-ins after failed attempts (forgets the account's failures). */
  unlock?: boolean | undefined;
  /** Replaces the departments of a department lead; a role other than 'department' has none. */
  departmentIds?: readonly string[] | undefined;
}

export interface UpdatedStaffUser {
  id: string;
  role: StaffRole;
  active: boolean;
  revokedSessions: number;
}

/** Changes another staff member's role or activity; a municipality always keeps at least one active admin. */
export async function updateStaffUser(
  database: Kysely<Database>,
  props: StaffUserUpdateProps,
): Promise<UpdatedStaffUser> {
  return withStaffTables(database)
    .transaction()
    .execute(async (trx) => {
      const user = await trx
        .selectFrom('staff_users')
        .select(['id', 'role', 'active', 'email'])
        .where('municipality_id', '=', props.municipalityId)
        .where('id', '=', props.userId)
        .forUpdate()
        .executeTakeFirst();
      if (!user) throw notFound('staff user', 'userId', props.userId);

      const role = props.role ?? user.role;
      const active = props.active ?? user.active;
      const losesAdmin = user.role === 'admin' && user.active && (role !== 'admin' || !active);
      if (losesAdmin) {
        // Locks every active admin row, so two admins cannot demote each other at the same moment.
        const admins = await trx
          .selectFrom('staff_users')
          .select('id')
          .where('municipality_id', '=', props.municipalityId)
          .where('role', '=', 'admin')
          .where('active', '=', true)
          .forUpdate()
          .execute();
        if (admins.every((admin) => admin.id === user.id)) {
          throw new DomainError('last_admin', {
            field: props.role !== undefined ? 'role' : 'active',
            message: 'This is the last active administrator: make someone else an administrator first.',
          });
        }
      }

      const changes: Record<string, unknown> = {};
      if (role !== user.role) changes.role = { from: user.role, to: role };
      if (active !== user.active) changes.active = { from: user.active, to: active };
      const unlocks =
        props.unlock === true &&
        (await clearThrottle(trx, props.municipalityId, accountThrottleKey(user.email))) > 0;
      if (unlocks) changes.unlocked = true;

      await trx
        .updateTable('staff_users')
        .set({
          role,
          active,
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', user.id)
        .execute();
      if (props.departmentIds !== undefined || role !== user.role) {
        const before = await currentUserDepartments(trx, props.municipalityId, user.id);
        const after = await setUserDepartments(trx, {
          municipalityId: props.municipalityId,
          userId: user.id,
          role,
          departmentIds: props.departmentIds ?? (role === 'department' ? before : []),
        });
        if (before.join() !== after.join()) changes.departmentIds = { from: before, to: after };
      }
      const revokedSessions = active ? 0 : await revokeSessionsOfUser(trx, user.id);
      if (Object.keys(changes).length > 0) {
        await recordAudit(trx, {
          municipalityId: props.municipalityId,
          actor: props.actor,
          action: 'staff_user.updated',
          subjectType: 'staff_user',
          subjectId: user.id,
          details: { changes, revokedSessions },
        });
      }
      return { id: user.id, role, active, revokedSessions };
    });
}
