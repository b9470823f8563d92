import { sql, type Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { Database } from '../../db/schema.ts';
import { withStaffTables, type StaffDatabase } from '../../db/staffSchema.ts';
import { recordAudit, staffActor } from '../audit.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import { hashSessionId, revokeSessionsOfUser } from '../auth/sessions.ts';
import { accountThrottleKey, clearThrottle } from '../auth/signInThrottle.ts';

export interface StaffPasswordResetterProps {
  /** The municipality the request was made for: links of others are not found. */
  municipalityId: string;
  /** The secret from the link's fragment. */
  token: string;
  newPassword: string;
}

const linkInvalid = () =>
  new DomainError('reset_link_invalid', {
    field: 'token',
    message:
      'This link has been used, replaced by a newer one or has run out. Ask an administrator for a new one.',
  });

function usableReset(db: Kysely<StaffDatabase>, municipalityId: string, tokenHash: string) {
  return db
    .selectFrom('staff_password_resets as r')
    .innerJoin('staff_users as u', (join) =>
      join.onRef('u.id', '=', 'r.user_id').onRef('u.municipality_id', '=', 'r.municipality_id'),
    )
    .select(['r.user_id', 'u.email'])
    .where('r.token_hash', '=', tokenHash)
    .where('r.municipality_id', '=', municipalityId)
    .where('r.used_at', 'is', null)
    .where('r.expires_at', '>', sql<Date>`now()`)
    .where('u.active', '=', true);
}

/**
 * Sets a new password with a one-time link: the link is used up, every session of the user ends, and failed
 * sign-ins of the account are forgotten. The password rules are those of the password change.
 */
export async function resetStaffPassword(
  database: Kysely<Database>,
  props: StaffPasswordResetterProps,
): Promise<{ revokedSessions: number }> {
  const db = withStaffTables(database);
  if (props.newPassword.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError('password_too_short', {
      field: 'newPassword',
      message: `The new password needs at least ${MIN_PASSWORD_LENGTH} characters.`,
    });
  }
  const tokenHash = hashSessionId(props.token);
  // A cheap check first: an invalid link costs no password hashing.
  if (!(await usableReset(db, props.municipalityId, tokenHash).executeTakeFirst())) throw linkInvalid();
  const newHash = await hashPassword(props.newPassword);
  return db.transaction().execute(async (trx) => {
    // Under the row lock, so a link used twice at the same moment sets one password only.
    const reset = await usableReset(trx, props.municipalityId, tokenHash).forUpdate('r').executeTakeFirst();
    if (!reset) throw linkInvalid();
    await trx
      .updateTable('staff_password_resets')
      .set({ used_at: sql<Date>`now()` })
      .where('token_hash', '=', tokenHash)
      .execute();
    await trx
      .updateTable('staff_users')
      .set({ password_hash: newHash, must_change_password: false, updated_at: sql<Date>`now()` })
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', reset.user_id)
      .execute();
    const revokedSessions = await revokeSessionsOfUser(trx, reset.user_id);
    await clearThrottle(trx, props.municipalityId, accountThrottleKey(reset.email));
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: staffActor(reset.user_id),
      action: 'staff.password_reset_completed',
      subjectType: 'staff_user',
      subjectId: reset.user_id,
      details: { revokedSessions },
    });
    return { revokedSessions };
  });
}
