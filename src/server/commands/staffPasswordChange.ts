import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { withStaffTables } from '../../db/staffSchema.ts';
import { recordAudit, staffActor } from '../audit.ts';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../auth/passwords.ts';
import { revokeSessionsOfUser } from '../auth/sessions.ts';
import { DomainError } from '../../domain/errors.ts';

export interface StaffPasswordChangeProps {
  municipalityId: string;
  userId: string;
  /** The session the change is made from: it stays open, every other one is revoked. */
  sessionIdHash: string;
  currentPassword: string;
  newPassword: string;
}

/** Replaces the user's own password after checking the current one; signs out the user's other sessions. */
export async function changeStaffPassword(
  database: Kysely<Database>,
  props: StaffPasswordChangeProps,
): Promise<{ revokedSessions: number }> {
  const db = withStaffTables(database);
  if (props.newPassword.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError('password_too_short', {
      field: 'newPassword',
      message: `The new password needs at least ${MIN_PASSWORD_LENGTH} characters.`,
    });
  }
  if (props.newPassword === props.currentPassword) {
    throw new DomainError('password_unchanged', {
      field: 'newPassword',
      message: 'The new password must differ from the current one.',
    });
  }
  const user = await db
    .selectFrom('staff_users')
    .select(['password_hash'])
    .where('municipality_id', '=', props.municipalityId)
    .where('id', '=', props.userId)
    .executeTakeFirstOrThrow();
  if (!user.password_hash) {
    throw new DomainError('no_password', {
      message: 'This account signs in through single sign-on and has no password to change.',
    });
  }
  if (!(await verifyPassword(user.password_hash, props.currentPassword))) {
    throw new DomainError('wrong_password', {
      field: 'currentPassword',
      message: 'The current password is not right.',
    });
  }
  const newHash = await hashPassword(props.newPassword);
  return db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('staff_users')
      .set({ password_hash: newHash, must_change_password: false, updated_at: sql<Date>`now()` })
      .where('id', '=', props.userId)
      // Two changes at once: only the one that still knew the stored password wins.
      .where('password_hash', '=', user.password_hash)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) {
      throw new DomainError('password_changed_meanwhile', { message: 'The password was changed meanwhile.' });
    }
    const revokedSessions = await revokeSessionsOfUser(trx, props.userId, { except: props.sessionIdHash });
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: staffActor(props.userId),
      action: 'staff.password_changed',
      subjectType: 'staff_user',
      subjectId: props.userId,
      details: { revokedSessions },
    });
    return { revokedSessions };
  });
}
